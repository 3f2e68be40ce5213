// Recomputes the evidence hash chain and the audit chain and names the first record that does not match.

import EvidenceModel
import Foundation
import GRDB

public struct ChainFailure: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// A row's content no longer hashes to its ledger entry, or a ledger entry was altered.
        case modified
        /// A row (or ledger entry) that the chain records is gone.
        case deleted
        /// A row exists that the chain never recorded.
        case inserted
        /// Rows or ledger entries are in another order than when they were chained.
        case reordered
    }
    public var chain: String
    public var table: String
    public var id: Int64
    public var seq: Int64?
    public var kind: Kind
    public var detail: String
}

public struct VerificationReport: Sendable, Codable {
    public var intact: Bool
    public var head: String
    public var records: Int64
    public var auditEntries: Int64
    public var firstFailure: ChainFailure?

    enum CodingKeys: String, CodingKey {
        case intact, head, records
        case auditEntries = "audit_entries"
        case firstFailure = "first_failure"
    }
}

public enum ChainVerifier {
    public static func verify(_ database: CaseDatabase) throws -> VerificationReport {
        try database.read { db in try verify(db) }
    }

    static func verify(_ db: Database) throws -> VerificationReport {
        var head = CanonicalEncoding.genesis
        var expectedSeq: Int64 = 1
        var failure: ChainFailure?
        let tables = Dictionary(uniqueKeysWithValues: Schema.chainedTables.map { ($0.name, $0) })
        var statements: [String: Statement] = [:]

        let cursor = try Row.fetchCursor(db, sql: "SELECT seq, table_name, row_id, row_hash, prev_hash, entry_hash FROM ledger ORDER BY seq")
        while failure == nil, let entry = try cursor.next() {
            let seq: Int64 = entry[0]
            let tableName: String = entry[1]
            let rowId: Int64 = entry[2]
            let rowHash: String = entry[3]
            let previous: String = entry[4]
            let stored: String = entry[5]
            let recomputed = CanonicalEncoding.entryHash(seq: seq, table: tableName, rowId: rowId, rowHash: rowHash, previous: previous)
            if seq != expectedSeq {
                // Only the first entry can lie below the expected number (seq is unique and read in order): a
                // forged seq of Int64.min is reported as such, not a trap in `seq - 1`.
                let detail = seq < expectedSeq ? "ledger entry \(seq) comes before entry \(expectedSeq)"
                                               : "ledger entries \(expectedSeq)…\(seq - 1) are missing"
                failure = ChainFailure(chain: "evidence", table: "ledger", id: expectedSeq, seq: expectedSeq, kind: .deleted,
                                       detail: detail)
                break
            }
            if recomputed != stored {
                failure = ChainFailure(chain: "evidence", table: tableName, id: rowId, seq: seq, kind: .modified,
                                       detail: "ledger entry \(seq) does not hash to its stored entry hash")
                break
            }
            if previous != head {
                failure = ChainFailure(chain: "evidence", table: tableName, id: rowId, seq: seq, kind: .reordered,
                                       detail: "ledger entry \(seq) does not follow entry \(seq - 1)")
                break
            }
            guard let table = tables[tableName] else {
                failure = ChainFailure(chain: "evidence", table: tableName, id: rowId, seq: seq, kind: .modified,
                                       detail: "ledger entry \(seq) names an unknown table")
                break
            }
            let statement: Statement
            if let cached = statements[tableName] {
                statement = cached
            } else {
                statement = try db.makeStatement(sql: "SELECT \(table.columns.joined(separator: ",")) FROM \(table.name) WHERE id = ?")
                statements[tableName] = statement
            }
            if let row = try Row.fetchOne(statement, arguments: [rowId]) {
                let actual = CanonicalEncoding.rowHash(table, values: Array(row.databaseValues))
                if actual != rowHash {
                    let elsewhere = try Int64.fetchOne(db, sql: "SELECT row_id FROM ledger WHERE table_name = ? AND row_hash = ?",
                                                       arguments: [tableName, actual])
                    failure = ChainFailure(chain: "evidence", table: tableName, id: rowId, seq: seq,
                                           kind: elsewhere == nil ? .modified : .reordered,
                                           detail: elsewhere.map { "row \(rowId) holds the content chained for row \($0)" }
                                               ?? "row \(rowId) no longer matches its chained hash")
                }
            } else {
                failure = ChainFailure(chain: "evidence", table: tableName, id: rowId, seq: seq, kind: .deleted,
                                       detail: "row \(rowId) of \(tableName) is chained but missing")
            }
            head = stored
            expectedSeq = seq + 1
        }
        let records = expectedSeq - 1

        if failure == nil {
            // A case of an older format (opened read-only, so not migrated) lacks the later tables: nothing to check there.
            for table in Schema.chainedTables where try db.tableExists(table.name) {
                if let extra = try Int64.fetchOne(db, sql: """
                    SELECT id FROM \(table.name) WHERE id NOT IN (SELECT row_id FROM ledger WHERE table_name = ?) ORDER BY id LIMIT 1
                    """, arguments: [table.name]) {
                    failure = ChainFailure(chain: "evidence", table: table.name, id: extra, seq: nil, kind: .inserted,
                                           detail: "row \(extra) of \(table.name) is not in the chain")
                    break
                }
            }
        }

        var auditEntries: Int64 = 0
        let audit = try verifyAudit(db, ledgerRecords: records, ledgerHead: head)
        auditEntries = audit.entries
        if failure == nil { failure = audit.failure }
        if failure == nil, let truncated = try truncation(db, records: records) {
            failure = truncated
        }
        return VerificationReport(intact: failure == nil, head: head, records: records, auditEntries: auditEntries, firstFailure: failure)
    }

