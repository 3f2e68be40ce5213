// The custody binary as an examiner uses it: exit codes, messages, JSON output, verify, manifests.

import Foundation
import GRDB
import Testing
import TestSupport

private let evidence = Truth.exhibits.map { label in
    (try? Truth.load(label)).map { Repo.root.appendingPathComponent($0.source).path } ?? label
}

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
}

@Suite(.serialized) struct CommandLineTests {
    @Test func ingestVerifyManifestRoundTrip() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        let ingest = try Tool.custody(["ingest"] + evidence + ["--case", casePath, "--json", "--examiner", "E. Xaminer"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let report = try json(ingest.stdout)
        let exhibits = try #require(report["exhibits"] as? [[String: Any]])
        #expect(exhibits.map { $0["label"] as? String } == Truth.exhibits)
        let summary = try #require(report["summary"] as? [String: Any])
        let head = try #require(summary["head"] as? String)
        #expect(head.count == 64)

        let verify = try Tool.custody(["verify", "--case", casePath, "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let verdict = try json(verify.stdout)
        #expect(verdict["intact"] as? Bool == true)
        #expect(verdict["head"] as? String == head)
        #expect((verdict["records"] as? Int ?? 0) > 100)
        #expect(verdict["first_failure"] is NSNull)

        let sources = try Tool.custody(["verify", "--case", casePath, "--sources"])
        #expect(sources.status == 0, "\(sources.stdout) \(sources.stderr)")
        #expect(sources.stdout.contains("source bad-inputs: matches"))

        let dfxml = folder.file("m.xml")
        let manifest = try Tool.custody(["manifest", "--case", casePath, "--format", "dfxml", "-o", dfxml])
        #expect(manifest.status == 0)
        #expect(try String(contentsOfFile: dfxml, encoding: .utf8).contains("<hashdigest type=\"sha256\">"))

        // The audit log recorded who ran what, with wall-clock times, outside the evidence chain.
        let audit = try DatabaseQueue(path: casePath).read { db in
            try Row.fetchAll(db, sql: "SELECT event, examiner, at FROM audit_log ORDER BY seq")
        }
        let ingests = Array(repeating: ["ingest-started", "ingest-completed"], count: Truth.exhibits.count).flatMap { $0 }
        #expect(audit.map { $0["event"] as String } == ingests + ["verify", "verify", "manifest"])
        #expect(audit.first?["examiner"] as String? == "E. Xaminer")
        #expect((audit.first?["at"] as String?)?.hasSuffix("Z") == true)
    }

    @Test func runningTheSameIngestTwiceChangesNothing() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        let source = Repo.testEvidence.appendingPathComponent("PC-07.tar.gz").path
        #expect(try Tool.custody(["ingest", source, "--case", casePath]).status == 0)
        let first = try json(try Tool.custody(["verify", "--case", casePath, "--json"]).stdout)["records"] as? Int
        let again = try Tool.custody(["ingest", source, "--case", casePath])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already complete"))
        #expect(try json(try Tool.custody(["verify", "--case", casePath, "--json"]).stdout)["records"] as? Int == first)
    }

    @Test func terminalShowsProgressAndVerboseLogsWarnings() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        // `script` gives the command a terminal, where the progress line is drawn.
        let command = "\(Repo.binary) ingest \(evidence[2]) --case \(casePath) --verbose"
        let result = try Tool.run("script", ["-qfec", command, "/dev/null"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("bad-inputs: "))
        #expect(result.stdout.contains(" files, "))
        #expect(result.stdout.contains("/s"))
        #expect(result.stdout.contains("code=limit-reached") || result.stdout.contains("limit-reached"))
        #expect(result.stdout.contains("exhibit sealed"))
    }

    @Test func chainHeadDoesNotDependOnTheMachinesTimeZoneOrLocale() throws {
        var heads: Set<String> = []
        for (zone, locale) in [("UTC", "C"), ("America/New_York", "C.UTF-8"), ("Asia/Kathmandu", "en_US.ISO-8859-1")] {
            let folder = TemporaryFolder()
            let casePath = folder.file("case.sqlite")
            // Zip times are zone-less DOS times: the zone of the examiner's machine must not change them.
            let result = try Tool.run(Repo.binary, ["ingest", evidence[0], evidence[1], "--case", casePath, "--json"],
                                      environment: ["TZ": zone, "LANG": locale, "LC_ALL": locale, "PATH": "/usr/bin:/bin"])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
            heads.insert(try #require(summary["head"] as? String))
        }
        #expect(heads.count == 1)
    }

    @Test func missingSourceFailsWithAClearMessageAndNoCaseFile() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        let result = try Tool.custody(["ingest", "/evidence/does-not-exist.zip", "--case", casePath])
        #expect(result.status == 66)
        #expect(result.stderr == "custody: source /evidence/does-not-exist.zip not found; nothing was ingested and the case file was not touched\n")
        #expect(result.stdout.isEmpty, "no summary for a run that read nothing: \(result.stdout)")
        // Nothing the command would have created is left behind (SQLite's -wal/-shm/-journal included).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func oneMissingSourceAmongGoodOnesLeavesAnExistingCaseUntouched() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        #expect(try Tool.custody(["ingest", evidence[1], "--case", casePath]).status == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: casePath))
        // A good source before the bad ones is not read either: every source is checked first.
        let result = try Tool.custody(["ingest", evidence[0], "/evidence/gone-1", folder.file("gone-2"), "--case", casePath])
        #expect(result.status == 66)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("source /evidence/gone-1 not found; source \(folder.file("gone-2")) not found"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: casePath)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        let audit = try DatabaseQueue(path: casePath).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") }
        #expect(audit == 2)
    }

    @Test func unwritableCaseFailsWithAClearMessage() throws {
        let result = try Tool.custody(["ingest", evidence[0], "--case", "/proc/custody/case.sqlite"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/proc/custody/case.sqlite"))
    }

    @Test func exhibitLabelNeedsASingleSource() throws {
        let folder = TemporaryFolder()
        let result = try Tool.custody(["ingest", evidence[0], evidence[1], "--exhibit", "X", "--case", folder.file("c.sqlite")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--exhibit"))
    }

    @Test func tamperedCaseFailsVerificationNamingTheRecord() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        #expect(try Tool.custody(["ingest", evidence[0], "--case", casePath]).status == 0)
        try DatabaseQueue(path: casePath).write { db in
            try db.execute(sql: "UPDATE files SET sha256 = 'deadbeef' WHERE path = 'android-ffs.zip/sdcard/Download/contract.pdf'")
        }
        let result = try Tool.custody(["verify", "--case", casePath, "--json"])
        #expect(result.status == 1)
        let verdict = try json(result.stdout)
        #expect(verdict["intact"] as? Bool == false)
        let failure = try #require(verdict["first_failure"] as? [String: Any])
        #expect(failure["table"] as? String == "files")
        #expect(failure["kind"] as? String == "modified")
        #expect(failure["id"] is Int)
    }

    @Test func writeProtectedCaseCanStillBeVerified() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        #expect(try Tool.custody(["ingest", evidence[1], "--case", casePath]).status == 0)
        let head = try json(try Tool.custody(["verify", "--case", casePath, "--json"]).stdout)["head"] as? String
        // A case handed to a court expert on read-only media; root ignores permissions, so check as nobody.
        chmod(folder.path, 0o755)
        chmod(casePath, 0o444)
        var program = Repo.binary
        var arguments = ["verify", "--case", casePath, "--json"]
        if getuid() == 0 {
            program = "/usr/bin/setpriv"
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Repo.binary] + arguments
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: casePath))
        let result = try Tool.run(program, arguments)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(try json(result.stdout)["head"] as? String == head)
        #expect(try Data(contentsOf: URL(fileURLWithPath: casePath)) == before)
    }

    @Test func changedSourceFailsSourceVerification() throws {
        let folder = TemporaryFolder()
        let copy = folder.file("exhibit")
        try FileManager.default.copyItem(atPath: Repo.testEvidence.appendingPathComponent("bad-inputs").path, toPath: copy)
        let casePath = folder.file("case.sqlite")
        #expect(try Tool.custody(["ingest", copy, "--case", casePath]).status == 0)
        #expect(try Tool.custody(["verify", "--case", casePath, "--sources"]).status == 0)
        try Data("altered\n".utf8).write(to: URL(fileURLWithPath: copy + "/notes.txt"))
        let result = try Tool.custody(["verify", "--case", casePath, "--sources", "--json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("notes.txt"))
        // The chain itself is intact: the case is fine, the source changed.
        let verdict = try json(result.stdout)
        #expect(verdict["first_failure"] is NSNull)
    }
}
