// Apple Messages (iMessage and SMS/MMS relayed through it) from iOS sms.db / macOS chat.db: message, handle, chat,
// chat_message_join, chat_handle_join, message_attachment_join, attachment.
// Schema: plaso parsers/sqlite_plugins/imessage.py; mvt mvt/ios/modules/mixed/sms.py and sms_attachments.py;
// iLEAPP scripts/artifacts/sms.py. `date` is seconds since 2001 before macOS 10.13 / iOS 11, nanoseconds since.
// Newer systems leave `text` NULL and keep the body only in `attributedBody` (an NSArchiver "streamtyped"
// NSAttributedString): see `StreamTypedString`.

import EvidenceModel
import Foundation
import GRDB

public enum IMessageExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "apple.imessage.messages", version: 1, app: "imessage",
                                           documentation: "plaso parsers/sqlite_plugins/imessage.py; mvt ios/modules/mixed/sms.py; iLEAPP scripts/artifacts/sms.py")
    public static let signature = SQLiteSignature([
        "message": ["ROWID", "guid", "text", "handle_id", "date", "is_from_me"],
        "handle": ["ROWID", "id"],
    ])

    struct Chat { var guid: String?; var identifier: String?; var displayName: String?; var account: String? }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var handles: [Int64: String] = [:]
        try db.forEachRow("SELECT ROWID AS rid, id FROM handle ORDER BY ROWID") { row in
            if let rid = row.int("rid"), let id = row.nonEmptyText("id") { handles[rid] = id }
        }
        var chats: [Int64: Chat] = [:]
        let hasChats = schema.has("chat", "ROWID") && schema.has("chat_message_join", "chat_id") && schema.has("chat_message_join", "message_id")
        if hasChats {
            let chat = ColumnSelection(schema: schema, table: "chat", alias: "c")
            try db.forEachRow("SELECT c.ROWID AS rid, \(chat.columns(["guid", "chat_identifier", "display_name", "account_login"])) FROM chat c ORDER BY c.ROWID") { row in
                guard let rid = row.int("rid") else { return }
                chats[rid] = Chat(guid: row.nonEmptyText("guid"), identifier: row.nonEmptyText("chat_identifier"),
                                  displayName: row.nonEmptyText("display_name"), account: row.nonEmptyText("account_login").map(stripAccountPrefix))
            }
        }
        var members: [Int64: [String]] = [:]
        if hasChats && schema.has("chat_handle_join", "chat_id") && schema.has("chat_handle_join", "handle_id") {
            try db.forEachRow("SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id") { row in
                if let chat = row.int("chat_id"), let id = row.int("handle_id").flatMap({ handles[$0] }) { members[chat, default: []].append(id) }
            }
        }
        var attachments: [Int64: [Attachment]] = [:]
        if schema.has("message_attachment_join", "message_id") && schema.has("message_attachment_join", "attachment_id")
            && schema.has("attachment", "ROWID") {
            let attachment = ColumnSelection(schema: schema, table: "attachment", alias: "a")
            try db.forEachRow("""
                SELECT j.message_id AS mid, \(attachment.columns(["filename", "mime_type", "transfer_name", "total_bytes"]))
                FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID
                """) { row in
                guard let mid = row.int("mid") else { return }
                let path = row.nonEmptyText("filename")
                let name = row.nonEmptyText("transfer_name") ?? path.map { ($0 as NSString).lastPathComponent }
                attachments[mid, default: []].append(Attachment(name: name, mime: row.nonEmptyText("mime_type"), sourcePath: path,
                                                                size: row.int("total_bytes").flatMap { $0 > 0 ? $0 : nil }))
            }
        }

        let message = ColumnSelection(schema: schema, table: "message", alias: "m")
        let sql = """
            SELECT m.ROWID AS rid, \(message.columns(["guid", "text", "attributedBody", "handle_id", "is_from_me", "date", "service", "account",
                                                      "cache_has_attachments", "associated_message_guid", "associated_message_type",
                                                      "thread_originator_guid", "date_edited", "date_retracted", "item_type", "subject"])),
                   \(hasChats ? "j.chat_id AS chat_id" : "NULL AS chat_id")
            FROM message m
            \(hasChats ? "LEFT JOIN (SELECT message_id, min(chat_id) AS chat_id FROM chat_message_join GROUP BY message_id) j ON j.message_id = m.ROWID" : "")
            ORDER BY m.ROWID
            """
        let ownerFromDirectory = context.directory.account(app: "imessage")
        try db.forEachRow(sql) { row in
            let rid = row.int("rid")
            let chatId = row.int("chat_id")
            let chat = chatId.flatMap { chats[$0] }
            let handle = row.int("handle_id").flatMap { handles[$0] }
            let account = row.nonEmptyText("account").map(stripAccountPrefix).flatMap { $0.isEmpty ? nil : $0 } ?? chat?.account ?? ownerFromDirectory
            let itemType = row.int("item_type") ?? 0
            let fromMe = row.bool("is_from_me") ?? false
            let direction: Direction = itemType != 0 ? .system : (fromMe ? .outgoing : .incoming)

            var sender: String?
            var senderName: String?
            var recipients: [String] = []
            switch direction {
            case .outgoing:
                sender = account
                let group = chatId.flatMap { members[$0] } ?? []
                recipients = !group.isEmpty ? group : (handle ?? chat?.identifier).map { [$0] } ?? []
            case .incoming, .system, .unknown:
                sender = handle
                senderName = name(handle, context)
                if direction == .incoming, let account { recipients = [account] }
            }

            var body = row.nonEmptyText("text")
            if body == nil, let blob = row.blob("attributedBody"), !blob.isEmpty {
                if let decoded = StreamTypedString.decode(blob) {
                    body = decoded
                } else {
                    sink.problem("message \(rid.map(String.init) ?? "?"): attributedBody could not be decoded")
                }
            }

            var status: String?
            if (row.int("date_retracted") ?? 0) != 0 { status = "retracted" }
            else if (row.int("date_edited") ?? 0) != 0 { status = "edited" }
            else if let type = row.int("associated_message_type"), (2000..<4000).contains(type) { status = "reaction" }
            else if itemType != 0 {
                switch itemType {
                case 1: status = "member-change"
                case 2: status = "renamed"
                case 3: status = "group-action"
                default: status = "item type \(itemType)"
                }
            }

            let replyTo = row.nonEmptyText("thread_originator_guid") ?? row.nonEmptyText("associated_message_guid").map(stripAssociatedPrefix)
            var time: Timestamp?
            // Integers: s (old) or ns (macOS 10.13+) since 2001; a REAL is fractional seconds and must not be truncated.
            if case .double(let value)? = row.value("date")?.storage { time = Timestamp.cocoaSeconds(value) }
            else if let value = row.int("date") { time = Timestamp.cocoaAutoScaled(value) }

            try sink.add(ChatMessage(
                app: "imessage", account: account, thread: chat?.guid ?? handle,
                threadName: chat?.displayName ?? name(chat?.identifier ?? handle, context) ?? chat?.identifier ?? handle,
                sender: sender, senderName: senderName, recipients: recipients, direction: direction,
                sentAt: time, body: body, attachments: rid.flatMap { attachments[$0] } ?? [], replyTo: replyTo,
                messageId: row.nonEmptyText("guid"), status: status, source: .row("message", rid)))
        }
    }

    static func name(_ id: String?, _ context: ExtractionContext) -> String? {
        guard let id else { return nil }
        return context.directory.name(app: "imessage", id: id) ?? context.directory.name(app: "phone", id: id)
    }

    /// `e:someone@icloud.com` / `p:+4477…` → the address.
    static func stripAccountPrefix(_ text: String) -> String {
        if text.hasPrefix("e:") || text.hasPrefix("p:") || text.hasPrefix("E:") || text.hasPrefix("P:") { return String(text.dropFirst(2)) }
        return text
    }

    /// Tapbacks and stickers point at `p:0/GUID` or `bp:GUID`; the GUID is what other rows' `guid` hold.
    static func stripAssociatedPrefix(_ text: String) -> String {
        if let slash = text.firstIndex(of: "/"), text.hasPrefix("p:") { return String(text[text.index(after: slash)...]) }
        if text.hasPrefix("bp:") { return String(text.dropFirst(3)) }
        return text
    }
}

