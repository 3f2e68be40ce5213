// A value snapshot of one archive entry's header, copied out of libarchive before the next header is read.

public struct ArchiveEntry: Sendable {
    public enum Kind: String, Sendable {
        case file, directory, symlink, hardlink, fifo, characterDevice, blockDevice, socket, unknown
    }

    /// A time as the container recorded it: seconds and nanoseconds since the Unix epoch, UTC.
    public struct Time: Sendable, Equatable {
        public var seconds: Int64
        public var nanoseconds: Int64
        public init(seconds: Int64, nanoseconds: Int64) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }
    }

    /// The entry name's bytes exactly as stored in the archive (no charset conversion).
    public var pathBytes: [UInt8]
    public var kind: Kind
    /// The size the header declares, when it declares one.
    public var declaredSize: Int64?
    public var mode: UInt32
    public var uid: Int64?
    public var gid: Int64?
    public var userName: String?
    public var groupName: String?
    public var modified: Time?
    public var accessed: Time?
    public var changed: Time?
    public var created: Time?
    public var symlinkTarget: [UInt8]?
    public var hardlinkTarget: [UInt8]?
    public var isDataEncrypted: Bool
    public var isMetadataEncrypted: Bool
    /// Number of data regions when the entry is sparse (0 when it is not).
    public var sparseRegions: Int

    public init(pathBytes: [UInt8], kind: Kind, declaredSize: Int64? = nil, mode: UInt32 = 0,
                uid: Int64? = nil, gid: Int64? = nil, userName: String? = nil, groupName: String? = nil,
                modified: Time? = nil, accessed: Time? = nil, changed: Time? = nil, created: Time? = nil,
                symlinkTarget: [UInt8]? = nil, hardlinkTarget: [UInt8]? = nil,
                isDataEncrypted: Bool = false, isMetadataEncrypted: Bool = false, sparseRegions: Int = 0) {
        self.pathBytes = pathBytes
        self.kind = kind
        self.declaredSize = declaredSize
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.modified = modified
        self.accessed = accessed
        self.changed = changed
        self.created = created
        self.symlinkTarget = symlinkTarget
        self.hardlinkTarget = hardlinkTarget
        self.isDataEncrypted = isDataEncrypted
        self.isMetadataEncrypted = isMetadataEncrypted
        self.sparseRegions = sparseRegions
    }
}
