// BIP-39 vectors for every official language (trezor/python-mnemonic vectors.json), tolerant phrase finding,
// and Electrum seed versions (spesmilo/electrum tests/test_mnemonic.py).

import Foundation
import Testing
@testable import Indicators

@Suite("BIP-39 and Electrum seeds")
struct Bip39VectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var language: Bip39.Language
        var entropy: String
        var mnemonic: String
        var testDescription: String { "\(language.rawValue) \(entropy)" }
    }

    static let vectors: [Vector] = {
        guard let json = VectorSupport.corpusJSON("trezor+python-mnemonic/vectors.json") as? [String: [[String]]] else { return [] }
        return Bip39.Language.allCases.flatMap { language in
            (json[language.rawValue] ?? []).compactMap { entry in
                entry.count >= 2 ? Vector(language: language, entropy: entry[0], mnemonic: entry[1]) : nil
            }
        }
    }()

    @Test func everyOfficialLanguageHasTwentyFourVectors() {
        #expect(Self.vectors.count == 240)
        for language in Bip39.Language.allCases {
            #expect(Self.vectors.filter { $0.language == language }.count == 24, "\(language)")
            #expect(language.words.count == 2048)
            #expect(Set(language.words).count == 2048)
        }
    }

    @Test(arguments: vectors)
    func entropyToMnemonicAndBack(_ vector: Vector) throws {
        let entropy = VectorSupport.hex(vector.entropy)
        let words = try #require(Bip39.mnemonic(entropy: entropy, language: vector.language))
        let expected = vector.mnemonic.decomposedStringWithCompatibilityMapping
            .split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
        #expect(words == expected)
        // The phrase as published (Japanese with ideographic spaces) validates back to the same entropy.
        let found = Bip39.findPhrases(in: vector.mnemonic)
        let match = try #require(found.first { $0.phrase.language == vector.language })
        #expect(match.phrase.entropy == entropy)
        #expect(match.phrase.standalone)
        #expect(match.range == vector.mnemonic.startIndex..<vector.mnemonic.endIndex)
        #expect(Bip39.validate(vector.mnemonic) != nil)
        // Replacing the last word with its neighbour in the list changes the checksum bits.
        var indices = words.compactMap { vector.language.words.firstIndex(of: $0) }
        indices[indices.count - 1] ^= 1
        #expect(Bip39.entropy(indices: indices) == nil)
    }

    static let english12 = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
    static let english24 = "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold"

    @Test(arguments: [
        // numbering, line breaks, extra spaces, punctuation, upper case
        "1. abandon 2. abandon 3. abandon 4. abandon 5. abandon 6. abandon 7. abandon 8. abandon 9. abandon 10. abandon 11. abandon 12. about",
        "1)abandon\n2)abandon\n3)abandon\n4)abandon\n5)abandon\n6)abandon\n7)abandon\n8)abandon\n9)abandon\n10)abandon\n11)abandon\n12)about\n",
        "  ABANDON   abandon\tabandon,abandon;abandon - abandon\r\nabandon abandon  abandon abandon abandon About. ",
        "#1 abandon #2 abandon #3 abandon #4 abandon #5 abandon #6 abandon #7 abandon #8 abandon #9 abandon #10 abandon #11 abandon #12 about",
    ])
    func tolerantInput(_ text: String) throws {
        let found = Bip39.findPhrases(in: text)
        try #require(found.count == 1)
        #expect(found[0].phrase.value == Self.english12)
        #expect(found[0].phrase.language == .english)
        #expect(Bip39.indicator(found[0].phrase, raw: String(text[found[0].range])).kind == .bip39)
    }

    @Test func phraseInsideProseKeepsItsRange() throws {
        let text = "my wallet backup: \(Self.english24) — keep it safe"
        let found = Bip39.findPhrases(in: text)
        try #require(found.count == 1)
        #expect(String(text[found[0].range]) == Self.english24)
        #expect(found[0].phrase.words.count == 24)
        // "my" and "backup" are not wordlist words, "keep it safe" has "it"/"safe"… the run is cut, not standalone.
        #expect(found[0].phrase.entropy == VectorSupport.hex("f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f"))
    }

    @Test func twoPhrasesInOneText() {
        let text = "old: \(Self.english12)\n\nnew: \(Self.english24)"
        let found = Bip39.findPhrases(in: text)
        #expect(found.map(\.phrase.words.count) == [12, 24])
    }

    @Test func spanishWithoutAccentsAndChineseWithoutSpaces() throws {
        // vectors.json spanish entropy 80808080… ; accents dropped as people type them.
        let spanish = try #require(Self.vectors.first { $0.language == .spanish && $0.entropy == "80808080808080808080808080808080" })
        let stripped = Bip39.stripMarks(spanish.mnemonic.decomposedStringWithCompatibilityMapping)
        let found = try #require(Bip39.findPhrases(in: stripped).first { $0.phrase.language == .spanish })
        #expect(found.phrase.entropy == VectorSupport.hex(spanish.entropy))
        #expect(found.phrase.accentsRestored == (stripped != spanish.mnemonic.decomposedStringWithCompatibilityMapping))
        let chinese = try #require(Self.vectors.first { $0.language == .chineseSimplified && $0.entropy.count == 64 })
        let compact = chinese.mnemonic.replacingOccurrences(of: " ", with: "")
        let chineseFound = try #require(Bip39.findPhrases(in: compact).first { $0.phrase.language == .chineseSimplified })
        #expect(chineseFound.phrase.entropy == VectorSupport.hex(chinese.entropy))
    }

    @Test func invalidPhrasesAreNotFound() {
        let words = Self.english12.split(separator: " ")
        #expect(Bip39.findPhrases(in: words.dropLast().joined(separator: " ") + " abandon").isEmpty)  // bad checksum
        #expect(Bip39.findPhrases(in: words.dropLast().joined(separator: " ")).isEmpty)                // 11 words
        #expect(Bip39.findPhrases(in: Self.english12.replacingOccurrences(of: "about", with: "aboot")).isEmpty)
    }

    /// A wordlist file is a 2048-word run: windows cut from it would pass the checksum one time in 16.
    @Test func aWordlistDumpIsNotAPhrase() {
        for language in Bip39.Language.allCases {
            #expect(Bip39.findPhrases(in: language.words.joined(separator: "\n")).isEmpty, "\(language)")
        }
        #expect(ElectrumSeed.findSeeds(in: Bip39.Language.english.words.joined(separator: "\n")).isEmpty)
    }

    @Test func findPhrasesInPreSplitWords() {
        let words = ["1.", "abandon"] + Array(repeating: "abandon", count: 10).map { $0 + "," } + ["ABOUT!"]
        #expect(Bip39.findPhrases(in: words).map(\.value) == [Self.english12])
    }

    // MARK: Electrum

    @Test(arguments: [
        ("wild father tree among universe such mobile favorite target dynamic credit identify", ElectrumSeed.SeedType.segwit),
        ("なのか ひろい しなん まなぶ つぶす さがす おしゃれ かわく おいかける けさき かいとう さたん", .standard),
        ("眼 悲 叛 改 节 跃 衡 响 疆 股 遂 冬", .segwit),
        ("almíbar tibio superar vencer hacha peatón príncipe matar consejo polen vehículo odisea", .standard),
        ("equipo fiar auge langosta hacha calor trance cubrir carro pulmón oro áspero", .segwit),
        ("vidrio jabón muestra pájaro capucha eludir feliz rotar fogata pez rezar oír", .segwit),
        ("cram swing cover prefer miss modify ritual silly deliver chunk behind inform able", .standard),
        ("ostrich security deer aunt climb inner alpha arm mutual marble solid task", .standard),
        ("OSTRICH SECURITY DEER AUNT CLIMB INNER ALPHA ARM MUTUAL MARBLE SOLID TASK", .standard),
        ("   oStRiCh sEcUrItY DeEr aUnT ClImB       InNeR AlPhA ArM MuTuAl mArBlE   SoLiD TaSk  ", .standard),
        ("science dawn member doll dutch real can brick knife deny drive list", .twoFactor),
        ("bind clever room kidney crucial sausage spy edit canvas soul liquid ribbon slam open alpha suffer gate relax voice carpet law hill woman tonight abstract", .twoFactor),
        ("sibling leg cable timber patient foot occur plate travel finger chef scale radio citizen promote immune must chef fluid sea sphere common acid lab", .twoFactor),
        ("frost pig brisk excite novel report camera enlist axis nation novel desert", .segwit),
        ("x8", .standard), ("9dk", .segwit), ("6vs", .twoFactorSegwit), ("agree install", .twoFactorSegwit),
    ])
    func electrumSeedVersions(_ phrase: String, _ type: ElectrumSeed.SeedType) throws {
        #expect(ElectrumSeed.seedType(phrase) == type)
        let words = phrase.split(whereSeparator: \.isWhitespace)
        if ElectrumSeed.wordCounts.contains(words.count) {
            let found = ElectrumSeed.findSeeds(in: "seed: " + phrase + " (electrum)")
            try #require(found.count == 1)
            #expect(found[0].seed.type == type)
            #expect(found[0].seed.tokens.count == words.count)
            #expect(ElectrumSeed.indicator(found[0].seed, raw: phrase).kind == .electrum)
        }
    }

    @Test(arguments: [
        "cram swing cover prefer miss modify ritual silly deliver chunk behind inform",
        "science dawn member doll dutch real ca brick knife deny drive list",
    ])
    func notElectrumSeeds(_ phrase: String) {
        #expect(ElectrumSeed.seedType(phrase) == nil)
        #expect(ElectrumSeed.findSeeds(in: phrase).isEmpty)
    }
}
