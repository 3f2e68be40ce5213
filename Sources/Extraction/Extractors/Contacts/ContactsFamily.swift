// The Contacts extractor family as registered in ExtractorRegistry: device address books (Android, iOS), vCard and
// jCard files, and the contact lists of messaging apps (issue 5): WhatsApp, Telegram (Android, Desktop export),
// Skype, Kik, imo, LINE, Viber.

import EvidenceModel

public enum ContactsFamily {
    public static let sqlite: [any SQLiteExtractor.Type] = [
        AndroidContactsExtractor.self,
        AddressBookIOSContactsExtractor.self,
        WhatsAppAndroidContactListExtractor.self,
        WhatsAppIOSContactsExtractor.self,
        TelegramAndroidContactsExtractor.self,
        SkypeContactsExtractor.self,
        KikIOSContactsExtractor.self,
        ImoIOSContactsExtractor.self,
        LineAndroidContactsExtractor.self,
        ViberAndroidContactsExtractor.self,
    ]
    public static let files: [any FileExtractor.Type] = [VCardContactsExtractor.self, JCardContactsExtractor.self,
                                                         TelegramDesktopContactsExtractor.self]
    public static let directories: [any DirectoryProvider.Type] = []
    public static let encrypted: [any EncryptedStoreRecognizer.Type] = []
}

/// Helpers shared by the contact extractors.
enum ContactText {
    /// Apple's built-in labels are stored as `_$!<Mobile>!$_`; custom labels as typed.
    static func appleLabel(_ label: String?) -> String? {
        guard var label, !label.isEmpty else { return nil }
        if label.hasPrefix("_$!<"), label.hasSuffix(">!$_") {
            label = String(label.dropFirst(4).dropLast(4))
        }
        return label.isEmpty ? nil : label
    }

    /// Joins non-empty parts with spaces, nil when nothing is left.
    static func join(_ parts: [String?]) -> String? {
        let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

extension Array where Element == ContactHandle {
    /// Appends a handle unless the same (kind, value) is already there (apps add one data row per action).
    mutating func appendUnique(_ handle: ContactHandle) {
        guard !handle.value.isEmpty, !contains(where: { $0.kind == handle.kind && $0.value == handle.value }) else { return }
        append(handle)
    }
}
