// Turns a text into the stable 64-bit hashes of its shingles: word 3-grams, or character 4-grams for unspaced scripts.

/// How a text is cut into units: words for scripts that put spaces between words, characters for those that don't.
enum Segmentation: Sendable, Equatable {
    case words
    case characters

    /// Character units when at least half of the text's letters belong to a script written without spaces
    /// between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Burmese): word 3-grams of such text would be
    /// 3-grams of whole phrases and would almost never repeat.
    static func of(_ text: String) -> Segmentation {
        var unspaced = 0
        var letters = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) { letters += 1 }
                continue
            }
            guard scalar.properties.isAlphabetic else { continue }
            letters += 1
            if isUnspacedScript(scalar.value) { unspaced += 1 }
        }
        return letters > 0 && unspaced * 2 >= letters ? .characters : .words
    }

    static func isUnspacedScript(_ value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0E7F,              // Thai
             0x0E80...0x0EFF,              // Lao
             0x1000...0x109F, 0xA9E0...0xA9FF, 0xAA60...0xAA7F,  // Myanmar (Burmese)
             0x1780...0x17FF, 0x19E0...0x19FF,                    // Khmer
             0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F,  // Hiragana, Katakana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:  // Han
            return true
        default:
            return false
        }
    }
}

/// Hashes that are the same in every process and on every machine (Swift's Hasher is seeded per process).
enum StableHash {
    /// FNV-1a 64 over bytes, then a SplitMix64 finalizer so nearby inputs spread over all 64 bits.
    static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return mix(hash)
    }

    /// SplitMix64's finalizer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An order-dependent combination of unit hashes into one shingle hash.
    static func combine(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        var hash: UInt64 = 0x5348_494E_474C_4531
        for value in hashes {
            hash = mix(hash ^ value)
        }
        return hash
    }
}

public enum Shingler {
    /// Words per shingle in spaced scripts.
    public static let wordsPerShingle = 3
    /// Characters per shingle in unspaced scripts.
    public static let charactersPerShingle = 4

    /// The distinct shingle hashes of a text, sorted. Normalization: lower-cased; every decimal digit (any script)
    /// becomes 0 so amounts, phone numbers and dates do not break a match; punctuation and symbols are dropped
    /// and whitespace separates units.
    public static func shingles(_ text: String) -> [UInt64] {
        let units = normalizedUnits(text)
        let width = units.segmentation == .words ? wordsPerShingle : charactersPerShingle
        guard units.hashes.count >= width else { return [] }
        var result = Set<UInt64>()
        for start in 0...(units.hashes.count - width) {
            result.insert(StableHash.combine(units.hashes[start..<(start + width)]))
        }
        return result.sorted()
    }

    /// The hashes of the normalized units (words or characters) of a text, in order. Works on scalars, not
    /// Characters: a character unit is a letter or digit with the combining marks after it (a Thai consonant with
    /// its vowel and tone marks), which is what grapheme breaking would give at a fraction of the cost.
    static func normalizedUnits(_ text: String) -> (segmentation: Segmentation, hashes: [UInt64]) {
        let segmentation = Segmentation.of(text)
        var hashes: [UInt64] = []
        var unit = UnitHash()
        for scalar in text.unicodeScalars {
            let kind = UnitHash.Kind(scalar)
            switch (kind, segmentation) {
            case (.other, _):
                if segmentation == .words { unit.close(into: &hashes) }
            case (.mark, _):
                // A mark belongs to the letter before it; one after a space or symbol (an emoji's variation
                // selector) is not a unit of its own.
                if unit.isOpen { unit.feed(scalar) }
            case (.letter, .words), (.digit, .words):
                unit.feedNormalized(scalar, kind)
            case (.letter, .characters), (.digit, .characters):
                unit.close(into: &hashes)
                unit.feedNormalized(scalar, kind)
            }
        }
        unit.close(into: &hashes)
        return (segmentation, hashes)
    }
}

/// The FNV-1a state of the unit being read; closing it gives the same value as `StableHash.of` over its bytes.
private struct UnitHash {
    enum Kind {
        case letter, digit, mark, other

        init(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                switch scalar.value {
                case 0x30...0x39: self = .digit
                case 0x41...0x5A, 0x61...0x7A: self = .letter
                default: self = .other
                }
                return
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: self = .mark
            case .decimalNumber: self = .digit
            default: self = properties.isAlphabetic ? .letter : .other
            }
        }
    }

    private var state: UInt64 = 0xCBF2_9CE4_8422_2325
    private(set) var isOpen = false

    mutating func feed(_ scalar: Unicode.Scalar) {
        for byte in UTF8.encode(scalar) ?? UTF8.EncodedScalar() {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
        isOpen = true
    }

    /// Digits of any script become 0; letters are lower-cased.
    mutating func feedNormalized(_ scalar: Unicode.Scalar, _ kind: Kind) {
        if kind == .digit {
            feed("0")
        } else if scalar.isASCII {
            feed(scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value) | 0x20) : scalar)
        } else if scalar.properties.changesWhenLowercased {
            for lowered in scalar.properties.lowercaseMapping.unicodeScalars { feed(lowered) }
        } else {
            feed(scalar)
        }
    }

    mutating func close(into hashes: inout [UInt64]) {
        guard isOpen else { return }
        hashes.append(StableHash.mix(state))
        state = 0xCBF2_9CE4_8422_2325
        isOpen = false
    }
}
