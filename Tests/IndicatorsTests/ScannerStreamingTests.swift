// The streaming scanner: same candidates and offsets whatever the block size, UTF-16 runs, seed words, encodings.

import Foundation
import Testing
@testable import Indicators
import TestSupport

/// Deterministic bytes (xorshift) so a failing block size can be replayed.
struct NoiseGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next() >> 32) } }
}

enum SeedWordlists {
    static let languages = ["english", "chinese_simplified", "chinese_traditional", "czech", "french", "italian",
                            "japanese", "korean", "portuguese", "spanish"]

    static func words(_ language: String) -> [String] {
        let path = Repo.corpusFile("bitcoin+bips/bip-0039/\(language).txt")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }

    static let index = SeedWordIndex(words: languages.flatMap(words))
}

struct Planted {
    var text: String
    var kind: CandidateKind
    var offset: Int
    var length: Int
    var form: TextForm
}

/// Binary noise with indicators planted as ASCII, UTF-16LE and UTF-16BE.
func plantedCorpus(size: Int, seed: UInt64) -> (bytes: [UInt8], planted: [Planted]) {
    var noise = NoiseGenerator(state: seed)
    var bytes: [UInt8] = []
    var planted: [Planted] = []
    let items: [(String, CandidateKind)] = [
        ("TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", .base58), ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", .bech32),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", .ethereumHex), ("scam.desk@invest-gold.top", .email),
        ("https://t.me/fake_exchange_support", .telegramLink), ("+44 20 7946 0958", .phone), ("10.20.30.40", .ipv4),
        ("GB82WEST12345698765432", .iban),
    ]
    var k = 0
    while bytes.count < size {
        bytes += noise.bytes(Int(noise.next() % 3000) + 20)
        bytes += bytes.count % 2 == 0 ? [0x0A, 0x0A, 0x0A] : [0x0A, 0x0A]
        let (text, kind) = items[k % items.count]
        let form: TextForm = [.raw, .utf16LE, .utf16BE][(k / items.count) % 3]
        let encoded: [UInt8]
        switch form {
        case .utf16LE: encoded = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BE: encoded = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        default: encoded = Array(text.utf8)
        }
        let pad: [UInt8] = form == .raw ? [0x20] : (form == .utf16LE ? [0x20, 0] : [0, 0x20])
        bytes += [0x0A] + pad
        planted.append(Planted(text: text, kind: kind, offset: bytes.count, length: encoded.count, form: form))
        bytes += encoded + pad + [0x0A, 0x0A]
        k += 1
    }
    return (bytes, planted)
}

@Suite struct ScannerStreamingTests {
    static let corpus = plantedCorpus(size: 200_000, seed: 0x5eed)

    @Test func plantedIndicatorsFoundAtTheirOffsets() {
        let found = CandidateScanner.scan(Self.corpus.bytes, options: ScannerOptions(encoding: .form(.raw)))
        for item in Self.corpus.planted {
            let range = Int64(item.offset)..<Int64(item.offset + item.length)
            #expect(found.contains { $0.kind == item.kind && $0.text == item.text && $0.byteRange == range && $0.form == item.form },
                    "\(item.kind) \(item.form) at \(item.offset)")
        }
        #expect(Self.corpus.planted.count > 100)
    }

    @Test(arguments: [1, 7, 1000, 8191, 8192, 8193, 65536, 1 << 20])
    func sameCandidatesWhateverTheBlockSize(_ blockSize: Int) {
        let bytes = Array(Self.corpus.bytes.prefix(blockSize < 100 ? 40_000 : 200_000))
        let options = ScannerOptions(encoding: .form(.raw), seedWords: SeedWordlists.index)
        let whole = CandidateScanner.scan(bytes, options: options, blockSize: bytes.count)
        let streamed = CandidateScanner.scan(bytes, options: options, blockSize: blockSize)
        #expect(streamed == whole)
        #expect(whole.count >= 10)
    }

    @Test func candidateStraddlingABlockBoundary() {
        let text = Array(String(repeating: "filler text ", count: 800).utf8) + Array(" TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 end".utf8)
        let address = text.count - 38
        var scanner = CandidateScanner(options: ScannerOptions(encoding: .form(.raw)))
        var found = scanner.feed(Array(text[..<(address + 10)]))
        found += scanner.feed(Array(text[(address + 10)...]))
        found += scanner.finish()
        #expect(found.map(\.byteRange) == [Int64(address)..<Int64(address + 34)])
    }

    @Test func standInValidatorSeesEachCandidateOnce() {
        var seen: [String] = []
        var scanner = IndicatorScanner<String>(options: ScannerOptions(encoding: .form(.raw))) { candidate in
            seen.append(candidate.text)
            return candidate.kind == .base58 && candidate.text.hasPrefix("T") && candidate.text.count == 34 ? ["trx"] : []
        }
        var hits = scanner.feed(Self.corpus.bytes.prefix(100_000))
        hits += scanner.feed(Self.corpus.bytes.dropFirst(100_000))
        hits += scanner.finish()
        let trx = Self.corpus.planted.filter { $0.text.hasPrefix("TJR") }
        #expect(hits.count == trx.count)
        #expect(Set(hits.map(\.candidate.offset)) == Set(trx.map { Int64($0.offset) }))
        #expect(seen.count == Set(zip(seen, 0...).map { "\($0)" }).count)
    }
}

