// The AndroidTelephony extractor family as registered in ExtractorRegistry: the telephony provider (SMS, MMS),
// the call log and address book, and Android messengers handled alongside (Hangouts, Burner, Messenger).

public enum AndroidTelephonyFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [
        AndroidSMSExtractor.self,
        AndroidMMSExtractor.self,
        AndroidCallLogExtractor.self,
        HangoutsMessagesExtractor.self,
        BurnerMessagesExtractor.self,
        MessengerAndroidMessagesExtractor.self,
    ]
    public static let files: [any FileExtractor.Type] = []
    public static let directories: [any DirectoryProvider.Type] = [AndroidContactsDirectory.self]
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}
