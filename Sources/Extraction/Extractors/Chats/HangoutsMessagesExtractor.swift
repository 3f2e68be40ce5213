// Google Hangouts on Android: babel.db (com.google.android.talk/databases/babel<N>.db).
// Schema: plaso parsers/sqlite_plugins/android_hangouts.py (full schema and message type/status meanings:
// type 1 SENT, 2 RECEIVED; status 0 unread, 4 read); ALEAPP scripts/artifacts (Hangouts).
//
// - messages.timestamp: µs since 1970.
// - Author: author_chat_id → participants.chat_id (full_name, fallback_name); conversation members:
//   conversation_participants.participant_row_id → participants._id.
// - The account is the author of the sent (type 1) messages; in a database with no sent message it is unknown.
// - Other message types (membership changes, hangout/call events, renames) are kept as `.system` with status
//   `type N`.
// - Attachments: local_url (file on the device), remote_url, attachment_content_type, attachment_name.
// - text is stored HTML-escaped (`It&#39;s`) and is kept exactly as stored.

import EvidenceModel
import GRDB

public enum HangoutsMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "google.hangouts.messages", version: 1, app: "hangouts",
                                           documentation: "plaso parsers/sqlite_plugins/android_hangouts.py and formatters (message type 1 SENT, 2 RECEIVED)")
    public static let signature = SQLiteSignature([
        "messages": ["_id", "conversation_id", "author_chat_id", "text", "timestamp", "type"],
        "participants": ["chat_id", "full_name"],
        "conversations": ["conversation_id"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let participants = ColumnSelection(schema: schema, table: "participants", alias: "p")
        var names: [String: String] = [:]
        var rowIds: [Int64: String] = [:]
        try db.forEachRow("SELECT p.rowid AS rid, p.chat_id AS chat_id, p.full_name AS full_name, \(participants.columns(["_id", "fallback_name", "gaia_id"])) FROM participants p ORDER BY p.rowid") { row in
            guard let chatId = row.nonEmptyText("chat_id") ?? row.nonEmptyText("gaia_id") else { return }
            if let id = row.int("_id") { rowIds[id] = chatId }
            if let name = row.nonEmptyText("full_name") ?? row.nonEmptyText("fallback_name") { names[chatId] = name }
        }
        let conversations = ColumnSelection(schema: schema, table: "conversations", alias: "c")
        var titles: [String: String] = [:]
        try db.forEachRow("SELECT c.conversation_id AS cid, \(conversations.columns(["name", "generated_name"])) FROM conversations c ORDER BY c.rowid") { row in
            guard let id = row.nonEmptyText("cid") else { return }
            if let title = row.nonEmptyText("name") ?? row.nonEmptyText("generated_name") { titles[id] = title }
        }
        var members: [String: [String]] = [:]
        if schema.has("conversation_participants", "conversation_id"), schema.has("conversation_participants", "participant_row_id") {
            try db.forEachRow("SELECT conversation_id, participant_row_id FROM conversation_participants ORDER BY rowid") { row in
                guard let conversation = row.nonEmptyText("conversation_id"),
                      let chatId = row.int("participant_row_id").flatMap({ rowIds[$0] }) else { return }
                if members[conversation]?.contains(chatId) != true { members[conversation, default: []].append(chatId) }
            }
        }
        let account = try Row.fetchOne(db, sql: "SELECT author_chat_id FROM messages WHERE type = 1 AND author_chat_id IS NOT NULL AND author_chat_id != '' ORDER BY rowid LIMIT 1")?
            .nonEmptyText("author_chat_id") ?? context.directory.account(app: "hangouts")
        if let account { sink.note("account \(account) (author of the sent messages)") }

        let messages = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(messages.columns(["_id", "message_id", "message_type", "conversation_id", "author_chat_id", "text", "timestamp", "status", "type", "local_url", "remote_url", "attachment_content_type", "attachment_name", "latitude", "longitude", "new_conversation_name"]))
            FROM messages m ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let type = row.int("type")
            let direction: Direction
            switch type {
            case 1: direction = .outgoing
            case 2: direction = .incoming
            default: direction = .system
            }
            let author = row.nonEmptyText("author_chat_id")
            let conversation = row.nonEmptyText("conversation_id")
            let others = (conversation.flatMap { members[$0] } ?? []).filter { $0 != account }
            let recipients: [String]
            switch direction {
            case .outgoing: recipients = others.isEmpty ? (conversation.map { [$0] } ?? []) : others
            case .incoming: recipients = account.map { [$0] } ?? []
            default: recipients = []
            }
            var attachments: [Attachment] = []
            let localURL = row.nonEmptyText("local_url"), remoteURL = row.nonEmptyText("remote_url")
            if localURL != nil || remoteURL != nil {
                attachments.append(Attachment(name: row.nonEmptyText("attachment_name"), mime: row.nonEmptyText("attachment_content_type"),
                                              sourcePath: localURL ?? remoteURL))
            }
            var status: String?
            if direction == .system { status = type.map { "type \($0)" } }
            if status == nil, row.double("latitude") != nil, row.double("longitude") != nil { status = "location" }
            let message = ChatMessage(
                app: "hangouts",
                account: account,
                thread: conversation,
                threadName: conversation.flatMap { titles[$0] },
                sender: author,
                senderName: author.flatMap { names[$0] },
                recipients: recipients,
                direction: direction,
                sentAt: row.int("timestamp").flatMap(Timestamp.unixMicroseconds),
                body: row.text("text") ?? row.nonEmptyText("new_conversation_name"),
                attachments: attachments,
                messageId: row.nonEmptyText("message_id"),
                status: status,
                source: .row("messages", row.int("rid")))
            try sink.add(message)
        }
    }
}
