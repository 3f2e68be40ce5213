// Groups texts whose MinHash signatures say they are near-duplicates: LSH banding for candidates, union-find for groups.

public struct NearDuplicateIndex: Sendable {
    public let threshold: Double
    public let bands: Int
    /// Keys whose signature could not be banded (empty, a length not divisible by `bands`, or a length other than
    /// the first signature's); they are in no group.
    public private(set) var rejectedKeys: [Int64] = []

    private var keys: [Int64] = []
    private var positions: [Int64: Int] = [:]
    // One flat array: a signature costs its values and nothing more (no per-array header).
    private var values: [UInt32] = []
    private var width = 0

    /// - Parameters:
    ///   - threshold: estimated Jaccard similarity a candidate pair must reach to be joined.
    ///   - bands: LSH bands; a signature of 128 values in 32 bands of 4 rows makes a pair at Jaccard 0.6 a
    ///     candidate with probability 1 − (1 − 0.6⁴)³² ≈ 0.99, and at 0.3 only ≈ 0.23 (then rejected by the check).
    public init(threshold: Double = 0.6, bands: Int = 32) {
        self.threshold = threshold
        self.bands = max(1, bands)
    }

    public var count: Int { keys.count }

    /// Adds a text's signature. Adding a key again replaces its signature, so the groups depend on the set of
    /// (key, signature) pairs and not on the order of calls.
    public mutating func add(key: Int64, signature: MinHashSignature) {
        let length = signature.values.count
        if width == 0, length >= bands, length % bands == 0 { width = length }
        guard length == width, width > 0 else {
            rejectedKeys.append(key)
            return
        }
        if let position = positions[key] {
            let start = position * width
            values.replaceSubrange(start..<(start + width), with: signature.values)
            return
        }
        positions[key] = keys.count
        keys.append(key)
        values.append(contentsOf: signature.values)
    }

    /// Connected components of the pairs whose estimated Jaccard is at least `threshold`, found among LSH
    /// candidates. Each group is sorted by key; groups are sorted by their first key.
    public func groups(minMembers: Int = 2) -> [[Int64]] {
        guard width > 0, !keys.isEmpty else { return [] }
        // Work in key order so every tie and every bucket is visited the same way whatever the order of `add`.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var sets = UnionFind(count: order.count)
        let rows = width / bands
        let needed = Int((threshold * Double(width)).rounded(.up))

        values.withUnsafeBufferPointer { values in
            func signature(_ rank: Int) -> UnsafeBufferPointer<UInt32> {
                let start = order[rank] * width
                return UnsafeBufferPointer(rebasing: values[start..<(start + width)])
            }
            func similarEnough(_ left: Int, _ right: Int) -> Bool {
                let a = signature(left), b = signature(right)
                var equal = 0
                for index in 0..<width where a[index] == b[index] { equal += 1 }
                return equal >= needed
            }

            // Identical signatures (the same script pasted verbatim) are joined once here, so the band buckets
            // below hold distinct signatures and do not grow quadratic on mass duplicates.
            var firstOfSignature: [Int: [Int]] = [:]
            var representatives: [Int] = []
            for rank in 0..<order.count {
                let digest = Self.digest(signature(rank))
                var same: Int?
                for candidate in firstOfSignature[digest, default: []] where signature(candidate).elementsEqual(signature(rank)) {
                    same = candidate
                    break
                }
                if let same {
                    sets.union(same, rank)
                } else {
                    firstOfSignature[digest, default: []].append(rank)
                    representatives.append(rank)
                }
            }

            // One band at a time keeps the peak memory at one bucket table.
            for band in 0..<bands {
                var buckets: [UInt64: [Int]] = [:]
                for rank in representatives {
                    let rowsOfBand = UnsafeBufferPointer(rebasing: signature(rank)[(band * rows)..<((band + 1) * rows)])
                    buckets[Self.bucketKey(rowsOfBand), default: []].append(rank)
                }
                for members in buckets.values where members.count > 1 {
                    joinSimilar(members, &sets, similarEnough)
                }
            }
        }

        var components: [Int: [Int64]] = [:]
        for rank in 0..<order.count {
            components[sets.find(rank), default: []].append(keys[order[rank]])
        }
        // Ranks are in key order, so each component is already sorted by key.
        return components.values
            .filter { $0.count >= max(1, minMembers) }
            .sorted { $0[0] < $1[0] }
    }

    /// Joins the members of one bucket that are similar enough, giving the same components as comparing every
    /// pair: a member is compared with each component already in the bucket until one member is similar, so a
    /// bucket of thousands of copies of one script costs one comparison per copy instead of one per pair.
    private func joinSimilar(_ members: [Int], _ sets: inout UnionFind, _ similarEnough: (Int, Int) -> Bool) {
        var components: [[Int]] = []   // the bucket's members seen so far, by component
        for member in members {
            var joined = [member]
            var others: [[Int]] = []
            for component in components {
                if sets.find(component[0]) == sets.find(member)
                    || component.contains(where: { similarEnough($0, member) }) {
                    sets.union(component[0], member)
                    joined += component
                } else {
                    others.append(component)
                }
            }
            others.append(joined)
            components = others
        }
    }

    private static func digest(_ values: UnsafeBufferPointer<UInt32>) -> Int {
        Int(truncatingIfNeeded: bucketKey(values))
    }

    private static func bucketKey(_ values: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var hash: UInt64 = 0x4C53_4842_414E_4453
        for value in values { hash = StableHash.mix(hash ^ UInt64(value)) }
        return hash
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int]
    private var size: [Int]

    init(count: Int) {
        parent = Array(0..<count)
        size = Array(repeating: 1, count: count)
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while parent[current] != current {
            parent[current] = parent[parent[current]]
            current = parent[current]
        }
        return current
    }

    mutating func union(_ left: Int, _ right: Int) {
        var a = find(left), b = find(right)
        guard a != b else { return }
        // The smaller root wins ties so the representative does not depend on hash-table iteration order.
        if size[a] < size[b] || (size[a] == size[b] && b < a) { swap(&a, &b) }
        parent[b] = a
        size[a] += size[b]
    }
}
