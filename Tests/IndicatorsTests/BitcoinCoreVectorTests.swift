// Bitcoin Core's key_io_valid/key_io_invalid and base58_encode_decode vectors (../shared/corpus/bitcoin+bitcoin).

import Foundation
import Testing
@testable import Indicators

@Suite("Bitcoin Core key_io and base58 vectors")
struct BitcoinCoreVectorTests {
    struct KeyIOValid: CustomTestStringConvertible, Sendable {
        var string: String
        var hex: String
        var chain: String
        var isPrivkey: Bool
        var isCompressed: Bool?
        var tryCaseFlip: Bool
        var testDescription: String { "\(chain) \(string)" }
    }

    static let valid: [KeyIOValid] = (VectorSupport.corpusJSON("bitcoin+bitcoin/src/test/data/key_io_valid.json") as? [[Any]] ?? [])
        .compactMap { entry in
            guard entry.count == 3, let string = entry[0] as? String, let hex = entry[1] as? String,
                  let meta = entry[2] as? [String: Any], let chain = meta["chain"] as? String,
                  let isPrivkey = meta["isPrivkey"] as? Bool else { return nil }
            return KeyIOValid(string: string, hex: hex, chain: chain, isPrivkey: isPrivkey,
                              isCompressed: meta["isCompressed"] as? Bool, tryCaseFlip: meta["tryCaseFlip"] as? Bool ?? false)
        }

    static let invalid: [String] = (VectorSupport.corpusJSON("bitcoin+bitcoin/src/test/data/key_io_invalid.json") as? [[String]] ?? [])
        .compactMap(\.first)

    static let base58: [[String]] = VectorSupport.corpusJSON("bitcoin+bitcoin/src/test/data/base58_encode_decode.json") as? [[String]] ?? []

    @Test func theCorpusFilesHaveTheCountsGroundTruthGives() {
        #expect(Self.valid.count == 70)
        #expect(Self.invalid.count == 79)
        #expect(Self.base58.count == 21)
    }

    /// Base58 addresses cannot tell testnet, signet and regtest apart (same versions); bech32 can tell regtest.
    static func expectedNetwork(_ vector: KeyIOValid) -> String {
        switch vector.chain {
        case "main": "mainnet"
        case "regtest" where vector.string.lowercased().hasPrefix("bcrt1"): "regtest"
        default: "testnet"
        }
    }

    @Test(arguments: valid)
    func everyValidVectorIsFoundWithNetworkAndType(_ vector: KeyIOValid) throws {
        let results = CryptoValidators.validate(vector.string)
        try #require(results.count == 1)
        let found = results[0]
        #expect(found.validation == .checksum)
        #expect(found.network == Self.expectedNetwork(vector))
        if vector.isPrivkey {
            #expect(found.kind == .wif)
            let payload = try #require(Base58.decodeCheck(Array(vector.string.utf8)))
            #expect(VectorSupport.hex(Array(payload[1..<33])) == vector.hex)
            let compressed = vector.isCompressed ?? false
            #expect(found.detail?.hasPrefix(compressed ? "compressed" : "uncompressed") == true)
        } else {
            #expect(found.kind == .btc)
            if let segwit = SegwitAddress(Array(vector.string.utf8)) {
                #expect(VectorSupport.hex(segwit.scriptPubKey) == vector.hex)
                #expect(found.value == vector.string.lowercased())
            } else {
                let payload = try #require(Base58.decodeCheck(Array(vector.string.utf8)))
                let hash = VectorSupport.hex(Array(payload.dropFirst()))
                let isP2SH = vector.hex.hasPrefix("a914")
                #expect(vector.hex == (isP2SH ? "a914\(hash)87" : "76a914\(hash)88ac"))
                #expect(found.detail == (isP2SH ? "p2sh" : "p2pkh"))
                #expect(found.alsoValidOn.contains(.bch))
            }
        }
        if vector.tryCaseFlip {
            let flipped = vector.string == vector.string.lowercased() ? vector.string.uppercased() : vector.string.lowercased()
            #expect(CryptoValidators.validate(flipped).first?.value == found.value)
        }
    }

    /// No invalid string is accepted as an address or key of any chain (a 32-byte Base58 string without a
    /// checksum is a possible Solana key, which only context can confirm; none of these is one).
    @Test(arguments: invalid)
    func noInvalidVectorIsAccepted(_ string: String) {
        #expect(CryptoValidators.validate(string).isEmpty)
    }

    @Test(arguments: base58)
    func base58EncodeDecode(_ pair: [String]) throws {
        try #require(pair.count == 2)
        let bytes = VectorSupport.hex(pair[0])
        #expect(Base58.encode(bytes) == pair[1])
        #expect(Base58.decode(Array(pair[1].utf8)) == bytes)
    }

    @Test func base58RejectsCharactersOutsideTheAlphabet() {
        for text in ["0", "O", "I", "l", "3mJr7AoUXx2Wqd ", "3mJr7AoUXx2Wqd\u{0}", "é"] {
            #expect(Base58.decode(Array(text.utf8)) == nil, "\(text)")
        }
    }
}
