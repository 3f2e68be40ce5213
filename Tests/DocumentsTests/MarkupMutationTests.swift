// Mutated real inputs (bytes flipped, syntax characters inserted, files cut) never crash a reader.

import Documents
import Foundation
import Testing
import TestSupport

/// SplitMix64: a fixed seed gives the same mutations on every run, so a failure can be replayed.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}

@Test(arguments: [
    ("jstedfast+MimeKit/UnitTests/TestData/mbox/issue1189.mbox.txt", DocumentKind.mbox, Array("\n-=?:;\"<>From ".utf8)),
    ("Unstructured-IO+unstructured/example-docs/eml/fake-email-attachment.eml", DocumentKind.eml, Array("\n-=?:;\"<>".utf8)),
    ("deanmalmgren+textract/tests/rtf/raw_text.rtf", DocumentKind.rtf, Array("{}\\'u-0123456789*".utf8)),
    ("chardet+chardet/tests/SHIFT_JIS/_chromium_Shift-JIS_with_no_encoding_specified.html", DocumentKind.html, Array("<>&#;x!-[]/\"'".utf8)),
])
func mutatedRealInputsAreReadWithoutCrashing(file: String, kind: DocumentKind, syntax: [UInt8]) throws {
    let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.corpusFile(file))))
    let folder = TemporaryFolder()
    var random = SplitMix64(state: 0xC0FFEE)
    var readable = 0
    for round in 0..<40 {
        var bytes = original
        for _ in 0..<(1 + random.below(20)) {
            let at = random.below(bytes.count)
            switch random.below(4) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(syntax[random.below(syntax.count)], at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + random.below(64)))
            default: bytes = Array(bytes.prefix(max(1, at)))
            }
            if bytes.isEmpty { bytes = [0x7B] }
        }
        let path = Markup.write(bytes, "mutant-\(round)", in: folder)
        let limits = DocumentLimits(maxTextBytes: 1 << 20, maxParts: 1000)
        if let text = try? DocumentText.extract(path: path, kind: kind, limits: limits) {
            readable += 1
            #expect(text.text.utf8.count <= 1 << 20)
        }
    }
    // RTF without its "{\rtf" header is refused; every other mutant must still give a result.
    #expect(readable >= (kind == .rtf ? 1 : 40))
}
