// LINE on Android call log (databases/call_history).

import EvidenceModel
import GRDB

/// LINE call log, databases/call_history `call_history`: caller_mid is the other party; the last letter of
/// call_type gives the direction (O outgoing, I incoming); voip_type V video, A audio, G group call whose media
/// is in voip_gc_media_type; start_time/end_time in ms.
/// Schema: ALEAPP scripts/artifacts/line.py (get_line_calls), which notes these letter readings come from the data,
/// not from a published source; other values are kept as the call's status.
public enum LineAndroidCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "line.android.calls", version: 1, app: "line",
                                           documentation: "ALEAPP scripts/artifacts/line.py (get_line_calls)")
    public static let signature = SQLiteSignature([
        "call_history": ["caller_mid", "call_type", "start_time", "end_time", "voip_type"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let c = ColumnSelection(schema: schema, table: "call_history", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(c.columns(["caller_mid", "call_type", "start_time", "end_time", "voip_type", "voip_gc_media_type", "result"]))
            FROM call_history c ORDER BY c.rowid
            """
        try db.forEachRow(sql) { row in
            let peer = row.nonEmptyText("caller_mid")
            let callType = row.text("call_type") ?? ""
            let direction: Direction
            switch callType.last {
            case "O": direction = .outgoing
            case "I": direction = .incoming
            default: direction = .unknown
            }
            let voip = row.text("voip_type")
            let mediaText = voip == "G" ? row.text("voip_gc_media_type") : voip
            let media: CallMedia
            switch mediaText?.uppercased() {
            case "V", "VIDEO": media = .video
            case "A", "AUDIO": media = .voice
            default: media = .unknown
            }
            let start = row.int("start_time"), end = row.int("end_time")
            var duration: Double?
            if let start, let end, start > 0, end >= start { duration = Double(end - start) / 1000 }
            var status: [String] = []
            if voip == "G" { status.append("group") }
            if direction == .unknown, !callType.isEmpty { status.append("call_type=\(callType)") }
            if let result = row.nonEmptyText("result") { status.append("result=\(result)") }
            try sink.add(Call(
                app: info.app, peer: peer, peerName: context.directory.name(app: "line", id: peer),
                participants: peer.map { [$0] } ?? [], direction: direction,
                startedAt: start.flatMap(Timestamp.unixMilliseconds), durationSeconds: duration,
                media: media, outcome: (duration ?? 0) > 0 ? .answered : .unknown,
                status: status.isEmpty ? nil : status.joined(separator: ","),
                source: .row("call_history", row.int("rid"))))
        }
    }
}
