// The `extension-mismatch` warning: names whose extension the content contradicts are reported with both types
// (planted: random bytes named .zip, a SQLite database named .jpg, a zip named .txt, TestEvidence's
// not-a-zip.zip); correctly named real files (TestEvidence, the shared corpus) are not.

import EvidenceModel
import EvidenceStore
import Foundation
@testable import Pipeline
import Testing
import TestSupport

@Suite struct ExtensionMismatchTests {
    static func mismatches(_ database: CaseDatabase) throws -> [String: String] {
        var result: [String: String] = [:]
        for warning in try database.warnings() where warning.code == .extensionMismatch {
            let path = String(warning.message.prefix { $0 != ":" })
            result[path] = warning.message
        }
        return result
    }

    @Test func theShippedTableLoadsAndLeavesDbAlone() throws {
        let table = try ExtensionTypes.shipped.get()
        #expect(table.rules["zip"]?.signature == true)
        #expect(table.rules["jpg"]?.claims == "JPEG image")
        #expect(table.rules["txt"]?.signature == false)
        #expect(table.rules["db"] == nil, "many apps name files .db that are not SQLite")
        #expect(table.contradicting.contains("application/vnd.sqlite3"))
    }

    @Test(arguments: [("a.JPG", "jpg"), ("archive.tar.gz", "gz"), (".zip", nil), ("noext", nil), ("a.", nil)] as [(String, String?)])
    func claimedExtension(_ name: String, _ ext: String?) {
        #expect(ExtensionTypes.claimedExtension(name) == ext)
    }

    @Test func plantedMismatchesAreReportedWithBothTypes() throws {
        let folder = TemporaryFolder()
        let source = folder.file("device")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: source + "/" + name)) }
        // Seeded: unseeded random bytes now and then open like a zlib stream, which libmagic then names.
        var generator = SplitMix64(seed: 0x5EED_2024)
        try write("random.zip", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try write("RANDOM.PDF", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let sqlite = folder.file("s.sqlite")
        #expect(try Tool.run("sqlite3", [sqlite, "CREATE TABLE t (a); INSERT INTO t VALUES ('x');"]).status == 0)
        try FileManager.default.copyItem(atPath: sqlite, toPath: source + "/photo.jpg")
        try FileManager.default.copyItem(atPath: sqlite, toPath: source + "/store.db")  // .db: never checked
        try FileManager.default.copyItem(atPath: sqlite, toPath: source + "/store.sqlite")
        let zip = Repo.testEvidence.appendingPathComponent("bad-inputs/traversal.zip").path
        try FileManager.default.copyItem(atPath: zip, toPath: source + "/notes.txt")
        try FileManager.default.copyItem(atPath: zip, toPath: source + "/real.zip")
        try FileManager.default.copyItem(atPath: Repo.corpusFile("log2timeline+plaso/test_data/Document.docx"), toPath: source + "/report.docx")
        try write("empty.zip", [])
        try write("plain.txt", Array("just text\n".utf8))
        try write("random.txt", (0..<512).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) })  // odd text: no claim to contradict

        let database = try ingest([source], in: TemporaryFolder()) { $0.extract = false; $0.indicators = false }
        let found = try Self.mismatches(database)
        #expect(found.keys.sorted() == ["device/RANDOM.PDF", "device/notes.txt", "device/photo.jpg", "device/random.zip"])
        #expect(found["device/random.zip"] == "device/random.zip: the name claims ZIP archive (.zip); the content is application/octet-stream")
        #expect(found["device/photo.jpg"] == "device/photo.jpg: the name claims JPEG image (.jpg); the content is application/vnd.sqlite3")
        #expect(found["device/notes.txt"] == "device/notes.txt: the name claims text (.txt); the content is application/zip")
        #expect(found["device/RANDOM.PDF"]?.contains("PDF document (.pdf)") == true)
        // The warning is on the file's row, like every file warning.
        let warning = try #require(try database.warnings().first { $0.code == .extensionMismatch })
        #expect(warning.fileId != nil)
    }

    @Test func testEvidenceHasOnlyItsPlantedMismatch() throws {
        let sources = try Truth.exhibits.map { Repo.root.appendingPathComponent(try Truth.load($0).source).path }
        let database = try ingest(sources, in: TemporaryFolder()) { $0.extract = false; $0.indicators = false }
        // bad-inputs/not-a-zip.zip is text named .zip, made to test the archive reader's refusal.
        #expect(try Self.mismatches(database) == [
            "bad-inputs/not-a-zip.zip": "bad-inputs/not-a-zip.zip: the name claims ZIP archive (.zip); the content is text/plain",
        ])
    }

    @Test func correctlyNamedRealFilesOfTheCorpusRaiseNothing() throws {
        // Every file of the shared corpus (office documents, PDFs, SQLite databases, archives, disk images and
        // what they hold), under the names their projects gave them.
        let database = try ingest([Repo.corpus.path], in: TemporaryFolder()) { $0.extract = false; $0.indicators = false }
        let stats = try database.summary(exhibitIds: nil)
        #expect(stats.files > 250)
        #expect(try Self.mismatches(database) == [:])
    }
}

/// A small seeded generator, so the "random" planted files are the same bytes on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
