// Real corpus documents with flipped bytes and cut tails: every reader returns text or a typed error, never a crash.

import Documents
import Foundation
import Testing
import TestSupport

private let originals: [(String, DocumentKind)] = [
    ("deanmalmgren+textract/tests/docx/raw_text.docx", .docx),
    ("deanmalmgren+textract/tests/xlsx/raw_text.xlsx", .xlsx),
    ("Unstructured-IO+unstructured/example-docs/fake-power-point.pptx", .pptx),
    ("deanmalmgren+textract/tests/odt/raw_text.odt", .odt),
    ("deanmalmgren+textract/tests/ods/raw_text.ods", .ods),
    ("deanmalmgren+textract/tests/doc/raw_text.doc", .doc),
    ("deanmalmgren+textract/tests/xls/raw_text.xls", .xls),
    ("py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf", .pdf),
]

@Test(arguments: originals.map(\.0))
func mutatedDocumentsGiveTextOrATypedError(_ relative: String) throws {
    let kind = try #require(originals.first { $0.0 == relative }?.1)
    let source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: OfficeCorpus.path(relative))))
    let folder = TemporaryFolder()
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(1, bound)))
    }
    var outcomes = (read: 0, refused: 0)
    for round in 0..<40 {
        var bytes = source
        if round % 4 == 3 {
            bytes = Array(bytes.prefix(random(bytes.count)))
        } else {
            // Flips clustered in the first 4 KiB hit the headers, directories and tables the readers trust most.
            for _ in 0..<(1 + random(16)) {
                let position = round % 2 == 0 ? random(min(bytes.count, 4096)) : random(bytes.count)
                bytes[position] = UInt8(truncatingIfNeeded: random(256))
            }
        }
        let path = folder.file("m\(round)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var limits = DocumentLimits()
        limits.maxTextBytes = 1 << 20
        do {
            let result = try DocumentText.extract(path: path, kind: kind, limits: limits)
            #expect(result.text.utf8.count <= 1 << 20)
            outcomes.read += 1
        } catch is DocumentError {
            outcomes.refused += 1
        }
    }
    #expect(outcomes.read + outcomes.refused == 40)
}
