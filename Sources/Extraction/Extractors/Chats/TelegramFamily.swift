// The Telegram extractor family as registered in ExtractorRegistry.

public enum TelegramFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = []
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
