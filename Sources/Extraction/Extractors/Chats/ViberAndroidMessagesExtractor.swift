// Viber on Android, databases/viber_messages: `messages` (send_type 1 = sent by the account, msg_date ms in
// current versions, `date` and `address` in older ones), senders through participants → participants_info
// (number, contact_name / display_name / viber_name; participant_type 0 is the account), conversations (name of
// groups), media in extra_uri.
// Schema: ALEAPP scripts/artifacts/viber.py (get_Viber_messages: messages M JOIN participants P ON
// M.participant_id = P._id JOIN participants_info PI ON P.participant_info_id = PI._id; send_type 1 Outgoing;
// extra_uri attachment); Viber's own schema strings (participants_info.participant_type = 0 for the owner).

import EvidenceModel
import GRDB

public enum ViberAndroidMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "viber.android.messages", version: 1, app: "viber",
                                           documentation: "ALEAPP scripts/artifacts/viber.py (get_Viber_messages)")
    public static let signature = SQLiteSignature([
        "messages": ["conversation_id", "send_type", "body"],
        "participants_info": ["number"],
    ])

    struct Person { var number: String?; var name: String? }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        // participants_info: _id → number and name; the account is participant_type 0.
        let pi = ColumnSelection(schema: schema, table: "participants_info", alias: "pi")
        var infos: [Int64: Person] = [:]
        var account: String?
        var accountInfoIds: Set<Int64> = []
        try db.forEachRow("SELECT pi.rowid AS rid, \(pi.columns(["_id", "participant_type", "number", "contact_name", "display_name", "viber_name"])) FROM participants_info pi ORDER BY pi.rowid") { row in
            let id = row.int("_id") ?? row.int("rid")
            guard let id else { return }
            infos[id] = Person(number: row.nonEmptyText("number"),
                               name: row.nonEmptyText("contact_name") ?? row.nonEmptyText("display_name") ?? row.nonEmptyText("viber_name"))
            if row.int("participant_type") == 0 {
                accountInfoIds.insert(id)
                if account == nil { account = row.nonEmptyText("number") }
            }
        }
        // participants: _id → participant_info_id, and conversation → member numbers.
        var participants: [Int64: Int64] = [:]
        var members: [Int64: [String]] = [:]
        var firstMemberName: [Int64: String] = [:]
        if schema.has("participants", "participant_info_id") {
            let p = ColumnSelection(schema: schema, table: "participants", alias: "p")
            try db.forEachRow("SELECT p.rowid AS rid, \(p.columns(["_id", "conversation_id", "participant_info_id"])) FROM participants p ORDER BY p.rowid") { row in
                guard let infoId = row.int("participant_info_id") else { return }
                if let id = row.int("_id") ?? row.int("rid") { participants[id] = infoId }
                if let conversation = row.int("conversation_id"), !accountInfoIds.contains(infoId),
                   let number = infos[infoId]?.number, members[conversation]?.contains(number) != true {
                    members[conversation, default: []].append(number)
                    if firstMemberName[conversation] == nil, let name = infos[infoId]?.name { firstMemberName[conversation] = name }
                }
            }
        }
        var conversationNames: [Int64: String] = [:]
        if schema.has("conversations", "_id") && schema.has("conversations", "name") {
            try db.forEachRow("SELECT _id, name FROM conversations ORDER BY rowid") { row in
                if let id = row.int("_id"), let name = row.nonEmptyText("name") { conversationNames[id] = name }
            }
        }
        let m = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(m.columns(["_id", "conversation_id", "participant_id", "address", "msg_date", "date", "send_type", "body", "extra_uri", "extra_mime", "deleted", "token", "message_global_id"]))
            FROM messages m ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let conversation = row.int("conversation_id")
            let participant = row.int("participant_id").flatMap { participants[$0] }.flatMap { infos[$0] }
            let number = participant?.number ?? row.nonEmptyText("address")
            let direction: Direction
            switch row.int("send_type") {
            case 1: direction = .outgoing
            case 0: direction = .incoming
            default: direction = .unknown
            }
            let groupMembers = conversation.flatMap { members[$0] } ?? []
            let conversationName = conversation.flatMap { conversationNames[$0] }
            var recipients: [String] = []
            if direction == .outgoing {
                recipients = groupMembers.isEmpty ? (number.map { [$0] } ?? []) : groupMembers
            } else if direction == .incoming, let account {
                recipients = [account]
            }
            let time = row.int("msg_date") ?? row.int("date")
            var attachments: [Attachment] = []
            if let uri = row.nonEmptyText("extra_uri") {
                attachments.append(Attachment(name: uri.split(separator: "/").last.map(String.init), sourcePath: uri))
            }
            let peerName = groupMembers.count == 1 ? conversation.flatMap { firstMemberName[$0] } : nil
            try sink.add(ChatMessage(
                app: info.app, account: account,
                thread: conversation.map(String.init),
                threadName: conversationName ?? peerName ?? (groupMembers.count <= 1 ? participant?.name : nil),
                sender: direction == .incoming ? number : (direction == .outgoing ? account : nil),
                senderName: direction == .incoming ? participant?.name : nil,
                recipients: recipients, direction: direction,
                sentAt: time.flatMap(Timestamp.unixMilliseconds),
                body: row.text("body"), attachments: attachments,
                messageId: row.nonEmptyText("token"),
                status: (row.int("deleted") ?? 0) != 0 ? "deleted" : nil,
                source: .row("messages", row.int("rid"))))
        }
    }
}
