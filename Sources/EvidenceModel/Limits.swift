// The one set of bounds on expansion and reading; hitting any of them is recorded on the file it stopped.

public struct Limits: Sendable, Equatable, Codable {
    /// Deepest container nesting expanded: the exhibit's own files are depth 0.
    public var maxDepth: Int
    /// Largest ratio of bytes expanded from a container (all its descendants) to its own size…
    public var maxExpansionRatio: Int
    /// …checked once a container has expanded more than this many bytes (small files compress legitimately well).
    public var expansionRatioFloor: Int64
    /// Largest number of bytes expanded from containers in one exhibit.
    public var maxExpandedBytes: Int64
    /// Largest number of entries read from one container.
    public var maxEntriesPerContainer: Int64

    public init(maxDepth: Int = 16, maxExpansionRatio: Int = 1000, expansionRatioFloor: Int64 = 64 << 20,
                maxExpandedBytes: Int64 = 4 << 40, maxEntriesPerContainer: Int64 = 10_000_000) {
        self.maxDepth = maxDepth
        self.maxExpansionRatio = maxExpansionRatio
        self.expansionRatioFloor = expansionRatioFloor
        self.maxExpandedBytes = maxExpandedBytes
        self.maxEntriesPerContainer = maxEntriesPerContainer
    }

    public static let `default` = Limits()

    /// Canonical JSON (fixed key order) stored with the exhibit.
    public var canonicalJSON: String {
        "{\"expansion_ratio_floor\":\(expansionRatioFloor),\"max_depth\":\(maxDepth),"
            + "\"max_entries_per_container\":\(maxEntriesPerContainer),\"max_expanded_bytes\":\(maxExpandedBytes),"
            + "\"max_expansion_ratio\":\(maxExpansionRatio)}"
    }
}
