// The explicit list of extractors, one family per app group (each family file lists its own).

import Crypto

public enum ExtractorRegistry {
    public static let sqlite: [any SQLiteExtractor.Type] =
        WhatsAppAndroidFamily.sqlite + WhatsAppIOSFamily.sqlite + AppleMessagesFamily.sqlite + AndroidTelephonyFamily.sqlite
        + TelegramFamily.sqlite + OtherMessengersFamily.sqlite + ContactsFamily.sqlite

    public static let files: [any FileExtractor.Type] =
        WhatsAppAndroidFamily.files + WhatsAppIOSFamily.files + AppleMessagesFamily.files + AndroidTelephonyFamily.files
        + TelegramFamily.files + OtherMessengersFamily.files + ContactsFamily.files

    public static let directories: [any DirectoryProvider.Type] =
        WhatsAppAndroidFamily.directories + WhatsAppIOSFamily.directories + AppleMessagesFamily.directories
        + AndroidTelephonyFamily.directories + TelegramFamily.directories + OtherMessengersFamily.directories
        + ContactsFamily.directories

    public static let encrypted: [any EncryptedStoreRecognizer.Type] =
        WhatsAppAndroidFamily.encrypted + WhatsAppIOSFamily.encrypted + AppleMessagesFamily.encrypted
        + AndroidTelephonyFamily.encrypted + TelegramFamily.encrypted + OtherMessengersFamily.encrypted
        + ContactsFamily.encrypted

    /// The first 12 hex digits of SHA-256 over the sorted `id@version` list: names the extractor set an exhibit
    /// was read with.
    public static var fingerprint: String {
        let list = all.map { "\($0.id)@\($0.version)" }.sorted().joined(separator: "\n")
        return String(hexDigest(Array(list.utf8)).prefix(12))
    }

    /// Every extractor id with its version and documentation, for `custody extractors` and the docs.
    public static var all: [ExtractorInfo] {
        sqlite.map { $0.info } + files.map { $0.info } + directories.map { $0.info } + encrypted.map { $0.info }
    }
}

func hexDigest(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
        let text = String(byte, radix: 16)
        return byte < 16 ? "0" + text : text
    }.joined()
}
