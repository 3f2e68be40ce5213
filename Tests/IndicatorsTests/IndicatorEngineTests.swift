// The engine end to end: planted indicators of every kind found once with exact value, validation and offset
// whatever the block size; texts; numbered seeds; low-confidence rules; no checksummed finding in documentation.

import Foundation
import Testing
@testable import Indicators
import TestSupport

/// One indicator planted in a sentence that gives it the context it needs.
struct PlantedIndicator: Sendable, CustomTestStringConvertible {
    var sentence: String
    var needle: String
    var kind: IndicatorKind
    var value: String
    var validation: IndicatorValidation
    var network: String?
    var testDescription: String { "\(kind.rawValue): \(needle.prefix(30))" }
}

enum EngineFixtures {
    /// The Bitcoin wiki's example private key, compressed WIF (built with the checked encoder).
    static let wif = Base58.encodeCheck([0x80] + hexBytes("0C28FCA386C7A227600B2FE50B7CAE11EC86D3BF1FBE471BE89827E19D72AA1D") + [0x01])
    static let xpub = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
    static let abandon = (Array(repeating: "abandon", count: 11) + ["about"]).joined(separator: " ")
    static let electrum = "wild father tree among universe such mobile favorite target dynamic credit identify"
    static let monero = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"
    static let hexKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    static let items: [PlantedIndicator] = [
        PlantedIndicator(sentence: "USDT TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", needle: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                         kind: .trx, value: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", validation: .checksum, network: nil),
        PlantedIndicator(sentence: "genesis 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", needle: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                         kind: .btc, value: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "to BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 ok", needle: "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                         kind: .btc, value: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.", needle: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                         kind: .eth, value: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", validation: .checksum, network: nil),
        PlantedIndicator(sentence: "erc20 0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", needle: "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
                         kind: .eth, value: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", validation: .unchecksummed, network: nil),
        PlantedIndicator(sentence: "ltc LQTpS3VaYTjCr4s9Y1t5zbeY26zevf7Fb3", needle: "LQTpS3VaYTjCr4s9Y1t5zbeY26zevf7Fb3",
                         kind: .ltc, value: "LQTpS3VaYTjCr4s9Y1t5zbeY26zevf7Fb3", validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "doge DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", needle: "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L",
                         kind: .doge, value: "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "bch bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
                         needle: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
                         kind: .bch, value: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", validation: .checksum,
                         network: "mainnet"),
        PlantedIndicator(sentence: "xrp r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", needle: "r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59",
                         kind: .xrp, value: "r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", validation: .checksum, network: nil),
        PlantedIndicator(sentence: "xmr " + monero, needle: monero, kind: .xmr, value: monero, validation: .checksum,
                         network: "mainnet"),
        PlantedIndicator(sentence: "my solana wallet So11111111111111111111111111111111111111112",
                         needle: "So11111111111111111111111111111111111111112", kind: .sol,
                         value: "So11111111111111111111111111111111111111112", validation: .none, network: nil),
        PlantedIndicator(sentence: "import " + wif, needle: wif, kind: .wif, value: wif, validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "wallet private key: 0x" + hexKey, needle: "0x" + hexKey, kind: .wif, value: hexKey,
                         validation: .none, network: nil),
        PlantedIndicator(sentence: "backup " + xpub, needle: xpub, kind: .xkey, value: xpub, validation: .checksum, network: "mainnet"),
        PlantedIndicator(sentence: "seed:\n" + abandon, needle: abandon, kind: .bip39, value: abandon, validation: .checksum, network: nil),
        PlantedIndicator(sentence: "Electrum:\n" + electrum, needle: electrum, kind: .electrum, value: electrum,
                         validation: .checksum, network: nil),
        PlantedIndicator(sentence: "mail Scam.Desk@Invest-Gold.top", needle: "Scam.Desk@Invest-Gold.top", kind: .email,
                         value: "scam.desk@invest-gold.top", validation: .none, network: nil),
        PlantedIndicator(sentence: "login HTTPS://Invest-Gold.TOP/Login?ref=AbC now", needle: "HTTPS://Invest-Gold.TOP/Login?ref=AbC",
                         kind: .url, value: "https://invest-gold.top/Login?ref=AbC", validation: .none, network: nil),
        PlantedIndicator(sentence: "visit GoldInvest-VIP.top now", needle: "GoldInvest-VIP.top", kind: .domain,
                         value: "goldinvest-vip.top", validation: .none, network: nil),
        PlantedIndicator(sentence: "join https://t.me/Fake_Exchange_Support", needle: "https://t.me/Fake_Exchange_Support",
                         kind: .telegram, value: "fake_exchange_support", validation: .none, network: nil),
        PlantedIndicator(sentence: "Telegram: @Invest_Helper99 (24/7)", needle: "@Invest_Helper99", kind: .telegram,
                         value: "invest_helper99", validation: .none, network: nil),
        PlantedIndicator(sentence: "call +44 20 7946 0958", needle: "+44 20 7946 0958", kind: .phone, value: "+442079460958",
                         validation: .none, network: nil),
        PlantedIndicator(sentence: "IBAN GB82 WEST 1234 5698 7654 32", needle: "GB82 WEST 1234 5698 7654 32", kind: .iban,
                         value: "GB82WEST12345698765432", validation: .checksum, network: nil),
        PlantedIndicator(sentence: "server 203.0.113.7", needle: "203.0.113.7", kind: .ipv4, value: "203.0.113.7",
                         validation: .none, network: nil),
    ]

    struct Expected: Hashable, CustomStringConvertible {
        var kind: IndicatorKind
        var value: String
        var validation: IndicatorValidation
        var network: String?
        var offset: Int64
        var encoding: String
        var description: String { "\(kind.rawValue) \(value) \(validation) @\(offset) \(encoding)" }
    }

    /// Binary noise with every item planted in ASCII and in UTF-16LE, each between line breaks.
    static let file: (bytes: [UInt8], expected: Set<Expected>) = {
        var noise = NoiseGenerator(state: 0xe9_91e)
        var bytes: [UInt8] = []
        var expected = Set<Expected>()
        for utf16 in [false, true] {
            for item in items {
                // No zero bytes in the noise next to UTF-16 text, so a run starts where the text does.
                bytes += noise.bytes(Int(noise.next() % 2000) + 300).map { $0 == 0 ? 0xFF : $0 }
                let encode: (String) -> [UInt8] = { text in
                    utf16 ? text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } : Array(text.utf8)
                }
                if utf16 && bytes.count % 2 == 1 { bytes.append(0xFF) }
                bytes += encode("\n\n")
                let start = bytes.count
                bytes += encode(item.sentence)
                bytes += encode("\n\n")
                let prefix = String(item.sentence[..<(item.sentence.range(of: item.needle)?.lowerBound ?? item.sentence.startIndex)])
                expected.insert(Expected(kind: item.kind, value: item.value, validation: item.validation, network: item.network,
                                         offset: Int64(start + encode(prefix).count), encoding: utf16 ? "utf-16le" : "ascii"))
            }
        }
        bytes += noise.bytes(500)
        return (bytes, expected)
    }()

    static func scan(_ bytes: [UInt8], blockSize: Int) -> [IndicatorFinding] {
        let scanner = IndicatorFileScanner()
        var found: [IndicatorFinding] = []
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = min(raw.count, start + blockSize)
                found += scanner.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        return found + scanner.finish()
    }
}

@Suite struct IndicatorEngineTests {
    static let whole = EngineFixtures.scan(EngineFixtures.file.bytes, blockSize: EngineFixtures.file.bytes.count)

    /// Every planted item, ASCII and UTF-16LE inside binary, is exactly one finding with its value, validation,
    /// network, offset and encoding; nothing else is found in the noise.
    @Test func plantedFileFindings() {
        let found = Self.whole.map {
            EngineFixtures.Expected(kind: $0.kind, value: $0.value, validation: $0.validation, network: $0.network,
                                    offset: $0.offset, encoding: $0.encoding)
        }
        #expect(EngineFixtures.file.expected.count == 2 * EngineFixtures.items.count)
        #expect(found.count == Set(found).count, "a finding reported twice")
        for missing in EngineFixtures.file.expected.subtracting(found) { Issue.record("missing \(missing)") }
        for extra in Set(found).subtracting(EngineFixtures.file.expected) { Issue.record("unexpected \(extra)") }
        #expect(Self.whole.map(\.offset) == Self.whole.map(\.offset).sorted())
    }

    /// The raw bytes at offset..<offset+length decode to the finding's raw text.
    @Test func rawTextAtTheOffset() {
        let bytes = EngineFixtures.file.bytes
        for finding in Self.whole {
            let slice = Array(bytes[Int(finding.offset)..<Int(finding.offset + finding.length)])
            let decoded = finding.encoding == "utf-16le"
                ? String(decoding: stride(from: 0, to: slice.count - 1, by: 2).map { UInt16(slice[$0]) | UInt16(slice[$0 + 1]) << 8 }, as: UTF16.self)
                : String(decoding: slice, as: UTF8.self)
            #expect(decoded == finding.raw, "\(finding.kind) @\(finding.offset)")
        }
    }

    @Test(arguments: [1, 4096, 1 << 20])
    func sameFindingsWhateverTheBlockSize(_ blockSize: Int) {
        let streamed = EngineFixtures.scan(EngineFixtures.file.bytes, blockSize: blockSize)
        #expect(streamed == Self.whole)
        #expect(streamed.count == 2 * EngineFixtures.items.count)
    }

    /// A chat message in Chinese: the TRON address at its UTF-8 offset; the USDT amount is not a phone number.
    @Test func chineseMessageWithTronAddress() throws {
        let text = "老板您好，请转 5000 USDT（TRC20）到这个地址：TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t，到账后截图给我，谢谢！"
        let found = IndicatorEngine.scan(text: text)
        try #require(found.count == 1)
        let trx = found[0]
        let prefix = try #require(text.range(of: "TR7NH")).lowerBound
        #expect(trx.kind == .trx && trx.validation == .checksum && trx.value == "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
        #expect(trx.offset == Int64(text[..<prefix].utf8.count))
        #expect(trx.length == 34)
        #expect(trx.encoding == "ascii")
        #expect(trx.context.contains("地址：TR7NH"))
    }

    /// Numbering, line breaks and extra spaces around an official 24-word vector: one bip39 finding from the
    /// first word to the last, with the canonical words as value.
    @Test func numberedSeedOverLineBreaks() throws {
        let vector = "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold"
        let words = vector.split(separator: " ")
        let numbered = words.enumerated().map { "\($0.offset + 1).  \($0.element)" }
        let body = stride(from: 0, to: 24, by: 4).map { numbered[$0..<($0 + 4)].joined(separator: "   ") }.joined(separator: "\r\n")
        let text = "Recovery phrase (do not share!):\n" + body + "\n==\n"
        let found = IndicatorEngine.scan(text: text)
        try #require(found.count == 1)
        #expect(found[0].kind == .bip39 && found[0].value == vector && found[0].validation == .checksum)
        let first = try #require(text.range(of: "void")).lowerBound
        let last = try #require(text.range(of: "unfold")).upperBound
        #expect(found[0].offset == Int64(text[..<first].utf8.count))
        #expect(found[0].length == Int64(text[first..<last].utf8.count))
        #expect(found[0].raw == String(text[first..<last]))
        #expect(found[0].detail == "english; 24 words")
    }

    /// Solana has no checksum: kept only next to a wallet keyword; a checksummed address is never also "sol".
    @Test func lowConfidenceRules() {
        let sol = "So11111111111111111111111111111111111111112"
        #expect(IndicatorEngine.scan(text: "the value \(sol) in a table").isEmpty)
        #expect(IndicatorEngine.scan(text: "phantom wallet: \(sol)").map(\.kind) == [.sol])
        #expect(IndicatorEngine.scan(text: "wallet address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").map(\.kind) == [.btc])
        // A hex private key needs a private-key and a wallet keyword.
        #expect(IndicatorEngine.scan(text: "sha256 \(EngineFixtures.hexKey)").isEmpty)
        #expect(IndicatorEngine.scan(text: "private key: \(EngineFixtures.hexKey)").isEmpty)
        #expect(IndicatorEngine.scan(text: "eth wallet private key: \(EngineFixtures.hexKey)").map(\.kind) == [.wif])
        // EIP-55: a wrong mixed-case spelling is no address; one case is unchecksummed.
        #expect(IndicatorEngine.scan(text: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD").isEmpty)
        #expect(IndicatorEngine.scan(text: "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").first?.validation == .unchecksummed)
    }

    /// An address inside a URL is reported, and so is the URL.
    @Test func addressInsideURL() {
        let text = "see https://tronscan.org/#/address/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for the flow"
        let found = IndicatorEngine.scan(text: text)
        #expect(found.map(\.kind) == [.url, .trx])
        #expect(found.first?.value == "https://tronscan.org/#/address/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    }

    @Test(arguments: [
        ("t.me/joinchat/AbCdEf", "+AbCdEf", "invite link"), ("https://t.me/+XyZ123abc", "+XyZ123abc", "invite link"),
        ("https://t.me/s/Scam_Channel", "scam_channel", "username"), ("tg://resolve?domain=Invest_Bot", "invest_bot", "username"),
        ("https://telegram.me/Scam_Support/123", "scam_support", "username"),
    ])
    func telegramLinks(_ link: String, _ value: String, _ detail: String) throws {
        let found = try #require(IndicatorEngine.scan(text: "join " + link + " now").first)
        #expect(found.kind == .telegram && found.value == value && found.detail == detail)
    }

    @Test func phoneNumbersNormalized() {
        let found = IndicatorEngine.scan(text: "call +1 (555) 123-4567 or tel 555-123-4567")
        #expect(found.map(\.kind) == [.phone, .phone])
        #expect(found.first?.raw == "+1 (555) 123-4567")
        #expect(found.first.map { $0.value.hasPrefix("+1555") } == true)
        #expect(found.last?.value == "5551234567")
    }
}

/// Issue 4's false-positive proof on real prose and changelogs: no checksummed crypto finding in /usr/share/doc.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/doc"), "needs /usr/share/doc"))
struct IndicatorEngineFalsePositiveTests {
    static let checksummedKinds: Set<IndicatorKind> = [.btc, .eth, .trx, .ltc, .doge, .bch, .xrp, .xmr, .wif, .xkey, .bip39, .electrum]

    /// Up to CUSTODY_FP_MB (default 50) MB of uncompressed files, each scanned as a file in 1 MiB blocks.
    @Test func documentationYieldsNoChecksummedCryptoFinding() throws {
        let limit = (Int(ProcessInfo.processInfo.environment["CUSTODY_FP_MB"] ?? "") ?? 50) << 20
        let walker = try #require(FileManager.default.enumerator(at: URL(fileURLWithPath: "/usr/share/doc"),
                                                                 includingPropertiesForKeys: [.isRegularFileKey]))
        var scanned = 0
        var counts: [IndicatorKind: Int] = [:]
        var flagged: [String] = []
        for case let url as URL in walker where scanned < limit {
            guard url.pathExtension != "gz", (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let data = try? Data(contentsOf: url), !data.isEmpty else { continue }
            scanned += data.count
            for finding in IndicatorEngine.scan(bytes: data) {
                counts[finding.kind, default: 0] += 1
                if Self.checksummedKinds.contains(finding.kind) && finding.validation == .checksum {
                    flagged.append("\(url.path)@\(finding.offset) \(finding.kind.rawValue) \(finding.value) [\(finding.context)]")
                }
            }
        }
        print("engine false-positive scan: \(scanned >> 20) MiB:",
              counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        #expect(scanned > 1 << 20)
        #expect(flagged == [], "\(flagged.joined(separator: "\n"))")
    }
}
