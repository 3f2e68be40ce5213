// WhatsApp Android encrypted backups (msgstore.db.crypt12/14/15, msgstore-YYYY-MM-DD.1.db.crypt14, wa.db.crypt15):
// recognized by name AND content (not a plain SQLite header; crypt14/15 start with a protobuf header: its length
// byte, an optional 0x01 feature byte, then a protobuf field tag), so they are recorded with what opening them takes.
// Format as read by KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_crypt.py.

import EvidenceModel
import Foundation

public enum WhatsAppCryptRecognizer: EncryptedStoreRecognizer {
    public static let info = ExtractorInfo(id: "whatsapp.android.crypt", version: 1, app: WhatsAppAndroid.app,
                                           documentation: "KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_crypt.py (crypt12, crypt14, crypt15 headers)")

    public static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String? {
        guard !isSQLite, let version = cryptVersion(name), head.count >= 3 else { return nil }
        if version >= 14 && !hasProtobufHeader(head) { return nil }
        let what = "WhatsApp Android encrypted backup (crypt\(version))"
        if version >= 15 {
            return "\(what): needs the 64-digit end-to-end backup key or the encrypted-backup password (crypt15)"
        }
        if version >= 7 {
            return "\(what): needs the 'key' file from /data/data/com.whatsapp/files/key (crypt7 to crypt14)"
        }
        return "\(what): needs the account e-mail address (crypt5: key derived from it) or the fixed key of crypt1–4"
    }

    /// The NN of a name ending in `.db.cryptNN`.
    static func cryptVersion(_ name: String) -> Int? {
        let lower = name.lowercased()
        guard let range = lower.range(of: ".db.crypt", options: .backwards) else { return nil }
        let digits = lower[range.upperBound...]
        guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCII), let number = Int(digits), number >= 5 else { return nil }
        return number
    }

    /// A length byte, an optional 0x01 feature flag, then a protobuf tag (field 1…31, varint or length-delimited).
    static func hasProtobufHeader(_ head: [UInt8]) -> Bool {
        let length = Int(head[0])
        guard length >= 8 else { return false }
        let start = head[1] == 0x01 ? 2 : 1
        guard start < head.count else { return false }
        let tag = head[start]
        let wire = tag & 0x07
        let field = tag >> 3
        return (wire == 0 || wire == 2) && field >= 1
    }
}
