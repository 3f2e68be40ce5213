// The case file: created by named migrations, refuses what is not a case, keeps its format version.

import EvidenceModel
@testable import EvidenceStore
import Foundation
import GRDB
import Testing
import TestSupport

@Suite struct CaseDatabaseTests {
    @Test func newCaseRecordsItsFormatAndMigrations() throws {
        let folder = TemporaryFolder()
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        let (version, migrations, journal) = try database.read { db in
            (try String.fetchOne(db, sql: "SELECT value FROM case_meta WHERE key = 'format_version'"),
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(version == String(Schema.formatVersion))
        #expect(migrations == ["0001-evidence-core", "0002-messages-calls", "0003-contacts-identities", "0004-indicators", "0005-long-values",
                              "0006-documents-detection"])
        #expect(journal == "wal")
    }

    @Test func aSQLiteFileThatIsNotACaseIsRefused() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: StoreError.self) { _ = try CaseDatabase(path: path) }
    }

    @Test func reopeningKeepsTheChain() throws {
        let folder = TemporaryFolder()
        let first = try makeCase(in: folder)
        let head = try first.chainHead()
        let again = try CaseDatabase(path: first.path, create: false)
        #expect(try again.chainHead() == head)
    }

    @Test func missingCaseIsNotCreatedWhenNotAsked() {
        let folder = TemporaryFolder()
        #expect(throws: StoreError.self) { _ = try CaseDatabase(path: folder.file("absent.sqlite"), create: false) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("absent.sqlite")))
    }

    @Test func canonicalEncodingIsStable() {
        // Changing the encoding changes every chain head ever printed: this value is part of the format.
        // Expected values computed independently (Python hashlib/struct) from the specification in docs/SCHEMA.md.
        let hash = CanonicalEncoding.rowHash(table: "files", columns: ["path", "size", "name_raw", "mime", "ratio"],
                                             values: ["a/b".databaseValue, (-3).databaseValue, Data([0xE9]).databaseValue,
                                                      .null, 0.5.databaseValue])
        #expect(hash == "f05ae5783dc65e30b99770f047a665b0058ac0e66ab1c7b83a17f1a340cc0b60")
        let entry = CanonicalEncoding.entryHash(seq: 1, table: "files", rowId: 7, rowHash: hash, previous: CanonicalEncoding.genesis)
        #expect(entry == "a52d07a0813077939b91743cdf0cd9d905ff6e04795d2885cac3acfb5c4cf24d")
    }
}

/// A case written by an earlier Custody (before the later tables existed), opened read-only and so not migrated,
/// still verifies and summarizes.
@Suite struct OlderFormatCaseTests {
    @Test func aCaseWithoutTheLaterTablesVerifies() throws {
        let folder = TemporaryFolder()
        let path = folder.file("case.sqlite")
        do {
            let database = try CaseDatabase(path: path)
            let exhibit = ExhibitRecord(id: 1, label: "old", sourceName: "old.zip", sourceKind: .archive, fileIdBase: 1,
                                        limits: "{}", identifier: "libmagic 5.44; fast")
            try database.write { chain in _ = try chain.append(exhibit) }
        }
        // What a format-1 case lacks: every table the later migrations added.
        let editor = try DatabaseQueue(path: path)
        try editor.write { db in
            for table in ["messages_fts", "messages", "calls", "extractions", "contacts", "identity_sightings", "identities",
                          "indicator_sightings", "indicators"] {
                try db.execute(sql: "DROP TABLE \(table)")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier <> '0001-evidence-core'")
        }
        try editor.close()
        chmod(path, 0o444)
        defer { chmod(path, 0o644) }
        let database = try CaseDatabase.openExisting(path: path)
        #expect(try ChainVerifier.verify(database).intact)
        #expect(try database.summary().exhibits == ["old"])
    }
}
