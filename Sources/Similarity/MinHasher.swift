// MinHash signatures: a fixed-size summary of a text's shingle set whose agreement estimates Jaccard similarity.

public struct MinHashSignature: Sendable, Equatable, Hashable, Codable {
    public var values: [UInt32]
    public init(values: [UInt32]) { self.values = values }

    /// The fraction of positions where two signatures agree: an estimate of the Jaccard similarity of the
    /// two shingle sets. 0 when the lengths differ (signatures of different hashers are not comparable).
    public func estimatedJaccard(_ other: MinHashSignature) -> Double {
        guard values.count == other.values.count, !values.isEmpty else { return 0 }
        var equal = 0
        for index in values.indices where values[index] == other.values[index] { equal += 1 }
        return Double(equal) / Double(values.count)
    }
}

public struct MinHasher: Sendable {
    /// Texts with fewer distinct shingles get no signature: a couple of shared phrases would look like a duplicate.
    public static let minimumShingles = 8

    public let permutations: Int
    public let seed: UInt64
    // Multiply-shift hashing (a·x + b, top 32 bits) with odd a: one multiply per permutation, and shingle hashes
    // are already well mixed, so the permutations behave independently enough for MinHash.
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    public init(permutations: Int = 128, seed: UInt64 = 0x5CA1AB1E) {
        self.permutations = max(1, permutations)
        self.seed = seed
        var state = seed
        var multipliers: [UInt64] = []
        var increments: [UInt64] = []
        for _ in 0..<self.permutations {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            multipliers.append(StableHash.mix(state) | 1)
            state = state &+ 0x9E37_79B9_7F4A_7C15
            increments.append(StableHash.mix(state))
        }
        self.multipliers = multipliers
        self.increments = increments
    }

    public func signature(_ text: String) -> MinHashSignature? {
        signature(shingles: Shingler.shingles(text))
    }

    /// For callers that already hold the shingles (distinct values; duplicates do not change the result).
    public func signature(shingles: [UInt64]) -> MinHashSignature? {
        guard shingles.count >= Self.minimumShingles else { return nil }
        var minimums = [UInt32](repeating: .max, count: permutations)
        minimums.withUnsafeMutableBufferPointer { minimums in
            multipliers.withUnsafeBufferPointer { multipliers in
                increments.withUnsafeBufferPointer { increments in
                    for shingle in shingles {
                        for index in 0..<minimums.count {
                            let value = UInt32(truncatingIfNeeded: (multipliers[index] &* shingle &+ increments[index]) >> 32)
                            if value < minimums[index] { minimums[index] = value }
                        }
                    }
                }
            }
        }
        return MinHashSignature(values: minimums)
    }
}
