// Text normalized once for matching (NFKC, case, width, zero-width, diacritics, homoglyphs, whitespace) with a map
// from every normalized byte back to the original UTF-8 bytes, so spans are reported in the original text.

import EvidenceModel
import Foundation

/// Normalized UTF-8 and, for each of its bytes, the original byte range of the character it came from.
struct NormalizedText {
    var bytes: [UInt8] = []
    var originalStart: [Int32] = []
    var originalEnd: [Int32] = []
    /// Original bytes examined (the text may have been cut at the scan limit).
    var consumed = 0

    /// The original span of normalized bytes `start..<end` (end > start).
    func originalSpan(_ start: Int, _ end: Int) -> TextSpan {
        let from = Int(originalStart[start])
        return TextSpan(start: from, length: Int(originalEnd[end - 1]) - from)
    }
}

/// How one character folds; a table for the Basic Multilingual Plane built once per process, so normalizing costs a
/// lookup per character.
final class TextFolding: Sendable {
    /// For phrases: everything folded, look-alikes and diacritics included.
    static let shared = TextFolding(lookalikes: true)
    /// For `pattern` rules: NFKC, case, zero-width and whitespace only. Folding the letters of a regular expression
    /// would break its character classes and ranges (`[а-я]`, `[-–]`), so patterns see the letters as written and
    /// handle look-alikes themselves (`[оo]`). Built on first use: only packs with patterns pay for it.
    static let light = TextFolding(lookalikes: false)

    // Bits of an entry of `table`: byte length of the folded form, flags, offset into `pool`.
    static let lengthMask: UInt32 = 0x3F
    static let whitespace: UInt32 = 1 << 6
    static let firstNonSpaced: UInt32 = 1 << 7
    static let lastNonSpaced: UInt32 = 1 << 8
    static let offsetShift: UInt32 = 9

    let table: [UInt32]
    let pool: [UInt8]
    let homoglyphs: [UInt32: UInt32]
    let lookalikes: Bool

    private init(lookalikes: Bool) {
        self.lookalikes = lookalikes
        homoglyphs = lookalikes ? TextFolding.loadHomoglyphs() : [:]
        var table = [UInt32](repeating: 0, count: 0x10000)
        var pool: [UInt8] = []
        pool.reserveCapacity(0x30000)
        for value in 0..<UInt32(0x10000) {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates never occur in a String
            let folded = TextFolding.fold(scalar, homoglyphs: homoglyphs, diacritics: lookalikes)
            table[Int(value)] = TextFolding.entry(folded, pool: &pool)
        }
        self.table = table
        self.pool = pool
    }

    /// The folded form of one character outside the table (emoji, mathematical alphanumerics, rare CJK).
    func foldAstral(_ scalar: Unicode.Scalar) -> Folded {
        TextFolding.fold(scalar, homoglyphs: homoglyphs, diacritics: lookalikes)
    }

    enum Folded {
        case whitespace
        case removed
        case scalars([Unicode.Scalar])
    }

    private static func entry(_ folded: Folded, pool: inout [UInt8]) -> UInt32 {
        switch folded {
        case .whitespace: return whitespace
        case .removed: return 0
        case .scalars(let scalars):
            var bytes: [UInt8] = []
            for scalar in scalars { bytes += Array(String(scalar).utf8) }
            guard bytes.count <= Int(lengthMask), let first = scalars.first, let last = scalars.last else { return 0 }
            var entry = UInt32(bytes.count) | (UInt32(pool.count) << offsetShift)
            if Script.isNonSpaced(first.value) { entry |= firstNonSpaced }
            if Script.isNonSpaced(last.value) { entry |= lastNonSpaced }
            pool += bytes
            return entry
        }
    }