@Suite struct ScannerSeedWordTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var language: String
        var mnemonic: String
        var testDescription: String { "\(language): \(mnemonic.prefix(30))" }
    }

    static let vectors: [Vector] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: Repo.corpusFile("trezor+python-mnemonic/vectors.json"))),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [[String]]] else { return [] }
        return SeedWordlists.languages.flatMap { language in
            (json[language] ?? []).compactMap { $0.count > 1 ? Vector(language: language, mnemonic: $0[1]) : nil }
        }
    }()

    @Test func vectorsLoaded() { #expect(Self.vectors.count == 240) }

    /// Every official vector, in running text, is one candidate with its words in order at its exact offset.
    @Test(arguments: vectors) func officialVectorIsOneCandidate(_ vector: Vector) throws {
        let prefix = "备份 ⇒\n"
        let text = prefix + vector.mnemonic + "\n⇒ !"
        let found = CandidateScanner.scan(Array(text.utf8), options: ScannerOptions(seedWords: SeedWordlists.index))
            .filter { $0.kind == .seedWords }
        let words = vector.mnemonic.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
        try #require(found.count == 1)
        #expect(found[0].words.map { $0.precomposedStringWithCanonicalMapping } == words.map { $0.precomposedStringWithCanonicalMapping })
        #expect(found[0].offset == Int64(prefix.utf8.count))
    }

    @Test func numberedAndWrappedPhrase() throws {
        let words = "abandon ability able about above absent absorb abstract absurd abuse access accident".split(separator: " ")
        let numbered = words.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: (0..<1).map { _ in "  " }[0])
        let text = "My 🔑:\n" + numbered.replacingOccurrences(of: "  7.", with: "\n7.")
        let found = CandidateScanner.scan(Array(text.utf8), options: ScannerOptions(seedWords: SeedWordlists.index))
        let seed = try #require(found.first { $0.kind == .seedWords })
        #expect(seed.words == words.map(String.init))
    }

    @Test func chineseWithoutSpacesAndTooShortRuns() throws {
        let words = SeedWordlists.words("chinese_simplified")
        let phrase = words[0..<12].joined()
        let found = CandidateScanner.scan(Array(("助记词：" + phrase + "。").utf8), options: ScannerOptions(seedWords: SeedWordlists.index))
        #expect(found.first { $0.kind == .seedWords }?.words == Array(words[0..<12]))
        let eleven = "abandon ability able about above absent absorb abstract absurd abuse access"
        #expect(CandidateScanner.scan(Array(eleven.utf8), options: ScannerOptions(seedWords: SeedWordlists.index)).isEmpty)
    }

    @Test func seedInUTF16InsideBinary() throws {
        let vector = try #require(Self.vectors.first { $0.language == "japanese" })
        var noise = NoiseGenerator(state: 7)
        let before = noise.bytes(5000).map { $0 == 0 ? 1 : $0 }
        let encoded = vector.mnemonic.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bytes = before + encoded + noise.bytes(3000)
        let found = CandidateScanner.scan(bytes, options: ScannerOptions(encoding: .form(.raw), seedWords: SeedWordlists.index))
        let seed = try #require(found.first { $0.kind == .seedWords })
        #expect(seed.form == .utf16LE)
        #expect(seed.byteRange == Int64(before.count)..<Int64(before.count + encoded.count))
    }
}

