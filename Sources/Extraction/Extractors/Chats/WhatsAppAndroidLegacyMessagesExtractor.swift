// WhatsApp Android messages from msgstore.db, legacy schema (before WhatsApp 2.21): one `messages` table keyed by
// the chat JID (`key_remote_jid`), group sender in `remote_resource`, media columns inline (media_wa_type,
// media_mime_type, media_name, media_caption, media_size; the file path inside the serialized `thumb_image`, or
// `message_media.file_path` on transitional versions), quotes in `messages_quotes`, subjects in `chat_list`
// (or `chat` + `jid` on transitional versions). The `-1` sentinel row and call-log rows (media_wa_type 8, read by
// whatsapp.android.calls.legacy) are skipped.
// Documented by KnugiHK/WhatsApp-Chat-Exporter android_handler.py (_get_messages_cursor_legacy) and ALEAPP whatsApp.py.

import EvidenceModel
import GRDB

public enum WhatsAppAndroidLegacyMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.messages.legacy", version: 2, app: WhatsAppAndroid.app,
                                           documentation: "KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_handler.py (legacy schema: messages, messages_quotes, chat_list); ALEAPP scripts/artifacts/whatsApp.py")
    public static let signature = SQLiteSignature([
        "messages": ["key_remote_jid", "key_from_me", "key_id", "timestamp", "data"],
    ], yieldsTo: [WhatsAppAndroidMessagesExtractor.signature]) // a transitional database with both tables is read by
                                                               // the current-schema extractor, which merges the two
                                                               // (WhatsAppAndroidTransitionalMerge)

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        try forEachMessage(db: db, schema: schema, context: context, sink: sink) { message, _ in try sink.add(message) }
    }

    /// Reads every message row of `messages` in rowid order, handing each with its WhatsApp key
    /// (`WhatsAppAndroid.messageKey`) to `body`; row problems go to `sink`.
    static func forEachMessage(db: Database, schema: SQLiteSchema, context: ExtractionContext, sink: ArtifactSink,
                               _ body: (ChatMessage, String?) throws -> Void) throws {
        let subjects = try loadSubjects(db: db, schema: schema)
        let account = context.directory.account(app: WhatsAppAndroid.app)

        let m = ColumnSelection(schema: schema, table: "messages", alias: "m")
        var columns = [m.columns(["_id", "key_remote_jid", "key_from_me", "key_id", "status", "data", "timestamp", "media_mime_type",
                                  "media_wa_type", "media_size", "media_name", "media_caption", "thumb_image", "remote_resource",
                                  "quoted_row_id", "edit_version"])]
        var joins: [String] = []
        if m.has("quoted_row_id") && schema.has("messages_quotes", "_id") && schema.has("messages_quotes", "key_id") {
            joins.append("LEFT JOIN messages_quotes q ON q._id = m.quoted_row_id AND m.quoted_row_id > 0")
            columns.append("q.key_id AS quoted_key_id")
        } else {
            columns.append("NULL AS quoted_key_id")
        }
        // Transitional versions keep media paths in message_media keyed by messages._id (only while no `message`
        // table exists, which message_media would otherwise refer to).
        if !schema.has("message", "chat_row_id") && schema.has("message_media", "message_row_id") && schema.has("message_media", "file_path") && m.has("_id") {
            joins.append("LEFT JOIN message_media mm ON mm.message_row_id = m._id")
            columns.append("mm.file_path AS media_file_path")
        } else {
            columns.append("NULL AS media_file_path")
        }
        if !schema.has("message", "chat_row_id") && schema.has("message_system", "message_row_id") && schema.has("message_system", "action_type") && m.has("_id") {
            joins.append("LEFT JOIN message_system s ON s.message_row_id = m._id")
            columns.append("s.action_type AS action_type")
        } else {
            columns.append("NULL AS action_type")
        }
        let sql = "SELECT m.rowid AS rid, \(columns.joined(separator: ", ")) FROM messages m \(joins.joined(separator: " ")) ORDER BY m.rowid"

        var previous: Int64?
        try db.forEachRow(sql) { row in
            let rid = row.int("rid")
            if let rid, rid == previous {
                sink.problem("messages rowid \(rid): more than one quote/media/system row; the first was kept")
                return
            }
            previous = rid
            let thread = row.nonEmptyText("key_remote_jid")
            if thread == "-1" { return }  // the table's sentinel first row
            let type = row.int("media_wa_type")
            if type == 8 { return }  // a call-log row (whatsapp.android.calls.legacy)

            let isGroup = WhatsAppAndroid.isGroup(thread)
            let action = row.int("action_type")
            let direction: Direction
            if row.int("status") == 6 || action != nil {
                direction = .system
            } else {
                switch row.int("key_from_me") {
                case 1: direction = .outgoing
                case 0: direction = .incoming
                default: direction = .unknown
                }
            }
            let remote = row.nonEmptyText("remote_resource")
            let sender: String?
            var recipients: [String] = []
            switch direction {
            case .incoming:
                sender = isGroup ? remote : thread
                if let account { recipients = [account] }
            case .outgoing:
                sender = account
                if let thread { recipients = [thread] }
            case .system, .unknown:
                sender = remote
            }

            let status: String?
            if direction == .system {
                status = WhatsAppAndroid.systemActionName(action)
            } else if row.int("edit_version") == 7 {
                status = "revoked"
            } else {
                status = WhatsAppAndroid.typeName(type)
            }
            let path = row.nonEmptyText("media_file_path") ?? row.blob("thumb_image").flatMap(WhatsAppAndroid.javaSerializedPath)
            var attachments: [Attachment] = []
            if let type, type != 0, type != 7, type != 15,
               let attachment = WhatsAppAndroid.attachment(name: row.nonEmptyText("media_name"), mime: row.nonEmptyText("media_mime_type"),
                                                           path: path, size: row.int("media_size")) {
                attachments.append(attachment)
            }
            let text = row.nonEmptyText("data") ?? row.text("media_caption") ?? row.text("data")
            try body(ChatMessage(
                app: WhatsAppAndroid.app,
                account: account,
                thread: thread,
                threadName: thread.flatMap { subjects[$0] } ?? context.directory.name(app: WhatsAppAndroid.app, id: thread),
                sender: sender,
                senderName: context.directory.name(app: WhatsAppAndroid.app, id: sender),
                recipients: recipients,
                direction: direction,
                sentAt: row.int("timestamp").flatMap(Timestamp.unixMilliseconds),
                body: text,
                attachments: attachments,
                replyTo: row.nonEmptyText("quoted_key_id"),
                messageId: row.nonEmptyText("key_id"),
                status: status,
                source: .row("messages", rid)),
                WhatsAppAndroid.messageKey(keyId: row.nonEmptyText("key_id"), fromMe: row.int("key_from_me")))
        }
    }

    /// Chat subjects by JID: `chat_list` (legacy) or `chat` + `jid` (transitional).
    private static func loadSubjects(db: Database, schema: SQLiteSchema) throws -> [String: String] {
        var subjects: [String: String] = [:]
        if schema.has("chat_list", "key_remote_jid") && schema.has("chat_list", "subject") {
            try db.forEachRow("SELECT key_remote_jid, subject FROM chat_list ORDER BY rowid") { row in
                if let jid = row.nonEmptyText("key_remote_jid"), let subject = row.nonEmptyText("subject"), subjects[jid] == nil {
                    subjects[jid] = subject
                }
            }
        }
        if schema.has("chat", "jid_row_id") && schema.has("chat", "subject") {
            let jids = try WhatsAppAndroid.JIDTable(db: db, schema: schema)
            for (_, chat) in try WhatsAppAndroid.chats(db: db, schema: schema).sorted(by: { $0.key < $1.key }) {
                if let jid = jids.jid(chat.jid), let subject = chat.subject, subjects[jid] == nil { subjects[jid] = subject }
            }
        }
        return subjects
    }
}
