// Read-side queries shared by the CLI and the exporters: summaries and file listings.

import EvidenceModel
import Foundation
import GRDB

public struct CaseSummary: Sendable, Codable {
    public struct Count: Sendable, Codable {
        public var key: String
        public var count: Int64
        public var bytes: Int64
    }
    public var exhibits: [String]
    /// Exhibits whose ingest was interrupted (no seal yet): run the same ingest again to complete them.
    public var incomplete: [String]
    public var files: Int64
    public var bytes: Int64
    public var warnings: Int64
    public var byStatus: [Count]
    public var byType: [Count]
    public var records: Int64
    public var head: String
    /// Messages and calls per app; extractor runs per status (`encrypted` = stores found but not opened).
    public var messages: [Count] = []
    public var calls: [Count] = []
    public var extractions: [Count] = []
    /// Contact rows per app, identities per kind, indicators per kind (validated values, not sightings).
    public var contacts: [Count] = []
    public var identities: [Count] = []
    public var indicators: [Count] = []
    /// Documents per kind (text read or not), findings per category (rule packs and YARA).
    public var documents: [Count] = []
    public var findings: [Count] = []

    enum CodingKeys: String, CodingKey {
        case exhibits, incomplete, files, bytes, warnings, records, head, messages, calls, extractions, contacts, identities, indicators
        case documents, findings
        case byStatus = "by_status"
        case byType = "by_type"
    }
}

/// One row of a manifest.
public struct ManifestEntry: Sendable {
    public var id: Int64
    public var exhibit: String
    public var path: String
    public var kind: String
    public var size: Int64?
    public var sha256: String?
    public var md5: String?
    public var mime: String?
    public var magic: String?
    public var status: String
    public var statusReason: String?
    public var modified: String?
    public var parentId: Int64?
}

