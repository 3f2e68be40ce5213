// Exhibit bookkeeping: creating, finding, resuming and sealing exhibits in a case.

import EvidenceModel
import Foundation
import GRDB

/// What the case knows about one exhibit.
public struct ExhibitState: Sendable {
    public var record: ExhibitRecord
    public var sourcePath: String?
    public var seal: ExhibitSeal?
    /// Evidence rows already committed for this exhibit (files + warnings), in write order.
    public var committedFiles: Int64
    public var committedWarnings: Int64
    public var isSealed: Bool { seal != nil }
}

extension CaseDatabase {
    public func exhibit(label: String) throws -> ExhibitState? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM exhibits WHERE label = ?", arguments: [label]) else { return nil }
            return try Self.state(row, db)
        }
    }

    public func exhibits() throws -> [ExhibitState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM exhibits ORDER BY id").map { try Self.state($0, db) }
        }
    }

    /// The id and file id base the next new exhibit gets.
    public func nextExhibitIdentity() throws -> (id: Int64, fileIdBase: Int64) {
        try read { db in
            let id = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM exhibits") ?? 1
            let base = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM files") ?? 1
            return (id, base)
        }
    }

    /// Appends a new exhibit to the chain and remembers (outside the chain) where its source was.
    public func createExhibit(_ record: ExhibitRecord, sourcePath: String) throws {
        try write { chain in
            try chain.append(record)
            try chain.database.execute(sql: "UPDATE exhibits SET source_path = ? WHERE id = ?", arguments: [sourcePath, record.id])
        }
    }

    /// Updates where the source lives now (e.g. a resumed ingest from another mount point); not evidence.
    public func updateSourcePath(exhibitId: Int64, sourcePath: String) throws {
        try writeOperational { db in
            try db.execute(sql: "UPDATE exhibits SET source_path = ? WHERE id = ?", arguments: [sourcePath, exhibitId])
        }
    }

    static func state(_ row: Row, _ db: Database) throws -> ExhibitState {
        let kind = SourceKind(rawValue: row["source_kind"]) ?? .file
        let record = ExhibitRecord(id: row["id"], label: row["label"], sourceName: row["source_name"], sourceKind: kind,
                                   fileIdBase: row["file_id_base"], limits: row["limits"], identifier: row["identifier"])
        let id: Int64 = row["id"]
        var seal: ExhibitSeal?
        if let s = try Row.fetchOne(db, sql: "SELECT * FROM exhibit_seals WHERE exhibit_id = ?", arguments: [id]) {
            seal = ExhibitSeal(exhibitId: id, fileCount: s["file_count"], warningCount: s["warning_count"],
                               byteCount: s["byte_count"], sourceSize: s["source_size"],
                               sourceSHA256: s["source_sha256"], sourceMD5: s["source_md5"])
        }
        let files = try Int64.fetchOne(db, sql: "SELECT count(*) FROM files WHERE exhibit_id = ?", arguments: [id]) ?? 0
        // Warnings of the reading phase only: the extraction phase (after every file is written) resumes by its own
        // record of finished runs.
        let warnings = try Int64.fetchOne(db, sql: "SELECT count(*) FROM warnings WHERE exhibit_id = ? AND code NOT IN ('extraction-failed','extraction-partial','encrypted-store')", arguments: [id]) ?? 0
        return ExhibitState(record: record, sourcePath: row["source_path"], seal: seal,
                            committedFiles: files, committedWarnings: warnings)
    }
}
