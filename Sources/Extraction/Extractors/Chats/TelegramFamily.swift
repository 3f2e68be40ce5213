// The Telegram extractor family as registered in ExtractorRegistry. The encrypted-store recognizers for Signal
// and WeChat are registered here too (EncryptedMessengerStores.swift).

public enum TelegramFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [TelegramAndroidMessagesExtractor.self]
    public static let files: [any FileExtractor.Type] = [TelegramDesktopExportExtractor.self]
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = [
        TelegramIOSEncryptedStore.self, SignalAndroidEncryptedStore.self, SignalDesktopEncryptedStore.self,
        WeChatAndroidEncryptedStore.self,
    ]
}
