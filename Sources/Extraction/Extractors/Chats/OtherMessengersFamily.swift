// The OtherMessengers extractor family as registered in ExtractorRegistry.

public enum OtherMessengersFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [
        SkypeMessagesExtractor.self, SkypeCallsExtractor.self,
        LineAndroidMessagesExtractor.self, LineAndroidCallsExtractor.self,
        ViberAndroidMessagesExtractor.self, ViberAndroidCallsExtractor.self,
        KikIOSMessagesExtractor.self, ImoIOSMessagesExtractor.self,
    ]
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = [LineContactsDirectory.self]
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
