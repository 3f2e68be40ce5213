// Telegram Desktop full-account export (result.json): the `contacts` section, the owner's Telegram contact list
// as the server returned it. Format: tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp
// (writeContactsList: {"about", "list": [{"user_id", "first_name", "last_name", "phone_number", "date",
// "date_unixtime"}]}; exports before user_id was added lack it). The file is walked with the same streaming reader
// as the chat export (TelegramJSONReader): the section may come before or after `chats`, and nothing but one
// contact entry is held in memory.

import EvidenceModel
import Foundation

public enum TelegramDesktopContactsExtractor: FileExtractor {
    public static let info = ExtractorInfo(id: "telegram.desktop.contacts", version: 1, app: "telegram",
                                           documentation: "tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp (writeContactsList)")

    /// A full-account export: the chat-export probe's account marker, or a `"contacts": {` member in a JSON object
    /// (an export of the contact list alone has no personal information).
    public static func probe(head: [UInt8], name: String) -> Bool {
        guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
              first == UInt8(ascii: "{") else { return false }
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("\"personal_information\"") && text.contains("\"user_id\"") { return true }
        guard let range = text.range(of: "\"contacts\"") else { return false }
        let after = text[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard after.first == ":" else { return false }
        return after.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.first == "{"
    }

    public static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws {
        let reader = try TelegramJSONReader(path: path)
        var owner: String?
        var contacts: [Contact] = []
        var sawContacts = false
        var empty = 0
        var emitted = 0
        do {
            try reader.expect(UInt8(ascii: "{"))
            var first = true
            while let key = try reader.nextKey(&first) {
                switch key {
                case "personal_information":
                    if let id = try reader.readValue()["user_id"]?.text, !id.isEmpty { owner = "user" + id }
                case "contacts":
                    sawContacts = true
                    try readContacts(reader, sink: sink, empty: &empty) { contact in
                        // The account may only be known once personal_information has been read; tdesktop writes it
                        // first, so contacts are emitted as they come unless it has not been seen yet.
                        if owner != nil {
                            var contact = contact
                            contact.account = owner
                            try sink.add(contact)
                            emitted += 1
                        } else {
                            contacts.append(contact)
                        }
                    }
                default:
                    try reader.skipValue()
                }
                // Nothing after the contact list is needed once the account is known: a large export is not read on.
                if sawContacts && owner != nil { break }
            }
        } catch let error as ExtractionError where emitted + contacts.count > 0 {
            sink.problem("stopped reading: \(error.message)")
        }
        for var contact in contacts {
            contact.account = owner
            try sink.add(contact)
        }
        if empty > 0 {
            sink.note("\(empty) contact entries without a user id, name or number (tdesktop writes a removed contact as its date only)")
        }
    }

    /// Reads `{"about": …, "list": [ … ]}`, one entry at a time.
    static func readContacts(_ reader: TelegramJSONReader, sink: ArtifactSink, empty: inout Int,
                             _ emit: (Contact) throws -> Void) throws {
        try reader.forEachListElement { index in
            let pointer = "/contacts/list/\(index)"
            let entry = try reader.readValue()
            guard entry.isObject else {
                sink.problem("\(pointer) is not an object")
                return
            }
                let userId = entry["user_id"]?.text.flatMap(ContactText.nonEmpty).flatMap { $0 == "0" ? nil : $0 }
                let given = entry["first_name"]?.text.flatMap(ContactText.nonEmpty)
                let family = entry["last_name"]?.text.flatMap(ContactText.nonEmpty)
                let phone = entry["phone_number"]?.text.flatMap(ContactText.nonEmpty)
                guard userId != nil || given != nil || family != nil || phone != nil else {
                    empty += 1
                    return
                }
                try emit(Contact(app: info.app, contactId: userId, name: ContactText.join([given, family]),
                                 givenName: given, familyName: family,
                                 phones: phone.map { [ContactPhone(raw: $0)] } ?? [],
                                 handles: userId.map { [ContactHandle(kind: "telegram", value: $0)] } ?? [],
                                 source: .pointer(pointer)))
        }
    }
}
