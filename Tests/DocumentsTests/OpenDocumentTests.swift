// OpenDocument text (odt, ods, odp) from real corpus files: words, spacing elements, sections and meta.xml.

import Documents
import Foundation
import Testing
import TestSupport

@Test func odtExpandsTabsAndRepeatedSpaces() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/odt/raw_text.odt", .odt)
    #expect(result.text.contains("Sample OppenOffice Writer file"))
    #expect(result.text.contains("\t"), "text:tab becomes a tab")
    #expect(result.text.contains("  "), "text:s c=N becomes N spaces")
    #expect(result.metadata["lastModifiedBy"] == "evan")
    #expect(result.metadata["created"] == "2012-01-17T19:29:12")
    #expect(result.metadata["application"]?.hasPrefix("LibreOffice/4.2.6.3") == true)
}

@Test func odtTrackedChangesKeepTextButNotChangeAuthors() throws {
    let result = try OfficeCorpus.extract("jdum+odfdo/tests/samples/tracked_changes.odt", .odt)
    // content.xml: "les" and "amis," were deleted with tracking on; the body reads "Bonjour los bonitos amigos".
    let deleted = try #require(OfficeCorpus.section("tracked changes", of: result))
    #expect(deleted.contains("les") && deleted.contains("amis,"))
    #expect(result.sections.map(\.label) == ["tracked changes", "body"])
    let body = try #require(OfficeCorpus.section("body", of: result))
    #expect(body.contains("Bonjour") && body.contains("amigos") && !body.contains("amis,"))
    #expect(!result.text.contains("2009-08-21T19:27:00"), "change-info dates are not document text")
    #expect(result.metadata["author"] == "Romain Gauthier")
}

@Test func odsSheetsAreSectionsWithTabSeparatedCells() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/ods/raw_text.ods", .ods)
    #expect(result.sections.first?.label.hasPrefix("sheet ") == true)
    #expect(result.text.contains("Category\tFunction\tDescription"))
    #expect(result.text.contains("Logical\tIFERROR"))
    #expect(result.metadata["title"] == "worksheet functions.xlsx")
    #expect(result.metadata["author"] == "John Walkenbach")
    #expect(result.text.utf8.count < 1 << 20, "empty repeated cells and rows add nothing")
}

@Test func odsWordsMatchTheTextTextractExpects() throws {
    let result = try OfficeCorpus.extract("deanmalmgren+textract/tests/ods/raw_text.ods", .ods)
    let expected = try String(contentsOfFile: OfficeCorpus.path("deanmalmgren+textract/tests/ods/raw_text.txt"), encoding: .utf8)
    let got = Set(OfficeCorpus.words(result.text))
    let missing = OfficeCorpus.words(expected).filter { !got.contains($0) && $0.contains(where: \.isLetter) }
    #expect(missing.isEmpty, "missing: \(missing.prefix(20))")
}

@Test func odpPagesAreSlides() throws {
    let result = try OfficeCorpus.extract("jdum+odfdo/tests/samples/example.odp", .odp)
    #expect(result.sections.map(\.label).prefix(2) == ["slide 1", "slide 2"])
    let second = try #require(OfficeCorpus.section("slide 2", of: result))
    #expect(second.contains("This is the second page"))
    #expect(result.metadata["title"] == "Présentation d'un nouveau produit")
}
