// A directory extraction with the things real file systems hold: FIFOs, unreadable files, symlinks — each
// recorded with a status and a reason, none hanging or crashing the run. Hashes agree with hashdeep.

import Foundation
import GRDB
import Testing
import TestSupport

@Suite(.serialized) struct DirectorySourceTests {
    @Test func fifoIsRecordedNotRead() throws {
        let folder = TemporaryFolder()
        let source = folder.file("device")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: source + "/a.txt"))
        #expect(mkfifo(source + "/pipe", 0o644) == 0)
        let casePath = folder.file("case.sqlite")
        let result = try Tool.custody(["ingest", source, "--case", casePath])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try DatabaseQueue(path: casePath).read { db in
            try Row.fetchOne(db, sql: "SELECT kind, sha256, status FROM files WHERE path = 'device/pipe'")
        }
        #expect(row?["kind"] as String? == "fifo")
        #expect(row?["sha256"] as String? == nil)
        let warning = try DatabaseQueue(path: casePath).read { db in
            try String.fetchOne(db, sql: "SELECT code FROM warnings WHERE message LIKE 'device/pipe%'")
        }
        #expect(warning == "special-file")
    }

    @Test func unreadableFileGetsAnErrorRowAndTheRestIsRead() throws {
        let folder = TemporaryFolder()
        let source = folder.file("device")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try Data("readable\n".utf8).write(to: URL(fileURLWithPath: source + "/ok.txt"))
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: source + "/locked.txt"))
        chmod(source + "/locked.txt", 0o000)
        let casePath = folder.file("case.sqlite")
        // Root reads everything, so run as an unprivileged user (setpriv, util-linux) to meet a permission error.
        var arguments = ["ingest", source, "--case", casePath]
        var program = Repo.binary
        if getuid() == 0 {
            for path in [folder.path, source] { chmod(path, 0o777) }
            chmod(source + "/ok.txt", 0o644)
            program = "/usr/bin/setpriv"
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Repo.binary] + arguments
        }
        let result = try Tool.run(program, arguments, environment: ["TMPDIR": folder.path, "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try DatabaseQueue(path: casePath).read { db in
            try Row.fetchAll(db, sql: "SELECT path, status, status_reason FROM files ORDER BY path")
        }
        let locked = try #require(rows.first { $0["path"] as String == "device/locked.txt" })
        #expect(locked["status"] as String == "error")
        #expect((locked["status_reason"] as String?)?.contains("Permission denied") == true)
        #expect(rows.first { $0["path"] as String == "device/ok.txt" }?["status"] as String? == "ok")
    }

    @Test func hashesAgreeWithHashdeep() throws {
        let source = Repo.testEvidence.appendingPathComponent("bad-inputs").path
        let hashdeep = try Tool.run("hashdeep", ["-c", "md5,sha256", "-l", "-r", "."], currentDirectory: source)
        #expect(hashdeep.status == 0, "\(hashdeep.stderr)")
        var expected: [String: (String, String)] = [:]
        for line in hashdeep.stdout.split(separator: "\n") where !line.hasPrefix("%") && !line.hasPrefix("#") {
            let parts = line.split(separator: ",", maxSplits: 3).map(String.init)
            guard parts.count == 4 else { continue }
            expected["bad-inputs/" + parts[3].replacingOccurrences(of: "./", with: "")] = (parts[1], parts[2])
        }
        #expect(expected.count >= 12)
        let folder = TemporaryFolder()
        let casePath = folder.file("case.sqlite")
        #expect(try Tool.custody(["ingest", source, "--case", casePath]).status == 0)
        let rows = try DatabaseQueue(path: casePath).read { db in
            try Row.fetchAll(db, sql: "SELECT path, md5, sha256 FROM files WHERE depth = 0 AND kind = 'file'")
        }
        #expect(rows.count == expected.count)
        for row in rows {
            let path: String = row["path"]
            #expect(expected[path]?.0 == row["md5"] as String?, "\(path) md5")
            #expect(expected[path]?.1 == row["sha256"] as String?, "\(path) sha256")
        }
    }
}
