// Keccak-256 known answers and EIP-55 checksummed Ethereum addresses (../shared/corpus/ethereum+EIPs/EIPS/eip-55.md).

import Foundation
import Testing
@testable import Indicators

@Suite("Keccak-256 and EIP-55")
struct EIP55ValidatorTests {
    /// Keccak-256 (original padding) known answers: empty input, "abc", and a 200-byte input spanning two
    /// 136-byte blocks; SHA3-256("") would be a7ffc6f8…, which must not come out.
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    ])
    func keccakKnownAnswers(_ input: String, _ digest: String) {
        #expect(VectorSupport.hex(Keccak256.hash(Array(input.utf8))) == digest)
    }

    /// The 8 addresses of the EIP's test-case section, read from the corpus file.
    static let eipAddresses: [String] = {
        let text = VectorSupport.corpusText("ethereum+EIPs/EIPS/eip-55.md")
        guard let section = text.range(of: "# Test Cases") ?? text.range(of: "Test Cases") else { return [] }
        let pattern = try? NSRegularExpression(pattern: "0x[0-9a-fA-F]{40}")
        let tail = String(text[section.upperBound...])
        let matches = pattern?.matches(in: tail, range: NSRange(tail.startIndex..., in: tail)) ?? []
        var seen: [String] = []
        for match in matches {
            guard let range = Range(match.range, in: tail) else { continue }
            let address = String(tail[range])
            if !seen.contains(address) { seen.append(address) }
        }
        return seen
    }()

    @Test func theEIPListsEightAddresses() {
        #expect(Self.eipAddresses.count == 8)
    }

    @Test(arguments: eipAddresses)
    func everyEIPAddressValidates(_ address: String) throws {
        let found = try #require(CryptoValidators.validate(address).first)
        #expect(found.kind == .eth)
        #expect(found.value == address)
        let hex = address.dropFirst(2)
        let mixed = hex.contains { $0.isLowercase } && hex.contains { $0.isUppercase }
        #expect(found.validation == (mixed ? .checksum : .unchecksummed))
    }

    /// Flipping the case of any one letter of a mixed-case address breaks its checksum.
    @Test(arguments: eipAddresses.filter { $0.dropFirst(2).contains { $0.isLowercase } && $0.dropFirst(2).contains { $0.isUppercase } })
    func everyCaseFlipIsRejected(_ address: String) {
        let characters = Array(address)
        var flips = 0
        for index in 2..<characters.count where characters[index].isLetter {
            var mutated = characters
            mutated[index] = characters[index].isUppercase ? Character(characters[index].lowercased()) : Character(characters[index].uppercased())
            #expect(CryptoValidators.validate(String(mutated)).isEmpty, "\(String(mutated))")
            flips += 1
        }
        #expect(flips > 10)
    }

    @Test func oneCaseSpellingsAreUnchecksummedAndNormalizeToEIP55() throws {
        let checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        for spelling in ["0x" + checksummed.dropFirst(2).lowercased(), "0x" + checksummed.dropFirst(2).uppercased()] {
            let found = try #require(CryptoValidators.validate(spelling).first)
            #expect(found.validation == .unchecksummed)
            #expect(found.value == checksummed)
            #expect(found.raw == spelling)
        }
    }

    @Test(arguments: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd",
                      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"])
    func malformedIsRejected(_ text: String) {
        #expect(CryptoValidators.validate(text).isEmpty)
    }
}
