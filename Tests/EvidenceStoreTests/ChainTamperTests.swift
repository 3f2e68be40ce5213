// `verify` finds every kind of change to a case — modified, deleted, inserted, reordered rows, a cut ledger,
// an altered audit log — and names the first record that does not match.

import EvidenceModel
@testable import EvidenceStore
import Foundation
import GRDB
import Testing
import TestSupport

/// A small case written through the store's own API: one exhibit, a few files and a warning, sealed.
func makeCase(in folder: TemporaryFolder, files: Int = 6) throws -> CaseDatabase {
    let database = try CaseDatabase(path: folder.file("case.sqlite"))
    let exhibit = ExhibitRecord(id: 1, label: "phone.zip", sourceName: "phone.zip", sourceKind: .archive, fileIdBase: 1,
                                limits: Limits.default.canonicalJSON, identifier: "test")
    try database.audit(AuditEvent(event: "ingest-started", command: "ingest", arguments: ["phone.zip"], toolVersion: "test"))
    try database.createExhibit(exhibit, sourcePath: "/evidence/phone.zip")
    try database.write { chain in
        for index in 0..<files {
            var file = FileRecord(id: Int64(index + 1), exhibitId: 1, parentId: index == 0 ? nil : 1, entryIndex: Int64(index),
                                  depth: index == 0 ? 0 : 1, path: EvidencePath(components: ["phone.zip", "f\(index).txt"]),
                                  nameRaw: Array("f\(index).txt".utf8), kind: .file)
            file.size = Int64(index * 10)
            file.sha256 = String(repeating: String(index), count: 64)
            file.modified = Timestamp(unixSeconds: 1_700_000_000 + Int64(index))
            try chain.append(file)
        }
        try chain.append(WarningRecord(exhibitId: 1, fileId: 2, code: .duplicateName, message: "phone.zip/f1.txt: duplicate"))
        try chain.append(ExhibitSeal(exhibitId: 1, fileCount: Int64(files), warningCount: 1, byteCount: 0, sourceSize: 10,
                                     sourceSHA256: String(repeating: "a", count: 64), sourceMD5: String(repeating: "b", count: 32)))
    }
    try database.audit(AuditEvent(event: "ingest-completed", command: "ingest", arguments: ["phone.zip"], toolVersion: "test"))
    return database
}

private func tamper(_ database: CaseDatabase, _ sql: String) throws {
    // A raw connection, as an attacker with sqlite3 would have; the store itself never updates evidence.
    let queue = try DatabaseQueue(path: database.path)
    try queue.write { db in try db.execute(sql: sql) }
}

@Suite struct ChainTamperTests {
    @Test func intactCaseVerifies() throws {
        let folder = TemporaryFolder()
        let database = try makeCase(in: folder)
        let report = try ChainVerifier.verify(database)
        #expect(report.intact)
        #expect(report.records == 1 + 6 + 1 + 1)
        #expect(report.head == (try database.chainHead().head))
        #expect(report.auditEntries == 2)
        #expect(report.firstFailure == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        var kind: ChainFailure.Kind
        var table: String
        var id: Int64
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "hash changed", sql: "UPDATE files SET sha256 = 'ff' WHERE id = 3", kind: .modified, table: "files", id: 3),
        Case(name: "path changed", sql: "UPDATE files SET path = 'phone.zip/other' WHERE id = 5", kind: .modified, table: "files", id: 5),
        Case(name: "time changed", sql: "UPDATE files SET mtime_raw = '1' WHERE id = 2", kind: .modified, table: "files", id: 2),
        Case(name: "row deleted", sql: "DELETE FROM files WHERE id = 4", kind: .deleted, table: "files", id: 4),
        Case(name: "row inserted", sql: "INSERT INTO files (id, exhibit_id, entry_index, depth, path, name, name_raw, kind, status, sparse) VALUES (99, 1, 9, 1, 'phone.zip/x', 'x', X'78', 'file', 'ok', 0)",
             kind: .inserted, table: "files", id: 99),
        Case(name: "rows swapped", sql: """
            UPDATE files SET path = CASE id WHEN 2 THEN 'phone.zip/f2.txt' ELSE 'phone.zip/f1.txt' END,
              name = CASE id WHEN 2 THEN 'f2.txt' ELSE 'f1.txt' END, name_raw = CASE id WHEN 2 THEN X'66322E747874' ELSE X'66312E747874' END,
              entry_index = CASE id WHEN 2 THEN 2 ELSE 1 END, size = CASE id WHEN 2 THEN 20 ELSE 10 END,
              sha256 = CASE id WHEN 2 THEN '\(String(repeating: "2", count: 64))' ELSE '\(String(repeating: "1", count: 64))' END,
              mtime = CASE id WHEN 2 THEN '2023-11-14T22:13:22Z' ELSE '2023-11-14T22:13:21Z' END,
              mtime_raw = CASE id WHEN 2 THEN '1700000002' ELSE '1700000001' END
            WHERE id IN (2, 3)
            """, kind: .reordered, table: "files", id: 2),
        Case(name: "warning edited", sql: "UPDATE warnings SET message = 'nothing to see' WHERE id = 1", kind: .modified, table: "warnings", id: 1),
        Case(name: "seal edited", sql: "UPDATE exhibit_seals SET file_count = 5", kind: .modified, table: "exhibit_seals", id: 1),
        Case(name: "exhibit relabelled", sql: "UPDATE exhibits SET label = 'other'", kind: .modified, table: "exhibits", id: 1),
        Case(name: "ledger entry edited", sql: "UPDATE ledger SET row_hash = '00' WHERE seq = 4", kind: .modified, table: "files", id: 3),
        Case(name: "ledger entry removed", sql: "DELETE FROM ledger WHERE seq = 5", kind: .deleted, table: "ledger", id: 5),
        Case(name: "ledger tail cut with its rows", sql: "DELETE FROM ledger WHERE seq >= 8; DELETE FROM exhibit_seals; DELETE FROM warnings",
             kind: .deleted, table: "ledger", id: 8),
        Case(name: "audit entry edited", sql: "UPDATE audit_log SET examiner = 'someone' WHERE seq = 1", kind: .modified, table: "audit_log", id: 1),
        // Issue 9: a forged sequence number at the end of Int64 is reported, not a trap in verify.
        Case(name: "ledger seq set to Int64.min", sql: "UPDATE ledger SET seq = -9223372036854775808 WHERE seq = 5",
             kind: .deleted, table: "ledger", id: 1),
        Case(name: "ledger seq set to Int64.max", sql: "UPDATE ledger SET seq = 9223372036854775807 WHERE seq = 9",
             kind: .deleted, table: "ledger", id: 9),
    ]

    @Test(arguments: cases)
    func tamperingIsFound(_ tampering: Case) throws {
        let folder = TemporaryFolder()
        let database = try makeCase(in: folder)
        try tamper(database, tampering.sql)
        let report = try ChainVerifier.verify(database)
        #expect(!report.intact)
        let failure = try #require(report.firstFailure)
        #expect(failure.kind == tampering.kind, "\(failure)")
        #expect(failure.table == tampering.table, "\(failure)")
        #expect(failure.id == tampering.id, "\(failure)")
    }

    @Test func operationalColumnsAreOutsideTheChain() throws {
        let folder = TemporaryFolder()
        let database = try makeCase(in: folder)
        // The evidence moved to another mount point: not a change to the evidence.
        try tamper(database, "UPDATE exhibits SET source_path = '/mnt/elsewhere/phone.zip'")
        #expect(try ChainVerifier.verify(database).intact)
    }
}
