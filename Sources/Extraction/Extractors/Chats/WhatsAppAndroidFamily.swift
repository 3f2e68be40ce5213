// The WhatsAppAndroid extractor family as registered in ExtractorRegistry.

public enum WhatsAppAndroidFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [
        WhatsAppAndroidMessagesExtractor.self,
        WhatsAppAndroidLegacyMessagesExtractor.self,
        WhatsAppAndroidCallsExtractor.self,
        WhatsAppAndroidLegacyCallsExtractor.self,
    ]
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = [WhatsAppAndroidContactsDirectory.self]
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = [WhatsAppCryptRecognizer.self]
}
