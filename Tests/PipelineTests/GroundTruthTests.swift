// Every TestEvidence exhibit ingests to exactly the files its generator recorded, with the same hashes and statuses.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

struct StoredFile {
    var id: Int64
    var path: String
    var kind: String
    var size: Int64?
    var sha256: String?
    var md5: String?
    var status: String
    var statusReason: String?
    var parentId: Int64?
    var depth: Int64
    var mime: String?
}

func storedFiles(_ database: CaseDatabase, exhibit: String? = nil) throws -> [StoredFile] {
    try database.read { db in
        try Row.fetchAll(db, sql: """
            SELECT f.id, f.path, f.kind, f.size, f.sha256, f.md5, f.status, f.status_reason, f.parent_id, f.depth, f.mime
            FROM files f JOIN exhibits e ON e.id = f.exhibit_id
            WHERE ? IS NULL OR e.label = ? ORDER BY f.id
            """, arguments: [exhibit, exhibit]).map {
            StoredFile(id: $0[0], path: $0[1], kind: $0[2], size: $0[3], sha256: $0[4], md5: $0[5], status: $0[6],
                       statusReason: $0[7], parentId: $0[8], depth: $0[9], mime: $0[10])
        }
    }
}

/// Ingests sources into a fresh case in `folder` and returns the case.
func ingest(_ sources: [String], in folder: TemporaryFolder, jobs: Int = 2, limits: Limits = .default,
            configure: (inout IngestOptions) -> Void = { _ in }) throws -> CaseDatabase {
    let database = try CaseDatabase(path: folder.file("case.sqlite"))
    var options = IngestOptions(jobs: jobs, limits: limits, scratchParent: folder.path)
    configure(&options)
    let job = IngestJob(database: database, options: options)
    for source in sources { _ = try job.ingest(source: source) }
    return database
}

@Suite struct GroundTruthTests {
    @Test(arguments: Truth.exhibits)
    func exhibitMatchesItsGroundTruth(label: String) throws {
        let truth = try Truth.load(label)
        let folder = TemporaryFolder()
        let database = try ingest([Repo.root.appendingPathComponent(truth.source).path], in: folder)
        let stored = try storedFiles(database, exhibit: label)
        var byPath: [String: [StoredFile]] = [:]
        for file in stored { byPath[file.path, default: []].append(file) }

        for expected in truth.files {
            let candidates = byPath[expected.path] ?? []
            if expected.expected_status == "unrecoverable" { continue }
            #expect(!candidates.isEmpty, "\(expected.path) is missing (\(expected.note ?? ""))")
            guard !candidates.isEmpty else { continue }
            // Duplicate names: one of the rows with this path must match.
            let match = candidates.first { file in
                file.kind == expected.kind && file.status == expected.expected_status
                    && (expected.sha256 == nil || file.status != "ok" || file.sha256 == expected.sha256)
                    && (expected.md5 == nil || file.status != "ok" || file.md5 == expected.md5)
                    && (expected.size == nil || file.status != "ok" || file.size == expected.size)
            }
            #expect(match != nil, "\(expected.path): expected \(expected.kind) \(expected.expected_status) sha256=\(expected.sha256 ?? "-"), got \(candidates.map { "\($0.kind) \($0.status) \($0.sha256 ?? "-") (\($0.statusReason ?? ""))" })")
        }
        let known = Set(truth.files.map(\.path))
        let extra = stored.filter { !known.contains($0.path) }.map(\.path)
        #expect(extra.isEmpty, "rows the ground truth does not list: \(extra)")
        // Every row that was read to its end carries both hashes; no other row does.
        for file in stored where file.kind == "file" {
            #expect((file.sha256 != nil) == (file.md5 != nil), "\(file.path): sha256 and md5 must come together")
            if file.status == "ok" { #expect(file.sha256 != nil, "\(file.path) is ok but has no hash") }
        }
    }

    @Test func statusesOfBadInputsCarryReasons() throws {
        let folder = TemporaryFolder()
        let database = try ingest([Repo.testEvidence.appendingPathComponent("bad-inputs").path], in: folder)
        let notOK = try storedFiles(database).filter { $0.status != "ok" }
        #expect(notOK.count >= 8)
        for file in notOK {
            #expect(!(file.statusReason ?? "").isEmpty, "\(file.path) is \(file.status) without a reason")
        }
        let warnings = try database.warnings()
        let codes = Set(warnings.map(\.code.rawValue))
        for code in ["container-damaged", "entry-damaged", "encrypted", "limit-reached", "suspicious-name",
                     "non-utf8-name", "duplicate-name", "broken-symlink"] {
            #expect(codes.contains(code), "no \(code) warning recorded for bad-inputs")
        }
        // Warnings name the forensic path, never the evidence content.
        for warning in warnings { #expect(warning.message.hasPrefix("bad-inputs")) }
    }

    @Test func truncatedAndCorruptArchivesKeepEveryEntryBeforeTheDamage() throws {
        let folder = TemporaryFolder()
        let database = try ingest([Repo.testEvidence.appendingPathComponent("bad-inputs").path], in: folder)
        let files = try storedFiles(database)
        func status(_ path: String) -> String? { files.first { $0.path == "bad-inputs/" + path }?.status }
        #expect(status("truncated.zip/file1.txt") == "ok")
        #expect(status("truncated.zip/file3.txt") == "ok")
        #expect(status("truncated.zip") == "error")
        #expect(status("corrupt.tar.gz/part1.txt") == "ok")
        #expect(status("corrupt.tar.gz") == "error")
        #expect(status("badcrc.zip/tampered.txt") == "error")
        #expect(status("encrypted.zip/secret.txt") == "encrypted")
    }
}
