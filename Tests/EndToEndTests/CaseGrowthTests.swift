// A case grows linearly with its evidence, whatever the evidence does to make it grow faster: giant fields copied
// into many rows, many repeated sub-records, giant message bodies. And nothing is lost: the whole values stay in
// the case, reachable from the capped copies.

import Foundation
import GRDB
import Testing
import TestSupport

/// The bound docs/SCHEMA.md states (long_values): case file + WAL ≤ 64 × evidence + 4 MiB. 64 is the measured cost
/// of the shortest identifier line a vCard can hold (`EMAIL:a@b.io`, 15 bytes) becoming a contact row, an identity,
/// a sighting and their three ledger entries and indexes (about 900 bytes); 4 MiB covers the empty schema and
/// SQLite's page slack.
private func bound(_ evidence: Int64) -> Int64 { 64 * evidence + (4 << 20) }

/// Bytes of the case file and its WAL once no process has it open.
private func caseBytes(_ path: String) -> Int64 {
    [path, path + "-wal"].reduce(0) { total, file in
        total + (((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.int64Value ?? 0)
    }
}

private func folderBytes(_ path: String) throws -> Int64 {
    try FileManager.default.contentsOfDirectory(atPath: path).reduce(0) { total, name in
        total + (((try FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size]) as? NSNumber)?.int64Value ?? 0)
    }
}

/// Ingests the folder into a new case, expects exit 0 and a case (with its WAL) within `bound`; the case's path.
private func ingestWithinBound(_ evidence: String, in folder: TemporaryFolder) throws -> String {
    let casePath = folder.file("case.sqlite")
    let ingest = try Tool.custody(["ingest", evidence, "--case", casePath])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let size = caseBytes(casePath)
    let evidenceSize = try folderBytes(evidence)
    #expect(size <= bound(evidenceSize), "case \(size) bytes for \(evidenceSize) bytes of evidence")
    return casePath
}

@Suite(.serialized) struct CaseGrowthTests {
    /// One contact with 200 KB name, organization and note fields and 2,000 e-mail addresses: each field was
    /// copied into all 2,000 contact rows and sightings (the issue's 145 KB card made a 414 MB case).
    @Test func giantContactFieldsAreStoredOnce() throws {
        let folder = TemporaryFolder()
        let evidence = folder.file("evidence")
        try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
        let name = String(repeating: "Наталья ", count: 200_000 / 15) + "Z"
        let organization = String(repeating: "Org ", count: 50_000) + "Z"
        let note = "wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 " + String(repeating: "n", count: 200_000)
        var card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\(name)\r\nORG:\(organization)\r\nNOTE:\(note)\r\n"
        for index in 0..<2000 { card += "EMAIL:a\(index)@example.com\r\n" }
        card += "END:VCARD\r\n"
        try card.write(toFile: evidence + "/hostile.vcf", atomically: true, encoding: .utf8)
        let casePath = try ingestWithinBound(evidence, in: folder)

        // Nothing is lost: each whole value is in the case once, and every capped copy names it.
        let expectedName = name
        try DatabaseQueue(path: casePath).read { db throws in
            for whole in [name, organization, note] {
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM long_values WHERE value = ?", arguments: [whole]) == 1)
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == 2000)
            #expect(try Int.fetchOne(db, sql: "SELECT max(length(CAST(name AS BLOB))) FROM contacts") ?? .max < 512)
            #expect(try Int.fetchOne(db, sql: "SELECT max(length(CAST(name AS BLOB))) FROM identity_sightings") ?? .max < 512)
            // The note's wallet was found once for the contact, not once per e-mail row.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM indicator_sightings WHERE artifact_table = 'contacts' AND raw = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'") == 1)
        }
        // The query shows the capped name; JSON lists the whole value once beside the rows; --full puts it in place.
        let query = try Tool.custody(["query", "contacts", "--case", casePath, "--format", "json", "--limit", "3"])
        #expect(query.status == 0, "\(query.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any])
        let rows = try #require(result["rows"] as? [[Any]])
        let shown = try #require(rows.first?[2] as? String)
        #expect(shown.hasPrefix("Наталья Наталья") && shown.contains("bytes in long_values, sha256 "))
        #expect((result["long_values"] as? [String: String])?.values.contains(expectedName) == true)
        let full = try Tool.custody(["query", "contacts", "--case", casePath, "--format", "csv", "--limit", "1", "--full"])
        #expect(full.stdout.contains(expectedName))

        // Both verifiers agree on the chain, long values included.
        let verify = try Tool.custody(["verify", "--case", casePath])
        #expect(verify.status == 0, "\(verify.stdout)")
        let independent = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/verify-chain.py").path, casePath])
        #expect(independent.status == 0, "\(independent.stdout) \(independent.stderr)")
        let head = verify.stdout.split(separator: "\n").first { $0.contains("head") }?.split(separator: " ").last
        #expect(head != nil && independent.stdout.contains(String(head ?? "-")))
    }

    /// Zips nested 14 deep, each named with 250 bytes, the innermost holding 3,000 one-byte files: every file's
    /// path repeated its containers' 3.5 KB path (107 × the evidence at 12 levels). Beyond 1 KiB the parent's path
    /// is stored once and each path names it; the whole path is still there.
    @Test func deeplyNestedLongNamesAreNotCopiedIntoEveryPath() throws {
        let folder = TemporaryFolder()
        let evidence = folder.file("evidence")
        try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
        let made = try Tool.python("""
            import io, sys, zipfile
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as z:
                for i in range(3000):
                    z.writestr(str(i), b"x")
            data = inner.getvalue()
            for level in range(14):
                outer = io.BytesIO()
                with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as z:
                    z.writestr("L%02d" % level + "d" * 243 + ".zip", data)
                data = outer.getvalue()
            open(sys.argv[1], "wb").write(data)
            """, [evidence + "/nested.zip"])
        #expect(made.status == 0, "\(made.stderr)")
        let casePath = try ingestWithinBound(evidence, in: folder)
        try DatabaseQueue(path: casePath).read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM files WHERE name = '2999'") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT max(length(CAST(path AS BLOB))) FROM files") ?? .max <= 1024 + 512)
            // The innermost files' path: the capped parent and the name; the parent's whole path is a long value.
            let path = try #require(try String.fetchOne(db, sql: "SELECT path FROM files WHERE name = '2999'"))
            #expect(path.hasSuffix("]/2999") && path.hasPrefix("evidence/nested.zip/L13"))
            let parent = try #require(try String.fetchOne(db, sql: "SELECT value FROM long_values WHERE value LIKE '%/L00%.zip'"))
            #expect(parent.hasPrefix("evidence/nested.zip/L13") && parent.utf8.count > 14 * 250)
        }
        // --full gives the whole path back.
        let full = try Tool.custody(["query", "sql", "--case", casePath, "--format", "csv", "--full",
                                     "SELECT path FROM files WHERE name = '2999'"])
        #expect(full.stdout.contains("d.zip/L00") && full.stdout.contains(".zip/2999") && !full.stdout.contains("custody:"))
        let verify = try Tool.custody(["verify", "--case", casePath])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    /// A WhatsApp chat export whose every message is a 256 KB body naming a wallet: the body is stored once per
    /// message (it is the evidence), and the full-text index and sightings stay proportional to it.
    @Test func giantRepeatedMessageBodiesGrowLinearly() throws {
        let folder = TemporaryFolder()
        let evidence = folder.file("evidence")
        try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
        let body = "pay 0x52908400098527886E0F7030069857D2E4169EE7 " + String(repeating: "lorem ipsum dolor sit amet ", count: 256 * 1024 / 27)
        var chat = ""
        for minute in 0..<20 { chat += "15/03/2024, 10:\(String(format: "%02d", minute % 60)) - Alice: \(body)\n" }
        try chat.write(toFile: evidence + "/WhatsApp Chat with Alice.txt", atomically: true, encoding: .utf8)
        let casePath = try ingestWithinBound(evidence, in: folder)
        try DatabaseQueue(path: casePath).read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE body IS NOT NULL") == 20)
            #expect(try Int.fetchOne(db, sql: "SELECT max(length(CAST(context AS BLOB))) FROM indicator_sightings") ?? .max < 1024)
        }
    }
}
