// One file of an exhibit as the case database records it: where it is, what it is, and whether it was read.

public enum FileKind: String, Sendable, Codable, CaseIterable {
    case file, directory, symlink, hardlink, fifo, characterDevice = "chardev", blockDevice = "blockdev", socket, unknown
}

/// How completely a file was read. Anything but `ok` carries a reason.
public enum FileStatus: String, Sendable, Codable, CaseIterable {
    /// Every byte was read and hashed.
    case ok
    /// Reading failed (damaged container, bad CRC, I/O error): hashes cover the bytes read before the failure.
    case error
    /// The content is encrypted and was not read.
    case encrypted
    /// A `Limits` bound stopped the reading or the expansion of this file.
    case limit
}

public struct FileRecord: Sendable, Equatable {
    /// Assigned in the pre-order of the walk: exhibit's `file_id_base` + position; stable across runs.
    public var id: Int64
    public var exhibitId: Int64
    /// The container (archive, compressed stream or directory) this file was found in; nil at the exhibit's top.
    public var parentId: Int64?
    /// Position of the entry within its container, counting from 0 (tells duplicate names apart).
    public var entryIndex: Int64
    /// Containers above this file: 0 for the exhibit's own files.
    public var depth: Int
    public var path: EvidencePath
    /// The name exactly as the container stored it.
    public var nameRaw: [UInt8]
    public var kind: FileKind
    /// Bytes read (the logical size, holes included); nil when no data was read.
    public var size: Int64?
    /// The size the container's header declares.
    public var declaredSize: Int64?
    public var sha256: String?
    public var md5: String?
    public var mime: String?
    public var magic: String?
    public var status: FileStatus
    public var statusReason: String?
    /// The format this file was expanded as (e.g. "ZIP 2.0 (deflation)"), when it was.
    public var containerFormat: String?
    public var mode: Int64?
    public var uid: Int64?
    public var gid: Int64?
    public var userName: String?
    public var groupName: String?
    public var modified: Timestamp?
    public var accessed: Timestamp?
    public var changed: Timestamp?
    public var created: Timestamp?
    public var linkTarget: String?
    public var isSparse: Bool

    public init(id: Int64, exhibitId: Int64, parentId: Int64?, entryIndex: Int64, depth: Int, path: EvidencePath,
                nameRaw: [UInt8], kind: FileKind) {
        self.id = id
        self.exhibitId = exhibitId
        self.parentId = parentId
        self.entryIndex = entryIndex
        self.depth = depth
        self.path = path
        self.nameRaw = nameRaw
        self.kind = kind
        self.status = .ok
        self.isSparse = false
    }

    /// Lowers the status: error, encrypted and limit outrank ok; the first reason given is kept.
    public mutating func mark(_ status: FileStatus, _ reason: String) {
        guard self.status == .ok else { return }
        self.status = status
        self.statusReason = reason
    }
}
