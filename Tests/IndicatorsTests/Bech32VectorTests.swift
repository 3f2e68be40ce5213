// BIP-173 (bech32) and BIP-350 (bech32m) test vectors, parsed from the BIPs in ../shared/corpus; shared test helpers.

import Foundation
import Testing
import TestSupport
@testable import Indicators

/// Helpers the indicator vector tests share.
enum VectorSupport {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16) }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func corpusText(_ relative: String) -> String {
        (try? String(contentsOfFile: Repo.corpusFile(relative), encoding: .utf8)) ?? ""
    }

    static func corpusJSON(_ relative: String) -> Any? {
        guard let data = FileManager.default.contents(atPath: Repo.corpusFile(relative)) else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }

    /// One `* <tt>…</tt>…` line of a BIP test-vector list: the string as bytes (with a "0x20 + " prefix byte or
    /// a " + 0xFF" suffix byte applied) and what follows it (a reason or a scriptPubKey).
    struct ListedVector: CustomTestStringConvertible, Sendable {
        var bytes: [UInt8]
        var note: String
        var testDescription: String { String(decoding: bytes, as: UTF8.self) + (note.isEmpty ? "" : " (\(note))") }
    }

    /// The `* ` lines between a line containing `start` and the next line containing `end`.
    static func bipList(_ text: String, from start: String, to end: String) -> [ListedVector] {
        var inside = false
        var vectors: [ListedVector] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains(start) { inside = true; continue }
            if inside, line.contains(end) { break }
            guard inside, line.hasPrefix("* "), let open = line.range(of: "<tt>"),
                  let close = line.range(of: "</tt>", range: open.upperBound..<line.endIndex) else { continue }
            var bytes = Array(line[open.upperBound..<close.lowerBound].utf8)
            let before = line[line.index(line.startIndex, offsetBy: 2)..<open.lowerBound]
            if let prefix = before.range(of: "0x") {
                if let byte = UInt8(before[prefix.upperBound...].prefix(2), radix: 16) { bytes.insert(byte, at: 0) }
            }
            var after = String(line[close.upperBound...])
            if after.hasPrefix(" + 0x"), let byte = UInt8(after.dropFirst(5).prefix(2), radix: 16) {
                bytes.append(byte)
                after = String(after.dropFirst(7))
            }
            var note = after.trimmingCharacters(in: .whitespaces)
            if note.hasPrefix(":") { note = String(note.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if let tt = note.range(of: "<tt>"), let ttEnd = note.range(of: "</tt>") { note = String(note[tt.upperBound..<ttEnd.lowerBound]) }
            if let warning = note.range(of: "WARNING") { note = String(note[..<warning.lowerBound]) }
            vectors.append(ListedVector(bytes: bytes, note: note.trimmingCharacters(in: .whitespaces)))
        }
        return vectors
    }

    static let bip173 = corpusText("bitcoin+bips/bip-0173.mediawiki")
    static let bip350 = corpusText("bitcoin+bips/bip-0350.mediawiki")
}

@Suite("BIP-173 and BIP-350 vectors")
struct Bech32VectorTests {
    static let validBech32 = VectorSupport.bipList(VectorSupport.bip173, from: "The following strings are valid Bech32:",
                                                   to: "The following string are not valid")
    static let invalidBech32 = VectorSupport.bipList(VectorSupport.bip173, from: "The following string are not valid Bech32",
                                                     to: "The following list gives valid segwit")
    /// BIP-173's v1+ examples used bech32, which BIP-350 made invalid; those are checked in `supersededAddresses`.
    static let validAddresses173 = VectorSupport.bipList(VectorSupport.bip173, from: "The following list gives valid segwit",
                                                         to: "The following list gives invalid segwit")
    static let invalidAddresses173 = VectorSupport.bipList(VectorSupport.bip173, from: "The following list gives invalid segwit",
                                                           to: "===Checksum design===")
    static let validBech32m = VectorSupport.bipList(VectorSupport.bip350, from: "The following strings are valid Bech32m:",
                                                    to: "No string can be simultaneously")
    static let invalidBech32m = VectorSupport.bipList(VectorSupport.bip350, from: "The following string are not valid Bech32m",
                                                      to: "===Test vectors for v0-v16")
    static let validAddresses350 = VectorSupport.bipList(VectorSupport.bip350, from: "The following list gives valid segwit",
                                                         to: "The following list gives invalid segwit")
    static let invalidAddresses350 = VectorSupport.bipList(VectorSupport.bip350, from: "The following list gives invalid segwit",
                                                           to: "==Appendix")

