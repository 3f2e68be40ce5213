// The AndroidTelephony extractor family as registered in ExtractorRegistry.

public enum AndroidTelephonyFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [AndroidSMSExtractor.self]
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
