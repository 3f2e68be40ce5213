// Files with many indicator findings: the reader waits for the writer instead of holding several such files'
// findings at once (the memory bound of issue 9); nothing is lost and nothing deadlocks on the way.

import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct FindingBudgetTests {
    /// A text of `count` distinct e-mail addresses (each one finding).
    static func addresses(_ prefix: String, _ count: Int) -> String {
        (0..<count).map { "contact \(prefix)\($0)@example.org\n" }.joined()
    }

    @Test(arguments: [1, 2])
    func everyFindingOfSeveralLargeFilesIsRecorded(jobs: Int) throws {
        let folder = TemporaryFolder()
        let source = folder.file("many-findings")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        // Three files past the findings allowed in flight (1,000 here, 20,000 by default), between small ones that
        // have findings of their own.
        let sizes = [("a-small.txt", 50), ("b-large.txt", 2_600), ("c-small.txt", 10), ("d-large.txt", 1_000),
                     ("e-large.txt", 3_000), ("f-small.txt", 5)]
        for (name, count) in sizes {
            try Self.addresses(String(name.prefix(1)), count).write(toFile: source + "/" + name, atomically: true, encoding: .utf8)
        }
        let database = try ingest([source], in: folder, jobs: jobs) { $0.findingsInFlight = 1_000 }
        let perFile = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.name, COUNT(i.id) AS n FROM files f LEFT JOIN indicator_sightings s ON s.file_id = f.id
                LEFT JOIN indicators i ON i.id = s.indicator_id AND i.kind = 'email'
                WHERE f.kind = 'file' GROUP BY f.id ORDER BY f.name
                """).map { "\($0["name"] as String)=\($0["n"] as Int64)" }
        }
        #expect(perFile == sizes.map { "\($0.0)=\($0.1)" })
        #expect(try ChainVerifier.verify(database).intact)
    }

    @Test func waitingForAnEmptyBudgetReturnsOnceTheWriterReleases() throws {
        let budget = FindingBudget(limit: 10)
        #expect(budget.tryAcquire(8))
        #expect(!budget.tryAcquire(5))
        // The writer commits once the waiter has announced itself.
        var announced = false
        budget.waitUntilEmpty(announce: {
            announced = true
            Thread.detachNewThread { budget.release(8) }
        })
        #expect(announced)
        #expect(budget.tryAcquire(10))
    }
}
