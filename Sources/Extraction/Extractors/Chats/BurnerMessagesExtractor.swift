// Burner (second-number app, com.adhoclabs.burner) on Android: burners.sqlite.
// Schema: plaso parsers/sqlite_plugins/android_burners.py (burners, contacts, messages tables) and its test data;
// ALEAPP/iLEAPP burner artifacts (Django Faiola) for the iOS counterpart.
//
// - messages.date_created: ms since 1970.
// - direction: 1 = incoming, 2 = outgoing. Decided from plaso's test conversation (This Is DFIR persona):
//   row 1 "You there?" (2) is answered by "Yes. What number is this?" (1), then "My burner number. Can you put
//   it in your contact list?" (2) — the burner owner writes the direction-2 rows.
// - message_type: 2 = text, 1 = voice call/voicemail (voice_url, duration in seconds); call rows are kept as
//   messages with status `call` so the table's rows stay one-to-one with artifacts.
// - burner_id → burners.phone_number_id: the burner number the conversation went through (the account).
// - contact_phone_number → contacts.phone_number (name): the peer.
// - asset_url (picture message) and voice_url are attachments (remote URLs).

import EvidenceModel
import GRDB

public enum BurnerMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "burner.android.messages", version: 1, app: "burner",
                                           documentation: "plaso parsers/sqlite_plugins/android_burners.py and test_data/android/burners.sqlite")
    public static let signature = SQLiteSignature([
        "messages": ["message_id", "message", "contact_phone_number", "message_type", "date_created", "burner_id", "direction"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var burnerNumbers: [String: String] = [:]
        if schema.has("burners", "burner_id"), schema.has("burners", "phone_number_id") {
            try db.forEachRow("SELECT burner_id, phone_number_id FROM burners ORDER BY rowid") { row in
                if let id = row.nonEmptyText("burner_id"), let number = row.nonEmptyText("phone_number_id") { burnerNumbers[id] = number }
            }
        }
        var contactNames: [String: String] = [:]
        if schema.has("contacts", "phone_number"), schema.has("contacts", "name") {
            try db.forEachRow("SELECT name, phone_number FROM contacts ORDER BY rowid") { row in
                guard let number = row.nonEmptyText("phone_number"), let name = row.nonEmptyText("name"), name != number,
                      contactNames[number] == nil else { return }
                contactNames[number] = name
            }
        }
        let messages = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(messages.columns(["message_id", "message", "contact_phone_number", "message_type", "voice_url", "date_created", "burner_id", "duration", "direction", "asset_url"]))
            FROM messages m ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let peer = row.nonEmptyText("contact_phone_number")
            let account = row.nonEmptyText("burner_id").flatMap { burnerNumbers[$0] } ?? context.directory.account(app: "burner")
            let direction: Direction
            switch row.int("direction") {
            case 1: direction = .incoming
            case 2: direction = .outgoing
            default: direction = .unknown
            }
            let peerName = peer.flatMap { contactNames[$0] } ?? AndroidPhoneNumber.name(of: peer, in: context.directory)
            var attachments: [Attachment] = []
            if let asset = row.nonEmptyText("asset_url") { attachments.append(Attachment(name: lastComponent(asset), sourcePath: asset)) }
            if let voice = row.nonEmptyText("voice_url") { attachments.append(Attachment(name: lastComponent(voice), sourcePath: voice)) }
            let isCall = row.int("message_type") == 1
            let message = ChatMessage(
                app: "burner",
                account: account,
                thread: peer,
                threadName: peerName ?? peer,
                sender: direction == .incoming ? peer : account,
                senderName: direction == .incoming ? peerName : nil,
                recipients: direction == .incoming ? (account.map { [$0] } ?? []) : (peer.map { [$0] } ?? []),
                direction: direction,
                sentAt: row.int("date_created").flatMap(Timestamp.unixMilliseconds),
                body: row.nonEmptyText("message"),
                attachments: attachments,
                messageId: row.nonEmptyText("message_id"),
                status: isCall ? "call" : nil,
                source: .row("messages", row.int("rid")))
            try sink.add(message)
        }
    }

    static func lastComponent(_ url: String) -> String? {
        let tail = url.split(separator: "/").last.map(String.init)
        return tail?.isEmpty == false ? tail : nil
    }
}
