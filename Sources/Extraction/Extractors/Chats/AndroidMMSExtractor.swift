// Android MMS from the telephony provider's mmssms.db: `pdu` (one row per message), `part` (its MIME parts) and
// `addr` (its From/To/Cc/Bcc addresses).
// Schema: AOSP packages/providers/TelephonyProvider MmsSmsDatabaseHelper (createMmsTables); column meanings from
// android.provider.Telephony.BaseMmsColumns / Mms.Part / Mms.Addr and com.google.android.mms.pdu.PduHeaders.
//
// - pdu.date is in SECONDS since 1970 (unlike sms.date in ms).
// - msg_box: 1 inbox, 2 sent, 3 drafts, 4 outbox, 5 failed.
// - m_type (PduHeaders): 128 send-req, 130 notification-ind (not yet downloaded), 132 retrieve-conf, …
// - addr.type (PduHeaders): 137 FROM, 151 TO, 130 CC, 129 BCC. The From of a sent message is the placeholder
//   "insert-address-token" until the network assigns one.
// - Subject: PduPersister stores `sub` as the raw bytes read as ISO-8859-1 with the charset in `sub_cs`
//   (106 = UTF-8), so a UTF-8 subject is re-decoded here; text written by other apps (not Latin-1 range) is kept.
//   The normalized message has no subject field: the subject is reported as `threadName` (MMS subjects are
//   conversation titles in group MMS), falling back to the contact name/address like SMS.
// - Body: the text/plain parts joined with "\n", in part order (seq, _id); every other part except the SMIL
//   layout is an attachment (name/cl/fn, ct, _data = path of the part file under app_parts/).
//
// Rows of the three tables are merged by walking three cursors ordered by message id, so memory stays constant
// and no per-message query is needed (`addr` has no index on msg_id).

import EvidenceModel
import Foundation
import GRDB

