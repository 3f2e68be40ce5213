// One container being expanded (the source archive, a nested archive, or a compressed stream) and the limits
// bookkeeping that decides when its expansion must stop.

import EvidenceModel

final class ContainerFrame {
    /// The container's own file row; nil for the exhibit's source archive.
    let fileId: Int64?
    let path: EvidencePath
    /// SHA-256 of the container's head and its size: the same container inside itself is a recursive archive.
    let identity: String?
    /// Bytes of the container itself read so far (compressed side).
    let consumed: () -> Int64
    /// Data bytes expanded from it, all its descendants included.
    var expanded: Int64 = 0
    var entries: Int64 = 0
    /// Why expansion stopped early, when a limit did stop it.
    var stopReason: String?
    /// Things worth a warning on the container that are not failures (e.g. duplicate detection stopped).
    var notes: [String] = []
    /// Set when expansion stopped where an earlier run crashed in it (see `CrashJournal`).
    var crashCut: CrashedStage?

    init(fileId: Int64?, path: EvidencePath, identity: String?, consumed: @escaping () -> Int64) {
        self.fileId = fileId
        self.path = path
        self.identity = identity
        self.consumed = consumed
    }
}

/// Thrown into a content stream to stop reading when a limit trips; the stream keeps it as its failure.
struct LimitStop: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
