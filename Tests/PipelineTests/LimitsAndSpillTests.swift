// Limits stop archive bombs and deep nesting and say so on the file; SQLite databases reach extractors whole,
// with their WAL, from a scratch folder that is gone afterwards.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct LimitsTests {
    let badInputs = Repo.testEvidence.appendingPathComponent("bad-inputs").path

    @Test func deepNestingStopsAtTheDepthLimitAndSaysSo() throws {
        let folder = TemporaryFolder()
        let database = try ingest([badInputs], in: folder, limits: Limits(maxDepth: 3))
        let deep = try storedFiles(database).filter { $0.path.hasPrefix("bad-inputs/deep.zip") }
        #expect(deep.map(\.depth).max() == 3)
        let stopped = try #require(deep.first { $0.status == "limit" })
        #expect(stopped.depth == 3)
        #expect(stopped.statusReason?.contains("nesting depth limit 3") == true)
        #expect(stopped.sha256 != nil, "a container that is not expanded is still read and hashed")
    }

    @Test func compressionBombIsStoppedByTheRatioLimit() throws {
        let folder = TemporaryFolder()
        let database = try ingest([badInputs], in: folder,
                                  limits: Limits(maxExpansionRatio: 100, expansionRatioFloor: 1 << 20))
        let bomb = try #require(try storedFiles(database).first { $0.path == "bad-inputs/bomb.zip" })
        #expect(bomb.status == "limit")
        #expect(bomb.statusReason?.contains("ratio") == true)
        #expect(bomb.sha256 != nil, "the bomb file itself is read to its end and hashed")
        let expanded = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size),0) FROM files WHERE path LIKE 'bad-inputs/bomb.zip/%'")
        } ?? 0
        #expect(expanded < 300 << 20, "expansion must stop long before the nominal 1 GiB")
    }

    @Test func totalExpandedBytesLimitStopsTheExhibit() throws {
        let folder = TemporaryFolder()
        let database = try ingest([badInputs], in: folder, limits: Limits(maxExpandedBytes: 1 << 20))
        let limited = try storedFiles(database).filter { $0.status == "limit" }
        #expect(!limited.isEmpty)
        #expect(limited.contains { $0.statusReason?.contains("expanded more than 1048576 bytes") == true })
    }

    @Test func entriesPerContainerLimit() throws {
        let folder = TemporaryFolder()
        let database = try ingest([Repo.testEvidence.appendingPathComponent("android-ffs.zip").path], in: folder,
                                  limits: Limits(maxEntriesPerContainer: 5))
        let root = try #require(try storedFiles(database).first { $0.path == "android-ffs.zip" })
        #expect(root.status == "limit")
        #expect(root.statusReason?.contains("more than 5 entries") == true)
    }
}

@Suite struct SpillTests {
    @Test func sqliteDatabaseReachesExtractorsWithItsWAL() throws {
        let folder = TemporaryFolder()
        let scratchParent = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratchParent, withIntermediateDirectories: true)
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        let job = IngestJob(database: database, options: IngestOptions(scratchParent: scratchParent))
        var seen: [(path: String, sidecars: [String], smsRows: Int, mainOnlyRows: Int)] = []
        job.onSpilledDatabase = { spilled in
            // The extractor's view: a whole copy, opened with its WAL applied.
            let withWAL = (try? DatabaseQueue(path: spilled.databasePath).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sms") ?? -1
            }) ?? -1
            seen.append((spilled.path.description, spilled.sidecars.keys.sorted(), withWAL, 0))
        }
        _ = try job.ingest(source: Repo.testEvidence.appendingPathComponent("android-ffs.zip").path)
        let mms = try #require(seen.first { $0.path.hasSuffix("mmssms.db") })
        #expect(mms.sidecars == ["-wal"])
        #expect(mms.smsRows == 5, "3 rows in the main file + 2 only in the WAL")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratchParent)
        #expect(leftovers.isEmpty, "scratch must be removed at the end: \(leftovers)")
    }

    @Test func evidenceIsNeverModified() throws {
        let folder = TemporaryFolder()
        let copy = folder.file("android-ffs.zip")
        try FileManager.default.copyItem(atPath: Repo.testEvidence.appendingPathComponent("android-ffs.zip").path, toPath: copy)
        let before = try FileManager.default.attributesOfItem(atPath: copy)
        let beforeData = try Data(contentsOf: URL(fileURLWithPath: copy))
        _ = try ingest([copy], in: folder)
        let after = try FileManager.default.attributesOfItem(atPath: copy)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == beforeData)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("android-ffs.zip") }
        #expect(siblings == ["android-ffs.zip"], "no -wal/-shm or extracted files beside the evidence")
    }
}
