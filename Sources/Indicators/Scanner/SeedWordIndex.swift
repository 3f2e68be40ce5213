// Membership of seed words (every BIP-39 language) for the scanner, checked on raw bytes without building strings.

import Foundation

/// The words whose runs the scanner reports as `.seedWords`. Built once from the wordlists the validators own
/// (injected, so the scanner carries no wordlist); a word is looked up by a 64-bit hash of its UTF-8 bytes,
/// ASCII letters folded to lowercase, behind a 2^18-bit filter, so prose costs one hash and one load per word.
/// A hash collision only makes a candidate; the validator checks the real words.
public struct SeedWordIndex: Sendable {
    private var filter: [UInt64]
    private var slots: [UInt64]
    /// Longest word in UTF-8 bytes (any normalization form); longer tokens are not looked up.
    public private(set) var longestWord: Int = 0
    public private(set) var count: Int = 0

    private static let filterBits = 18

    /// `words`: every word of every wordlist; each is indexed in NFC and NFKD so composed and decomposed text match.
    public init<S: Sequence>(words: S) where S.Element: StringProtocol {
        var hashes = Set<UInt64>()
        var longest = 0
        for word in words {
            let plain = String(word)
            // Byte arrays, not a Set of String: Swift compares strings by canonical equivalence, so NFC and NFD
            // forms of a word would collapse into one.
            for form in [plain, plain.precomposedStringWithCanonicalMapping, plain.decomposedStringWithCompatibilityMapping] {
                let bytes = Array(form.utf8)
                guard !bytes.isEmpty else { continue }
                longest = max(longest, bytes.count)
                guard let hash = bytes.withUnsafeBufferPointer({ buffer in buffer.baseAddress.map { Self.hash($0, 0..<buffer.count) } })
                else { continue }
                hashes.insert(hash)
            }
        }
        var capacity = 16
        while capacity < hashes.count * 4 { capacity <<= 1 }
        filter = [UInt64](repeating: 0, count: (1 << Self.filterBits) / 64)
        slots = [UInt64](repeating: 0, count: capacity)
        for h in hashes {
            let bit = Int(truncatingIfNeeded: h >> UInt64(64 - Self.filterBits))
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = Int(truncatingIfNeeded: h) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = h == 0 ? 1 : h
        }
        longestWord = longest
        count = hashes.count
    }

    public func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
            return contains(hash: Self.hash(base, 0..<buffer.count))
        }
    }

    @inline(__always) func contains(hash h: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: h >> UInt64(64 - Self.filterBits))
        guard filter.withUnsafeBufferPointer({ $0[bit >> 6] }) & (1 << UInt64(bit & 63)) != 0 else { return false }
        let key = h == 0 ? 1 : h
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 {
                if slots[slot] == key { return true }
                slot = (slot + 1) & mask
            }
            return false
        }
    }

    /// FNV-1a over the bytes with ASCII uppercase folded, so "Abandon" at a sentence start still matches.
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range { h = (h ^ UInt64(ByteClass.lowercased(p[i]))) &* 0x100_0000_01b3 }
        return h
    }
}