extension CaseDatabase {
    /// Counts for the whole case, or for the exhibits whose ids are given.
    public func summary(exhibitIds: [Int64]? = nil, topTypes: Int = 12) throws -> CaseSummary {
        try read { db in
            let filter = exhibitIds.map { "WHERE exhibit_id IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
            let labelFilter = exhibitIds.map { "WHERE id IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
            let labels = try String.fetchAll(db, sql: "SELECT label FROM exhibits \(labelFilter) ORDER BY id")
            let incomplete = try String.fetchAll(db, sql: "SELECT label FROM exhibits \(labelFilter) \(labelFilter.isEmpty ? "WHERE" : "AND") id NOT IN (SELECT exhibit_id FROM exhibit_seals) ORDER BY id")
            let totals = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(size), 0) FROM files \(filter)")
            let warnings = try Int64.fetchOne(db, sql: "SELECT count(*) FROM warnings \(filter)") ?? 0
            func counts(_ column: String, limit: Int?) throws -> [CaseSummary.Count] {
                let sql = "SELECT coalesce(\(column), '(none)') AS k, count(*), coalesce(sum(size), 0) FROM files \(filter) GROUP BY k ORDER BY count(*) DESC, k"
                    + (limit.map { " LIMIT \($0)" } ?? "")
                return try Row.fetchAll(db, sql: sql).map { CaseSummary.Count(key: $0[0], count: $0[1], bytes: $0[2]) }
            }
            func artifactCounts(_ table: String, _ column: String) throws -> [CaseSummary.Count] {
                // Older formats opened read-only are not migrated: their later tables are simply empty here.
                guard try db.tableExists(table) else { return [] }
                return try Row.fetchAll(db, sql: "SELECT \(column), count(*) FROM \(table) \(filter) GROUP BY \(column) ORDER BY count(*) DESC, \(column)")
                    .map { CaseSummary.Count(key: $0[0], count: $0[1], bytes: 0) }
            }
            let (records, head) = try ChainAppender.currentHead(db)
            var summary = CaseSummary(exhibits: labels, incomplete: incomplete, files: totals?[0] ?? 0, bytes: totals?[1] ?? 0, warnings: warnings,
                                      byStatus: try counts("status", limit: nil), byType: try counts("mime", limit: topTypes),
                                      records: records, head: head)
            summary.messages = try artifactCounts("messages", "app")
            summary.calls = try artifactCounts("calls", "app")
            summary.extractions = try artifactCounts("extractions", "status")
            summary.contacts = try artifactCounts("contacts", "app")
            summary.documents = try artifactCounts("documents", "kind")
            summary.findings = try artifactCounts("findings", "category")
            // Identities and indicators belong to the case; with an exhibit filter, those seen in these exhibits.
            let sightingFilter = exhibitIds.map { "WHERE id IN (SELECT identity_id FROM identity_sightings WHERE exhibit_id IN (\($0.map(String.init).joined(separator: ","))))" } ?? ""
            if try db.tableExists("identities") {
                summary.identities = try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM identities \(sightingFilter) GROUP BY kind ORDER BY count(*) DESC, kind")
                    .map { CaseSummary.Count(key: $0[0], count: $0[1], bytes: 0) }
            }
            let indicatorFilter = exhibitIds.map { "WHERE id IN (SELECT indicator_id FROM indicator_sightings WHERE exhibit_id IN (\($0.map(String.init).joined(separator: ","))))" } ?? ""
            if try db.tableExists("indicators") {
                summary.indicators = try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM indicators \(indicatorFilter) GROUP BY kind ORDER BY count(*) DESC, kind")
                    .map { CaseSummary.Count(key: $0[0], count: $0[1], bytes: 0) }
            }
            return summary
        }
    }

    /// Streams every file of the case (or of one exhibit) in id order.
    public func forEachFile(exhibitId: Int64? = nil, _ body: (ManifestEntry) throws -> Void) throws {
        try read { db in
            let sql = """
                SELECT f.id, e.label, f.path, f.kind, f.size, f.sha256, f.md5, f.mime, f.magic, f.status, f.status_reason, f.mtime, f.parent_id
                FROM files f JOIN exhibits e ON e.id = f.exhibit_id
                \(exhibitId == nil ? "" : "WHERE f.exhibit_id = ?") ORDER BY f.id
                """
            let arguments: StatementArguments = exhibitId.map { [$0] } ?? []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                try body(ManifestEntry(id: row[0], exhibit: row[1], path: row[2], kind: row[3], size: row[4], sha256: row[5],
                                       md5: row[6], mime: row[7], magic: row[8], status: row[9], statusReason: row[10],
                                       modified: row[11], parentId: row[12]))
            }
        }
    }

    /// Warnings of the case (or one exhibit), in write order.
    public func warnings(exhibitId: Int64? = nil) throws -> [WarningRecord] {
        try read { db in
            let sql = "SELECT exhibit_id, file_id, code, message FROM warnings" + (exhibitId == nil ? "" : " WHERE exhibit_id = ?") + " ORDER BY id"
            let arguments: StatementArguments = exhibitId.map { [$0] } ?? []
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                WarningRecord(exhibitId: $0[0], fileId: $0[1], code: .init(rawValue: $0[2]), message: $0[3])
            }
        }
    }

    /// Runs a read-only SQL query for analysts; returns column names and rows as text.
    public func query(sql: String, arguments: [DatabaseValueConvertible?] = []) throws -> (columns: [String], rows: [[String?]]) {
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else {
                throw StoreError(code: .conflict, message: "only read-only SQL is allowed on a case")
            }
            let rows = try Row.fetchAll(statement, arguments: StatementArguments(arguments))
            let columns = statement.columnNames
            return (columns, rows.map { row in
                row.databaseValues.map { value -> String? in
                    switch value.storage {
                    case .null: return nil
                    case .int64(let v): return String(v)
                    case .double(let v): return String(v)
                    case .string(let v): return v
                    case .blob(let v): return hexString(v)
                    }
                }
            })
        }
    }
}
