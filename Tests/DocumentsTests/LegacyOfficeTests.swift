// Word 97–2003 and Excel 97–2003 text from real corpus files through the Compound File reader.

import Documents
import Foundation
import Testing
import TestSupport

@Test func docPieceTableGivesTheBodyText() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/doc/raw_text.doc", .doc)
    let body = try #require(OfficeCorpus.section("body", of: result))
    #expect(body.hasPrefix("I love word documents. They are lovely."))
    #expect(body.contains("Sample text is hard. That is where http://hipsum.co comes in handy."),
            "the HYPERLINK field code is dropped and its result kept")
    let expected = try String(contentsOfFile: OfficeCorpus.path("deanmalmgren+textract/tests/doc/raw_text.txt"), encoding: .utf8)
    let got = Set(OfficeCorpus.words(result.text))
    let missing = OfficeCorpus.words(expected).filter { !got.contains($0) }
    #expect(missing.isEmpty, "missing: \(missing.prefix(20))")
}

@Test func docSummaryInformationGivesAuthorAndDates() throws {
    let result = try OfficeCorpus.extract("log2timeline+plaso/test_data/Document.doc", .doc)
    #expect(result.text.contains("This is a document!!"))
    #expect(result.metadata["author"] != nil)
    #expect(result.metadata["created"]?.hasSuffix("Z") == true)
}

@Test func rc4EncryptedDocIsReportedEncrypted() {
    #expect(OfficeCorpus.errorCode("nolze+msoffcrypto-tool/tests/inputs/rc4cryptoapi_password.doc", .doc) == .encrypted)
}

@Test func xlsSheetsSharedStringsAndNumbers() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/xls/raw_text.xls", .xls)
    #expect(result.sections.first?.label == "sheet Sheet1")
    let sheet = try #require(OfficeCorpus.section("sheet Sheet1", of: result))
    #expect(sheet.contains("Category\tFunction\tDescription"))
    #expect(sheet.contains("Logical\tIFERROR\tReturns a different result if the first argument evaluates to an error"))
    #expect(sheet.contains("HA01231765"))
    let expected = try String(contentsOfFile: OfficeCorpus.path("deanmalmgren+textract/tests/xls/raw_text.txt"), encoding: .utf8)
    let got = Set(OfficeCorpus.words(result.text))
    let missing = OfficeCorpus.words(expected).filter { !got.contains($0) && $0.contains(where: \.isLetter) }
    #expect(missing.isEmpty, "missing: \(missing.prefix(20))")
}

@Test func misnamedOfficeFilesAreReadAsWhatTheyAre() throws {
    let folder = TemporaryFolder()
    let oldAsNew = folder.file("renamed.docx")
    try FileManager.default.copyItem(atPath: OfficeCorpus.path("deanmalmgren+textract/tests/doc/raw_text.doc"), toPath: oldAsNew)
    let doc = try DocumentText.extract(path: oldAsNew, kind: .docx)
    #expect(doc.kind == .doc)
    #expect(doc.text.hasPrefix("I love word documents."))
    #expect(doc.notes.first?.contains("binary Office document") == true)
    let newAsOld = folder.file("renamed.xls")
    try FileManager.default.copyItem(atPath: OfficeCorpus.path("deanmalmgren+textract/tests/xlsx/raw_text.xlsx"), toPath: newAsOld)
    let sheet = try DocumentText.extract(path: newAsOld, kind: .xls)
    #expect(sheet.kind == .xlsx)
    #expect(sheet.text.contains("Logical\tIFERROR"))
}
