// Word, Excel and PowerPoint (OOXML) text from real corpus files: words, sections and core properties.

import Documents
import Foundation
import Testing
import TestSupport

@Test func docxBodyTextAndCorePropertiesComeFromTheDocument() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/docx/raw_text.docx", .docx)
    let body = try #require(OfficeCorpus.section("body", of: result))
    #expect(body.hasPrefix("I love word documents. They are lovely."))
    #expect(body.contains("PBR&B"), "the &amp; entity is decoded")
    #expect(result.metadata["author"] == "Dean Malmgren")
    #expect(result.metadata["created"] == "2014-07-04T10:08:00Z")
    #expect(result.metadata["modified"] == "2014-07-04T10:10:00Z")
    #expect(!result.truncated)
}

@Test func docxWordsMatchTheTextTextractExpects() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/docx/raw_text.docx", .docx)
    let expected = try String(contentsOfFile: OfficeCorpus.path("deanmalmgren+textract/tests/docx/raw_text.txt"), encoding: .utf8)
    let got = Set(OfficeCorpus.words(result.text))
    let missing = OfficeCorpus.words(expected).filter { !got.contains($0) }
    #expect(missing.isEmpty, "words textract finds that we do not: \(missing.prefix(20))")
}

@Test func docxCorePropertiesAreAllRead() throws {
    let result = try OfficeCorpus.extract("python-openxml+python-docx/features/steps/test_files/doc-coreprops.docx", .docx)
    #expect(result.metadata["title"] == "Title")
    #expect(result.metadata["subject"] == "Subject")
    #expect(result.metadata["author"] == "Steve Canny")
    #expect(result.metadata["keywords"] == "key; word; keyword")
    #expect(result.metadata["lastPrinted"] == "2014-12-13T22:02:42Z")
}

@Test func docxCommentsAreTheirOwnSection() throws {
    let result = try OfficeCorpus.extract("python-openxml+python-docx/features/steps/test_files/comments-rich-para.docx", .docx)
    let comments = try #require(OfficeCorpus.section("comments", of: result))
    #expect(comments.contains("Text with hyperlink"))
    #expect(comments.contains("https://google.com"))
    let body = try #require(OfficeCorpus.section("body", of: result))
    #expect(!body.contains("Text with hyperlink"))
}

@Test func xlsxSheetsAreSectionsWithSharedStringsAndNumbers() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/xlsx/raw_text.xlsx", .xlsx)
    #expect(result.sections.map(\.label) == ["sheet Sheet1", "sheet Sheet2"])
    let sheet = try #require(OfficeCorpus.section("sheet Sheet1", of: result))
    let lines = sheet.split(separator: "\n")
    #expect(lines.first?.hasPrefix("Category\tFunction\tDescription") == true)
    #expect(sheet.contains("Logical\tIFERROR\tReturns a different result if the first argument evaluates to an error"))
    #expect(sheet.contains("HA01231765"))
}

@Test func xlsxWordsMatchTheTextTextractExpects() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/xlsx/raw_text.xlsx", .xlsx)
    let expected = try String(contentsOfFile: OfficeCorpus.path("deanmalmgren+textract/tests/xlsx/raw_text.txt"), encoding: .utf8)
    let got = Set(OfficeCorpus.words(result.text))
    let expectedWords = OfficeCorpus.words(expected)
    let missing = expectedWords.filter { !got.contains($0) }
    // textract renders numbers through Python floats ("1.0"); every word made of letters must be there.
    #expect(missing.filter { $0.contains(where: \.isLetter) }.isEmpty, "missing: \(missing.prefix(20))")
}

@Test func pptxSlidesAndNotesAreSectionsInOrder() throws {
    let result = try OfficeCorpus.extract("Unstructured-IO+unstructured/example-docs/fake-power-point.pptx", .pptx)
    let slide = try #require(OfficeCorpus.section("slide 1", of: result))
    #expect(slide.contains("Adding a Bullet Slide\n"))
    #expect(slide.contains("Find the bullet slide layout\n"))
    #expect(slide.contains("Here is some text in a text box!"))
    #expect(result.sections.contains { $0.label == "notes 1" })
}

@Test func plasoTestDocxGivesItsSentenceAndAuthor() throws {
    let result = try OfficeCorpus.extract("log2timeline+plaso/test_data/Document.docx", .docx)
    #expect(result.text.contains("I love plaso!"))
    #expect(result.metadata["author"] == "Nides")
    #expect(result.metadata["created"] == "2012-11-07T23:29:00Z")
}

@Test func passwordProtectedDocxIsReportedEncrypted() {
    #expect(OfficeCorpus.errorCode("nolze+msoffcrypto-tool/tests/inputs/example_password.docx", .docx) == .encrypted)
}

@Test func decryptedTwinOfTheProtectedDocxReads() throws {
    let result = try OfficeCorpus.extract("nolze+msoffcrypto-tool/tests/outputs/example.docx", .docx)
    #expect(!result.text.isEmpty)
}

@Test func officeFilesWithoutATellingNameAreKnownByTheirContent() throws {
    // The whole file as head: these are small, and a Compound File's directory may sit at its end.
    func head(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: OfficeCorpus.path(relative))).prefix(256 << 10))
    }
    #expect(DocumentKindDetection.kind(head: try head("deanmalmgren+textract/tests/xlsx/raw_text.xlsx"), name: "a.bin") == .xlsx)
    #expect(DocumentKindDetection.kind(head: try head("Unstructured-IO+unstructured/example-docs/fake-power-point.pptx"), name: "b") == .pptx)
    #expect(DocumentKindDetection.kind(head: try head("deanmalmgren+textract/tests/doc/raw_text.doc"), name: "c") == .doc)
    #expect(DocumentKindDetection.kind(head: try head("deanmalmgren+textract/tests/xls/raw_text.xls"), name: "d") == .xls)
}
