// Differential test against PyPI bip-utils: addresses, keys and seed phrases it generates (Scripts/indicator-oracle.py)
// must validate with the same chain facts; one-character mutations must not. Install: pip install bip-utils==2.12.3

import Foundation
import Testing
import TestSupport
@testable import Indicators

enum BipUtilsOracle {
    static let available: Bool = {
        (try? Tool.python("import bip_utils, Crypto.Hash.keccak").status) == 0
    }()

    struct Address: Decodable, Sendable {
        var value: String
        var kind: String
        var network: String?
        var detail: String?
        var caseInsensitive: Bool
    }

    struct Phrase: Decodable, Sendable {
        var kind: String
        var language: String
        var type: String?
        var phrase: String
        var entropy: String?
        var mutated: String
        var mutatedValid: Bool
    }

    struct KeccakCase: Decodable, Sendable {
        var hex: String
        var digest: String
    }

    struct Output: Decodable, Sendable {
        var addresses: [Address]
        var phrases: [Phrase]
        var keccak: [KeccakCase]
    }

    /// 20 per chain and network, generated once per test run.
    static let output: Output? = {
        guard available,
              let result = try? Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/indicator-oracle.py").path, "20"]),
              result.status == 0 else { return nil }
        return try? JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    }()
}

@Suite("Differential against bip-utils", .enabled(if: BipUtilsOracle.available, "pip install bip-utils==2.12.3"))
struct DifferentialValidatorTests {
    static let bech32Charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
    static let base58Charset = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    @Test func theOracleCoversEveryChain() throws {
        let output = try #require(BipUtilsOracle.output)
        let kinds = Set(output.addresses.map(\.kind))
        #expect(kinds == ["btc", "ltc", "doge", "bch", "eth", "trx", "xrp", "sol", "wif", "xkey", "xmr"])
        #expect(output.addresses.count == 825)
        #expect(output.phrases.filter { $0.kind == "bip39" }.count == 180)
        #expect(output.phrases.filter { $0.kind == "electrum" }.count == 40)
    }

    @Test func everyGeneratedAddressValidatesWithItsChainFacts() throws {
        let output = try #require(BipUtilsOracle.output)
        var mutationsChecked = 0
        for address in output.addresses {
            let results = CryptoValidators.validate(address.value)
            guard results.count == 1, let found = results.first else {
                Issue.record("\(address.value): \(results.count) results")
                continue
            }
            #expect(found.kind.rawValue == address.kind, "\(address.value)")
            #expect(found.network == address.network, "\(address.value)")
            if let detail = address.detail { #expect(found.detail == detail, "\(address.value)") }
            if address.kind == "sol" {
                #expect(found.validation == .none)
                continue
            }
            #expect(found.validation == .checksum, "\(address.value)")
            if address.caseInsensitive {
                let upper = CryptoValidators.validate(address.value.uppercased())
                #expect(upper.first?.value == found.value, "\(address.value) upper case")
            }
            for mutated in Self.mutations(of: address) {
                // A case flip that leaves an EIP-55 address in one case is a valid unchecksummed spelling.
                let accepted = CryptoValidators.validate(mutated).filter { $0.validation == .checksum }
                #expect(accepted.isEmpty, "\(address.value) → \(mutated) accepted as \(accepted.map(\.kind))")
                mutationsChecked += 1
            }
        }
        #expect(mutationsChecked > 30_000)
    }

    /// Every single-character substitution within the format's alphabet; for EIP-55, every single case flip.
    static func mutations(of address: BipUtilsOracle.Address) -> [String] {
        let characters = Array(address.value)
        var out: [String] = []
        if address.kind == "eth" {
            for index in 2..<characters.count where characters[index].isLetter {
                var mutated = characters
                mutated[index] = Character(characters[index].isUppercase ? characters[index].lowercased() : characters[index].uppercased())
                out.append(String(mutated))
            }
            return out
        }
        let isBech32 = ["p2wpkh", "p2wsh", "p2tr"].contains(address.detail ?? "") || address.kind == "bch"
        let alphabet = isBech32 ? bech32Charset : base58Charset
        let separator: Int = isBech32 ? (characters.lastIndex(of: address.kind == "bch" ? ":" : "1") ?? -1) : -1
        for index in characters.indices where index > separator {
            let original = characters[index]
            guard let position = alphabet.firstIndex(of: original) else { continue }
            var mutated = characters
            mutated[index] = alphabet[(position + 1) % alphabet.count]
            out.append(String(mutated))
        }
        return out
    }

    @Test func bip39PhrasesMatchBipUtils() throws {
        let output = try #require(BipUtilsOracle.output)
        for phrase in output.phrases where phrase.kind == "bip39" {
            let found = Bip39.findPhrases(in: phrase.phrase)
            let match = found.first { $0.phrase.language.rawValue == phrase.language }
            #expect(match.map { VectorSupport.hex($0.phrase.entropy) } == phrase.entropy, "\(phrase.phrase)")
            // The whole mutated phrase, not a 12-word window cut from it, is what bip-utils judged.
            let mutatedValid = Bip39.findPhrases(in: phrase.mutated).contains {
                $0.phrase.language.rawValue == phrase.language && $0.phrase.standalone
            }
            #expect(mutatedValid == phrase.mutatedValid, "\(phrase.mutated)")
        }
    }

    @Test func electrumSeedsMatchBipUtils() throws {
        let output = try #require(BipUtilsOracle.output)
        // English only: bip-utils 2.12.3 hashes Spanish seeds with their accents, where Electrum's normalize_text
        // removes them (Electrum's own Spanish vectors pass in Bip39VectorTests; bip-utils' Spanish seeds are
        // not Electrum seeds for Electrum itself).
        let english = output.phrases.filter { $0.kind == "electrum" && $0.language == "english" }
        #expect(english.count == 20)
        for phrase in english {
            #expect(ElectrumSeed.seedType(phrase.phrase)?.rawValue == phrase.type, "\(phrase.phrase)")
            #expect(ElectrumSeed.findSeeds(in: phrase.phrase).count == 1, "\(phrase.phrase)")
            #expect((ElectrumSeed.seedType(phrase.mutated) != nil) == phrase.mutatedValid, "\(phrase.mutated)")
        }
    }

    @Test func keccakMatchesPycryptodome() throws {
        let output = try #require(BipUtilsOracle.output)
        #expect(output.keccak.count == 10)
        for entry in output.keccak {
            #expect(VectorSupport.hex(Keccak256.hash(VectorSupport.hex(entry.hex))) == entry.digest, "\(entry.hex.count / 2) bytes")
        }
    }
}
