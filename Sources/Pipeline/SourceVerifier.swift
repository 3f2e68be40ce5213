// `verify --sources`: re-reads each exhibit's original source the way ingest did and confirms every file's size,
// hashes and status still match the case.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB

public struct SourceCheck: Sendable, Encodable {
    public var exhibit: String
    public var sourcePath: String?
    public var filesChecked: Int64
    public var mismatches: Int64
    /// The first problems found (at most 20), naming file id and path.
    public var problems: [String]
    public var intact: Bool { mismatches == 0 && problems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case exhibit, mismatches, problems, intact
        case sourcePath = "source_path"
        case filesChecked = "files_checked"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exhibit, forKey: .exhibit)
        try container.encode(sourcePath, forKey: .sourcePath)
        try container.encode(filesChecked, forKey: .filesChecked)
        try container.encode(mismatches, forKey: .mismatches)
        try container.encode(problems, forKey: .problems)
        try container.encode(intact, forKey: .intact)
    }
}

public enum SourceVerifier {
    public static func verifyAll(_ database: CaseDatabase) throws -> [SourceCheck] {
        try database.exhibits().map { try verify(database, exhibit: $0) }
    }

    public static func verify(_ database: CaseDatabase, exhibit: ExhibitState) throws -> SourceCheck {
        var check = SourceCheck(exhibit: exhibit.record.label, sourcePath: exhibit.sourcePath, filesChecked: 0, mismatches: 0, problems: [])
        func problem(_ text: String) {
            check.mismatches += 1
            if check.problems.count < 20 { check.problems.append(text) }
        }
        guard let sourcePath = exhibit.sourcePath, FileManager.default.fileExists(atPath: sourcePath) else {
            problem("the source is no longer at \(exhibit.sourcePath ?? "(unknown)")")
            return check
        }
        let limits = (try? JSONDecoder().decode(LimitsJSON.self, from: Data(exhibit.record.limits.utf8)))?.limits ?? .default
        let scratch = try ScratchSpace(parent: nil)
        defer { scratch.removeAll() }
        var seen: Int64 = 0
        let reader = ExhibitReader(exhibit: exhibit.record, limits: limits, headLimit: 64 << 10, scratch: scratch,
                                   progress: ProgressCounters(exhibit: exhibit.record.label, sourceTotal: nil)) { event in
            guard let file = event.file else { return true }
            check.filesChecked += 1
            seen += 1
            do {
                let row = try database.read { db in
                    try Row.fetchOne(db, sql: "SELECT path, size, sha256, md5, status FROM files WHERE id = ? AND exhibit_id = ?",
                                     arguments: [file.id, exhibit.record.id])
                }
                guard let row else {
                    problem("file \(file.id) \(file.path) is in the source but not in the case")
                    return true
                }
                let path: String = row[0]
                let size: Int64? = row[1]
                let sha: String? = row[2]
                let md5: String? = row[3]
                let status: String = row[4]
                if path != file.path.description || size != file.size || sha != file.sha256 || md5 != file.md5 || status != file.status.rawValue {
                    problem("file \(file.id) \(path): recorded sha256 \(sha ?? "none") size \(size.map(String.init) ?? "none"), source now gives sha256 \(file.sha256 ?? "none") size \(file.size.map(String.init) ?? "none")")
                }
            } catch {
                problem("file \(file.id): \(error)")
            }
            return true
        }
        let digest = reader.readOnLargeStack(sourcePath: IngestJob.readablePath(sourcePath), kind: exhibit.record.sourceKind)
        if let expected = exhibit.seal?.sourceSHA256, expected != digest?.sha256 {
            problem("the source file's sha256 was \(expected), now \(digest?.sha256 ?? "unreadable")")
        }
        let recorded = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM files WHERE exhibit_id = ?", arguments: [exhibit.record.id]) ?? 0
        }
        if recorded != seen {
            problem("the case records \(recorded) files for this exhibit; the source now yields \(seen)")
        }
        return check
    }
}

/// Decodes the canonical limits JSON stored with an exhibit.
private struct LimitsJSON: Decodable {
    var limits: Limits
    enum CodingKeys: String, CodingKey {
        case maxDepth = "max_depth", maxExpansionRatio = "max_expansion_ratio", expansionRatioFloor = "expansion_ratio_floor"
        case maxExpandedBytes = "max_expanded_bytes", maxEntriesPerContainer = "max_entries_per_container"
    }
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        limits = Limits(maxDepth: try container.decode(Int.self, forKey: .maxDepth),
                        maxExpansionRatio: try container.decode(Int.self, forKey: .maxExpansionRatio),
                        expansionRatioFloor: try container.decode(Int64.self, forKey: .expansionRatioFloor),
                        maxExpandedBytes: try container.decode(Int64.self, forKey: .maxExpandedBytes),
                        maxEntriesPerContainer: try container.decode(Int64.self, forKey: .maxEntriesPerContainer))
    }
}
