// Classic Skype (desktop, before Skype 8) main.db call log: one call per `Calls` row, its parties from
// `CallMembers` (joined on call_db_id, or on call_name = Calls.name in older files).
// Schema: plaso parsers/sqlite_plugins/skype.py (ParseCall: Calls c, CallMembers cm WHERE c.id = cm.call_db_id;
// is_incoming; begin_timestamp; cm.start_timestamp; cm.call_duration; videostatus 3 read as video).

import EvidenceModel
import GRDB

public enum SkypeCallsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "skype.desktop.calls", version: 1, app: "skype",
                                           documentation: "plaso parsers/sqlite_plugins/skype.py (ParseCall)")
    public static let signature = SQLiteSignature([
        "Calls": ["begin_timestamp"],
        "CallMembers": ["identity"],
        "Accounts": ["skypename"],
    ])

    struct Member {
        var identity: String
        var name: String?
        var duration: Int64?
        var video: Bool
        var failed: Bool
    }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let account = try SkypeCommon.account(db)
        let cm = ColumnSelection(schema: schema, table: "CallMembers", alias: "cm")
        let byId = cm.has("call_db_id")
        var members: [String: [Member]] = [:]
        let memberSQL = """
            SELECT \(cm.columns(["identity", "dispname", "call_duration", "videostatus", "failurereason", "call_db_id", "call_name"]))
            FROM CallMembers cm ORDER BY cm.rowid
            """
        try db.forEachRow(memberSQL) { row in
            guard let identity = row.nonEmptyText("identity"),
                  let key = byId ? row.text("call_db_id") : row.nonEmptyText("call_name") else { return }
            members[key, default: []].append(Member(identity: identity, name: row.nonEmptyText("dispname"),
                                                    duration: row.int("call_duration"), video: row.int("videostatus") == 3,
                                                    failed: (row.int("failurereason") ?? 0) != 0))
        }
        let c = ColumnSelection(schema: schema, table: "Calls", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(c.columns(["id", "name", "begin_timestamp", "host_identity", "duration", "is_incoming", "is_conference", "is_unseen_missed", "failurereason", "partner_handle", "partner_dispname"]))
            FROM Calls c ORDER BY c.rowid
            """
        try db.forEachRow(sql) { row in
            let key = byId ? row.text("id") : row.nonEmptyText("name")
            let parties = key.flatMap { members[$0] } ?? []
            let others = parties.filter { $0.identity != account }
            let host = row.nonEmptyText("host_identity")
            let direction: Direction
            switch row.int("is_incoming") {
            case 1: direction = .incoming
            case 0: direction = .outgoing
            default:
                if let host, let account { direction = host == account ? .outgoing : .incoming } else { direction = .unknown }
            }
            let memberDuration = parties.compactMap(\.duration).max()
            let duration = row.int("duration").flatMap { $0 > 0 ? $0 : nil } ?? memberDuration
            let outcome: CallOutcome
            if let duration, duration > 0 {
                outcome = .answered
            } else if direction == .incoming || row.int("is_unseen_missed") == 1 {
                outcome = .missed
            } else {
                outcome = .unknown
            }
            let failed = (row.int("failurereason") ?? 0) != 0 || (outcome != .answered && parties.contains { $0.failed })
            let first = others.first
            let peer = first?.identity ?? row.nonEmptyText("partner_handle") ?? (host != account ? host : nil)
            try sink.add(Call(
                app: info.app, account: account,
                peer: peer, peerName: first?.name ?? row.nonEmptyText("partner_dispname"),
                participants: others.map(\.identity),
                direction: outcome == .missed ? .incoming : direction,
                startedAt: row.int("begin_timestamp").flatMap(Timestamp.unixSeconds),
                durationSeconds: duration.map(Double.init),
                media: parties.contains { $0.video } ? .video : .voice,
                outcome: outcome,
                status: [row.int("is_conference") == 1 ? "conference" : nil, failed ? "failed" : nil]
                    .compactMap { $0 }.joined(separator: ",").nilIfEmpty,
                source: .row("Calls", row.int("rid"))))
        }
    }
}

fileprivate extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
