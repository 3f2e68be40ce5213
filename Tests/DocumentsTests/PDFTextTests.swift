// PDF text through Poppler, checked against pdftotext on real corpus PDFs; pages, metadata, encryption, damage.

import Documents
import Foundation
import Testing
import TestSupport

/// Real PDFs whose text Poppler's pdftotext can read without a password.
let readablePDFs = [
    "deanmalmgren+textract/tests/pdf/raw_text.pdf",
    "py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "py-pdf+pypdf/resources/multilang.pdf",
    "pdfminer+pdfminer.six/samples/zen_of_python_corrupted.pdf",
    "Unstructured-IO+unstructured/example-docs/pdf/korean-text-with-tables.pdf",
    "sepinf-inc+IPED/iped-parsers/iped-parsers-impl/src/test/resources/test-files/test_pdfProtected.pdf",
]

@Test(arguments: readablePDFs)
func pdfWordsAreTheWordsPdftotextFinds(_ relative: String) throws {
    let reference = try Tool.run("pdftotext", ["-enc", "UTF-8", OfficeCorpus.path(relative), "-"])
    try #require(reference.status == 0)
    let result = try OfficeCorpus.extract(relative, .pdf)
    let expected = OfficeCorpus.words(reference.stdout)
    let got = OfficeCorpus.words(result.text)
    #expect(!expected.isEmpty)
    // The same letters in the same order (pdftotext joins words hyphenated across lines and splits some table
    // cells differently), or the same words where only the order of right-to-left runs differs.
    #expect(got.joined() == expected.joined() || got.sorted() == expected.sorted(),
            "words only one side has: \(Set(got).symmetricDifference(expected).prefix(20))")
}

@Test func pdfPagesAreSectionsAndMetadataIsUTC() throws {
    let result = try OfficeCorpus.extract("py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf", .pdf)
    #expect(result.sections.map(\.label) == ["page 1", "page 2", "page 3", "page 4"])
    #expect(result.metadata["pages"] == "4")
    #expect(result.metadata["producer"] == "pdfTeX-1.40.23")
    // pdfinfo: 2022-04-03T19:59:45+02
    #expect(result.metadata["created"] == "2022-04-03T17:59:45Z")
    let textract = try OfficeCorpus.extract("deanmalmgren+textract/tests/pdf/raw_text.pdf", .pdf)
    #expect(textract.metadata["title"] == "i_heart_word")
    #expect(textract.metadata["author"] == "Dean Malmgren")
}

@Test func pdfPageLimitStopsReadingAndSaysSo() throws {
    var limits = DocumentLimits()
    limits.maxParts = 2
    let result = try OfficeCorpus.extract("py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf", .pdf, limits: limits)
    #expect(result.sections.count == 2)
    #expect(result.notes.contains { $0.contains("page limit") })
}

@Test func pdfTextLimitTruncates() throws {
    var limits = DocumentLimits()
    limits.maxTextBytes = 100
    let result = try OfficeCorpus.extract("py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf", .pdf, limits: limits)
    #expect(result.truncated)
    #expect(result.text.utf8.count <= 100)
}

@Test(arguments: ["Unstructured-IO+unstructured/example-docs/pdf/password.pdf",
                  "py-pdf+pypdf/resources/encryption/r6-both-passwords.pdf"])
func passwordProtectedPDFsAreReportedEncrypted(_ relative: String) {
    #expect(OfficeCorpus.errorCode(relative, .pdf) == .encrypted)
}

@Test func aPDFOfGarbageIsDamageNotACrash() throws {
    let folder = TemporaryFolder()
    var bytes = Array("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n".utf8)
    var state: UInt32 = 7
    for _ in 0..<20_000 {
        state = state &* 1_103_515_245 &+ 12345
        bytes.append(UInt8(truncatingIfNeeded: state >> 16))
    }
    let path = folder.file("garbage.pdf")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(throws: DocumentError.self) { try DocumentText.extract(path: path, kind: .pdf) }
    let truncated = folder.file("truncated.pdf")
    let real = try Data(contentsOf: URL(fileURLWithPath: OfficeCorpus.path("deanmalmgren+textract/tests/pdf/raw_text.pdf")))
    try real.prefix(real.count / 3).write(to: URL(fileURLWithPath: truncated))
    // A cut PDF either yields what Poppler can reconstruct or a typed error; never a crash.
    do {
        _ = try DocumentText.extract(path: truncated, kind: .pdf)
    } catch let error as DocumentError {
        #expect(error.code == .damaged)
    }
}
