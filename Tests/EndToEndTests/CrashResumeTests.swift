// A file that kills the process in one stage (planted with the debug-only CUSTODY_TEST_CRASH hook) costs that
// stage on that file, never the exhibit: the same command run again completes it, every other file intact.

import Foundation
import GRDB
import Testing
import TestSupport

/// One planted crash and what the completed exhibit must then say.
struct PlantedCrash: CustomTestStringConvertible, Sendable {
    /// `<stage>:<substring>` for CUSTODY_TEST_CRASH.
    var hook: String
    /// The file the crash is charged to (path suffix).
    var file: String
    /// For reading-phase stages: the status the file gets, its bytes hashed or not.
    var fileError: Bool
    var hashed: Bool
    /// For extraction-phase stages: the `extractions` row that records the skip, and its status.
    var extraction: (extractor: String, status: String)?
    /// Files of the clean ingest the crashed exhibit cannot have (entries after an expansion cut).
    var absent: [String] = []
    /// Wording the reason must contain.
    var stageWording: String

    var testDescription: String { hook }

    static let all: [PlantedCrash] = [
        PlantedCrash(hook: "scan:Documents/job-offer.txt", file: "sdcard/Documents/job-offer.txt", fileError: true, hashed: true,
                     stageWording: "in stage indicator scan"),
        PlantedCrash(hook: "identify:Download/contract.pdf", file: "sdcard/Download/contract.pdf", fileError: true, hashed: true,
                     stageWording: "in stage type identification"),
        PlantedCrash(hook: "read:backup.zip/passwords.txt", file: "sdcard/Download/backup.zip/passwords.txt", fileError: true, hashed: false,
                     stageWording: "in stage reading and hashing"),
        PlantedCrash(hook: "expand:Download/backup.zip#1", file: "sdcard/Download/backup.zip", fileError: true, hashed: true,
                     absent: ["sdcard/Download/backup.zip/passwords.txt"], stageWording: "in stage container expansion"),
        PlantedCrash(hook: "extract:mmssms.db#android.sms.messages", file: "databases/mmssms.db", fileError: false, hashed: true,
                     extraction: ("android.sms.messages", "error"), stageWording: "in stage extractor run"),
        PlantedCrash(hook: "message-scan:mmssms.db#android.sms.messages", file: "databases/mmssms.db", fileError: false, hashed: true,
                     extraction: ("android.sms.messages", "ok"), stageWording: "in stage message and contact indicator scan"),
        PlantedCrash(hook: "cells:mmssms.db", file: "databases/mmssms.db", fileError: false, hashed: true,
                     extraction: ("sqlite.cells.indicators", "error"), stageWording: "in stage database cell scan"),
        PlantedCrash(hook: "message-scan:contacts.vcf#vcard.contacts", file: "backup.zip/contacts.vcf", fileError: false, hashed: true,
                     extraction: ("vcard.contacts", "ok"), stageWording: "in stage message and contact indicator scan"),
        PlantedCrash(hook: "plan:mmssms.db", file: "databases/mmssms.db", fileError: false, hashed: true,
                     stageWording: "in stage extraction planning"),
        PlantedCrash(hook: "extract:contacts.vcf#vcard.contacts", file: "backup.zip/contacts.vcf", fileError: false, hashed: true,
                     extraction: ("vcard.contacts", "error"), stageWording: "in stage extractor run"),
    ]
}

@Suite(.serialized) struct CrashResumeTests {
    static let source = Repo.testEvidence.appendingPathComponent("android-ffs.zip").path

    func custody(_ arguments: [String], crash: String?) throws -> ToolResult { try Tool.custody(arguments, crash: crash) }

    struct Row: Equatable { var sha256: String?; var status: String; var mime: String? }

