// A SQLite database copied whole to scratch with the sidecars found beside it, for extractors that need a file.

import EvidenceModel

public struct SpilledDatabase: Sendable {
    public var fileId: Int64
    public var path: EvidencePath
    /// The scratch folder holding `main` and its sidecars under SQLite's own naming (`db`, `db-wal`, …).
    public var folder: String
    /// Full path of the database copy inside `folder`.
    public var databasePath: String
    /// Sidecar suffixes present ("-wal", "-journal", "-shm") with the file id each came from.
    public var sidecars: [String: Int64]
}
