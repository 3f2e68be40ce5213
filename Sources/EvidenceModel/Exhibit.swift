// An exhibit (one seized device's extraction), its closing seal, and the warnings recorded while reading it.

public enum SourceKind: String, Sendable, Codable {
    case directory, archive, file
}

public struct ExhibitRecord: Sendable, Equatable {
    public var id: Int64
    public var label: String
    /// The source's base name (the full path is machine-specific and kept outside the chain).
    public var sourceName: String
    public var sourceKind: SourceKind
    /// Files of this exhibit have ids `fileIdBase + 0, 1, 2, …` in walk order.
    public var fileIdBase: Int64
    /// The limits in force, as canonical JSON: they decide what is expanded, so they are evidence.
    public var limits: String
    /// What identified file types (e.g. "libmagic 5.44"): a different version may name types differently.
    public var identifier: String

    public init(id: Int64, label: String, sourceName: String, sourceKind: SourceKind, fileIdBase: Int64,
                limits: String, identifier: String) {
        self.id = id
        self.label = label
        self.sourceName = sourceName
        self.sourceKind = sourceKind
        self.fileIdBase = fileIdBase
        self.limits = limits
        self.identifier = identifier
    }
}

/// Written once, when every file of the exhibit is recorded; an exhibit without a seal is incomplete.
public struct ExhibitSeal: Sendable, Equatable {
    public var exhibitId: Int64
    public var fileCount: Int64
    public var warningCount: Int64
    /// Sum of `files.size`.
    public var byteCount: Int64
    /// Hashes of the source file itself (archive or single file); nil for a directory source.
    public var sourceSize: Int64?
    public var sourceSHA256: String?
    public var sourceMD5: String?

    public init(exhibitId: Int64, fileCount: Int64, warningCount: Int64, byteCount: Int64,
                sourceSize: Int64?, sourceSHA256: String?, sourceMD5: String?) {
        self.exhibitId = exhibitId
        self.fileCount = fileCount
        self.warningCount = warningCount
        self.byteCount = byteCount
        self.sourceSize = sourceSize
        self.sourceSHA256 = sourceSHA256
        self.sourceMD5 = sourceMD5
    }
}

public struct WarningRecord: Sendable, Equatable {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let containerDamaged = Code(rawValue: "container-damaged")
        public static let entryDamaged = Code(rawValue: "entry-damaged")
        public static let encrypted = Code(rawValue: "encrypted")
        public static let limitReached = Code(rawValue: "limit-reached")
        public static let suspiciousName = Code(rawValue: "suspicious-name")
        public static let nonUTF8Name = Code(rawValue: "non-utf8-name")
        public static let duplicateName = Code(rawValue: "duplicate-name")
        public static let brokenSymlink = Code(rawValue: "broken-symlink")
        public static let unreadable = Code(rawValue: "unreadable")
        public static let sizeMismatch = Code(rawValue: "size-mismatch")
        public static let identifyFailed = Code(rawValue: "identify-failed")
        public static let specialFile = Code(rawValue: "special-file")
        /// The file name's extension claims a type its content contradicts (Autopsy's extension mismatch).
        public static let extensionMismatch = Code(rawValue: "extension-mismatch")
        /// An extractor matched the file but could not read it, or read only part of it.
        public static let extractionFailed = Code(rawValue: "extraction-failed")
        public static let extractionPartial = Code(rawValue: "extraction-partial")
        /// A known app store that is encrypted: recorded with what opening it would take.
        public static let encryptedStore = Code(rawValue: "encrypted-store")
        /// The process died in one stage on this file in an earlier run; the resumed ingest skipped that stage.
        public static let stageCrashed = Code(rawValue: "stage-crashed")
        /// A document's text was read in part: a page, sheet or mail part was damaged or skipped.
        public static let documentPartial = Code(rawValue: "document-partial")
    }

    public var exhibitId: Int64
    /// The file the warning is about; nil when it concerns the exhibit's source as a whole.
    public var fileId: Int64?
    public var code: Code
    /// Names the file, the forensic path and the cause; never quotes evidence content.
    public var message: String

    public init(exhibitId: Int64, fileId: Int64?, code: Code, message: String) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.code = code
        self.message = message
    }
}