/// The string inside an NSArchiver ("typedstream") NSAttributedString, as Messages stores in `attributedBody`:
/// after the `NSString` class name comes `0x84 0x01 '+'` and a length — one byte below 0x80, 0x81 and a 2-byte
/// little-endian length, 0x82 and a 4-byte one — then that many UTF-8 bytes.
public enum StreamTypedString {
    public static func decode(_ bytes: [UInt8]) -> String? {
        guard let marker = find(Array("NSString".utf8), in: bytes, from: 0) else { return nil }
        var index = marker + 8
        // The '+' (C string of the object) follows within a few bytes of the class name.
        let limit = min(bytes.count, index + 16)
        while index < limit, bytes[index] != 0x2B { index += 1 }
        guard index < limit else { return nil }
        index += 1
        guard index < bytes.count else { return nil }
        let length: Int
        switch bytes[index] {
        case 0x81:
            guard index + 2 < bytes.count else { return nil }
            length = Int(bytes[index + 1]) | Int(bytes[index + 2]) << 8
            index += 3
        case 0x82:
            guard index + 4 < bytes.count else { return nil }
            length = Int(bytes[index + 1]) | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3]) << 16 | Int(bytes[index + 4]) << 24
            index += 5
        case let byte where byte < 0x80:
            length = Int(byte)
            index += 1
        default:
            return nil
        }
        guard length >= 0 else { return nil }
        // Tolerant of a truncated blob: what is there is returned.
        let end = min(bytes.count, index + length)
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
