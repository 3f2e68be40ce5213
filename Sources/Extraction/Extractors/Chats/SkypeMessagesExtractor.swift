// Classic Skype (desktop, before Skype 8) main.db: chat messages (`Messages`), Skype-sent SMS (`SMSes`) and file
// transfers (`Transfers`), one artifact per source row.
// Schema: plaso parsers/sqlite_plugins/skype.py (Messages/Chats, SMSes, Transfers with pk_id/parent_id pairs,
// Accounts); message and transfer codes as in the SkypeKit API (Message.TYPE, Transfer.TYPE/STATUS, Sms.TYPE).

import EvidenceModel
import GRDB

public enum SkypeMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "skype.desktop.messages", version: 1, app: "skype",
                                           documentation: "plaso parsers/sqlite_plugins/skype.py; SkypeKit Message/Sms/Transfer enums")
    public static let signature = SQLiteSignature([
        "Messages": ["convo_id", "author", "timestamp", "body_xml"],
        "Accounts": ["skypename"],
    ])

    /// SkypeKit Message.TYPE codes: status name, and whether the row is a service event rather than something said.
    static let messageTypes: [Int64: (status: String?, system: Bool)] = [
        2: ("topic", true), 4: ("group-created", true), 10: ("members-added", true), 12: ("member-kicked", true),
        13: ("member-left", true), 30: ("call", false), 39: ("call-ended", false), 50: ("contact-request", false),
        51: ("contact-accepted", false), 53: ("blocked", true), 60: ("emote", false), 61: (nil, false),
        63: ("contact", false), 64: ("sms", false), 68: ("file", false), 70: ("video-message", false),
        100: ("joined", true), 110: ("birthday", true), 201: ("photo", false),
    ]

    /// SkypeKit Transfer.STATUS names.
    static let transferStatus: [Int64: String] = [
        0: "new", 1: "connecting", 2: "waiting-for-accept", 3: "transferring", 4: "transferring-over-relay",
        5: "paused", 6: "remotely-paused", 7: "cancelled", 8: "completed", 9: "failed", 10: "placeholder",
        11: "offer-from-other-instance", 12: "cancelled-by-remote",
    ]

    struct Conversation { var identity: String?; var name: String?; var isGroup: Bool }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let account = try SkypeCommon.account(db)
        let conversations = try loadConversations(db, schema: schema)
        try extractMessages(db, schema: schema, account: account, conversations: conversations, sink: sink)
        if schema.has("SMSes", "body") { try extractSMS(db, schema: schema, account: account, sink: sink) }
        if schema.has("Transfers", "filename") {
            try extractTransfers(db, schema: schema, account: account, conversations: conversations, sink: sink)
        }
    }

    static func loadConversations(_ db: Database, schema: SQLiteSchema) throws -> [Int64: Conversation] {
        guard schema.has("Conversations", "id") else { return [:] }
        let c = ColumnSelection(schema: schema, table: "Conversations", alias: "c")
        var result: [Int64: Conversation] = [:]
        try db.forEachRow("SELECT \(c.columns(["id", "identity", "type", "displayname", "given_displayname"])) FROM Conversations c ORDER BY c.rowid") { row in
            guard let id = row.int("id") else { return }
            result[id] = Conversation(identity: row.nonEmptyText("identity"),
                                      name: row.nonEmptyText("given_displayname") ?? row.nonEmptyText("displayname"),
                                      isGroup: row.int("type") == 2)
        }
        return result
    }

    static func extractMessages(_ db: Database, schema: SQLiteSchema, account: String?, conversations: [Int64: Conversation],
                                sink: ArtifactSink) throws {
        let m = ColumnSelection(schema: schema, table: "Messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(m.columns(["id", "convo_id", "chatname", "author", "from_dispname", "dialog_partner", "timestamp", "type", "chatmsg_type", "edited_timestamp", "edited_by", "body_xml", "remote_id", "identities"]))
            FROM Messages m ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let author = row.nonEmptyText("author")
            let type = row.int("type")
            let known = type.flatMap { messageTypes[$0] }
            let conversation = row.int("convo_id").flatMap { conversations[$0] }
            let peer = conversation?.identity ?? row.nonEmptyText("dialog_partner")
            let direction: Direction
            if known?.system == true {
                direction = .system
            } else if let author, let account {
                direction = author == account ? .outgoing : .incoming
            } else {
                direction = .unknown
            }
            let raw = row.text("body_xml")
            let body = raw.map { type == 64 || $0.hasPrefix("<sms") ? SkypeText.smsText($0) : SkypeText.plain($0) }
            var status = known?.status
            if let edited = row.int("edited_timestamp"), edited != 0, known?.system != true {
                status = (body ?? "").isEmpty ? "deleted" : (status.map { "\($0),edited" } ?? "edited")
            }
            if type != nil, known == nil { status = "type-\(type ?? 0)" }
            var recipients: [String] = []
            switch direction {
            case .outgoing: if let peer, peer != account { recipients = [peer] }
            case .incoming: if let account { recipients = [account] }
            default: break
            }
            try sink.add(ChatMessage(
                app: info.app, account: account,
                thread: conversation?.identity ?? row.nonEmptyText("chatname"),
                threadName: conversation?.name,
                sender: author, senderName: row.nonEmptyText("from_dispname"),
                recipients: recipients, direction: direction,
                sentAt: row.int("timestamp").flatMap(Timestamp.unixSeconds),
                body: body, messageId: row.text("id"), status: status,
                source: .row("Messages", row.int("rid"))))
        }
    }

    static func extractSMS(_ db: Database, schema: SQLiteSchema, account: String?, sink: ArtifactSink) throws {
        let s = ColumnSelection(schema: schema, table: "SMSes", alias: "s")
        let sql = """
            SELECT s.rowid AS rid, \(s.columns(["id", "type", "status", "failurereason", "timestamp", "reply_to_number", "target_numbers", "body", "chatmsg_id", "convo_name"]))
            FROM SMSes s ORDER BY s.rowid
            """
        try db.forEachRow(sql) { row in
            // Sms.TYPE: 1 incoming, 2 outgoing, 3/4 confirmation-code request/submit (sent by the account).
            let type = row.int("type")
            let direction: Direction = type == 1 ? .incoming : (type.map { (2...4).contains($0) } == true ? .outgoing : .unknown)
            let targets = (row.text("target_numbers") ?? "")
                .split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let from = row.nonEmptyText("reply_to_number")
            try sink.add(ChatMessage(
                app: info.app, account: account,
                thread: row.nonEmptyText("convo_name") ?? (direction == .incoming ? from : targets.first),
                sender: direction == .incoming ? from : account,
                recipients: direction == .incoming ? (account.map { [$0] } ?? []) : targets,
                direction: direction,
                sentAt: row.int("timestamp").flatMap(Timestamp.unixSeconds),
                body: row.text("body"),
                status: row.int("failurereason").map { $0 != 0 } == true ? "sms,failed" : "sms",
                source: .row("SMSes", row.int("rid"))))
        }
    }

    static func extractTransfers(_ db: Database, schema: SQLiteSchema, account: String?, conversations: [Int64: Conversation],
                                 sink: ArtifactSink) throws {
        let t = ColumnSelection(schema: schema, table: "Transfers", alias: "t")
        // An offer row (no parent_id) names its sender; the per-recipient rows point at it with parent_id = pk_id
        // and name the recipient (plaso's QUERY_SOURCE/DEST_FROM_TRANSFER).
        var recipientsByOffer: [Int64: [String]] = [:]
        var senderByOffer: [Int64: (String, String?)] = [:]
        if t.has("pk_id") && t.has("parent_id") {
            try db.forEachRow("SELECT \(t.columns(["pk_id", "parent_id", "partner_handle", "partner_dispname"])) FROM Transfers t ORDER BY t.rowid") { row in
                guard let handle = row.nonEmptyText("partner_handle") else { return }
                if let parent = row.int("parent_id"), parent != 0 {
                    if recipientsByOffer[parent]?.contains(handle) != true { recipientsByOffer[parent, default: []].append(handle) }
                } else if let pk = row.int("pk_id"), pk != 0, senderByOffer[pk] == nil {
                    senderByOffer[pk] = (handle, row.nonEmptyText("partner_dispname"))
                }
            }
        }
        let sql = """
            SELECT t.rowid AS rid, \(t.columns(["id", "type", "partner_handle", "partner_dispname", "status", "failurereason", "starttime", "finishtime", "filepath", "filename", "filesize", "convo_id", "pk_id", "parent_id"]))
            FROM Transfers t ORDER BY t.rowid
            """
        try db.forEachRow(sql) { row in
            let handle = row.nonEmptyText("partner_handle")
            let handleName = row.nonEmptyText("partner_dispname")
            let parent = row.int("parent_id").flatMap { $0 == 0 ? nil : $0 }
            var sender: String?, senderName: String?, recipients: [String] = []
            if let parent {
                // A delivery row: the partner is the recipient; the offer row names the sender.
                recipients = handle.map { [$0] } ?? []
                (sender, senderName) = senderByOffer[parent].map { ($0.0, $0.1) } ?? (nil, nil)
            } else {
                sender = handle
                senderName = handleName
                recipients = row.int("pk_id").flatMap { recipientsByOffer[$0] } ?? []
            }
            // Transfer.TYPE: 1 incoming, 2 outgoing.
            let direction: Direction
            switch row.int("type") {
            case 1: direction = .incoming
            case 2: direction = .outgoing
            default: direction = .unknown
            }
            if direction == .outgoing, sender == nil { sender = account }
            if direction == .incoming, recipients.isEmpty, let account { recipients = [account] }
            if direction == .outgoing, recipients.isEmpty, let handle, handle != account { recipients = [handle] }
            let conversation = row.int("convo_id").flatMap { conversations[$0] }
            let peer = direction == .incoming ? sender : recipients.first { $0 != account }
            let state = row.int("status").map { transferStatus[$0] ?? "status-\($0)" }
            let size = row.text("filesize").flatMap { Int64($0) }
            try sink.add(ChatMessage(
                app: info.app, account: account,
                thread: conversation?.identity ?? peer, threadName: conversation?.name,
                sender: sender, senderName: senderName, recipients: recipients, direction: direction,
                sentAt: row.int("starttime").flatMap(Timestamp.unixSeconds),
                body: nil,
                attachments: [Attachment(name: row.nonEmptyText("filename"), sourcePath: row.nonEmptyText("filepath"), size: size)],
                status: state.map { "file:\($0)" } ?? "file",
                source: .row("Transfers", row.int("rid"))))
        }
    }
}

