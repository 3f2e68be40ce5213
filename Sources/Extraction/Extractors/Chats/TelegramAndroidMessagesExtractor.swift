// Telegram for Android's cache4.db (org.telegram.messenger/files/cache4.db): messages_v2 (older versions:
// messages) with the TL-serialized Message in `data`, users and chats with TL User/Chat objects.
// Schema: Telegram Android MessagesStorage.java (CREATE TABLE messages_v2(mid, uid, read_state, send_state, date,
// data, out, ttl, media, replydata, imp, mention, forwards, replies_data, thread_reply_id, is_channel,
// reply_to_message_id, custom_params, group_id, reply_to_story_id); users(uid, name, status, data);
// chats(uid, name, data); dialogs(did, …)); TL layouts in TelegramTL.swift. Dialog ids (`uid`): a user's id,
// minus a group's or channel's id, or an encrypted chat (bit 62 set, or older: id << 32).

import EvidenceModel
import GRDB

public enum TelegramAndroidMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "telegram.android.messages", version: 1, app: "telegram",
                                           documentation: "Telegram Android MessagesStorage.java (cache4.db), tgnet/TLRPC.java; api.tl")
    public static let signature = SQLiteSignature([
        "users": ["uid", "name", "data"],
        "chats": ["uid", "name", "data"],
        "dialogs": ["did"],
    ])

    struct Person {
        var name: String?
        var username: String?
        var phone: String?
    }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let table: String
        if schema.has("messages_v2", "data") {
            table = "messages_v2"
        } else if schema.has("messages", "data") && schema.has("messages", "uid") {
            table = "messages"
            sink.note("older schema: messages table")
        } else {
            sink.note("no messages_v2 or messages table")
            return
        }

        // Users and chats are small: loaded first.
        var users: [Int64: Person] = [:]
        var owner: Int64?
        var userFallbacks = 0
        try db.forEachRow("SELECT uid, name, data FROM users ORDER BY rowid") { row in
            guard let uid = row.int("uid") else { return }
            if let blob = row.blob("data"), let user = TLUser.decode(blob, uid: uid) {
                users[uid] = Person(name: user.displayName, username: user.username, phone: user.phone)
                if user.isSelf, owner == nil { owner = uid }
            } else if let column = row.nonEmptyText("name") {
                // "name;;;username", the name lower-cased for search: used only when the TL object is unreadable.
                let parts = column.components(separatedBy: ";;;")
                users[uid] = Person(name: parts[0].isEmpty ? nil : parts[0], username: parts.count > 1 ? parts[1] : nil)
                userFallbacks += 1
            }
        }
        var chats: [Int64: String] = [:]
        try db.forEachRow("SELECT uid, name, data FROM chats ORDER BY rowid") { row in
            guard let uid = row.int("uid") else { return }
            if let blob = row.blob("data"), let title = TLChat.title(blob, uid: uid) {
                chats[uid] = title
            } else if let column = row.nonEmptyText("name") {
                chats[uid] = column.components(separatedBy: ";;;")[0]
                userFallbacks += 1
            }
        }
        if userFallbacks > 0 {
            sink.note("\(userFallbacks) users/chats named from the lower-cased search column (TL object unreadable)")
        }
        let account = owner.map { "user\($0)" } ?? context.directory.account(app: "telegram")
        if let account { sink.note("account \(account)") }

        let columns = ColumnSelection(schema: schema, table: table, alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(columns.columns(["mid", "uid", "read_state", "send_state", "date", "data", "out", "ttl", "is_channel", "reply_to_message_id"]))
            FROM "\(table)" m ORDER BY m.rowid
            """
        var undecoded: [UInt32: Int] = [:]
        try db.forEachRow(sql) { row in
            let uid = row.int("uid")
            let date = row.int("date")
            let blob = row.blob("data")
            let decoded = blob.flatMap { TLMessage.decode($0, rowDate: date) }
            if let blob, decoded?.date == nil {
                var reader = TLReader(blob)
                undecoded[reader.uint32() ?? 0, default: 0] += 1
            }

            // The conversation, from the dialog id.
            var thread: String?
            var threadName: String?
            var isPrivate = false
            if let uid {
                if uid > 0 && (uid & 0x4000_0000_0000_0000 != 0 || uid & 0xFFFF_FFFF == 0) {
                    let secret = uid & 0x4000_0000_0000_0000 != 0 ? uid & 0xFFFF_FFFF : uid >> 32
                    thread = "secret\(secret)"
                    threadName = "secret chat \(secret)"
                } else if uid > 0 {
                    isPrivate = true
                    thread = "user\(uid)"
                    threadName = users[uid]?.name ?? users[uid]?.username
                } else if uid != Int64.min {
                    let chatId = -uid
                    var isChannel = row.bool("is_channel") ?? false
                    if let peer = decoded?.peer, peer.id == chatId { isChannel = peer.kind == .channel }
                    thread = (isChannel ? "channel" : "chat") + String(chatId)
                    threadName = chats[chatId]
                }
            }

            let isOutgoing = row.bool("out") ?? decoded?.isOutgoing ?? false
            let direction: Direction = decoded?.isService == true ? .system : (isOutgoing ? .outgoing : .incoming)
            var sender: String?
            var senderName: String?
            if direction == .outgoing {
                sender = account
            } else if let from = decoded?.from {
                sender = from.typed
            } else if isPrivate {
                sender = thread
            } else if let peer = decoded?.peer, peer.kind == .channel {
                sender = peer.typed   // a channel post
            }
            if direction != .outgoing, let sender {
                if sender.hasPrefix("user"), let id = Int64(sender.dropFirst(4)) {
                    senderName = users[id]?.name ?? users[id]?.username
                } else if sender.hasPrefix("channel"), let id = Int64(sender.dropFirst(7)) {
                    senderName = chats[id]
                } else if sender.hasPrefix("chat"), let id = Int64(sender.dropFirst(4)) {
                    senderName = chats[id]
                }
            }
            var recipients: [String] = []
            if direction == .outgoing, let thread { recipients = [thread] }
            if direction == .incoming, let account { recipients = [account] }

            var status = decoded?.kind
            if status == nil {
                switch row.int("send_state") {
                case 1: status = "sending"
                case 2: status = "failed"
                default: break
                }
            }
            var body = decoded?.text
            if body?.isEmpty == true { body = nil }
            let attachments = decoded?.isAttachment == true ? [Attachment(mime: decoded?.mime)] : []
            let reply = row.int("reply_to_message_id").flatMap { $0 == 0 ? nil : String($0) }
            let sentAt = date.flatMap(Timestamp.unixSeconds)
            let source = SourceLocation.row(table, row.int("rid"))
            try sink.add(ChatMessage(
                app: "telegram", account: account, thread: thread, threadName: threadName, sender: sender,
                senderName: senderName, recipients: recipients, direction: direction, sentAt: sentAt, body: body,
                attachments: attachments, replyTo: reply, messageId: decoded.map { String($0.id) } ?? row.text("mid"),
                status: status, source: source))

            if let call = decoded?.call {
                let callDirection: Direction = isOutgoing ? .outgoing : .incoming
                let outcome: CallOutcome
                switch call.reason {
                case "missed": outcome = isOutgoing ? .cancelled : .missed
                case "busy": outcome = .rejected
                case "hangup": outcome = (call.duration ?? 0) > 0 ? .answered : (isOutgoing ? .cancelled : .rejected)
                default: outcome = (call.duration ?? 0) > 0 ? .answered : .unknown
                }
                try sink.add(Call(app: "telegram", account: account, peer: thread, peerName: threadName,
                                  direction: callDirection, startedAt: sentAt, durationSeconds: call.duration.map(Double.init),
                                  media: call.video ? .video : .voice, outcome: outcome, status: call.reason, source: source))
            }
        }
        if !undecoded.isEmpty {
            let list = undecoded.sorted { $0.key < $1.key }.map { "0x" + String($0.key, radix: 16) + "×\($0.value)" }.joined(separator: ", ")
            sink.note("message objects not decoded (constructor×rows: \(list)): kept from the row's columns without text")
        }
    }
}