    @Test func theCorpusListsHaveTheCountsGroundTruthGives() {
        #expect(Self.validBech32.count == 7)
        #expect(Self.invalidBech32.count == 12)
        #expect(Self.validAddresses173.count == 6)
        #expect(Self.invalidAddresses173.count == 10)
        #expect(Self.validBech32m.count == 7)
        #expect(Self.invalidBech32m.count == 14)
        #expect(Self.validAddresses350.count == 8)
        #expect(Self.invalidAddresses350.count == 15)
    }

    @Test(arguments: validBech32)
    func validBech32Strings(_ vector: VectorSupport.ListedVector) throws {
        let decoded = try #require(Bech32.decode(vector.bytes))
        #expect(decoded.encoding == .bech32)
        // Re-encoding gives the lower-case form back.
        let lower = String(decoding: vector.bytes, as: UTF8.self).lowercased()
        #expect(Bech32.encode(hrp: decoded.hrp, data: decoded.data, encoding: .bech32) == lower)
        // Any single-character substitution in the data part is caught.
        var mutated = vector.bytes
        let last = mutated.count - 1
        mutated[last] = mutated[last] == UInt8(ascii: "q") ? UInt8(ascii: "p") : UInt8(ascii: "q")
        #expect(Bech32.decode(mutated) == nil)
    }

    @Test(arguments: validBech32m)
    func validBech32mStrings(_ vector: VectorSupport.ListedVector) throws {
        let decoded = try #require(Bech32.decode(vector.bytes))
        #expect(decoded.encoding == .bech32m)
        let lower = String(decoding: vector.bytes, as: UTF8.self).lowercased()
        #expect(Bech32.encode(hrp: decoded.hrp, data: decoded.data, encoding: .bech32m) == lower)
    }

    @Test(arguments: invalidBech32 + invalidBech32m)
    func invalidStrings(_ vector: VectorSupport.ListedVector) {
        #expect(Bech32.decode(vector.bytes) == nil)
    }

    @Test(arguments: validAddresses350)
    func validAddresses(_ vector: VectorSupport.ListedVector) throws {
        let address = try #require(SegwitAddress(vector.bytes))
        #expect(VectorSupport.hex(address.scriptPubKey) == vector.note)
        let found = try #require(CryptoValidators.validate(bytes: vector.bytes).first)
        #expect(found.kind == .btc)
        #expect(found.validation == .checksum)
        #expect(found.network == (address.hrp == "bc" ? "mainnet" : "testnet"))
        #expect(found.value == String(decoding: vector.bytes, as: UTF8.self).lowercased())
    }

    /// BIP-173's v0 addresses stay valid; its v1/v2/v16 ones (bech32 checksum) are invalid since BIP-350.
    @Test(arguments: validAddresses173)
    func supersededAddresses(_ vector: VectorSupport.ListedVector) {
        let isVersion0 = vector.note.hasPrefix("00")
        #expect((SegwitAddress(vector.bytes) != nil) == isVersion0)
        #expect(CryptoValidators.validate(bytes: vector.bytes).isEmpty == !isVersion0)
    }

    @Test(arguments: invalidAddresses173 + invalidAddresses350)
    func invalidAddresses(_ vector: VectorSupport.ListedVector) {
        #expect(SegwitAddress(vector.bytes).map { ["bc", "tb"].contains($0.hrp) } != true)
        #expect(CryptoValidators.validate(bytes: vector.bytes).isEmpty)
    }
}
