// The explicit list of extractors, one family per app group (each family file lists its own).

public enum ExtractorRegistry {
    public static let sqlite: [any SQLiteExtractor.Type] =
        WhatsAppAndroidFamily.sqlite + WhatsAppIOSFamily.sqlite + AppleMessagesFamily.sqlite + AndroidTelephonyFamily.sqlite
        + TelegramFamily.sqlite + OtherMessengersFamily.sqlite

    public static let files: [any FileExtractor.Type] =
        WhatsAppAndroidFamily.files + WhatsAppIOSFamily.files + AppleMessagesFamily.files + AndroidTelephonyFamily.files
        + TelegramFamily.files + OtherMessengersFamily.files

    public static let directories: [any DirectoryProvider.Type] =
        WhatsAppAndroidFamily.directories + WhatsAppIOSFamily.directories + AppleMessagesFamily.directories
        + AndroidTelephonyFamily.directories + TelegramFamily.directories + OtherMessengersFamily.directories

    public static let encrypted: [any EncryptedStoreRecognizer.Type] =
        WhatsAppAndroidFamily.encrypted + WhatsAppIOSFamily.encrypted + AppleMessagesFamily.encrypted
        + AndroidTelephonyFamily.encrypted + TelegramFamily.encrypted + OtherMessengersFamily.encrypted

    /// Every extractor id with its version and documentation, for `custody extractors` and the docs.
    public static var all: [ExtractorInfo] {
        sqlite.map { $0.info } + files.map { $0.info } + directories.map { $0.info } + encrypted.map { $0.info }
    }
}
