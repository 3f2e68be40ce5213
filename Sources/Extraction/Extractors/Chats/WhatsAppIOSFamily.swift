// The WhatsAppIOS extractor family as registered in ExtractorRegistry.

public enum WhatsAppIOSFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [WhatsAppIOSMessagesExtractor.self, WhatsAppIOSCallsExtractor.self]
    public static let files: [any FileExtractor.Type] = [WhatsAppExportedChatExtractor.self]
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
