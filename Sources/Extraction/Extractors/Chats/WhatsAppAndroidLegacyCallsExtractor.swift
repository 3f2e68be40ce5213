// WhatsApp Android call log of legacy msgstore.db: before the `call_log` table, calls were `messages` rows with
// media_wa_type 8 (WhatsApp's own migration deletes them with "DELETE FROM messages WHERE media_wa_type = 8" once
// they are copied to call_log, and drops `call_logs` and `call_log_participant` with them). The peer is
// key_remote_jid, the direction key_from_me. Versions with a `call_logs` table keep each call there, keyed by the
// `messages` row that shows it: one row may stand for several calls in a row with the same peer, so each
// `call_logs` row is a call (its own time, length, video flag and call_result; group members in
// `call_log_participant`). A `messages` call row without `call_logs` rows is one call of media_duration seconds
// (0 s: not connected; incoming: missed). `call_logs` rows whose `messages` row is gone are calls too, peer unknown.

import EvidenceModel
import GRDB

public enum WhatsAppAndroidLegacyCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.calls.legacy", version: 2, app: WhatsAppAndroid.app,
                                           documentation: "WhatsApp Android call-log migration (messages with media_wa_type 8 and call_logs/call_log_participant → call_log: CallsMessageStore clearLegacyCallLog); KnugiHK/WhatsApp-Chat-Exporter android_handler.py (legacy messages schema)")
    public static let signature = SQLiteSignature([
        "messages": ["key_remote_jid", "key_from_me", "key_id", "timestamp", "media_wa_type"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let account = context.directory.account(app: WhatsAppAndroid.app)
        let m = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let detailed = schema.has("call_logs", "message_row_id") && m.has("_id")
        let c = ColumnSelection(schema: schema, table: "call_logs", alias: "c")
        var participants: [Int64: [String]] = [:]
        if detailed && schema.has("call_log_participant", "call_logs_row_id") && schema.has("call_log_participant", "jid") {
            try db.forEachRow("SELECT call_logs_row_id, jid FROM call_log_participant ORDER BY rowid") { row in
                if let call = row.int("call_logs_row_id"), let jid = row.nonEmptyText("jid") { participants[call, default: []].append(jid) }
            }
        }
        func add(peer: String?, direction: Direction, messageTime: Int64?, callRow: Row?, row: Row, source: SourceLocation) throws {
            let duration: Double?
            let media: CallMedia
            let outcome: CallOutcome
            let status: String?
            var startedAt = messageTime
            if let callRow {
                duration = callRow.double("c_duration")
                media = WhatsAppAndroid.callMedia(callRow.int("c_video_call"))
                (outcome, status) = WhatsAppAndroid.callOutcome(result: callRow.int("c_call_result"), direction: direction)
                startedAt = callRow.int("c_timestamp") ?? messageTime
            } else {
                duration = row.double("media_duration")
                media = .unknown
                if let duration, duration > 0 {
                    outcome = .answered
                } else {
                    outcome = direction == .incoming ? .missed : .unknown
                }
                status = outcome == .unknown ? "not-connected" : nil
            }
            try sink.add(Call(
                app: WhatsAppAndroid.app,
                account: account,
                peer: peer,
                peerName: context.directory.name(app: WhatsAppAndroid.app, id: peer),
                participants: callRow.flatMap { $0.int("crid") }.flatMap { participants[$0] } ?? [],
                direction: direction,
                startedAt: startedAt.flatMap(Timestamp.unixMilliseconds),
                durationSeconds: duration,
                media: media,
                outcome: outcome,
                status: status,
                source: source))
        }
        func direction(_ fromMe: Int64?) -> Direction {
            switch fromMe {
            case 1: return .outgoing
            case 0: return .incoming
            default: return .unknown
            }
        }

        let callColumns = detailed
            ? "c.rowid AS crid, \(c.columns(["timestamp", "video_call", "duration", "call_result"], prefix: "c_"))"
            : "NULL AS crid"
        let join = detailed ? "LEFT JOIN call_logs c ON c.message_row_id = m._id" : ""
        let sql = """
            SELECT m.rowid AS rid, \(m.columns(["key_remote_jid", "key_from_me", "timestamp", "media_wa_type", "media_duration"])), \(callColumns)
            FROM messages m \(join) WHERE m.media_wa_type IN (8, '8') ORDER BY m.rowid\(detailed ? ", c.rowid" : "")
            """
        try db.forEachRow(sql) { row in
            let peer = row.nonEmptyText("key_remote_jid")
            if peer == "-1" { return }
            let callRow = row.int("crid") != nil ? row : nil
            let source: SourceLocation = callRow.flatMap { $0.int("crid") }.map { .row("call_logs", $0) } ?? .row("messages", row.int("rid"))
            try add(peer: peer, direction: direction(row.int("key_from_me")), messageTime: row.int("timestamp"), callRow: callRow,
                    row: row, source: source)
        }
        guard detailed else { return }
        // Calls whose `messages` row was deleted (the chat cleared) while their `call_logs` rows stayed.
        let orphans = """
            SELECT c.rowid AS crid, \(c.columns(["timestamp", "video_call", "duration", "call_result"], prefix: "c_"))
            FROM call_logs c WHERE c.message_row_id IS NULL
               OR c.message_row_id NOT IN (SELECT _id FROM messages WHERE media_wa_type IN (8, '8') AND _id IS NOT NULL)
            ORDER BY c.rowid
            """
        try db.forEachRow(orphans) { row in
            try add(peer: nil, direction: .unknown, messageTime: nil, callRow: row, row: row, source: .row("call_logs", row.int("crid")))
        }
    }
}
