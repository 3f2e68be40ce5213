// Facebook Messenger on Android (com.facebook.orca / com.facebook.katana): databases/threads_db2.
// Schema: ALEAPP scripts/artifacts/FacebookMessenger.py (get_fb_threads_chats: messages.sender JSON
// `$.user_key`/`$.name`, attachments JSON `$[0].filename`, snippet, msg_type, generic_admin_message_extensible_data
// for call rows); karlicoss/HPI my/fbmessenger/android.py (thread keys `ONE_TO_ONE:<other>:<self>` and
// `GROUP:<id>`, thread_participants, thread_users, message_replied_to_id, msg_type -1 rows without content and
// 2 = participant left).
//
// - timestamp_ms: ms since 1970.
// - User ids are the `user_key` without its `FACEBOOK:` prefix.
// - The account: the `<self>` part of ONE_TO_ONE thread keys (the id that recurs in all of them); the app keeps
//   it in a separate file (threads_db2-uid), which a DirectoryProvider-independent extractor cannot read.
//   A message whose sender is the account is outgoing, any other incoming.
// - msg_type 0 is a user message; other types (members added/removed, renames, call log rows, admin texts) are
//   `.system` with status `type N` (`call` when generic_admin_message_extensible_data has a call_duration), and
//   their body is the row's text, else its `snippet` (the admin text shown in the thread).
// - attachments: JSON array of objects (filename, mime_type, file_size); undecodable JSON is a row problem, the
//   message is still kept.

import EvidenceModel
import Foundation
import GRDB

public enum MessengerAndroidMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "facebook.messenger.android.messages", version: 1, app: "messenger",
                                           documentation: "ALEAPP scripts/artifacts/FacebookMessenger.py (threads_db2); karlicoss/HPI my/fbmessenger/android.py")
    public static let signature = SQLiteSignature([
        "messages": ["msg_id", "thread_key", "text", "sender", "timestamp_ms", "msg_type"],
        "threads": ["thread_key"],
    ])

    static let userPrefix = "FACEBOOK:"

    static func userId(_ key: String) -> String {
        key.hasPrefix(userPrefix) ? String(key.dropFirst(userPrefix.count)) : key
    }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var names: [String: String] = [:]
        if schema.has("thread_users", "user_key") {
            let users = ColumnSelection(schema: schema, table: "thread_users", alias: "u")
            try db.forEachRow("SELECT u.user_key AS user_key, \(users.columns(["name", "first_name", "last_name"])) FROM thread_users u ORDER BY u.rowid") { row in
                guard let key = row.nonEmptyText("user_key") else { return }
                let joined = [row.nonEmptyText("first_name"), row.nonEmptyText("last_name")].compactMap { $0 }.joined(separator: " ")
                if let name = row.nonEmptyText("name") ?? (joined.isEmpty ? nil : joined) { names[userId(key)] = name }
            }
        }
        let threads = ColumnSelection(schema: schema, table: "threads", alias: "t")
        var threadNames: [String: String] = [:]
        var selfCounts: [String: Int] = [:]
        try db.forEachRow("SELECT t.thread_key AS thread_key, \(threads.column("name")) FROM threads t ORDER BY t.rowid") { row in
            guard let key = row.nonEmptyText("thread_key") else { return }
            if let name = row.nonEmptyText("name") { threadNames[key] = name }
            let parts = key.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "ONE_TO_ONE", !parts[2].isEmpty { selfCounts[String(parts[2]), default: 0] += 1 }
        }
        let inferred = selfCounts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        if selfCounts.count > 1 { sink.note("ONE_TO_ONE thread keys name \(selfCounts.count) different own ids; using \(inferred ?? "?")") }
        let account = context.directory.account(app: "messenger") ?? inferred

        var members: [String: [String]] = [:]
        if schema.has("thread_participants", "thread_key"), schema.has("thread_participants", "user_key") {
            try db.forEachRow("SELECT thread_key, user_key FROM thread_participants ORDER BY rowid") { row in
                guard let thread = row.nonEmptyText("thread_key"), let key = row.nonEmptyText("user_key") else { return }
                let id = userId(key)
                if members[thread]?.contains(id) != true { members[thread, default: []].append(id) }
            }
        }

        let messages = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(messages.columns(["msg_id", "thread_key", "text", "sender", "timestamp_ms", "attachments", "msg_type", "snippet", "generic_admin_message_extensible_data", "message_replied_to_id"]))
            FROM messages m ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let rowid = row.int("rid")
            let thread = row.nonEmptyText("thread_key")
            var senderId: String?, senderName: String?
            if let json = row.nonEmptyText("sender") {
                if let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] {
                    senderId = (object["user_key"] as? String).map(userId)
                    senderName = object["name"] as? String
                } else {
                    sink.problem("messages row \(rowid.map(String.init) ?? "?"): sender is not JSON")
                }
            }
            if senderName == nil, let senderId { senderName = names[senderId] }
            let type = row.int("msg_type")
            var status: String?
            let direction: Direction
            if type == 0 || type == nil {
                if let senderId, let account { direction = senderId == account ? .outgoing : .incoming } else { direction = .unknown }
            } else {
                direction = .system
                status = "type \(type ?? 0)"
            }
            if let admin = row.nonEmptyText("generic_admin_message_extensible_data"),
               let object = (try? JSONSerialization.jsonObject(with: Data(admin.utf8))) as? [String: Any],
               object["call_duration"] != nil {
                status = "call"
            }
            let others: [String] = {
                if let thread, let list = members[thread] { return list.filter { $0 != account } }
                if let thread {
                    let parts = thread.split(separator: ":")
                    if parts.count == 3, parts[0] == "ONE_TO_ONE" { return [String(parts[1])] }
                    return [thread]
                }
                return []
            }()
            let recipients: [String]
            switch direction {
            case .outgoing: recipients = others
            case .incoming: recipients = account.map { [$0] } ?? []
            default: recipients = []
            }
            var body = row.text("text")
            if direction == .system, body?.isEmpty ?? true { body = row.nonEmptyText("snippet") ?? body }
            let message = ChatMessage(
                app: "messenger",
                account: account,
                thread: thread,
                threadName: thread.flatMap { threadNames[$0] } ?? oneToOnePeerName(thread, names: names),
                sender: senderId,
                senderName: senderName,
                recipients: recipients,
                direction: direction,
                sentAt: row.int("timestamp_ms").flatMap(Timestamp.unixMilliseconds),
                body: body,
                attachments: attachments(row.nonEmptyText("attachments"), rowid: rowid, sink: sink),
                replyTo: row.nonEmptyText("message_replied_to_id"),
                messageId: row.nonEmptyText("msg_id"),
                status: status,
                source: .row("messages", rowid))
            try sink.add(message)
        }
    }

    static func oneToOnePeerName(_ thread: String?, names: [String: String]) -> String? {
        guard let parts = thread?.split(separator: ":"), parts.count == 3, parts[0] == "ONE_TO_ONE" else { return nil }
        return names[String(parts[1])]
    }

    static func attachments(_ json: String?, rowid: Int64?, sink: ArtifactSink) -> [Attachment] {
        guard let json, json != "[]" else { return [] }
        guard let list = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [Any] else {
            sink.problem("messages row \(rowid.map(String.init) ?? "?"): attachments are not a JSON array")
            return []
        }
        return list.compactMap { item in
            guard let object = item as? [String: Any] else { return nil }
            let size: Int64? = (object["file_size"] as? NSNumber)?.int64Value
            return Attachment(name: object["filename"] as? String, mime: object["mime_type"] as? String,
                              sourcePath: nil, size: size)
        }
    }
}
