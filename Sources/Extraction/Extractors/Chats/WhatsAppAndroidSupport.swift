// Shared lookups for the WhatsApp Android extractors: the msgstore.db `jid` table (with `jid_map` LID→phone-number
// mapping), chat subjects, and the names WhatsApp's message and system-action type numbers stand for.
// Sources: KnugiHK/WhatsApp-Chat-Exporter android_handler.py and utility.py (determine_metadata), ALEAPP whatsApp.py.

import EvidenceModel
import Foundation
import GRDB

enum WhatsAppAndroid {
    static let app = "whatsapp"

    /// JIDs of msgstore.db by `jid._id`; LIDs (`…@lid`) listed in `jid_map` resolve to the phone-number JID they map
    /// to, which is what wa.db names and what the user sees.
    struct JIDTable {
        private var raw: [Int64: String] = [:]
        private var mapped: [Int64: Int64] = [:]

        init(db: Database, schema: SQLiteSchema) throws {
            guard schema.has("jid", "_id") else { return }
            let jid = ColumnSelection(schema: schema, table: "jid", alias: "j")
            try db.forEachRow("SELECT j._id AS id, \(jid.columns(["raw_string", "user", "server"])) FROM jid j ORDER BY j.rowid") { row in
                guard let id = row.int("id") else { return }
                if let text = row.nonEmptyText("raw_string") {
                    raw[id] = text
                } else if let user = row.text("user") {
                    let server = row.nonEmptyText("server")
                    raw[id] = server.map { "\(user)@\($0)" } ?? user
                }
            }
            if schema.has("jid_map", "lid_row_id") && schema.has("jid_map", "jid_row_id") {
                try db.forEachRow("SELECT lid_row_id, jid_row_id FROM jid_map ORDER BY rowid") { row in
                    if let lid = row.int("lid_row_id"), let target = row.int("jid_row_id"), mapped[lid] == nil { mapped[lid] = target }
                }
            }
        }

        /// The JID for a row id (0 and negative ids mean "none" in msgstore.db).
        func jid(_ id: Int64?) -> String? {
            guard let id, id > 0 else { return nil }
            if let target = mapped[id], let text = raw[target] { return text }
            return raw[id]
        }
    }

    /// `chat._id` → (chat JID row id, subject).
    static func chats(db: Database, schema: SQLiteSchema) throws -> [Int64: (jid: Int64?, subject: String?)] {
        guard schema.has("chat", "_id") else { return [:] }
        let chat = ColumnSelection(schema: schema, table: "chat", alias: "c")
        var result: [Int64: (jid: Int64?, subject: String?)] = [:]
        try db.forEachRow("SELECT c._id AS id, \(chat.columns(["jid_row_id", "subject"])) FROM chat c ORDER BY c.rowid") { row in
            if let id = row.int("id"), result[id] == nil { result[id] = (row.int("jid_row_id"), row.nonEmptyText("subject")) }
        }
        return result
    }

    /// What identifies one message in both msgstore.db schemas: its `key_id` and direction bit. The chat, the third
    /// part of WhatsApp's own key, is left out because the two schemas name it differently (`key_remote_jid` text
    /// against `chat_row_id` → `jid`, possibly a LID); key ids are random per message, so they do not repeat.
    static func messageKey(keyId: String?, fromMe: Int64?) -> String? {
        guard let keyId else { return nil }
        return "\(fromMe.map(String.init) ?? "-")|\(keyId)"
    }

    /// A call's outcome and status from `call_result`, as KnugiHK/WhatsApp-Chat-Exporter's
    /// _construct_call_description reads it: 5 connected; 2 not answered; 0, 4, 7 cancelled by the caller (missed
    /// for the callee); 3 unavailable. Shared by `call_log` and the older `call_logs`.
    static func callOutcome(result: Int64?, direction: Direction) -> (CallOutcome, String?) {
        switch result {
        case 5: return (.answered, nil)
        case 2: return (direction == .outgoing ? .cancelled : .missed, "not-answered")
        case 0, 4, 7: return (direction == .outgoing ? .cancelled : .missed, "cancelled")
        case 3: return (.unknown, "unavailable")
        case let value?: return (.unknown, "call_result-\(value)")
        case nil: return (.unknown, nil)
        }
    }

    /// `video_call` 1 video, 0 voice.
    static func callMedia(_ video: Int64?) -> CallMedia {
        switch video {
        case 1: return .video
        case 0: return .voice
        default: return .unknown
        }
    }

    static func isGroup(_ jid: String?) -> Bool { jid?.hasSuffix("@g.us") ?? false }

    /// `message.message_type` (current schema) and `messages.media_wa_type` (legacy): the names kept in `status`.
    /// 0 is plain text (no status); 7 is a system row; 8 a legacy call-log row; 15 a revoked ("deleted for
    /// everyone") message.
    static func typeName(_ type: Int64?) -> String? {
        guard let type else { return nil }
        switch type {
        case 0: return nil
        case 1: return "image"
        case 2: return "audio"
        case 3: return "video"
        case 4: return "contact"
        case 5: return "location"
        case 7: return "system"
        case 8: return "call"
        case 9: return "document"
        case 10: return "missed-call"
        case 13: return "gif"
        case 14: return "contacts"
        case 15: return "revoked"
        case 16: return "live-location"
        case 20: return "sticker"
        case 42: return "view-once-image"
        case 43: return "view-once-video"
        default: return "type-\(type)"
        }
    }

    /// `message_system.action_type`, as WhatsApp-Chat-Exporter's determine_metadata reads it.
    static func systemActionName(_ action: Int64?) -> String {
        switch action {
        case 1: return "subject-changed"
        case 4, 12: return "member-added"
        case 5: return "member-left"
        case 6: return "icon-changed"
        case 7, 14: return "member-removed"
        case 9: return "broadcast-created"
        case 10, 28: return "number-changed"
        case 11: return "group-created"
        case 18, 57: return "security-code-changed"
        case 19: return "encrypted"
        case 20: return "joined-by-link"
        case 27: return "description-changed"
        case 56: return "disappearing-timer"
        case 58: return "blocked"
        default: return "system"
        }
    }

    static func attachment(name: String?, mime: String?, path: String?, size: Int64?) -> Attachment? {
        guard name != nil || mime != nil || path != nil else { return nil }
        let shownName = name ?? path.map { ($0 as NSString).lastPathComponent }
        return Attachment(name: shownName, mime: mime, sourcePath: path, size: size.flatMap { $0 > 0 ? $0 : nil })
    }

    /// The first path-like string in a serialized Java object (legacy `messages.thumb_image` holds a MediaData
    /// object whose java.io.File field is written as TC_STRING 0x74, a big-endian u16 length, UTF-8 bytes).
    static func javaSerializedPath(_ bytes: [UInt8]) -> String? {
        guard bytes.count > 4, bytes[0] == 0xAC, bytes[1] == 0xED else { return nil }
        var index = 4
        while index + 3 <= bytes.count {
            if bytes[index] == 0x74 {
                let length = Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
                let start = index + 3
                if length > 0, start + length <= bytes.count,
                   let text = String(bytes: bytes[start..<(start + length)], encoding: .utf8),
                   text.contains("/"), !text.contains("\0") {
                    return text
                }
            }
            index += 1
        }
        return nil
    }
}
