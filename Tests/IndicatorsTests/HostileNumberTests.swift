// Numbers planted in evidence to trap the scanner's arithmetic (issue 9): long digit runs where a dotted quad is
// expected, and blocks larger than the scanner's Int32 offset maps.

import Foundation
import Testing
@testable import Indicators
import TestSupport

@Suite struct HostileNumberTests {
    /// Dotted names whose labels are digit runs too long for any integer: the IPv4 finder used to add them up.
    static let longLabels: [String] = [
        "1.1.99999999999999999999.1",
        "99999999999999999999.1.1.1",
        "1.1.1.18446744073709551616",
        "1.1.1." + String(repeating: "9", count: 63),
        String(repeating: "9", count: 63) + "." + String(repeating: "9", count: 63) + ".1.1",
        "0000000000000000000000000256.1.1.1",
    ]

    @Test(arguments: longLabels)
    func longDigitLabelIsNoAddressAndTheRealOneNextToItIs(_ label: String) {
        let text = "host \(label) here; server 203.0.113.7 there\n"
        let findings = IndicatorEngine.scan(text: text)
        #expect(findings.filter { $0.kind == .ipv4 }.map(\.value) == ["203.0.113.7"])
        let offset = Int64(text.utf8.count - " there\n".utf8.count - "203.0.113.7".utf8.count)
        #expect(findings.first { $0.kind == .ipv4 }?.offset == offset)
    }

    /// The issue's exact file: scanned as a file (encoding detection, UTF-16 runs), nothing is an address.
    @Test func issueReproductionLine() {
        let findings = IndicatorEngine.scan(bytes: Array("host 1.1.99999999999999999999.1 here\n".utf8))
        #expect(findings.filter { $0.kind == .ipv4 }.isEmpty)
    }

    @Test(arguments: longLabels)
    func validatorRejectsLongLabels(_ label: String) {
        #expect(IPv4Validator.validate(label) == nil)
    }

    /// A block larger than the scanner takes at once (a whole SQLite cell, a message body): cut into pieces, and
    /// the findings and their offsets are those of the same bytes fed in 1 MiB blocks.
    @Test func blockLargerThanOnePieceKeepsOffsets() {
        var bytes = [UInt8](repeating: 0x0A, count: CandidateScanner.maxPiece + (1 << 20))
        let planted: [(Int, String)] = [(1000, "198.51.100.1"), (CandidateScanner.maxPiece - 5, "198.51.100.2"),
                                        (CandidateScanner.maxPiece + 4096, "198.51.100.3")]
        for (offset, address) in planted { bytes.replaceSubrange(offset..<(offset + address.utf8.count), with: Array(address.utf8)) }
        let options = ScannerOptions(encoding: .form(.raw))
        var whole = CandidateScanner(options: options)
        let atOnce = whole.feed(bytes) + whole.finish()
        let inBlocks = CandidateScanner.scan(bytes, options: options, blockSize: 1 << 20)
        #expect(atOnce.filter { $0.kind == .ipv4 }.map(\.byteRange.lowerBound) == planted.map { Int64($0.0) })
        #expect(atOnce.map(\.byteRange) == inBlocks.map(\.byteRange))
    }
}
