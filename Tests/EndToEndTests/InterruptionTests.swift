// An ingest killed mid-way (SIGKILL, as a power cut or an impatient examiner would) completes when the same
// command runs again: no duplicate, no missing row, and the same chain head as an uninterrupted run.

import Foundation
import GRDB
import Testing
import TestSupport

@Suite(.serialized) struct InterruptionTests {
    /// A tar of many small files, made with Python's tarfile (fixed times: the same bytes every run).
    func makeTar(_ path: String, files: Int) throws {
        let script = """
        import tarfile, io, sys
        with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t:
            for i in range(int(sys.argv[2])):
                data = (f'message {i} from +264 81 {i:07d}\\n' * (1 + i % 7)).encode()
                info = tarfile.TarInfo(f'data/media/0/WhatsApp/{i // 500:03d}/note-{i:06d}.txt')
                info.size = len(data); info.mtime = 1700000000 + i
                t.addfile(info, io.BytesIO(data))
        """
        let result = try Tool.python(script, [path, String(files)])
        try #require(result.status == 0, "\(result.stderr)")
    }

    func head(_ casePath: String) throws -> (String, Int) {
        let result = try Tool.custody(["verify", "--case", casePath, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == true, "\(result.stdout)")
        return (object["head"] as? String ?? "", object["records"] as? Int ?? 0)
    }

    @Test func killedIngestResumesToTheSameHead() throws {
        let folder = TemporaryFolder()
        let tar = folder.file("phone.tar")
        try makeTar(tar, files: 40_000)

        let reference = folder.file("reference.sqlite")
        #expect(try Tool.custody(["ingest", tar, "--case", reference, "--quiet"]).status == 0)
        let expected = try head(reference)

        let casePath = folder.file("case.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repo.binary)
        process.arguments = ["ingest", tar, "--case", casePath, "--quiet", "--jobs", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some rows are committed, then kill without warning.
        var committed = 0
        let deadline = Date().addingTimeInterval(60)
        while committed < 2_000 && process.isRunning && Date() < deadline {
            usleep(20_000)
            committed = (try? DatabaseQueue(path: casePath, configuration: {
                var c = Configuration(); c.readonly = true; return c
            }()).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM files") ?? 0 }) ?? 0
        }
        try #require(process.isRunning, "the ingest finished before it could be interrupted; use a larger input")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try DatabaseQueue(path: casePath).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM files") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM exhibit_seals") ?? 0)
        }
        #expect(partial.0 > 0 && partial.0 < 40_002, "killed mid-way: \(partial.0) rows")
        #expect(partial.1 == 0, "an interrupted exhibit has no seal")

        let again = try Tool.custody(["ingest", tar, "--case", casePath, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("(resumed)"))
        let resumed = try head(casePath)
        #expect(resumed.0 == expected.0)
        #expect(resumed.1 == expected.1)
        let counts = try DatabaseQueue(path: casePath).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM files") ?? 0, try Int.fetchOne(db, sql: "SELECT count(DISTINCT path) FROM files") ?? 0)
        }
        #expect(counts.0 == 40_000 + 1, "40,000 members + the tar itself as the exhibit root (got \(counts.0))")
        #expect(counts.0 == counts.1)
    }
}
