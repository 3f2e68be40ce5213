// WhatsApp Android call log of legacy msgstore.db: before the `call_log` table, calls were `messages` rows with
// media_wa_type 8 (WhatsApp's own migration deletes them with "DELETE FROM messages WHERE media_wa_type = 8" once
// they are copied to call_log). The peer is key_remote_jid, the direction key_from_me, the length media_duration
// (seconds); a call of 0 s was not connected (incoming: missed).

import EvidenceModel
import GRDB

public enum WhatsAppAndroidLegacyCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.calls.legacy", version: 1, app: WhatsAppAndroid.app,
                                           documentation: "WhatsApp Android call-log migration (messages with media_wa_type 8 → call_log); KnugiHK/WhatsApp-Chat-Exporter android_handler.py (legacy messages schema)")
    public static let signature = SQLiteSignature([
        "messages": ["key_remote_jid", "key_from_me", "key_id", "timestamp", "media_wa_type"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let account = context.directory.account(app: WhatsAppAndroid.app)
        let m = ColumnSelection(schema: schema, table: "messages", alias: "m")
        let sql = """
            SELECT m.rowid AS rid, \(m.columns(["key_remote_jid", "key_from_me", "timestamp", "media_wa_type", "media_duration"]))
            FROM messages m WHERE m.media_wa_type IN (8, '8') ORDER BY m.rowid
            """
        try db.forEachRow(sql) { row in
            let peer = row.nonEmptyText("key_remote_jid")
            if peer == "-1" { return }
            let direction: Direction
            switch row.int("key_from_me") {
            case 1: direction = .outgoing
            case 0: direction = .incoming
            default: direction = .unknown
            }
            let duration = row.double("media_duration")
            let outcome: CallOutcome
            if let duration, duration > 0 {
                outcome = .answered
            } else {
                outcome = direction == .incoming ? .missed : .unknown
            }
            try sink.add(Call(
                app: WhatsAppAndroid.app,
                account: account,
                peer: peer,
                peerName: context.directory.name(app: WhatsAppAndroid.app, id: peer),
                participants: [],
                direction: direction,
                startedAt: row.int("timestamp").flatMap(Timestamp.unixMilliseconds),
                durationSeconds: duration,
                media: .unknown,
                outcome: outcome,
                status: outcome == .unknown ? "not-connected" : nil,
                source: .row("messages", row.int("rid"))))
        }
    }
}
