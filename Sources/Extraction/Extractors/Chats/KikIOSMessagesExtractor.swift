// Kik on iOS, kik.sqlite (Core Data): ZKIKMESSAGE rows with their user (ZKIKUSER), chat (ZKIKCHAT, through the
// Core Data many-to-many table Z_<n>MESSAGES whose entity numbers vary by version) and attachments (ZKIKATTACHMENT).
// Schema: plaso parsers/sqlite_plugins/kik_ios.py (ZTYPE 1 received, 2 sent; ZTIMESTAMP Cocoa seconds);
// iLEAPP scripts/artifacts/kikMessages.py (ZKIKATTACHMENT.ZCONTENT names the file in
// cores/private/<id>/content_manager/data_cache/). In plaso's kik.sqlite, ZTYPE 3 rows are local notices
// ("You started a group") and ZTYPE 4 rows group notices ("… has joined the chat"): kept as system rows.

import EvidenceModel
import GRDB

public enum KikIOSMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "kik.ios.messages", version: 1, app: "kik",
                                           documentation: "plaso parsers/sqlite_plugins/kik_ios.py; iLEAPP scripts/artifacts/kikMessages.py")
    public static let signature = SQLiteSignature([
        "ZKIKMESSAGE": ["Z_PK", "ZBODY", "ZTIMESTAMP", "ZTYPE", "ZUSER"],
        "ZKIKUSER": ["Z_PK", "ZUSERNAME", "ZDISPLAYNAME"],
    ])

    struct User { var username: String?; var name: String?; var jid: String?
        var id: String? { username ?? jid }
    }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let u = ColumnSelection(schema: schema, table: "ZKIKUSER", alias: "u")
        var users: [Int64: User] = [:]
        try db.forEachRow("SELECT u.Z_PK AS pk, \(u.columns(["ZUSERNAME", "ZDISPLAYNAME", "ZJID"])) FROM ZKIKUSER u ORDER BY u.Z_PK") { row in
            guard let pk = row.int("pk") else { return }
            users[pk] = User(username: row.nonEmptyText("ZUSERNAME"), name: row.nonEmptyText("ZDISPLAYNAME"), jid: row.nonEmptyText("ZJID"))
        }
        // Chat → the user (person or group) it is with.
        var chatUser: [Int64: Int64] = [:]
        if schema.has("ZKIKCHAT", "Z_PK") && schema.has("ZKIKCHAT", "ZUSER") {
            try db.forEachRow("SELECT Z_PK AS pk, ZUSER AS user FROM ZKIKCHAT ORDER BY Z_PK") { row in
                if let pk = row.int("pk"), let user = row.int("user") { chatUser[pk] = user }
            }
        }
        // Message → chats, through Z_<n>MESSAGES (Z_<n>CHAT, Z_<m>MESSAGES). A row linked to several chats is
        // placed in the chat with its own ZUSER, else in the lowest-numbered one.
        var messageChats: [Int64: [Int64]] = [:]
        if let link = chatLinkTable(schema) {
            let sql = "SELECT \"\(link.chat)\" AS chat, \"\(link.message)\" AS message FROM \"\(link.table)\" ORDER BY 2, 1"
            try db.forEachRow(sql) { row in
                guard let chat = row.int("chat"), let message = row.int("message") else { return }
                messageChats[message, default: []].append(chat)
            }
            sink.note("chat link table \(link.table)")
        }
        var attachments: [Int64: [Attachment]] = [:]
        if schema.has("ZKIKATTACHMENT", "ZMESSAGE") && schema.has("ZKIKATTACHMENT", "ZCONTENT") {
            try db.forEachRow("SELECT ZMESSAGE AS message, ZCONTENT AS content FROM ZKIKATTACHMENT ORDER BY rowid") { row in
                guard let message = row.int("message"), let content = row.nonEmptyText("content") else { return }
                attachments[message, default: []].append(Attachment(name: content, sourcePath: "content_manager/data_cache/\(content)"))
            }
        }
        let m = ColumnSelection(schema: schema, table: "ZKIKMESSAGE", alias: "m")
        let sql = """
            SELECT m.Z_PK AS pk, \(m.columns(["ZTYPE", "ZUSER", "ZTIMESTAMP", "ZBODY", "ZSTANZAID", "ZSTATE"]))
            FROM ZKIKMESSAGE m ORDER BY m.Z_PK
            """
        try db.forEachRow(sql) { row in
            let pk = row.int("pk")
            let userPK = row.int("ZUSER")
            let user = userPK.flatMap { users[$0] }
            let chats = pk.flatMap { messageChats[$0] } ?? []
            let chat = chats.first { chatUser[$0] == userPK } ?? chats.min()
            let chatUserRecord = chat.flatMap { chatUser[$0] }.flatMap { users[$0] }
            let partner = chatUserRecord ?? user
            let direction: Direction
            switch row.int("ZTYPE") {
            case 1: direction = .incoming
            case 2: direction = .outgoing
            case 3, 4: direction = .system
            default: direction = .unknown
            }
            var timestamp: Timestamp?
            if let seconds = row.double("ZTIMESTAMP") {
                timestamp = Timestamp.cocoaSeconds(seconds)
            } else if row.value("ZTIMESTAMP") != nil {
                sink.problem("ZKIKMESSAGE \(pk ?? -1): ZTIMESTAMP is not a number")
            }
            try sink.add(ChatMessage(
                app: info.app,
                thread: partner?.jid ?? partner?.id, threadName: partner?.name,
                sender: direction == .incoming ? user?.id : nil,
                senderName: direction == .incoming ? user?.name : nil,
                recipients: direction == .outgoing ? (partner?.id).map { [$0] } ?? [] : [],
                direction: direction, sentAt: timestamp,
                body: row.text("ZBODY"),
                attachments: pk.flatMap { attachments[$0] } ?? [],
                messageId: row.nonEmptyText("ZSTANZAID"),
                source: .row("ZKIKMESSAGE", pk)))
        }
    }

    /// The Core Data join table between chats and messages: `Z_<n>MESSAGES` with `Z_<n>CHAT` and `Z_<m>MESSAGES`.
    static func chatLinkTable(_ schema: SQLiteSchema) -> (table: String, chat: String, message: String)? {
        func isEntity(_ name: String, suffix: String) -> Bool {
            guard name.hasPrefix("z_"), name.hasSuffix(suffix) else { return false }
            let middle = name.dropFirst(2).dropLast(suffix.count)
            return !middle.isEmpty && middle.allSatisfy(\.isNumber)
        }
        for table in schema.tableNames where isEntity(table, suffix: "messages") {
            let columns = schema.columns(table)
            if let chat = columns.sorted().first(where: { isEntity($0, suffix: "chat") }),
               let message = columns.sorted().first(where: { isEntity($0, suffix: "messages") }) {
                return (table, chat, message)
            }
        }
        return nil
    }
}
