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
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
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

    /// The hashes of the normalized units (words or characters) of a text, in order.
    static func normalizedUnits(_ text: String) -> (segmentation: Segmentation, hashes: [UInt64]) {
        let segmentation = Segmentation.of(text)
        var hashes: [UInt64] = []
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { hashes.append(StableHash.of(word)) }
            word.removeAll(keepingCapacity: true)
        }
        for character in text.lowercased() {
            var unit: [UInt8] = []
            for scalar in character.unicodeScalars {
                let properties = scalar.properties
                if properties.numericType == .decimal {
                    unit.append(0x30)
                } else if properties.isAlphabetic || properties.generalCategory == .nonspacingMark
                            || properties.generalCategory == .spacingMark {
                    unit.append(contentsOf: String(scalar).utf8)
                }
            }
            switch segmentation {
            case .words:
                if unit.isEmpty { endWord() } else { word.append(contentsOf: unit) }
            case .characters:
                if !unit.isEmpty { hashes.append(StableHash.of(unit)) }
            }
        }
        endWord()
        return (segmentation, hashes)
    }
}
