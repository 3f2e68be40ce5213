// WhatsApp Android messages from msgstore.db, current schema (WhatsApp 2.21 and later): `message` rows with their
// chat (`chat` → `jid`), group sender (`sender_jid_row_id` → `jid`, LIDs mapped by `jid_map`), media
// (`message_media`), quoted message (`message_quoted.key_id`) and system action (`message_system`).
// Documented by KnugiHK/WhatsApp-Chat-Exporter android_handler.py (_get_messages_cursor_new) and ALEAPP whatsApp.py.

import EvidenceModel
import GRDB

public enum WhatsAppAndroidMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.messages", version: 2, app: WhatsAppAndroid.app,
                                           documentation: "KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_handler.py (new schema: message, chat, jid, jid_map, message_media, message_quoted, message_system); ALEAPP scripts/artifacts/whatsApp.py")
    public static let signature = SQLiteSignature([
        "message": ["_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "timestamp", "message_type"],
        "chat": ["_id", "jid_row_id"],
        "jid": ["_id"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        if try WhatsAppAndroidTransitionalMerge.applies(db: db, schema: schema) {
            try WhatsAppAndroidTransitionalMerge.extract(from: db, schema: schema, context: context, into: sink)
        } else {
            try forEachMessage(db: db, schema: schema, context: context, sink: sink) { message, _ in try sink.add(message) }
        }
    }

    /// Reads every row of `message` in rowid order, handing each with its WhatsApp key
    /// (`WhatsAppAndroid.messageKey`) to `body`; row problems go to `sink`.
    static func forEachMessage(db: Database, schema: SQLiteSchema, context: ExtractionContext, sink: ArtifactSink,
                               _ body: (ChatMessage, String?) throws -> Void) throws {
        let jids = try WhatsAppAndroid.JIDTable(db: db, schema: schema)
        let chats = try WhatsAppAndroid.chats(db: db, schema: schema)
        let account = context.directory.account(app: WhatsAppAndroid.app)

        let message = ColumnSelection(schema: schema, table: "message", alias: "m")
        var columns = [message.columns(["_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "status", "timestamp", "message_type", "text_data"])]
        var joins: [String] = []
        // One-to-one side tables keyed by message_row_id (their primary key in WhatsApp's schema).
        func side(_ table: String, alias: String, _ wanted: [(String, String)]) {
            let selection = ColumnSelection(schema: schema, table: table, alias: alias)
            if schema.has(table, "message_row_id") {
                joins.append("LEFT JOIN \"\(table)\" \(alias) ON \(alias).message_row_id = m._id")
                columns.append(wanted.map { selection.column($0.0, as: $0.1) }.joined(separator: ", "))
            } else {
                columns.append(wanted.map { "NULL AS \"\($0.1)\"" }.joined(separator: ", "))
            }
        }
        side("message_quoted", alias: "q", [("key_id", "quoted_key_id")])
        side("message_media", alias: "mm", [("file_path", "file_path"), ("mime_type", "mime_type"), ("media_name", "media_name"), ("file_size", "file_size")])
        side("message_system", alias: "s", [("action_type", "action_type")])
        let sql = "SELECT m.rowid AS rid, \(columns.joined(separator: ", ")) FROM message m \(joins.joined(separator: " ")) ORDER BY m.rowid"

        var previous: Int64?
        try db.forEachRow(sql) { row in
            let rid = row.int("rid")
            // A side table with a duplicated message_row_id would repeat the message; the first join row is kept.
            if let rid, rid == previous {
                sink.problem("message rowid \(rid): more than one media/quote/system row; the first was kept")
                return
            }
            previous = rid

            let chat = row.int("chat_row_id").flatMap { chats[$0] }
            let thread = jids.jid(chat?.jid)
            let isGroup = WhatsAppAndroid.isGroup(thread)
            let type = row.int("message_type")
            let action = row.int("action_type")
            let fromMe = row.int("from_me")
            let direction: Direction
            if type == 7 || action != nil {
                direction = .system
            } else {
                switch fromMe {
                case 1: direction = .outgoing
                case 0: direction = .incoming
                default: direction = .unknown
                }
            }

            let senderJID = jids.jid(row.int("sender_jid_row_id"))
            let sender: String?
            var recipients: [String] = []
            switch direction {
            case .incoming:
                sender = isGroup ? senderJID : (senderJID ?? thread)
                if let account { recipients = [account] }
            case .outgoing:
                sender = account
                if let thread { recipients = [thread] }
            case .system, .unknown:
                sender = senderJID
            }

            let status = direction == .system ? WhatsAppAndroid.systemActionName(action) : WhatsAppAndroid.typeName(type)
            var attachments: [Attachment] = []
            if let attachment = WhatsAppAndroid.attachment(name: row.nonEmptyText("media_name"), mime: row.nonEmptyText("mime_type"),
                                                           path: row.nonEmptyText("file_path"), size: row.int("file_size")) {
                attachments.append(attachment)
            }
            let threadName = chat?.subject ?? context.directory.name(app: WhatsAppAndroid.app, id: thread)
            try body(ChatMessage(
                app: WhatsAppAndroid.app,
                account: account,
                thread: thread,
                threadName: threadName,
                sender: sender,
                senderName: context.directory.name(app: WhatsAppAndroid.app, id: sender),
                recipients: recipients,
                direction: direction,
                sentAt: row.int("timestamp").flatMap(Timestamp.unixMilliseconds),
                body: row.text("text_data"),
                attachments: attachments,
                replyTo: row.nonEmptyText("quoted_key_id"),
                messageId: row.nonEmptyText("key_id"),
                status: status,
                source: .row("message", rid)),
                WhatsAppAndroid.messageKey(keyId: row.nonEmptyText("key_id"), fromMe: fromMe))
        }
    }
}
