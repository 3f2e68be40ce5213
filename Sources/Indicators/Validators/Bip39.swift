// BIP-39 mnemonics in the ten official languages: checksum validation and finding phrases in free text.

import Crypto
import EvidenceModel
import Foundation

public enum Bip39 {
    public enum Language: String, CaseIterable, Sendable, Codable {
        case english, chineseSimplified = "chinese_simplified", chineseTraditional = "chinese_traditional"
        case japanese, korean, spanish, french, italian, czech, portuguese

        /// The official list, NFKD, in wordlist order.
        public var words: [String] { Bip39.wordlists[index] }

        var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }

        /// The file name of the official list (bitcoin/bips bip-0039/<name>.txt), shipped as a resource.
        var fileName: String { rawValue + ".txt" }

        var isLatin: Bool { [.spanish, .french, .italian, .czech, .portuguese, .english].contains(self) }

        /// Words joined the way the language's reference implementation joins them (Japanese: U+3000).
        public var separator: String { self == .japanese ? "\u{3000}" : " " }
    }

    /// A validated phrase.
    public struct Phrase: Sendable, Hashable {
        public var language: Language
        /// Canonical wordlist spellings (accents restored when the evidence dropped them).
        public var words: [String]
        public var entropy: [UInt8]
        /// Token positions of the phrase in the sequence searched.
        public var tokens: Range<Int>
        /// True when the phrase is the whole run of wordlist words around it (not cut from a longer run).
        public var standalone: Bool
        /// True when some word matched only after accents were removed on both sides.
        public var accentsRestored: Bool

        /// Normalized value: words joined by single spaces.
        public var value: String { words.joined(separator: " ") }
    }

    /// The ten lists, read from the package's resources (`Resources/bip39`, byte copies of bitcoin/bips bip-0039).
    /// A missing or damaged list leaves its language empty and is named in `resourceProblem`.
    static let loaded: (lists: [[String]], problem: String?) = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources")
        var lists: [[String]] = []
        var problems: [String] = []
        for language in Language.allCases {
            let relative = "bip39/" + language.fileName
            guard let url = PackageResources.url(module: "Indicators", relative, sourceFolder: folder),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                problems.append("\(relative) not found (resource bundle Custody_Indicators)")
                lists.append([])
                continue
            }
            let words = text.split(separator: "\n").map(String.init)
            guard words.count == 2048, Set(words).count == 2048 else {
                problems.append("\(relative): expected 2048 distinct words, found \(words.count)")
                lists.append([])
                continue
            }
            lists.append(words)
        }
        return (lists, problems.isEmpty ? nil : problems.joined(separator: "; "))
    }()

    static var wordlists: [[String]] { loaded.lists }

    /// Why seed phrases cannot be found, when a wordlist resource is missing or damaged (nil when all ten loaded).
    public static var resourceProblem: String? { loaded.problem }

    /// One wordlist hit for a normalized token.
    struct Entry: Sendable {
        var language: UInt8
        var index: UInt16
        /// False when the match needed accents stripped.
        var exact: Bool
    }

    /// Normalized token → hits in every language (exact NFKD lower-case form, and the accent-free form).
    static let lookup: [String: [Entry]] = {
        var table: [String: [Entry]] = [:]
        for (languageIndex, words) in wordlists.enumerated() {
            for (wordIndex, word) in words.enumerated() {
                let entry = Entry(language: UInt8(languageIndex), index: UInt16(wordIndex), exact: true)
                table[word, default: []].append(entry)
                // Latin-script lists only: people type them without accents. Kana without its voicing mark is a
                // different word.
                let bare = stripMarks(word)
                if Language.allCases[languageIndex].isLatin, bare != word {
                    table[bare, default: []].append(Entry(language: UInt8(languageIndex), index: UInt16(wordIndex), exact: false))
                }
            }
        }
        return table
    }()

    public static let validWordCounts: Set<Int> = [12, 15, 18, 21, 24]

    // MARK: Encoding and decoding

    /// The mnemonic for 16/20/24/28/32 bytes of entropy: 11-bit groups of entropy + the first ENT/32 bits of
    /// SHA-256(entropy).
    public static func mnemonic(entropy: [UInt8], language: Language) -> [String]? {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else { return nil }
        let checksumBits = entropy.count / 4
        let bits = bitArray(entropy) + bitArray(Array(SHA256.hash(data: entropy))).prefix(checksumBits)
        let list = language.words
        return stride(from: 0, to: bits.count, by: 11).map { start in
            list[bits[start..<(start + 11)].reduce(0) { $0 << 1 | Int($1) }]
        }
    }

    /// Entropy of a list of wordlist indices, or nil when the count or the checksum is wrong.
    public static func entropy(indices: [Int]) -> [UInt8]? {
        guard validWordCounts.contains(indices.count) else { return nil }
        var bits = [UInt8]()
        bits.reserveCapacity(indices.count * 11)
        for index in indices {
            guard index >= 0, index < 2048 else { return nil }
            for shift in (0..<11).reversed() { bits.append(UInt8((index >> shift) & 1)) }
        }
        let checksumBits = indices.count / 3
        let entropyBits = bits.count - checksumBits
        var entropy = [UInt8](repeating: 0, count: entropyBits / 8)
        for bit in 0..<entropyBits where bits[bit] == 1 { entropy[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        let expected = bitArray(Array(SHA256.hash(data: entropy))).prefix(checksumBits)
        return expected.elementsEqual(bits[entropyBits...]) ? entropy : nil
    }

    /// Validates a whole phrase (any language, any spacing or numbering); nil unless every token is a word of
    /// one list, the count is 12/15/18/21/24 and the checksum matches.
    public static func validate(_ phrase: String) -> Phrase? {
        let tokens = tokenize(phrase).map(\.normalized)
        return findPhrases(inNormalized: tokens, maxRun: .max).first { $0.tokens == 0..<tokens.count }
    }

    // MARK: Finding phrases

    /// A word-like token of a text, with its place in the original string.
    public struct Token: Sendable {
        public var range: Range<String.Index>
        /// NFKD, lower case.
        public var normalized: String
    }

    /// A phrase found in text, with the range of the original text it spans.
    public struct Match: Sendable {
        public var phrase: Phrase
        public var range: Range<String.Index>
    }

    /// Runs longer than this many consecutive wordlist words are wordlists or prose, not a written-down seed:
    /// cutting 12-word windows out of a 2048-word list would "validate" one window in 16.
    public static let defaultMaxRun = 40

    /// Splits text into letter runs. Digits and punctuation separate words, so numbering ("1. abandon",
    /// "2)ability", "#3 able") and line breaks vanish; a run of Han ideographs is split per character, since
    /// Chinese phrases are often written without spaces.
    public static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var start: String.Index?
        var index = text.startIndex
        func flush(_ end: String.Index) {
            guard let begin = start else { return }
            start = nil
            let word = text[begin..<end]
            if word.unicodeScalars.allSatisfy(isHan), word.count > 1 {
                var characterStart = begin
                for character in word {
                    let characterEnd = text.index(characterStart, offsetBy: 1)
                    tokens.append(Token(range: characterStart..<characterEnd, normalized: normalize(String(character))))
                    characterStart = characterEnd
                }
            } else {
                tokens.append(Token(range: begin..<end, normalized: normalize(String(word))))
            }
        }
        while index != text.endIndex {
            let character = text[index]
            if character.isLetter || (start != nil && character.unicodeScalars.allSatisfy(isMark)) {
                if start == nil { start = index }
            } else {
                flush(index)
            }
            index = text.index(after: index)
        }
        flush(text.endIndex)
        return tokens
    }

    /// Phrases in text: every run of words of one wordlist is searched for valid 24/21/18/15/12-word windows,
    /// longest first, left to right, without overlap.
    public static func findPhrases(in text: String, maxRun: Int = defaultMaxRun) -> [Match] {
        let tokens = tokenize(text)
        return findPhrases(inNormalized: tokens.map(\.normalized), maxRun: maxRun).map { phrase in
            Match(phrase: phrase, range: tokens[phrase.tokens.lowerBound].range.lowerBound
                    ..< tokens[phrase.tokens.upperBound - 1].range.upperBound)
        }
    }

    /// Phrases in a sequence of candidate words (already split; numbering and punctuation are stripped here).
    public static func findPhrases(in words: [String], maxRun: Int = defaultMaxRun) -> [Phrase] {
        findPhrases(inNormalized: words.map { normalize(String($0.filter { $0.isLetter || $0.unicodeScalars.allSatisfy(isMark) })) },
                    maxRun: maxRun)
    }

    static func findPhrases(inNormalized tokens: [String], maxRun: Int) -> [Phrase] {
        guard tokens.count >= 12 else { return [] }
        let entries = blockLongRuns(tokens.map { lookup[$0] ?? [] }, maxRun: maxRun)
        var phrases: [Phrase] = []
        for language in Language.allCases {
            let code = UInt8(language.index)
            let hits: [Entry?] = entries.map { list in
                list.first { $0.language == code && $0.exact } ?? list.first { $0.language == code }
            }
            var runStart = 0
            while runStart < hits.count {
                guard hits[runStart] != nil else { runStart += 1; continue }
                var runEnd = runStart
                while runEnd < hits.count, hits[runEnd] != nil { runEnd += 1 }
                let runLength = runEnd - runStart
                if runLength >= 12, runLength <= maxRun {
                    var position = runStart
                    while position + 12 <= runEnd {
                        var found = false
                        for length in [24, 21, 18, 15, 12] where position + length <= runEnd {
                            let window = hits[position..<(position + length)].compactMap { $0 }
                            guard let entropy = entropy(indices: window.map { Int($0.index) }) else { continue }
                            phrases.append(Phrase(language: language, words: window.map { language.words[Int($0.index)] },
                                                  entropy: entropy, tokens: position..<(position + length),
                                                  standalone: length == runLength,
                                                  accentsRestored: window.contains { !$0.exact }))
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
        return phrases.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    /// Empties the entries of every run of more than `maxRun` tokens that are words of any list: a wordlist
    /// dump or a long stretch of list words is not a written-down phrase, in that language or a sister one
    /// (the simplified and traditional Chinese lists share 1275 characters).
    static func blockLongRuns(_ entries: [[Entry]], maxRun: Int) -> [[Entry]] {
        var out = entries
        var start = 0
        while start < entries.count {
            guard !entries[start].isEmpty else { start += 1; continue }
            var end = start
            while end < entries.count, !entries[end].isEmpty { end += 1 }
            if end - start > maxRun {
                for index in start..<end { out[index] = [] }
            }
            start = end
        }
        return out
    }

    /// The indicator the store keeps for a phrase.
    public static func indicator(_ phrase: Phrase, raw: String) -> ValidatedIndicator {
        var detail = "\(phrase.language.rawValue); \(phrase.words.count) words"
        if !phrase.standalone { detail += "; inside a longer run of wordlist words" }
        if phrase.accentsRestored { detail += "; accents restored" }
        return ValidatedIndicator(kind: .bip39, value: phrase.value, raw: raw, validation: .checksum, detail: detail)
    }

    // MARK: Normalization

    /// NFKD and lower case; ASCII takes a fast path.
    static func normalize(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 128 }) {
            return String(decoding: word.utf8.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        return word.decomposedStringWithCompatibilityMapping.lowercased()
    }

    static func stripMarks(_ word: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: word.unicodeScalars.filter { !isMark($0) })
        return String(scalars)
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
            || (0x20000...0x2A6DF).contains(scalar.value)
    }

    static func bitArray(_ bytes: [UInt8]) -> [UInt8] {
        bytes.flatMap { byte in (0..<8).reversed().map { (byte >> UInt8($0)) & 1 } }
    }
}