public enum AndroidMMSExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "android.mms.messages", version: 1, app: "sms",
                                           documentation: "AOSP TelephonyProvider MmsSmsDatabaseHelper (pdu, part, addr); android.provider.Telephony.Mms; PduHeaders")
    public static let signature = SQLiteSignature([
        "pdu": ["_id", "thread_id", "date", "msg_box"],
        "part": ["mid", "ct"],
        "addr": ["msg_id", "address", "type"],
    ])

    private struct Part {
        var mid: Int64
        var contentType: String?
        var text: String?
        var name: String?
        var path: String?
    }

    private struct Address {
        var msgId: Int64
        var address: String
        var type: Int64?
    }

    static let fromType: Int64 = 137, toType: Int64 = 151, ccType: Int64 = 130, bccType: Int64 = 129

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let pdu = ColumnSelection(schema: schema, table: "pdu", alias: "p")
        let part = ColumnSelection(schema: schema, table: "part", alias: "t")
        let addr = ColumnSelection(schema: schema, table: "addr", alias: "a")
        let pduSQL = """
            SELECT p.rowid AS rid, \(pdu.columns(["_id", "thread_id", "date", "msg_box", "m_type", "m_id", "sub", "sub_cs", "read", "locked"]))
            FROM pdu p ORDER BY p._id, p.rowid
            """
        let partSQL = """
            SELECT \(part.columns(["mid", "seq", "ct", "name", "fn", "cl", "_data", "text"]))
            FROM part t WHERE t.mid IS NOT NULL ORDER BY t.mid, "seq", t.rowid
            """
        let addrSQL = """
            SELECT \(addr.columns(["msg_id", "address", "type"]))
            FROM addr a WHERE a.msg_id IS NOT NULL ORDER BY a.msg_id, a.rowid
            """
        let parts = try Row.fetchCursor(db, sql: partSQL)
        let addresses = try Row.fetchCursor(db, sql: addrSQL)
        var pendingPart = try nextPart(parts)
        var pendingAddress = try nextAddress(addresses)

        try db.forEachRow(pduSQL) { row in
            let rowid = row.int("rid")
            guard let id = row.int("_id") else {
                sink.problem("pdu row \(rowid.map(String.init) ?? "?") has no _id")
                return
            }
            // Parts and addresses of messages that no longer exist (ids below this one) are skipped.
            var messageParts: [Part] = []
            while let current = pendingPart, current.mid <= id {
                if current.mid == id { messageParts.append(current) }
                pendingPart = try nextPart(parts)
            }
            var messageAddresses: [Address] = []
            while let current = pendingAddress, current.msgId <= id {
                if current.msgId == id { messageAddresses.append(current) }
                pendingAddress = try nextAddress(addresses)
            }
            try sink.add(message(row: row, rowid: rowid, id: id, parts: messageParts, addresses: messageAddresses,
                                 context: context))
        }
    }

    private static func nextPart(_ cursor: RowCursor) throws -> Part? {
        while let row = try cursor.next() {
            guard let mid = row.int("mid") else { continue }
            return Part(mid: mid, contentType: row.nonEmptyText("ct"), text: row.text("text"),
                        name: row.nonEmptyText("name") ?? row.nonEmptyText("fn") ?? row.nonEmptyText("cl"),
                        path: row.nonEmptyText("_data"))
        }
        return nil
    }

    private static func nextAddress(_ cursor: RowCursor) throws -> Address? {
        while let row = try cursor.next() {
            guard let msgId = row.int("msg_id") else { continue }
            guard let address = row.nonEmptyText("address") else { continue }
            return Address(msgId: msgId, address: address, type: row.int("type"))
        }
        return nil
    }

    private static func message(row: Row, rowid: Int64?, id: Int64, parts: [Part], addresses: [Address],
                                context: ExtractionContext) -> ChatMessage {
        let box = row.int("msg_box")
        let messageType = row.int("m_type")
        let direction: Direction
        switch box {
        case 1: direction = .incoming
        case 2, 3, 4, 5: direction = .outgoing
        default:
            // A message outside any box: m_type still says whether it was sent (128) or received (130, 132).
            switch messageType {
            case 128: direction = .outgoing
            case 130, 132: direction = .incoming
            default: direction = .unknown
            }
        }
        var status: String?
        switch box {
        case 3: status = "draft"
        case 4: status = "outbox"
        case 5: status = "failed"
        default: status = nil
        }
        if messageType == 130 { status = "not downloaded" }

        let own = context.directory.account(app: "sms")
        let from = addresses.first { $0.type == fromType && $0.address != "insert-address-token" }?.address
            ?? (direction == .outgoing ? own : nil)
        let recipients = addresses.filter { [toType, ccType, bccType].contains($0.type ?? -1) }.map(\.address)

        var texts: [String] = []
        var attachments: [Attachment] = []
        for part in parts {
            let mime = part.contentType?.lowercased()
            if mime == "text/plain" {
                if let text = part.text { texts.append(text) }
            } else if mime == "application/smil" {
                continue
            } else {
                attachments.append(Attachment(name: part.name, mime: part.contentType, sourcePath: part.path))
            }
        }
        let subject = decodeSubject(row.text("sub"), charset: row.int("sub_cs"))
        let peer = direction == .incoming ? from : recipients.first
        let peerName = contactName(peer, context: context)
        let name = direction == .incoming ? contactName(from, context: context) : nil
        return ChatMessage(
            app: "sms",
            account: direction == .outgoing ? from : own,
            thread: row.text("thread_id"),
            threadName: subject ?? peerName ?? peer,
            sender: from,
            senderName: name,
            recipients: recipients,
            direction: direction,
            sentAt: row.int("date").flatMap(Timestamp.unixAutoScaled),
            body: texts.isEmpty ? nil : texts.joined(separator: "\n"),
            attachments: attachments,
            messageId: row.nonEmptyText("m_id") ?? String(id),
            status: status,
            source: .row("pdu", rowid))
    }

    static func contactName(_ address: String?, context: ExtractionContext) -> String? {
        AndroidPhoneNumber.name(of: address, in: context.directory)
    }

    /// The subject as the app meant it: PduPersister writes the encoded bytes as ISO-8859-1 text, so a UTF-8
    /// (106) subject is re-read from those bytes; anything outside the Latin-1 range was not written that way.
    static func decodeSubject(_ stored: String?, charset: Int64?) -> String? {
        guard let stored, !stored.isEmpty else { return nil }
        guard charset == 106, stored.unicodeScalars.contains(where: { $0.value >= 0x80 }),
              stored.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) else { return stored }
        let bytes = stored.unicodeScalars.map { UInt8($0.value) }
        return String(validating: bytes, as: UTF8.self) ?? stored
    }
}
