// WhatsApp Android call log from msgstore.db `call_log` (peer `jid_row_id` → `jid`, group calls in
// `group_jid_row_id` with participants in `call_log_participant_v2`), WhatsApp 2.18 and later.
// call_result as read by KnugiHK/WhatsApp-Chat-Exporter android_handler.py (_construct_call_description):
// 5 connected; 2 not answered; 0, 4, 7 cancelled by the caller (missed for the callee); 3 unavailable.

import EvidenceModel
import GRDB

public enum WhatsAppAndroidCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.calls", version: 1, app: WhatsAppAndroid.app,
                                           documentation: "KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_handler.py (call_log, _construct_call_description); ALEAPP scripts/artifacts/whatsApp.py")
    public static let signature = SQLiteSignature([
        "call_log": ["jid_row_id", "from_me", "timestamp", "video_call", "duration", "call_result"],
        "jid": ["_id"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let jids = try WhatsAppAndroid.JIDTable(db: db, schema: schema)
        var subjects: [Int64: String] = [:]
        // In chat row order, first subject wins: the result must not depend on dictionary order.
        for (_, chat) in try WhatsAppAndroid.chats(db: db, schema: schema).sorted(by: { $0.key < $1.key }) {
            if let jid = chat.jid, let subject = chat.subject, subjects[jid] == nil { subjects[jid] = subject }
        }
        var participants: [Int64: [String]] = [:]
        if schema.has("call_log_participant_v2", "call_log_row_id") && schema.has("call_log_participant_v2", "jid_row_id") {
            try db.forEachRow("SELECT call_log_row_id, jid_row_id FROM call_log_participant_v2 ORDER BY rowid") { row in
                if let call = row.int("call_log_row_id"), let jid = jids.jid(row.int("jid_row_id")) { participants[call, default: []].append(jid) }
            }
        }
        let account = context.directory.account(app: WhatsAppAndroid.app)
        let c = ColumnSelection(schema: schema, table: "call_log", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(c.columns(["_id", "jid_row_id", "from_me", "call_id", "timestamp", "video_call", "duration", "call_result", "group_jid_row_id"]))
            FROM call_log c ORDER BY c.rowid
            """
        try db.forEachRow(sql) { row in
            let rid = row.int("rid")
            let peerRow = row.int("jid_row_id")
            let groupRow = row.int("group_jid_row_id").flatMap { $0 > 0 ? $0 : nil }
            let peerJID = jids.jid(peerRow)
            let groupJID = jids.jid(groupRow)
            let peer = groupJID ?? peerJID
            let peerName = (groupRow.flatMap { subjects[$0] }) ?? context.directory.name(app: WhatsAppAndroid.app, id: peer)
                ?? peerRow.flatMap { subjects[$0] }
            var members = row.int("_id").flatMap { participants[$0] } ?? []
            if members.isEmpty, groupJID != nil, let peerJID { members = [peerJID] }

            let direction: Direction
            switch row.int("from_me") {
            case 1: direction = .outgoing
            case 0: direction = .incoming
            default: direction = .unknown
            }
            let (outcome, status) = WhatsAppAndroid.callOutcome(result: row.int("call_result"), direction: direction)
            let media = WhatsAppAndroid.callMedia(row.int("video_call"))
            try sink.add(Call(
                app: WhatsAppAndroid.app,
                account: account,
                peer: peer,
                peerName: peerName,
                participants: members,
                direction: direction,
                startedAt: row.int("timestamp").flatMap(Timestamp.unixMilliseconds),
                durationSeconds: row.double("duration"),
                media: media,
                outcome: outcome,
                status: status,
                source: .row("call_log", rid)))
        }
    }
}
