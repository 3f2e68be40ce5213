// WhatsApp for iOS call log from CallHistory.sqlite (Core Data: ZWACDCALLEVENT, one row per call;
// ZWAAGGREGATECALLEVENT, direction/video/missed, joined by ZWACDCALLEVENT.Z1CALLEVENTS; ZWACDCALLEVENTPARTICIPANT,
// the other parties, joined by Z1PARTICIPANTS to the aggregate event — "Z1" is entity 1, WAAggregateCallEvent).
// Schema: iLEAPP scripts/artifacts/whatsAppCallHistory.py; WhatsApp-Chat-Exporter ios_handler.py (calls()).
// ZOUTCOME: 0 connected/ended, 1 and 4 not answered (missed when incoming), 2 failed, others unknown.

import EvidenceModel
import GRDB

public enum WhatsAppIOSCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.ios.calls", version: 1, app: "whatsapp",
                                           documentation: "iLEAPP scripts/artifacts/whatsAppCallHistory.py; WhatsApp-Chat-Exporter ios_handler.py calls() (CallHistory.sqlite)")
    public static let signature = SQLiteSignature([
        "ZWACDCALLEVENT": ["Z_PK", "ZDATE", "ZDURATION"],
        "ZWAAGGREGATECALLEVENT": ["Z_PK", "ZINCOMING"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        // Participants by aggregate event, in rowid order.
        var participants: [Int64: [String]] = [:]
        if schema.has("ZWACDCALLEVENTPARTICIPANT", "Z1PARTICIPANTS") && schema.has("ZWACDCALLEVENTPARTICIPANT", "ZJIDSTRING") {
            try db.forEachRow("SELECT Z1PARTICIPANTS AS owner, ZJIDSTRING AS jid FROM ZWACDCALLEVENTPARTICIPANT ORDER BY rowid") { row in
                if let owner = row.int("owner"), let jid = row.nonEmptyText("jid") { participants[owner, default: []].append(jid) }
            }
        }
        let event = ColumnSelection(schema: schema, table: "ZWACDCALLEVENT", alias: "e")
        let aggregate = ColumnSelection(schema: schema, table: "ZWAAGGREGATECALLEVENT", alias: "a")
        let joins = event.has("Z1CALLEVENTS")
        let sql = """
            SELECT e.Z_PK AS pk, \(event.columns(["ZDATE", "ZDURATION", "ZOUTCOME", "Z1CALLEVENTS", "ZGROUPJIDSTRING", "ZGROUPCALLCREATORUSERJIDSTRING"])),
                   \(aggregate.columns(["ZINCOMING", "ZVIDEO", "ZMISSED"], prefix: "agg_"))
            FROM ZWACDCALLEVENT e \(joins ? "LEFT JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = e.Z1CALLEVENTS" : "LEFT JOIN ZWAAGGREGATECALLEVENT a ON 0")
            ORDER BY e.Z_PK
            """
        // The owner's JID: the creator of calls the aggregate marks outgoing.
        var account = context.directory.account(app: "whatsapp")
        if joins, account == nil, event.has("ZGROUPCALLCREATORUSERJIDSTRING") {
            account = try String.fetchOne(db, sql: """
                SELECT e.ZGROUPCALLCREATORUSERJIDSTRING FROM ZWACDCALLEVENT e JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = e.Z1CALLEVENTS
                WHERE a.ZINCOMING = 0 AND typeof(e.ZGROUPCALLCREATORUSERJIDSTRING) = 'text' AND e.ZGROUPCALLCREATORUSERJIDSTRING <> ''
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
                """)
        }
        try db.forEachRow(sql) { row in
            let pk = row.int("pk")
            let people = row.int("Z1CALLEVENTS").flatMap { participants[$0] } ?? []
            let group = row.nonEmptyText("ZGROUPJIDSTRING")
            let peer = group ?? people.first
            let direction: Direction
            switch row.int("agg_ZINCOMING") {
            case 1: direction = .incoming
            case 0: direction = .outgoing
            default: direction = .unknown
            }
            let missed = row.bool("agg_ZMISSED") ?? false
            let code = row.int("ZOUTCOME")
            var outcome: CallOutcome
            var status: String?
            switch code {
            case 0: outcome = .answered
            case 1, 4:
                outcome = direction == .outgoing ? .unknown : .missed
                if direction == .outgoing { status = "not answered" }
            case 2: outcome = .unknown; status = "failed"
            case nil: outcome = .unknown
            case let other?: outcome = .unknown; status = "outcome \(other)"
            }
            if missed && direction == .incoming { outcome = .missed }
            let media: CallMedia
            switch row.int("agg_ZVIDEO") {
            case 1: media = .video
            case 0: media = .voice
            default: media = .unknown
            }
            var time: Timestamp?
            if let value = row.double("ZDATE") { time = Timestamp.cocoaSeconds(value) }
            else if row.value("ZDATE") != nil { sink.problem("ZWACDCALLEVENT \(pk.map(String.init) ?? "?"): unreadable ZDATE") }
            try sink.add(Call(
                app: "whatsapp", account: account, peer: peer,
                peerName: context.directory.name(app: "whatsapp", id: peer),
                participants: people, direction: direction, startedAt: time,
                durationSeconds: row.double("ZDURATION"), media: media, outcome: outcome, status: status,
                source: .row("ZWACDCALLEVENT", pk)))
        }
    }
}
