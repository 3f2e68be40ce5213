// Issue 9: a digit run planted in a text file killed `custody scan` and every ingest holding it (SIGILL, exit 132),
// and a resumed ingest died on the same file forever. The binary must finish both.

import Foundation
import GRDB
import Testing
import TestSupport

@Suite(.serialized) struct HostileNumberTests {
    static let issueLine = "host 1.1.99999999999999999999.1 here\n"

    @Test func scanOfTheIssueFileExitsZero() throws {
        let folder = TemporaryFolder()
        let file = folder.file("t.txt")
        try Data(Self.issueLine.utf8).write(to: URL(fileURLWithPath: file))
        let result = try Tool.custody(["scan", file, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(!result.stdout.contains("\"ipv4\""))
    }

    @Test func ingestOfAFolderHoldingItCompletesAndVerifies() throws {
        let folder = TemporaryFolder()
        let source = folder.file("device")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try Data(Self.issueLine.utf8).write(to: URL(fileURLWithPath: source + "/t.txt"))
        try Data("server 203.0.113.7 is the panel\n".utf8).write(to: URL(fileURLWithPath: source + "/notes.txt"))
        let casePath = folder.file("case.sqlite")
        let ingest = try Tool.custody(["ingest", source, "--case", casePath, "--json"])
        #expect(ingest.status == 0, "\(ingest.stderr.suffix(2000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
        let exhibits = try #require(report["exhibits"] as? [[String: Any]])
        #expect(exhibits.map { $0["state"] as? String } == ["completed"])

        let (status, addresses) = try DatabaseQueue(path: casePath).read { db in
            (try String.fetchOne(db, sql: "SELECT status FROM files WHERE path = 'device/t.txt'"),
             try String.fetchAll(db, sql: "SELECT value FROM indicators WHERE kind = 'ipv4' ORDER BY value"))
        }
        #expect(status == "ok")
        #expect(addresses == ["203.0.113.7"])

        let verify = try Tool.custody(["verify", "--case", casePath, "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(verdict["intact"] as? Bool == true)
    }
}