    /// NFKC (which also maps full-width to ASCII), lower case, Latin diacritics dropped (so `é`, `é` and `e`
    /// match alike), default-ignorable characters (zero-width joiners, soft hyphens, bidi marks) removed, Cyrillic
    /// and Greek look-alikes folded to Latin. Rules are folded the same way, so every language still matches itself.
    static func fold(_ scalar: Unicode.Scalar, homoglyphs: [UInt32: UInt32], diacritics: Bool) -> Folded {
        let properties = scalar.properties
        if properties.isWhitespace || properties.generalCategory == .control
            || properties.generalCategory == .lineSeparator || properties.generalCategory == .paragraphSeparator {
            return .whitespace
        }
        if properties.isDefaultIgnorableCodePoint || (diacritics && isCombiningDiacritic(scalar.value)) { return .removed }
        if scalar.value < 0x80 {
            let lower = (scalar.value >= 0x41 && scalar.value <= 0x5A) ? scalar.value + 0x20 : scalar.value
            return .scalars([Unicode.Scalar(lower) ?? scalar])
        }
        // Most of the table is letters that NFKC and case folding leave alone; skipping Foundation for them keeps the
        // table's construction (once per process) short. Blocks with precomposed diacritics still go the long way.
        if !properties.changesWhenNFKCCaseFolded && !(diacritics && mayCarryDiacritic(scalar.value)) {
            if let target = homoglyphs[scalar.value], let mapped = Unicode.Scalar(target) { return .scalars([mapped]) }
            return .scalars([scalar])
        }
        let compatible = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        var result: [Unicode.Scalar] = []
        for var part in compatible.unicodeScalars {
            if part.properties.isDefaultIgnorableCodePoint { continue }
            if diacritics {
                if isCombiningDiacritic(part.value) { continue }
                let decomposed = Array(String(part).decomposedStringWithCanonicalMapping.unicodeScalars)
                if decomposed.count > 1, decomposed.dropFirst().allSatisfy({ isCombiningDiacritic($0.value) }) {
                    part = decomposed[0]
                }
            }
            if let target = homoglyphs[part.value], let mapped = Unicode.Scalar(target) { part = mapped }
            if part.properties.isWhitespace { continue }
            result.append(part)
        }
        if result.isEmpty { return compatible.unicodeScalars.contains(where: \.properties.isWhitespace) ? .whitespace : .removed }
        return .scalars(result)
    }

    private static func isCombiningDiacritic(_ value: UInt32) -> Bool { value >= 0x300 && value <= 0x36F }

    /// Latin, Greek and Cyrillic blocks, where a letter may decompose into a base and combining diacritics.
    private static func mayCarryDiacritic(_ value: UInt32) -> Bool {
        (value >= 0xC0 && value <= 0x24F) || (value >= 0x370 && value <= 0x52F) || (value >= 0x1E00 && value <= 0x1FFF)
    }

