// The extraction stage inside an ingest: artifacts land in the case with provenance, join the hash chain, are
// searchable, and an interrupted extraction resumes to the same chain head.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct ExtractionStageTests {
    static let android = Repo.testEvidence.appendingPathComponent("android-ffs.zip").path

    @Test func smsFromTheAndroidExhibitWithWALRowsFlagged() throws {
        let folder = TemporaryFolder()
        let database = try ingest([Self.android], in: folder)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.body, m.direction, m.from_wal, m.wal_state, m.source_table, m.source_rowid, m.sent_at, m.sent_at_raw, f.path, f.name
                FROM messages m JOIN files f ON f.id = m.file_id ORDER BY m.id
                """)
        }
        // make-test-evidence writes 3 sms to the main file and 2 only to the WAL.
        #expect(rows.count == 5)
        #expect(rows.filter { ($0["from_wal"] as Int64) == 1 }.map { $0["body"] as String } == ["WAL-ONLY: bring the documents", "WAL-ONLY: transfer confirmed"])
        #expect(rows.allSatisfy { ($0["name"] as String) == "mmssms.db" && ($0["source_table"] as String) == "sms" })
        let first = try #require(rows.first)
        #expect(first["sent_at"] as String == "2024-03-15T10:00:00Z")
        #expect(first["sent_at_raw"] as String == "1710496800000")
        #expect(first["direction"] as String == "incoming")
        let extraction = try database.read { db in try Row.fetchOne(db, sql: "SELECT extractor, status, messages, wal_rows FROM extractions WHERE extractor = 'android.sms.messages'") }
        #expect(extraction?["extractor"] as String? == "android.sms.messages")
        #expect(extraction?["messages"] as Int64? == 5)
        #expect(extraction?["wal_rows"] as Int64? == 2)
        // Full-text search, kept in step by the triggers.
        let hits = try database.read { db in
            try String.fetchAll(db, sql: "SELECT m.body FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?",
                                arguments: ["verification"])
        }
        #expect(hits == ["Your verification code is 482913"])
        let report = try ChainVerifier.verify(database)
        #expect(report.intact)
        // Every message and every extraction record (the SMS run, the vCard in the backup zip, the indicator scan
        // of the database's cells) are chained.
        let chained = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM ledger WHERE table_name IN ('messages', 'extractions')")
        }
        #expect(chained == 8)
    }

    @Test func anEditedMessageBreaksTheChain() throws {
        let folder = TemporaryFolder()
        let database = try ingest([Self.android], in: folder)
        let path = folder.file("case.sqlite")
        let editor = try DatabaseQueue(path: path)
        try editor.write { db in try db.execute(sql: "UPDATE messages SET body = 'nothing to see' WHERE id = 3") }
        try editor.close()
        let report = try ChainVerifier.verify(database)
        #expect(!report.intact)
        #expect(report.firstFailure?.table == "messages")
        #expect(report.firstFailure?.id == 3)
        #expect(report.firstFailure?.kind == .modified)
    }

    @Test func anInterruptedExtractionResumesToTheSameHead() throws {
        let reference = try ingest([Self.android], in: TemporaryFolder()).chainHead()
        let folder = TemporaryFolder()
        #expect(throws: (any Error).self) {
            _ = try ingest([Self.android], in: folder) { $0.interruptExtractionAfterRuns = 0 }
        }
        let resumed = try CaseDatabase(path: folder.file("case.sqlite"))
        let job = IngestJob(database: resumed, options: IngestOptions(jobs: 2, scratchParent: folder.path))
        let outcome = try job.ingest(source: Self.android)
        #expect(outcome.state == .resumed)
        #expect(try resumed.chainHead().head == reference.head)
        #expect(try resumed.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM messages") } == 5)
    }

    @Test func extractionCanBeTurnedOff() throws {
        let database = try ingest([Self.android], in: TemporaryFolder()) { $0.extract = false }
        #expect(try database.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM messages") } == 0)
    }
}

/// handset-B.zip (Scripts/make-test-evidence): chat apps from the fixture generators, inside one exhibit.
@Suite struct HandsetExtractionTests {
    static let handset = Repo.testEvidence.appendingPathComponent("handset-B.zip").path

    @Test func everyChatStoreIsExtractedOrRecorded() throws {
        let database = try ingest([Self.handset], in: TemporaryFolder())
        let runs = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT e.extractor, e.status, e.messages, e.calls, f.name FROM extractions e JOIN files f ON f.id = e.file_id WHERE e.extractor <> 'sqlite.cells.indicators' ORDER BY e.id")
                .map { "\($0["extractor"] as String) \($0["status"] as String) \($0["messages"] as Int64) \($0["calls"] as Int64) \($0["name"] as String)" }
        }
        // File order: data/… before sdcard/…; each database's extractors in registry order.
        #expect(runs == [
            "whatsapp.android.messages ok 12 0 msgstore.db",
            "whatsapp.android.calls ok 0 5 msgstore.db",
            "whatsapp.android.contact-list ok 0 0 wa.db",
            "telegram.android.messages ok 13 2 cache4.db",
            "whatsapp.android.crypt encrypted 0 0 msgstore-2023-11-14.1.db.crypt14",
            "telegram.desktop.export ok 13 2 result.json",
            "telegram.desktop.contacts ok 0 0 result.json",
            "whatsapp.export.txt ok 5 0 WhatsApp Chat with Bob.txt",
        ])
        // The encrypted backup is also a warning on its file, saying what would open it.
        let warning = try database.read { db in
            try String.fetchOne(db, sql: "SELECT message FROM warnings WHERE code = 'encrypted-store'")
        }
        #expect(warning?.contains("/data/data/com.whatsapp/files/key") == true)
        #expect(try ChainVerifier.verify(database).intact)
    }

    @Test func mediaAttachmentsPointAtTheFilesInTheExhibit() throws {
        let database = try ingest([Self.handset], in: TemporaryFolder())
        let resolved = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.path FROM messages m, json_each(m.attachments) a JOIN files f ON f.id = json_extract(a.value, '$.file_id')
                WHERE m.app = 'whatsapp' ORDER BY f.path
                """).map { $0["path"] as String }
        }
        #expect(resolved == [
            "handset-B.zip/sdcard/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Documents/Reise.pdf",
            "handset-B.zip/sdcard/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20231114-WA0001.jpg",
        ])
        // The voice note's file is not in the exhibit: the attachment keeps the app's path and no file id.
        let missing = try database.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT count(*) FROM messages m, json_each(m.attachments) a
                WHERE json_extract(a.value, '$.source_path') LIKE '%PTT-20231114-WA0002.opus' AND json_extract(a.value, '$.file_id') IS NULL
                """)
        }
        #expect(missing == 1)
    }

    @Test func namesFromWaDbReachTheMessages() throws {
        let database = try ingest([Self.handset], in: TemporaryFolder())
        let named = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE app = 'whatsapp' AND extractor = 'whatsapp.android.messages' AND direction = 'incoming' AND sender_name IS NOT NULL")
        }
        let incoming = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE extractor = 'whatsapp.android.messages' AND direction = 'incoming'")
        }
        #expect(incoming == 8)
        #expect(named == incoming)
    }
}
