// RTF text: textract's real document against its expected text; code pages, Unicode escapes, hostile numbers.

import Documents
import Foundation
import Testing
import TestSupport

private func rtf(_ source: String) throws -> ExtractedText {
    let folder = TemporaryFolder()
    return try DocumentText.extract(path: Markup.write(source, "doc.rtf", in: folder), kind: .rtf)
}

@Test func textractsRTFGivesTheTextTextractExpects() throws {
    let path = Repo.corpusFile("deanmalmgren+textract/tests/rtf/raw_text.rtf")
    let expected = try String(contentsOfFile: Repo.corpusFile("deanmalmgren+textract/tests/rtf/raw_text.txt"), encoding: .utf8)
    let document = try DocumentText.extract(path: path, kind: .rtf)
    #expect(Markup.normalisedLines(document.text) == Markup.normalisedLines(expected))
    #expect(document.metadata["author"] == "Dean Malmgren")
    #expect(document.metadata["company"] == "Datascope Analytics")
    #expect(document.metadata["created"] == "2015-06-14T12:49:00")
    #expect(document.encoding == "macintosh")
}

@Test func hexBytesFollowTheFontCharsetAndTheDocumentCodePage() throws {
    let document = try rtf(#"""
        {\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset204 Arial Cyr;}{\f2\fcharset128 MS Mincho;}}
        {\f0 caf\'e9}\par{\f1 \'cf\'f0\'e8\'e2\'e5\'f2}\par{\f2 \'93\'fa\'96\'7b}\par}
        """#)
    #expect(Markup.normalisedLines(document.text) == ["café", "Привет", "日本"])
}

@Test func unicodeEscapesSkipTheirFallbackAndPairSurrogates() throws {
    let document = try rtf(#"{\rtf1\ansi\uc1 A\u8364?B{\uc2\u-3913??}C\u-10179?\u-8704?D}"#)
    #expect(document.text == "A€B\u{F0B7}C😀D")
}

@Test func skippedDestinationsLeaveNoText() throws {
    let document = try rtf(#"""
        {\rtf1{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\*\generator Riched20;}
        {\info{\title Seized notes}{\subject Case 12}{\creatim\yr2021\mo3\dy4\hr5\min6\sec7}}
        {\pict\pngblip 89504e470d0a1a0a}{\*\unknowndest hidden}{\field{\*\fldinst HYPERLINK "x"}{\fldrslt link text}}\par
        Visible\tab text\par}
        """#)
    #expect(Markup.normalisedLines(document.text) == ["link text", "Visible text"])
    #expect(document.metadata["title"] == "Seized notes")
    #expect(document.metadata["subject"] == "Case 12")
    #expect(document.metadata["created"] == "2021-03-04T05:06:07")
}

@Test func hostileNumbersAndBinaryRunsDoNotCrash() throws {
    let document = try rtf(#"{\rtf1 a\u99999999999999999999?b\uc99999999999 c\bin99999999999 "#)
    #expect(document.text.hasPrefix("a\u{FFFD}b"))
    let binary = try rtf(#"{\rtf1 before\bin4 {}}x\par after}"#)
    #expect(Markup.normalisedLines(binary.text) == ["before", "after"])
}

@Test func deeplyNestedGroupsAreBoundedAndTheTextInsideIsKept() throws {
    let depth = 100_000
    let document = try rtf("{\\rtf1 " + String(repeating: "{", count: depth) + "deep" + String(repeating: "}", count: depth) + " end}")
    #expect(document.text.contains("deep"))
    #expect(document.text.contains("end"))
    #expect(document.notes.contains(where: { $0.contains("nested deeper") }))
}

@Test func aUnicodeAlternativeReplacesItsANSISpellingRatherThanRepeatingIt() throws {
    let document = try rtf(#"{\rtf1\ansi {\upr{Caf\'e9 ANSI}{\*\ud{Caf\u233? Unicode}}}\par}"#)
    #expect(Markup.normalisedLines(document.text) == ["Café Unicode"])
}
