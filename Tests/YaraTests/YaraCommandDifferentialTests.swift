// Differential test: the same rules over real PDFs and office documents give the same rules, strings, offsets
// and lengths here as in the `yara -s -L` command (libyara's own front end).

import Foundation
import Testing
import TestSupport
@testable import Yara

private let documentRules = #"""
rule PdfHeader : document pdf
{
    meta:
        author = "custody tests"
    strings:
        $magic = "%PDF-"
        $page = /\/Type\s*\/Page[^s]/
        $stream = { 73 74 72 65 61 6D 0? 0A }
    condition:
        $magic at 0 and (#page >= 1 or $stream)
}

rule ZipContainer : container
{
    strings:
        $local = { 50 4B 03 04 }
        $content = "[Content_Types].xml"
        $word = /word\/(document|styles)\.xml/
        $mimetype = "mimetype" nocase
    condition:
        $local at 0 and any of ($content, $word, $mimetype)
}

rule FontNames
{
    strings:
        $f = /\/FontName\s*\/[A-Z]{6}\+[A-Za-z-]+/
        $w = "Times" wide ascii
    condition:
        any of them
}

private rule HasXref
{
    strings:
        $xref = "xref" ascii
    condition:
        $xref
}

rule PdfWithTrailer
{
    strings:
        $trailer = /trailer\s*<</
        $hidden = "startxref" private
    condition:
        HasXref and PdfHeader and ($trailer or $hidden)
}

rule OleOrRtf : legacy
{
    strings:
        $ole = { D0 CF 11 E0 A1 B1 1A E1 }
        $rtf = "{\\rtf1"
        $word = "W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00"
        $font = /\\f[0-9]+\\fbidi \\f(roman|swiss|nil)/
    condition:
        ($ole at 0 and $word) or ($rtf at 0 and #font > 1)
}

rule ObjectCount
{
    strings:
        $obj = /[0-9]+ 0 obj/
        $end = { 65 6E 64 6F 62 6A }
    condition:
        #obj > 3 and #end > 3 and for all i in (1..3) : ( @obj[i] < filesize )
}
"""#

private let corpusDocuments = [
    "deanmalmgren+textract/tests/pdf/raw_text.pdf",
    "deanmalmgren+textract/tests/pdf/ocr_text.pdf",
    "py-pdf+sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "py-pdf+pypdf/resources/multilang.pdf",
    "Unstructured-IO+unstructured/example-docs/pdf/korean-text-with-tables.pdf",
    "log2timeline+plaso/test_data/Document.docx",
    "deanmalmgren+textract/tests/docx/raw_text.docx",
    "deanmalmgren+textract/tests/xlsx/raw_text.xlsx",
    "jdum+odfdo/tests/samples/tracked_changes.odt",
    "nolze+msoffcrypto-tool/tests/inputs/example_password.docx",
    "log2timeline+plaso/test_data/Document.doc",
    "deanmalmgren+textract/tests/doc/raw_text.doc",
    "deanmalmgren+textract/tests/rtf/raw_text.rtf",
]

/// One reported string match, in a form both sides can produce.
private struct Hit: Hashable, Comparable, CustomStringConvertible {
    var rule: String
    var identifier: String
    var offset: Int64
    var length: Int
    static func < (a: Hit, b: Hit) -> Bool {
        (a.rule, a.offset, a.identifier, a.length) < (b.rule, b.offset, b.identifier, b.length)
    }
    var description: String { "\(rule) \(identifier)@\(offset)+\(length)" }
}

/// Parses `yara -s -L` output: a rule line, then `0x<offset>:<length>:<identifier>: <data>` lines.
private func parseYaraOutput(_ output: String) -> (rules: [String], hits: [Hit]) {
    var rules: [String] = []
    var hits: [Hit] = []
    for line in output.split(separator: "\n") {
        if line.hasPrefix("0x") {
            let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let rule = rules.last,
                  let offset = Int64(fields[0].dropFirst(2), radix: 16), let length = Int(fields[1]) else { continue }
            hits.append(Hit(rule: rule, identifier: String(fields[2]), offset: offset, length: length))
        } else if let name = line.split(separator: " ").first {
            rules.append(String(name))
        }
    }
    return (rules, hits)
}

private func hits(_ matches: [YaraMatch]) -> [Hit] {
    matches.flatMap { match in
        match.strings.map { Hit(rule: match.rule, identifier: $0.identifier, offset: $0.offset, length: $0.length) }
    }
}

enum YaraCommand {
    static let available = (try? Tool.run("yara", ["--version"]).status) == 0
}

@Suite("Differential against the yara command", .enabled(if: YaraCommand.available, "apt-get install yara"))
struct YaraCommandDifferentialTests {
    @Test(arguments: corpusDocuments)
    func sameMatchesAsTheYaraCommand(_ relative: String) throws {
        let path = Repo.corpusFile(relative)
        try #require(FileManager.default.fileExists(atPath: path), "corpus file missing: \(relative)")
        let folder = TemporaryFolder()
        try documentRules.write(toFile: folder.file("documents.yar"), atomically: true, encoding: .utf8)
        let rules = try YaraRules(paths: [folder.file("documents.yar")])

        let oracle = try Tool.run("yara", ["-s", "-L", folder.file("documents.yar"), path])
        #expect(oracle.status == 0, "\(oracle.stderr)")
        let expected = parseYaraOutput(oracle.stdout)

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fromMemory = try rules.scan(bytes)
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let fromFile = try rules.scan(fileDescriptor: descriptor)

        #expect(fromMemory == fromFile)
        #expect(fromMemory.map(\.rule) == expected.rules)
        #expect(hits(fromMemory).sorted() == expected.hits.sorted())
        // The kept bytes are the file's bytes at the reported offset.
        for match in fromMemory {
            for string in match.strings {
                let start = Int(string.offset)
                #expect(string.data == Array(bytes[start..<(start + min(string.length, YaraRules.maximumMatchDataBytes))]))
            }
        }
    }

    @Test func theDifferentialCorpusExercisesEveryRuleKind() throws {
        // Guards the differential test against passing vacuously (no file matching, or only one rule).
        let folder = TemporaryFolder()
        try documentRules.write(toFile: folder.file("documents.yar"), atomically: true, encoding: .utf8)
        let rules = try YaraRules(paths: [folder.path])
        var matched = Set<String>()
        var stringCount = 0
        for relative in corpusDocuments {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.corpusFile(relative))))
            let matches = try rules.scan(bytes)
            matched.formUnion(matches.map(\.rule))
            stringCount += matches.reduce(0) { $0 + $1.strings.count }
        }
        #expect(matched == ["PdfHeader", "ZipContainer", "FontNames", "PdfWithTrailer", "OleOrRtf", "ObjectCount"])
        #expect(stringCount > 100)
    }

    @Test func compileErrorsNameTheLineTheYaraCommandNames() throws {
        let folder = TemporaryFolder()
        let broken = [
            "rule Broken\n{\n    strings:\n        $a = \"wallet\"\n    condition:\n        $a and and\n}\n",
            "rule R {\n strings:\n  $a = \"x\"\n  $b = \"y\"\n condition:\n  $a\n}\n",
            "rule S {\n strings:\n  $a = /unclosed(/\n condition:\n  $a\n}\n",
        ]
        for (number, text) in broken.enumerated() {
            let path = folder.file("broken\(number).yar")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let oracle = try Tool.run("yara", [path, path])
            // yara prints: error: rule "R" in /path/broken1.yar(7): message
            let oracleLine = oracle.stderr.split(separator: "\n").first { $0.hasPrefix("error") }
                .flatMap { $0.split(separator: "(").dropFirst().first?.split(separator: ")").first }.map(String.init)
            do {
                _ = try YaraRules(paths: [path])
                Issue.record("compiled: \(text)")
            } catch let error as YaraError {
                let ourLine = error.message.dropFirst(path.count + 1).split(separator: ":").first.map(String.init)
                #expect(ourLine != nil && ourLine == oracleLine, "\(error.message) vs \(oracle.stderr)")
            }
        }
    }
}
