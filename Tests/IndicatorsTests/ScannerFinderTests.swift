// The scanner's candidate finders: what each shape finds, what it must not, with exact offsets and contexts.

import Foundation
import Testing
@testable import Indicators
import TestSupport

private func scan(_ text: String, options: ScannerOptions = ScannerOptions(encoding: .form(.raw))) -> [ScanCandidate] {
    CandidateScanner.scan(Array(text.utf8), options: options)
}

private func texts(_ text: String, _ kind: CandidateKind) -> [String] {
    scan(text).filter { $0.kind == kind }.map(\.text)
}

@Suite struct ScannerFinderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var kind: CandidateKind
        var expected: [String]
        var testDescription: String { "\(kind): \(input.prefix(50))" }
    }

    static let found: [Case] = [
        Case(input: "send 1000 USDT to TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 now", kind: .base58,
             expected: ["TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"]),
        Case(input: "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa.", kind: .base58, expected: ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"]),
        Case(input: "地址1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2，谢谢", kind: .base58, expected: ["1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"]),
        Case(input: "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8 end",
             kind: .base58, expected: ["xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"]),
        Case(input: "pay bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 and BC1SW50QA3JX3S", kind: .bech32,
             expected: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "BC1SW50QA3JX3S"]),
        Case(input: "ltc1qg82mh7lk4zmxyl9a8q4xh5amv5ys5rz0xmz3x9 x", kind: .bech32, expected: ["ltc1qg82mh7lk4zmxyl9a8q4xh5amv5ys5rz0xmz3x9"]),
        Case(input: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a and qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
             kind: .cashAddr, expected: ["bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"]),
        Case(input: "to=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed;", kind: .ethereumHex, expected: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]),
        Case(input: "private key: 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", kind: .hexKey,
             expected: ["0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"]),
        Case(input: "Mail me at John.Smith+scam@example-invest.co.uk.", kind: .email, expected: ["John.Smith+scam@example-invest.co.uk"]),
        Case(input: "see https://tronscan.org/#/address/TJRabPrwbZy45sbavfcjinPJC18kjpRTv8), or (http://x-y.top/a?b=1).",
             kind: .url, expected: ["https://tronscan.org/#/address/TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", "http://x-y.top/a?b=1"]),
        Case(input: "visit www.example.com today", kind: .url, expected: ["www.example.com"]),
        Case(input: "平台 goldinvest-vip.top 注册, also binance.com", kind: .domain, expected: ["goldinvest-vip.top", "binance.com"]),
        Case(input: "join t.me/joinchat/AbCdEf and https://telegram.me/scam_support and tg://resolve?domain=abc",
             kind: .telegramLink, expected: ["t.me/joinchat/AbCdEf", "https://telegram.me/scam_support", "tg://resolve?domain=abc"]),
        Case(input: "Telegram: @invest_helper99 (24/7)", kind: .telegramHandle, expected: ["@invest_helper99"]),
        Case(input: "call +44 20 7946 0958 or +1 (555) 123-4567, +8613812345678", kind: .phone,
             expected: ["+44 20 7946 0958", "+1 (555) 123-4567", "+8613812345678"]),
        Case(input: "tel (555) 123-4567; 555-123-4567; 01 23 45 67 89; 手机 13812345678", kind: .phone,
             expected: ["(555) 123-4567", "555-123-4567", "01 23 45 67 89", "13812345678"]),
        Case(input: "IBAN DE89 3704 0044 0532 0130 00, GB82WEST12345698765432.", kind: .iban,
             expected: ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"]),
        Case(input: "host 192.168.1.20:8080 and 8.8.8.8.", kind: .ipv4, expected: ["192.168.1.20", "8.8.8.8"]),
    ]

    @Test(arguments: found) func findsShape(_ c: Case) {
        #expect(texts(c.input, c.kind) == c.expected)
    }

    static let notFound: [Case] = [
        Case(input: "dGhpcyBpcyBiYXNlNjQgZGF0YSB3aXRoIGxvbmcgcnVucw+abcdefghijkmnopqrstuvwxyz12==", kind: .base58, expected: []),
        Case(input: "bc1qw508d6qejxtdg4y5r3zarvaryOc5xw7kv8f3t4 Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", kind: .bech32, expected: []),
        Case(input: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedZ 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", kind: .ethereumHex, expected: []),
        Case(input: "sha256 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", kind: .hexKey, expected: []),
        Case(input: "version 1.2.3.4, oid 1.3.6.1.4.1, 256.1.1.1, 01.2.3.4, 1.2.3.4.5", kind: .ipv4, expected: []),
        Case(input: "README.md setup.py com.google.android self.name os.path.join e.g. 3.14", kind: .domain, expected: []),
        Case(input: "2023-01-15 1 2 3 4 5 6 7 3.14159265 978-3-16-148410-0 12345678901", kind: .phone, expected: []),
        Case(input: "DE89 3704 0044 0532 0130 01 GB82WEST12345698765433", kind: .iban, expected: []),
        Case(input: "thanks @everyone_here for coming", kind: .telegramHandle, expected: []),
        Case(input: "user@localhost and a@b", kind: .email, expected: []),
    ]

    @Test(arguments: notFound) func rejectsLookalike(_ c: Case) {
        #expect(texts(c.input, c.kind) == [])
    }

    @Test func offsetsContextAndWalletKeyword() throws {
        let text = "x\u{01}\n钱包地址: So1111111111111111111111111111111111111112 ok"
        let found = scan(text)
        let sol = try #require(found.first { $0.kind == .base58 })
        let prefix = Array("x\u{01}\n钱包地址: ".utf8)
        #expect(sol.byteRange == Int64(prefix.count)..<Int64(prefix.count + sol.text.utf8.count))
        #expect(sol.text.utf8.count == 42)
        #expect(sol.walletContext)
        #expect(sol.context.hasPrefix("x\\x01\\n钱包地址: So111"))
        let bare = scan("the value So1111111111111111111111111111111111111112 in a table")
        #expect(bare.first?.walletContext == false)
    }

    @Test func ibanChecksum() {
        #expect(CandidateFinder.ibanChecksumValid(Array("GB82WEST12345698765432".utf8)))
        #expect(!CandidateFinder.ibanChecksumValid(Array("GB82WEST12345698765423".utf8)))
    }

    @Test func phoneDigits() throws {
        let phone = try #require(scan("call +1 (555) 123-4567").first { $0.kind == .phone })
        #expect(phone.digits == "+15551234567")
    }

    /// Every valid segwit address in BIP-173's and BIP-350's tables, and every address of EIP-55, is a candidate.
    @Test(arguments: ["bitcoin+bips/bip-0173.mediawiki", "bitcoin+bips/bip-0350.mediawiki"])
    func bech32VectorsInSpecs(_ file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.corpusFile(file)))
        let found = Set(CandidateScanner.scan(data).filter { $0.kind == .bech32 }.map(\.text))
        let text = String(decoding: data, as: UTF8.self)
        let valid = try #require(text.components(separatedBy: "gives valid segwit addresses").last?
            .components(separatedBy: "gives invalid segwit addresses").first)
        let addresses = valid.components(separatedBy: "* <tt>").dropFirst().compactMap { $0.components(separatedBy: "</tt>").first }
        #expect(addresses.count >= 6)
        for address in addresses { #expect(found.contains(address), "\(address)") }
    }

    @Test func eip55Addresses() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.corpusFile("ethereum+EIPs/EIPS/eip-55.md")))
        let found = Set(CandidateScanner.scan(data).filter { $0.kind == .ethereumHex }.map(\.text))
        for address in ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
                        "0x52908400098527886E0F7030069857D2E4169EE7", "0x27b1fdb04752bbc536007a920d24acb045561c26"] {
            #expect(found.contains(address))
        }
        #expect(found.count >= 8)
    }
}
