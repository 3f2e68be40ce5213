// The same input gives the same evidence rows and chain head whatever the thread count, and a resumed ingest
// ends exactly where an uninterrupted one does.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct ReproducibilityTests {
    static let sources = Truth.exhibits.map { label -> String in
        (try? Truth.load(label)).map { Repo.root.appendingPathComponent($0.source).path } ?? label
    }

    func head(jobs: Int, configure: (inout IngestOptions) -> Void = { _ in }) throws -> (String, Int64) {
        let folder = TemporaryFolder()
        let database = try ingest(Self.sources, in: folder, jobs: jobs, configure: configure)
        let head = try database.chainHead()
        return (head.head, head.records)
    }

    @Test func chainHeadDoesNotDependOnThreadCount() throws {
        let one = try head(jobs: 1)
        let two = try head(jobs: 2)
        let five = try head(jobs: 5) { $0.writeBatchSize = 3 }
        #expect(one.0 == two.0)
        #expect(one.0 == five.0)
        #expect(one.1 == two.1)
        #expect(one.1 > 100)
    }

    @Test(arguments: [1, 10, 25, 60])
    func resumedIngestMatchesUninterrupted(interruptAfter rows: Int64) throws {
        let reference = try head(jobs: 2)
        let folder = TemporaryFolder()
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        var interrupted = IngestOptions(jobs: 2, scratchParent: folder.path)
        interrupted.writeBatchSize = 4
        interrupted.interruptAfterRows = rows
        var stoppedAt: String?
        for source in Self.sources {
            do {
                _ = try IngestJob(database: database, options: interrupted).ingest(source: source)
            } catch {
                stoppedAt = source
                break
            }
        }
        let stopped = try #require(stoppedAt, "the simulated interruption never happened")
        // A new exhibit cannot start while one is incomplete.
        #expect(throws: PipelineError.self) {
            _ = try IngestJob(database: database, options: IngestOptions(scratchParent: folder.path))
                .ingest(source: Repo.testEvidence.appendingPathComponent("bad-inputs").path, label: "other")
        }
        // "Running the same command again": every source again; complete ones are skipped, the cut one resumes.
        var states: [ExhibitOutcome.State] = []
        for source in Self.sources {
            states.append(try IngestJob(database: database, options: IngestOptions(jobs: 2, scratchParent: folder.path)).ingest(source: source).state)
        }
        #expect(states.contains(.resumed), "\(stopped) should have resumed")
        let resumed = try database.chainHead()
        #expect(resumed.head == reference.0)
        #expect(resumed.records == reference.1)
        let duplicates = try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT id FROM files GROUP BY id HAVING count(*) > 1)")
        }
        #expect(duplicates == 0)
        #expect(try ChainVerifier.verify(database).intact)
    }

    @Test func resumingFromAChangedSourceIsRefused() throws {
        let folder = TemporaryFolder()
        let source = folder.file("exhibit")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        for index in 0..<30 {
            try Data("file \(index)\n".utf8).write(to: URL(fileURLWithPath: source + "/f\(index).txt"))
        }
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        var options = IngestOptions(jobs: 1, scratchParent: folder.path)
        options.writeBatchSize = 2
        options.interruptAfterRows = 10
        #expect(throws: (any Error).self) { _ = try IngestJob(database: database, options: options).ingest(source: source) }
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: source + "/f0.txt"))
        #expect(throws: StoreError.self) {
            _ = try IngestJob(database: database, options: IngestOptions(scratchParent: folder.path)).ingest(source: source)
        }
    }
}