    func files(_ casePath: String) throws -> [String: Row] {
        try DatabaseQueue(path: casePath).read { db in
            var rows: [String: Row] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT path, sha256, status, mime FROM files") {
                rows[row["path"]] = Row(sha256: row["sha256"], status: row["status"], mime: row["mime"])
            }
            return rows
        }
    }

    func verifiedHead(_ casePath: String) throws -> String {
        let result = try Tool.custody(["verify", "--case", casePath, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == true, "\(result.stdout)")
        return object["head"] as? String ?? ""
    }

    @Test(arguments: PlantedCrash.all)
    func crashedStageIsSkippedOnResume(_ planted: PlantedCrash) throws {
        let folder = TemporaryFolder()
        let reference = folder.file("reference.sqlite")
        #expect(try custody(["ingest", Self.source, "--case", reference, "--quiet", "--jobs", "2"], crash: nil).status == 0)
        let clean = try files(reference)

        let casePath = folder.file("case.sqlite")
        let arguments = ["ingest", Self.source, "--case", casePath, "--quiet", "--jobs", "2"]
        let first = try custody(arguments, crash: planted.hook)
        #expect(first.status != 0, "the planted crash must kill the first run")
        #expect(first.stderr.contains("CUSTODY_TEST_CRASH"), "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: casePath + ".inflight"), "the journal survives the crash")

        // The same command, crash still planted: the crashed stage is skipped, so it cannot crash again.
        let second = try custody(arguments, crash: planted.hook)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("(resumed)"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: casePath + ".inflight"), "the journal is removed once the exhibit is sealed")

        let resumed = try files(casePath)
        let key = try #require(clean.keys.first { $0.hasSuffix(planted.file) }, "\(planted.file) in the clean ingest")
        // Every other file has the row a clean ingest gives it.
        for (path, row) in clean where path != key && !planted.absent.contains(where: { path.hasSuffix($0) }) {
            #expect(resumed[path] == row, "\(path)")
        }
        for absent in planted.absent {
            #expect(!resumed.keys.contains { $0.hasSuffix(absent) }, "\(absent) comes after the expansion cut")
        }
        #expect(resumed.count == clean.count - planted.absent.count)

        let crashed = try #require(resumed[key])
        if planted.fileError {
            #expect(crashed.status == "error")
            #expect(planted.hashed ? crashed.sha256 == clean[key]?.sha256 : crashed.sha256 == nil)
        } else {
            #expect(crashed == clean[key], "a crash in the extraction stage leaves the file's own row alone")
        }

        try DatabaseQueue(path: casePath).read { db in
            let reason = try String.fetchOne(db, sql: "SELECT status_reason FROM files WHERE path = ?", arguments: [key])
            if planted.fileError {
                #expect(reason?.hasPrefix("custody stopped while reading this file \(planted.stageWording)") == true, "\(reason ?? "nil")")
            }
            let warnings = try String.fetchAll(db, sql: """
                SELECT w.message FROM warnings w JOIN files f ON f.id = w.file_id WHERE w.code = 'stage-crashed' AND f.path = ?
                """, arguments: [key])
            #expect(warnings.count == 1, "\(warnings)")
            #expect(warnings.first?.contains(planted.stageWording) == true, "\(warnings)")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM warnings WHERE code = 'stage-crashed'") == 1)
            if let (extractor, status) = planted.extraction {
                let recorded = try String.fetchOne(db, sql: """
                    SELECT e.status FROM extractions e JOIN files f ON f.id = e.file_id WHERE f.path = ? AND e.extractor = ?
                    """, arguments: [key, extractor])
                #expect(recorded == status)
            }
            if planted.hook.hasPrefix("plan:") {
                let runs = try Int.fetchOne(db, sql: "SELECT count(*) FROM extractions e JOIN files f ON f.id = e.file_id WHERE f.path = ?",
                                            arguments: [key])
                #expect(runs == 0, "a file whose planning crashed is not extracted")
            }
            let audit = try String.fetchAll(db, sql: "SELECT event FROM audit_log ORDER BY seq")
            #expect(audit.contains("stage-crashed") && audit.contains("stage-skipped"), "\(audit)")
            // The seal counts every warning of the exhibit, the skip's included.
            let sealed = try Int.fetchOne(db, sql: "SELECT warning_count FROM exhibit_seals")
            #expect(sealed == (try Int.fetchOne(db, sql: "SELECT count(*) FROM warnings")))
        }

        let head = try verifiedHead(casePath)
        let python = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/verify-chain.py").path, casePath])
        #expect(python.status == 0, "\(python.stdout)\(python.stderr)")
        #expect(python.stdout.contains(head))

        let third = try custody(arguments, crash: planted.hook)
        #expect(third.status == 0)
        #expect(third.stdout.contains("already complete"), "\(third.stdout)")
    }

    /// A crash deep into a large exhibit, after thousands of rows were committed: the resumed run checks the
    /// committed rows, skips the stage for the planted file, and every other file matches a clean ingest.
    @Test(arguments: ["scan:note-004000.txt", "identify:note-004000.txt"])
    func crashAfterCommittedRows(_ hook: String) throws {
        let folder = TemporaryFolder()
        let tar = folder.file("phone.tar")
        try InterruptionTests().makeTar(tar, files: 6_000)
        let reference = folder.file("reference.sqlite")
        #expect(try custody(["ingest", tar, "--case", reference, "--quiet"], crash: nil).status == 0)
        let clean = try files(reference)

        let casePath = folder.file("case.sqlite")
        let arguments = ["ingest", tar, "--case", casePath, "--quiet", "--jobs", "2"]
        #expect(try custody(arguments, crash: hook).status != 0)
        let committed = try DatabaseQueue(path: casePath).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM files") ?? 0 }
        #expect(committed > 0 && committed < 4_000, "rows committed before the crash: \(committed)")
        let second = try custody(arguments, crash: hook)
        #expect(second.status == 0, "\(second.stderr)")

        let resumed = try files(casePath)
        #expect(resumed.count == clean.count)
        let planted = try #require(clean.keys.first { $0.hasSuffix("note-004000.txt") })
        var differing: [String] = []
        for (path, row) in clean where resumed[path] != row { differing.append(path) }
        #expect(differing == [planted])
        #expect(resumed[planted]?.status == "error")
        #expect(resumed[planted]?.sha256 == clean[planted]?.sha256)
        _ = try verifiedHead(casePath)
    }

    /// Two different files crash in two runs: the journal keeps the first crash while the second run dies, so the
    /// third run skips both and completes.
    @Test func crashesOfSuccessiveRunsAreAllSkipped() throws {
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        let arguments = ["ingest", Self.source, "--case", casePath, "--quiet"]
        #expect(try custody(arguments, crash: "scan:Documents/job-offer.txt").status != 0)
        #expect(try custody(arguments, crash: "identify:Download/contract.pdf").status != 0)
        let third = try custody(arguments, crash: "identify:Download/contract.pdf")
        #expect(third.status == 0, "\(third.stderr)")
        try DatabaseQueue(path: casePath).read { db in
            let crashed = try String.fetchAll(db, sql: """
                SELECT f.path FROM warnings w JOIN files f ON f.id = w.file_id WHERE w.code = 'stage-crashed' ORDER BY f.path
                """)
            #expect(crashed == ["android-ffs.zip/sdcard/Documents/job-offer.txt", "android-ffs.zip/sdcard/Download/contract.pdf"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM files WHERE status = 'error'") == 2)
        }
        _ = try verifiedHead(casePath)
    }
}