@Suite struct ScannerEncodingTests {
    struct Sample: CustomTestStringConvertible, Sendable {
        var name: String
        var encoding: LegacyEncoding
        var language: String
        var prose: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "GB18030 Chinese", encoding: .gb18030, language: "chinese_simplified",
               prose: "我们的钱包地址在这里，请把助记词保存好，不要告诉任何人。这是我们公司的投资平台，每天都有收益。"),
        Sample(name: "Shift-JIS Japanese", encoding: .shiftJIS, language: "japanese",
               prose: "これは私のウォレットのバックアップです。だれにもおしえないでください。ありがとうございます。"),
        Sample(name: "EUC-KR Korean", encoding: .eucKR, language: "korean",
               prose: "이것은 우리의 지갑 주소입니다. 복구 문구를 안전하게 보관하고 아무에게도 알려주지 마세요. 감사합니다."),
        Sample(name: "Windows-1252 French", encoding: .windows1252, language: "french",
               prose: "Voici la phrase de récupération de mon portefeuille. Ne la donnez à personne, s'il vous plaît. Merci beaucoup, à bientôt."),
        Sample(name: "Windows-1252 Spanish", encoding: .windows1252, language: "spanish",
               prose: "Esta es la frase de recuperación de mi cartera. No se la des a nadie, por favor. ¡Gracias! Mañana te envío más información."),
    ]

    /// The detector names the code page, and a seed phrase written in it is found with its exact byte offset.
    @Test(arguments: samples) func legacyCodePage(_ sample: Sample) throws {
        let words = SeedWordlists.words(sample.language)
        let phrase = (0..<12).map { words[($0 * 97 + 5) % words.count] }
            .joined(separator: sample.language == "japanese" ? "\u{3000}" : " ").precomposedStringWithCanonicalMapping
        let head = sample.prose + " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n"
        let encoding = sample.encoding.foundationEncoding
        let headBytes = try #require(head.data(using: encoding))
        let bytes = try #require((head + phrase + "\n" + sample.prose).data(using: encoding))
        #expect(bytes.withUnsafeBytes { TextEncodingDetector.detect($0) } == .legacy(sample.encoding))
        let found = CandidateScanner.scan(bytes, options: ScannerOptions(seedWords: SeedWordlists.index), blockSize: 100)
        let seed = try #require(found.first { $0.kind == .seedWords })
        #expect(seed.form == .legacy(sample.encoding))
        #expect(seed.offset == Int64(headBytes.count))
        #expect(seed.words.count == 12)
        #expect(seed.words.joined(separator: "|") == phrase.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).joined(separator: "|"))
        let eth = try #require(found.first { $0.kind == .ethereumHex })
        #expect(eth.offset == Int64(headBytes.count - 43))
    }

    @Test func utf16FilesWithAndWithoutBOM() throws {
        let text = "联系我 Telegram @invest_helper99 地址 TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 谢谢\n"
        for (bom, bigEndian) in [(true, false), (true, true), (false, false)] {
            var units = Array(text.utf16)
            if bom { units.insert(0xFEFF, at: 0) }
            let bytes = units.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let form: TextForm = bigEndian ? .utf16BE : .utf16LE
            if bom || text.utf16.filter({ $0 < 0x80 }).count * 2 > text.utf16.count {
                #expect(bytes.withUnsafeBytes { TextEncodingDetector.detect($0) } == form)
            }
            let found = CandidateScanner.scan(bytes, blockSize: 7)
            let trx = try #require(found.first { $0.kind == .base58 })
            let unitOffset = Array(text.utf16).firstIndex(of: UInt16(UInt8(ascii: "T")))
                .map { Array(text.utf16)[$0...].starts(with: "TJRab".utf16) ? $0 : -1 } ?? -1
            let offset = Int64((Array(text.utf16).indices.first { Array(text.utf16)[$0...].starts(with: "TJRab".utf16) } ?? unitOffset)
                               + (bom ? 1 : 0)) * 2
            #expect(trx.byteRange == offset..<(offset + 68))
            #expect(found.contains { $0.kind == .telegramHandle && $0.text == "@invest_helper99" })
        }
    }

    @Test func binaryAndUTF8AreScannedRaw() {
        var noise = NoiseGenerator(state: 99)
        #expect(noise.bytes(4096).withUnsafeBytes { TextEncodingDetector.detect($0) } == .raw)
        #expect(Array("plain ASCII and UTF-8: 钱包 žluťoučký".utf8).withUnsafeBytes { TextEncodingDetector.detect($0) } == .raw)
    }
}