    /// The audit log records the evidence head after each command; a ledger shorter than one of those was cut.
    private static func truncation(_ db: Database, records: Int64) throws -> ChainFailure? {
        guard let row = try Row.fetchOne(db, sql: "SELECT max(evidence_records) FROM audit_log"),
              let recorded: Int64 = row[0], recorded > records else { return nil }
        return ChainFailure(chain: "evidence", table: "ledger", id: records + 1, seq: records + 1, kind: .deleted,
                            detail: "the audit log saw \(recorded) chained records; only \(records) remain")
    }

    private static func verifyAudit(_ db: Database, ledgerRecords: Int64, ledgerHead: String) throws -> (entries: Int64, failure: ChainFailure?) {
        var head = CanonicalEncoding.genesis
        var expected: Int64 = 1
        let columns = Schema.auditColumns + ["prev_hash", "entry_hash"]
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns.joined(separator: ",")) FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let values = Array(row.databaseValues)
            let seq: Int64 = row["seq"]
            let previous: String = row["prev_hash"]
            let stored: String = row["entry_hash"]
            let rowHash = CanonicalEncoding.rowHash(table: "audit_log", columns: Schema.auditColumns, values: Array(values.prefix(Schema.auditColumns.count)))
            let recomputed = CanonicalEncoding.entryHash(seq: seq, table: "audit_log", rowId: seq, rowHash: rowHash, previous: previous)
            let kind: ChainFailure.Kind?
            if seq != expected { kind = .deleted }
            else if recomputed != stored { kind = .modified }
            else if previous != head { kind = .reordered }
            else { kind = nil }
            if let kind {
                return (seq, ChainFailure(chain: "audit", table: "audit_log", id: seq, seq: seq, kind: kind,
                                          detail: "audit entry \(seq) does not match its chain"))
            }
            // The evidence head an audit entry saw must still be in the ledger at that position.
            let records: Int64 = row["evidence_records"]
            let evidenceHead: String = row["evidence_head"]
            if records > 0, records <= ledgerRecords,
               let chained = try String.fetchOne(db, sql: "SELECT entry_hash FROM ledger WHERE seq = ?", arguments: [records]),
               chained != evidenceHead {
                return (seq, ChainFailure(chain: "evidence", table: "ledger", id: records, seq: records, kind: .modified,
                                          detail: "ledger entry \(records) differs from the head the audit log recorded at entry \(seq)"))
            }
            head = stored
            expected = seq + 1
        }
        return (expected - 1, nil)
    }
}
