// A database read with and without its WAL: rows only in the WAL, rows the WAL changed, and main-file rows the
// WAL deleted are all reported and flagged (issue 3: "both kept and flagged").

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct WALReconciliationTests {
    /// Builds an Android-style mmssms.db whose WAL deletes row 2, edits row 3 and adds row 4; the files are
    /// copied while the writer still holds them open, so the WAL is not checkpointed away.
    static func makeDatabase(in folder: TemporaryFolder) throws -> String {
        let path = folder.file("mmssms.db")
        let script = """
            import sqlite3, shutil, sys
            path, copy = sys.argv[1], sys.argv[2]
            db = sqlite3.connect(path)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA wal_autocheckpoint=0")
            db.execute("CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, type INTEGER, body TEXT)")
            db.executemany("INSERT INTO sms VALUES (?,?,?,?,?,?)", [
                (1, 1, '+15550100', 1710496800000, 1, 'main one'),
                (2, 1, '+15550100', 1710496860000, 2, 'main two, deleted later'),
                (3, 1, '+15550100', 1710496920000, 1, 'main three, edited later')])
            db.commit()
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("DELETE FROM sms WHERE _id = 2")
            db.execute("UPDATE sms SET body = 'three as edited' WHERE _id = 3")
            db.execute("INSERT INTO sms VALUES (4, 1, '+15550100', 1710496980000, 2, 'wal only four')")
            db.commit()
            shutil.copyfile(path, copy)
            shutil.copyfile(path + "-wal", copy + "-wal")
            db.close()
            """
        let copy = folder.file("evidence.db")
        let result = try Tool.run("python3", ["-c", script, path, copy])
        #expect(result.status == 0, "\(result.stderr)")
        return copy
    }

    @Test func walOnlyChangedAndDeletedRowsAreFlagged() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDatabase(in: folder)
        let walBefore = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        let output = try ExtractionHarness.extract([path])
        let rows = output.messages(from: "android.sms.messages").map { ($0.source.rowid ?? -1, $0.provenance.walState, $0.body ?? "") }
        // WAL view in rowid order, then the main file's deleted and replaced versions.
        #expect(rows.map(\.0) == [1, 3, 4, 2, 3])
        #expect(rows.map(\.1) == [.main, .wal, .wal, .walDeleted, .walReplaced])
        #expect(rows.map(\.2) == ["main one", "three as edited", "wal only four", "main two, deleted later", "main three, edited later"])
        let record = try #require(output.record("android.sms.messages"))
        #expect(record.walRows == 2)
        #expect(record.walDeletedRows == 2)
        // The evidence copy given to the harness is untouched: its WAL still holds its frames.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")) == walBefore)
    }

    @Test func withoutWALEveryRowIsMain() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/mmssms.db")])
        #expect(output.messages.allSatisfy { $0.provenance.walState == .main })
    }

    /// A database copied mid-transaction with its hot rollback journal: read as the app would see it after
    /// recovery (the uncommitted change rolled back), and the evidence copy itself is left as it was.
    @Test func aHotJournalIsRolledBackOnTheScratchCopyOnly() throws {
        let folder = TemporaryFolder()
        let copy = folder.file("evidence.db")
        let script = """
            import sqlite3, shutil, sys
            path, copy = sys.argv[1], sys.argv[2]
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("CREATE TABLE sms (_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, type INTEGER, body TEXT)")
            db.execute("INSERT INTO sms VALUES (1, '+15550100', 1710496800000, 1, 'committed')")
            db.execute("PRAGMA cache_size=1")
            db.execute("BEGIN")
            for i in range(2, 400):
                db.execute("INSERT INTO sms VALUES (?, '+15550100', 1710496800000, 2, ?)", (i, 'uncommitted ' + 'x' * 200))
            shutil.copyfile(path, copy)
            shutil.copyfile(path + "-journal", copy + "-journal")
            db.execute("ROLLBACK")
            db.close()
            """
        let result = try Tool.run("python3", ["-c", script, folder.file("source.db"), copy])
        try #require(result.status == 0, "\(result.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let output = try ExtractionHarness.extract([copy])
        #expect(output.messages(from: "android.sms.messages").map { $0.body ?? "" } == ["committed"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
        #expect(FileManager.default.fileExists(atPath: copy + "-journal"))
    }
}
