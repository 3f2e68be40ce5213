// Electrum v2+ seed phrases: the version is the prefix of HMAC-SHA512("Seed version", normalized phrase).

import Crypto
import Foundation

public enum ElectrumSeed {
    public enum SeedType: String, Sendable, CaseIterable {
        case standard, segwit, twoFactor = "2fa", twoFactorSegwit = "2fa-segwit"

        /// Hex prefixes from Electrum's version.py (SEED_PREFIX, SEED_PREFIX_SW, SEED_PREFIX_2FA, SEED_PREFIX_2FA_SW).
        var prefix: String {
            switch self {
            case .standard: "01"
            case .segwit: "100"
            case .twoFactor: "101"
            case .twoFactorSegwit: "102"
            }
        }
    }

    /// Word counts Electrum produces: 12–13 (132 bits), 24–25 (pre-2.7 two-factor).
    public static let wordCounts: Set<Int> = [12, 13, 24, 25]

    /// The seed type of a phrase, or nil when the version hash matches no prefix. Any text "has" a version
    /// with probability ~1/200, so callers apply this only to runs of wordlist words (`findSeeds`).
    public static func seedType(_ phrase: String) -> SeedType? {
        let normalized = normalize(phrase)
        guard !normalized.isEmpty else { return nil }
        let mac = HMAC<SHA512>.authenticationCode(for: Array(normalized.utf8), using: SymmetricKey(data: Array("Seed version".utf8)))
        let bytes = Array(mac.prefix(2))
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        return SeedType.allCases.first { hex.hasPrefix($0.prefix) }
    }

    /// Electrum's normalize_text: NFKD, lower case, accents removed, whitespace collapsed, and no spaces
    /// between CJK characters.
    public static func normalize(_ phrase: String) -> String {
        let decomposed = phrase.decomposedStringWithCompatibilityMapping.lowercased()
        let words = Bip39.stripMarks(decomposed).split(whereSeparator: { $0.isWhitespace })
        var out = ""
        for (index, word) in words.enumerated() {
            if index > 0, let last = out.unicodeScalars.last, let first = word.unicodeScalars.first,
               isCJK(last), isCJK(first) {
                // Electrum drops the space between two CJK characters.
            } else if index > 0 {
                out += " "
            }
            out += word
        }
        return out
    }

    /// Electrum's CJK ranges (mnemonic.py CJK_INTERVALS), reduced to the blocks its wordlists use.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x3040...0x30FF).contains(value)
            || (0xAC00...0xD7AF).contains(value) || (0x1100...0x11FF).contains(value) || (0x3130...0x318F).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0xF900...0xFAFF).contains(value) || (0x31F0...0x31FF).contains(value)
    }

    public struct Seed: Sendable, Hashable {
        public var type: SeedType
        /// Words as found, normalized (Electrum's normalized form, joined by single spaces).
        public var value: String
        public var tokens: Range<Int>
    }

    /// Electrum seeds among the tokens of a text: windows of 12, 13, 24 or 25 consecutive words of one BIP-39
    /// wordlist (Electrum's new-seed wordlists are the BIP-39 ones), in runs no longer than `maxRun`.
    public static func findSeeds(in text: String, maxRun: Int = Bip39.defaultMaxRun) -> [(seed: Seed, range: Range<String.Index>)] {
        let tokens = Bip39.tokenize(text)
        return findSeeds(inNormalized: tokens.map(\.normalized), maxRun: maxRun).map { seed in
            (seed, tokens[seed.tokens.lowerBound].range.lowerBound ..< tokens[seed.tokens.upperBound - 1].range.upperBound)
        }
    }

    static func findSeeds(inNormalized tokens: [String], maxRun: Int) -> [Seed] {
        guard tokens.count >= 12 else { return [] }
        var seeds: [Seed] = []
        var covered = Set<Int>()
        let entries = Bip39.blockLongRuns(tokens.map { Bip39.lookup[$0] ?? [] }, maxRun: maxRun)
        for language in Bip39.Language.allCases {
            let code = UInt8(language.index)
            let inList = entries.map { list in list.contains { $0.language == code } }
            var runStart = 0
            while runStart < tokens.count {
                guard inList[runStart] else { runStart += 1; continue }
                var runEnd = runStart
                while runEnd < tokens.count, inList[runEnd] { runEnd += 1 }
                if runEnd - runStart >= 12, runEnd - runStart <= maxRun {
                    var position = runStart
                    while position + 12 <= runEnd {
                        var found = false
                        for length in [25, 24, 13, 12] where position + length <= runEnd && !covered.contains(position) {
                            let words = tokens[position..<(position + length)].joined(separator: " ")
                            guard let type = seedType(words) else { continue }
                            seeds.append(Seed(type: type, value: normalize(words), tokens: position..<(position + length)))
                            covered.formUnion(position..<(position + length))
                            position += length
                            found = true
                            break
                        }
                        if !found { position += 1 }
                    }
                }
                runStart = runEnd
            }
        }
        return seeds.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    public static func indicator(_ seed: Seed, raw: String) -> ValidatedIndicator {
        ValidatedIndicator(kind: .electrum, value: seed.value, raw: raw, validation: .checksum,
                           detail: "\(seed.type.rawValue); \(seed.tokens.count) words")
    }
}