enum SkypeCommon {
    /// The account's Skype name: the first `Accounts` row.
    static func account(_ db: Database) throws -> String? {
        var result: String?
        try db.forEachRow("SELECT skypename FROM Accounts ORDER BY rowid") { row in
            if result == nil { result = row.nonEmptyText("skypename") }
        }
        return result
    }
}

/// Skype's `body_xml`: text with XML markup (`<a>`, `<ss>`, `<quote>`, `<b>`…) and XML character references.
enum SkypeText {
    /// The text a reader sees: tags removed, then entities decoded (so an escaped `&lt;b&gt;` stays visible as `<b>`).
    static func plain(_ xml: String) -> String {
        guard xml.contains("<") || xml.contains("&") else { return xml }
        var stripped = ""
        stripped.reserveCapacity(xml.utf8.count)
        var inTag = false
        for character in xml {
            if inTag {
                if character == ">" { inTag = false }
            } else if character == "<" {
                inTag = true
            } else {
                stripped.append(character)
            }
        }
        // An unterminated `<` is text, not markup.
        if inTag, let start = xml.lastIndex(of: "<") { stripped += xml[start...] }
        return decodeEntities(stripped)
    }

    /// An SMS sent from Skype is stored as `<sms alt="text">…</sms>`: the text is the `alt` attribute.
    static func smsText(_ xml: String) -> String {
        guard xml.hasPrefix("<sms"), let open = xml.range(of: "alt=\"") else { return plain(xml) }
        guard let close = xml[open.upperBound...].firstIndex(of: "\"") else { return plain(xml) }
        return decodeEntities(String(xml[open.upperBound..<close]))
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                out.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let decoded = entity(String(name)) {
                out.append(decoded)
                index = text.index(after: semicolon)
            } else {
                out.append(character)
                index = text.index(after: index)
            }
        }
        return out
    }

    private static func entity(_ name: String) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{00A0}"
        default: break
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }
}
