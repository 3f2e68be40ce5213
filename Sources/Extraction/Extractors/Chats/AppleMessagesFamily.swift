// The AppleMessages extractor family as registered in ExtractorRegistry.

public enum AppleMessagesFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [IMessageExtractor.self, AppleCallHistoryExtractor.self]
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