    private static func loadHomoglyphs() -> [UInt32: UInt32] {
        guard let url = PackageResources.url(module: "Detection", "homoglyphs.tsv", sourceFolder: DetectionResources.folder),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var map: [UInt32: UInt32] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count >= 2, let from = UInt32(columns[0], radix: 16), let to = UInt32(columns[1], radix: 16) else { continue }
            map[from] = to
        }
        return map
    }

    /// Normalizes at most `limit` bytes of `text` (cut at a character boundary).
    func normalize(_ text: String, limit: Int) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize($0, limit: limit) }
    }

    func normalize(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> NormalizedText {
        var end = min(input.count, max(0, limit))
        while end > 0 && end < input.count && input[end] & 0xC0 == 0x80 { end -= 1 }
        var out = NormalizedText()
        out.bytes.reserveCapacity(end + 16)
        out.originalStart.reserveCapacity(end + 16)
        out.originalEnd.reserveCapacity(end + 16)
        var pendingSpace = false
        var spaceStart = 0
        var spaceEnd = 0
        var lastNonSpaced = false
        var astral: [UInt32: UInt32] = [:]
        var astralPool: [UInt8] = []
        table.withUnsafeBufferPointer { table in
            pool.withUnsafeBufferPointer { pool in
                var i = 0
                while i < end {
                    let b0 = input[i]
                    var value: UInt32
                    var length: Int
                    if b0 < 0x80 {
                        value = UInt32(b0); length = 1
                    } else if b0 < 0xE0 {
                        length = 2; value = UInt32(b0 & 0x1F)
                    } else if b0 < 0xF0 {
                        length = 3; value = UInt32(b0 & 0x0F)
                    } else {
                        length = 4; value = UInt32(b0 & 0x07)
                    }
                    if i + length > end { break }
                    var k = 1
                    while k < length { value = (value << 6) | UInt32(input[i + k] & 0x3F); k += 1 }
                    let start = i
                    i += length
                    var entry: UInt32
                    var isAstral = false
                    if value < 0x10000 {
                        entry = table[Int(value)]
                    } else {
                        if let cached = astral[value] {
                            entry = cached
                        } else {
                            entry = Unicode.Scalar(value).map { TextFolding.entry(foldAstral($0), pool: &astralPool) } ?? 0
                            astral[value] = entry
                        }
                        isAstral = true
                    }
                    if entry & TextFolding.whitespace != 0 {
                        if !pendingSpace { pendingSpace = true; spaceStart = start }
                        spaceEnd = i
                        continue
                    }
                    let count = Int(entry & TextFolding.lengthMask)
                    if count == 0 { continue }
                    if pendingSpace {
                        pendingSpace = false
                        // Thai, Khmer, Chinese… put spaces where they like; a space between two such letters is dropped
                        // so phrases match with or without it.
                        if !out.bytes.isEmpty && !(lastNonSpaced && entry & TextFolding.firstNonSpaced != 0) {
                            out.bytes.append(0x20)
                            out.originalStart.append(Int32(spaceStart))
                            out.originalEnd.append(Int32(spaceEnd))
                        }
                    }
                    let offset = Int(entry >> TextFolding.offsetShift)
                    let s32 = Int32(start), e32 = Int32(i)
                    if !isAstral {
                        for j in offset..<(offset + count) {
                            out.bytes.append(pool[j])
                            out.originalStart.append(s32)
                            out.originalEnd.append(e32)
                        }
                    } else {
                        for j in offset..<(offset + count) {
                            out.bytes.append(astralPool[j])
                            out.originalStart.append(s32)
                            out.originalEnd.append(e32)
                        }
                    }
                    lastNonSpaced = entry & TextFolding.lastNonSpaced != 0
                }
                out.consumed = i
            }
        }
        return out
    }
}

/// Scripts written without spaces between words: their phrases match as substrings.
enum Script {
    static func isNonSpaced(_ value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0EFF,  // Thai, Lao
             0x1000...0x109F, 0xA9E0...0xA9FF, 0xAA60...0xAA7F,  // Myanmar
             0x1780...0x17FF, 0x19E0...0x19FF,  // Khmer
             0x3000...0x30FF, 0x31F0...0x31FF,  // CJK punctuation, kana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// For word boundaries: 1 letter (of a spaced script), 2 digit, 0 anything else. A phrase starting with a
    /// letter needs a non-letter before it; one starting with a digit a non-digit ("5usdt" still contains "usdt").
    static func wordClass(_ value: UInt32) -> UInt8 {
        if value < 0x80 {
            if (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) { return 1 }
            if value >= 0x30 && value <= 0x39 { return 2 }
            return 0
        }
        if isNonSpaced(value) { return 0 }
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        if properties.numericType != nil { return 2 }
        if properties.isAlphabetic { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return 1
        default: return 0
        }
    }

    /// The scalar starting at `index` of valid UTF-8.
    static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let b0 = bytes[index]
        if b0 < 0x80 { return UInt32(b0) }
        let length = b0 < 0xE0 ? 2 : (b0 < 0xF0 ? 3 : 4)
        var value = UInt32(b0) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
        var k = 1
        while k < length && index + k < bytes.count { value = (value << 6) | UInt32(bytes[index + k] & 0x3F); k += 1 }
        return value
    }

    /// The scalar ending just before `index`.
    static func scalar(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard index > 0 else { return nil }
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start, in: bytes)
    }
}
