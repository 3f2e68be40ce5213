// LINE on Android, databases/naver_line: chat_history (one row per message; from_mid NULL = sent by the account;
// created_time in ms; attachement_type = LINE's ContentType), names from contacts, chat and groups.
// Schema: ALEAPP scripts/artifacts/line.py (get_line_messages: chat_history joined to contacts/membership,
// attachement_type 6 = call rows); ContentType codes from LINE's Talk protocol (akad ttypes ContentType:
// 0 NONE, 1 IMAGE, 2 VIDEO, 3 AUDIO, 6 CALL, 7 STICKER, 13 CONTACT, 14 FILE, 15 LOCATION, 18 CHATEVENT).

import EvidenceModel
import GRDB

public enum LineAndroidMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "line.android.messages", version: 1, app: "line",
                                           documentation: "ALEAPP scripts/artifacts/line.py; LINE Talk ContentType (akad ttypes)")
    public static let signature = SQLiteSignature([
        "chat_history": ["chat_id", "from_mid", "content", "created_time"],
        "contacts": ["m_id"],
    ])

    static let contentTypes: [Int64: String] = [
        1: "image", 2: "video", 3: "audio", 4: "html", 5: "pdf", 6: "call", 7: "sticker", 9: "gift", 10: "groupboard",
        11: "applink", 12: "link", 13: "contact", 14: "file", 15: "location", 16: "post-notification", 17: "rich",
        18: "chat-event", 19: "music", 20: "payment",
    ]

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let names = try LineContactsDirectory.names(db, schema: schema)
        var chatNames: [String: String] = [:]
        if schema.has("groups", "id") && schema.has("groups", "name") {
            try db.forEachRow("SELECT id, name FROM groups ORDER BY rowid") { row in
                if let id = row.nonEmptyText("id"), let name = row.nonEmptyText("name") { chatNames[id] = name }
            }
        }
        if schema.has("chat", "chat_id") && schema.has("chat", "chat_name") {
            try db.forEachRow("SELECT chat_id, chat_name FROM chat ORDER BY rowid") { row in
                if let id = row.nonEmptyText("chat_id"), let name = row.nonEmptyText("chat_name") { chatNames[id] = name }
            }
        }
        let h = ColumnSelection(schema: schema, table: "chat_history", alias: "h")
        let sql = """
            SELECT h.rowid AS rid, \(h.columns(["id", "server_id", "type", "chat_id", "from_mid", "content", "created_time", "status", "attachement_type", "attachement_local_uri", "location_name", "location_address", "location_latitude", "location_longitude"]))
            FROM chat_history h ORDER BY h.rowid
            """
        try db.forEachRow(sql) { row in
            let chat = row.nonEmptyText("chat_id")
            let from = row.nonEmptyText("from_mid")
            let contentType = row.int("attachement_type")
            let kind = contentType.flatMap { contentTypes[$0] }
            let direction: Direction = kind == "chat-event" ? .system : (from == nil ? .outgoing : .incoming)
            var status = kind
            if let contentType, contentType != 0, kind == nil { status = "content-type-\(contentType)" }
            var attachments: [Attachment] = []
            if let uri = row.nonEmptyText("attachement_local_uri") {
                attachments.append(Attachment(name: uri.split(separator: "/").last.map(String.init), sourcePath: uri))
            }
            var body = row.text("content")
            if body == nil, kind == "location" {
                body = [row.nonEmptyText("location_name"), row.nonEmptyText("location_address")].compactMap { $0 }
                    .joined(separator: ", ").nilIfEmptyLine
            }
            let threadName = chat.flatMap { chatNames[$0] ?? names[$0] ?? context.directory.name(app: "line", id: $0) }
            try sink.add(ChatMessage(
                app: info.app, thread: chat, threadName: threadName,
                sender: from, senderName: from.flatMap { names[$0] ?? context.directory.name(app: "line", id: $0) },
                recipients: direction == .outgoing ? (chat.map { [$0] } ?? []) : [],
                direction: direction,
                sentAt: row.int("created_time").flatMap(Timestamp.unixMilliseconds),
                body: body, attachments: attachments,
                messageId: row.nonEmptyText("server_id"), status: status,
                source: .row("chat_history", row.int("rid"))))
        }
    }
}

fileprivate extension String {
    var nilIfEmptyLine: String? { isEmpty ? nil : self }
}
