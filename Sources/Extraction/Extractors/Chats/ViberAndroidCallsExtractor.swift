// Viber on Android call log, databases/viber_data `calls`: number / canonized_number, date (ms), duration (s),
// type 1 incoming, 2 outgoing, 3 missed; viber_call_type 1 audio, 4 video. Names from the same database's
// phonebookcontact / phonebookdata (phonebookdata.data2 = number, contact_id = phonebookcontact.native_id).
// Schema: ALEAPP scripts/artifacts/viber.py (get_Viber: type 2 Outgoing, viber_call_type 1 Audio / 4 Video);
// Autopsy InterestingFileIdentifier viber.py ViberCallLogsParser (type 1 incoming, 2 outgoing, 3 missed);
// Viber's CREATE TABLE calls (… viber_call_type INTEGER DEFAULT 1, date LONG, duration LONG, type INT …).

import EvidenceModel
import GRDB

public enum ViberAndroidCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "viber.android.calls", version: 1, app: "viber",
                                           documentation: "ALEAPP scripts/artifacts/viber.py (get_Viber); Autopsy viber.py ViberCallLogsParser")
    public static let signature = SQLiteSignature([
        "calls": ["number", "date", "duration", "type", "viber_call_type"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var names: [String: String] = [:]
        if schema.has("phonebookcontact", "display_name") && schema.has("phonebookdata", "data2")
            && schema.has("phonebookdata", "contact_id") && schema.has("phonebookcontact", "native_id") {
            let sql = """
                SELECT d.data2 AS number, c.display_name AS name FROM phonebookdata d
                JOIN phonebookcontact c ON d.contact_id = c.native_id ORDER BY d.rowid
                """
            try db.forEachRow(sql) { row in
                if let number = row.nonEmptyText("number"), let name = row.nonEmptyText("name"), names[number] == nil {
                    names[number] = name
                }
            }
        }
        let c = ColumnSelection(schema: schema, table: "calls", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(c.columns(["number", "canonized_number", "date", "duration", "type", "viber_call_type", "end_reason"]))
            FROM calls c ORDER BY c.rowid
            """
        try db.forEachRow(sql) { row in
            let number = row.nonEmptyText("number") ?? row.nonEmptyText("canonized_number")
            let type = row.int("type")
            let duration = row.int("duration")
            let direction: Direction
            let outcome: CallOutcome
            switch type {
            case 1: direction = .incoming; outcome = .answered
            case 2: direction = .outgoing; outcome = (duration ?? 0) > 0 ? .answered : .unknown
            case 3: direction = .incoming; outcome = .missed
            default: direction = .unknown; outcome = .unknown
            }
            let media: CallMedia
            switch row.int("viber_call_type") {
            case 1: media = .voice
            case 4: media = .video
            default: media = .unknown
            }
            let name = number.flatMap { names[$0] }
                ?? row.nonEmptyText("canonized_number").flatMap { names[$0] }
                ?? context.directory.name(app: "viber", id: number)
            try sink.add(Call(
                app: info.app, peer: number, peerName: name, participants: number.map { [$0] } ?? [],
                direction: direction, startedAt: row.int("date").flatMap(Timestamp.unixMilliseconds),
                durationSeconds: duration.map(Double.init), media: media, outcome: outcome,
                status: type.map { (1...3).contains($0) } == false ? "type-\(type ?? 0)" : nil,
                source: .row("calls", row.int("rid"))))
        }
    }
}
