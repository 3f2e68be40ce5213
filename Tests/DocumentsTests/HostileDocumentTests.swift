// Hostile office documents: truncation, FAT cycles, zip bombs, deep nesting, huge repeat counts, huge sheets.

import Documents
import Foundation
import Testing
import TestSupport

/// Writes a zip with python3's zipfile, streaming each member from a Python generator expression so a
/// 100 MB part never exists whole, in Python or here.
private func writeZip(_ path: String, _ members: [(name: String, python: String)]) throws {
    let script = """
    import sys, zipfile
    with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    """ + members.map { member in
        "\n    with z.open(\(pythonString(member.name)), 'w', force_zip64=True) as f:\n        for chunk in (\(member.python)):\n            f.write(chunk if isinstance(chunk, bytes) else chunk.encode())"
    }.joined()
    let result = try Tool.python(script, [path])
    try #require(result.status == 0, "python3 failed: \(result.stderr)")
}

private func pythonString(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "\\'") + "'" }

private let contentTypes = (name: "[Content_Types].xml", python: "['<Types/>']")

@Test func aTruncatedDocxIsDamageOrPartialTextNeverACrash() throws {
    let folder = TemporaryFolder()
    let source = try Data(contentsOf: URL(fileURLWithPath: OfficeCorpus.path("deanmalmgren+textract/tests/docx/raw_text.docx")))
    for fraction in [2, 3, 10] {
        let path = folder.file("cut\(fraction).docx")
        try source.prefix(source.count / fraction).write(to: URL(fileURLWithPath: path))
        do {
            let result = try DocumentText.extract(path: path, kind: .docx)
            // Whatever survives is text of the real document, and the cut is said.
            #expect(result.text.isEmpty || result.text.hasPrefix("I love word documents"))
            #expect(!result.notes.isEmpty || result.text.isEmpty)
        } catch let error as DocumentError {
            #expect(error.code == .damaged)
        }
    }
}

/// A 512-byte-sector Compound File with one root-level stream in sectors 2…: `chain` gives each data sector's
/// FAT entry (the next sector), so a test can make the chain end, loop or leave the file.
private func compoundFile(stream name: String, size: UInt32, data: [UInt8], chain: [UInt32]) -> [UInt8] {
    func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    var header: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 16)
    header += le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6) + [UInt8](repeating: 0, count: 10)
    header += le32(1) + le32(1) + le32(0) + le32(4096) + le32(0xFFFF_FFFE) + le32(0) + le32(0xFFFF_FFFE) + le32(0)
    header += le32(0) + [UInt8](repeating: 0xFF, count: 108 * 4)
    // FAT: sector 0 is the FAT, 1 the directory, then the stream's chain.
    var fat = le32(0xFFFF_FFFD) + le32(0xFFFF_FFFE) + chain.flatMap { le32($0) }
    fat += [UInt8](repeating: 0xFF, count: 512 - fat.count)
    func entry(_ name: String, type: UInt8, child: UInt32, start: UInt32, size: UInt32) -> [UInt8] {
        var units: [UInt8] = Array(name.utf16).flatMap { le16($0) } + [0, 0]
        let nameLength = UInt16(units.count)
        units += [UInt8](repeating: 0, count: 64 - units.count)
        var bytes: [UInt8] = units + le16(nameLength)
        bytes += [type, 1] + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le32(child)
        bytes += [UInt8](repeating: 0, count: 116 - bytes.count)
        bytes += le32(start) + le32(size) + le32(0)
        return bytes
    }
    var directory = entry("Root Entry", type: 5, child: 1, start: 0xFFFF_FFFE, size: 0)
    directory += entry(name, type: 2, child: 0xFFFF_FFFF, start: 2, size: size)
    directory += [UInt8](repeating: 0, count: 512 - directory.count)
    return header + fat + directory + data
}

/// WordDocument's chain: sectors 2 → 3 → 2.
private func compoundFileWithFATCycle() -> [UInt8] {
    compoundFile(stream: "WordDocument", size: 8192, data: [UInt8](repeating: 0x41, count: 1024), chain: [3, 2])
}

@Test func aWordStreamWithoutAFIBStillGivesItsTextRuns() throws {
    let folder = TemporaryFolder()
    let path = folder.file("nofib.doc")
    var data = [UInt8](repeating: 0, count: 8 * 512)
    let text = Array("Recovered evidence text".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    data.replaceSubrange(600..<(600 + text.count), with: text)
    let bytes = compoundFile(stream: "WordDocument", size: 4096, data: data, chain: [3, 4, 5, 6, 7, 8, 9, 0xFFFF_FFFE])
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = try DocumentText.extract(path: path, kind: .doc)
    #expect(result.text.contains("Recovered evidence text"))
    #expect(result.notes.contains { $0.contains("raw runs") })
}

@Test func aCompoundFileWithAFATCycleIsDamageNotAHang() throws {
    let folder = TemporaryFolder()
    let path = folder.file("cycle.doc")
    let bytes = compoundFileWithFATCycle()
    #expect(bytes.count == 512 * 5)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    do {
        _ = try DocumentText.extract(path: path, kind: .doc)
        Issue.record("a looping sector chain must not read as a document")
    } catch let error as DocumentError {
        #expect(error.code == .damaged)
        #expect(error.message.contains("cycle"))
    }
}

@Test func aCompoundFileCutShortIsDamage() throws {
    let folder = TemporaryFolder()
    let path = folder.file("cut.xls")
    let real = try Data(contentsOf: URL(fileURLWithPath: OfficeCorpus.path("deanmalmgren+textract/tests/xls/raw_text.xls")))
    try real.prefix(3000).write(to: URL(fileURLWithPath: path))
    #expect(throws: DocumentError.self) { try DocumentText.extract(path: path, kind: .xls) }
}

@Test func aZipBombMemberStopsAtTheMemberLimit() throws {
    let folder = TemporaryFolder()
    let path = folder.file("bomb.docx")
    try writeZip(path, [contentTypes,
        ("word/document.xml", "['<w:document><w:body><w:p><w:r><w:t>start</w:t></w:r></w:p>'] + [' ' * (1 << 20)] * 64"),
    ])
    var limits = DocumentLimits()
    limits.maxMemberBytes = 4 << 20
    let result = try DocumentText.extract(path: path, kind: .docx, limits: limits)
    #expect(result.text.hasPrefix("start"))
    #expect(result.notes.contains { $0.contains("member limit") })
}

@Test func deepNestingAndLongTextRunsNeitherCrashNorLoseText() throws {
    let folder = TemporaryFolder()
    let path = folder.file("deep.docx")
    try writeZip(path, [contentTypes,
        ("word/document.xml", "['<w:document><w:body>', '<w:sdt>' * 200000, '<w:p><w:r><w:t>', 'x' * 300000, 'AT&amp;T end</w:t></w:r></w:p>', '</w:sdt>' * 200000, '</w:body></w:document>']"),
    ])
    let result = try DocumentText.extract(path: path, kind: .docx)
    #expect(result.text.hasSuffix("xAT&T end\n") || result.text.hasSuffix("xAT&T end"))
    #expect(result.text.utf8.count >= 300_000)
}

@Test func hugeRepeatCountsInASpreadsheetAreBounded() throws {
    let folder = TemporaryFolder()
    let path = folder.file("repeat.ods")
    let row = "<table:table-row table:number-rows-repeated=\\\"2000000000\\\"><table:table-cell table:number-columns-repeated=\\\"2000000000\\\"><text:p>cell</text:p></table:table-cell></table:table-row>"
    try writeZip(path, [("mimetype", "['application/vnd.oasis.opendocument.spreadsheet']"),
        ("content.xml", "['<office:document-content><office:body><office:spreadsheet><table:table table:name=\\\"S\\\">\(row)</table:table></office:spreadsheet></office:body></office:document-content>']"),
    ])
    let result = try DocumentText.extract(path: path, kind: .ods)
    #expect(result.sections.map(\.label) == ["sheet S"])
    #expect(result.text.contains("cell\tcell"))
    #expect(result.text.utf8.count < 1 << 22)
}

@Test func aHundredMegabyteSheetStopsAtTheTextLimitWithoutReadingItAll() throws {
    let folder = TemporaryFolder()
    let path = folder.file("big.xlsx")
    let row = "<row><c t=\\\"inlineStr\\\"><is><t>evidence line</t></is></c><c><v>12345</v></c></row>"
    // ~ 100 MB of sheet XML (1.25 M rows of ~80 bytes), written in chunks.
    try writeZip(path, [contentTypes,
        ("xl/workbook.xml", "['<workbook><sheets><sheet name=\\\"Big\\\" sheetId=\\\"1\\\" r:id=\\\"rId1\\\"/></sheets></workbook>']"),
        ("xl/_rels/workbook.xml.rels", "['<Relationships><Relationship Id=\\\"rId1\\\" Target=\\\"worksheets/sheet1.xml\\\"/></Relationships>']"),
        ("xl/worksheets/sheet1.xml", "['<worksheet><sheetData>'] + ['\(row)' * 10000 for _ in range(125)] + ['</sheetData></worksheet>']"),
    ])
    var limits = DocumentLimits()
    limits.maxTextBytes = 64 << 10
    let started = Date()
    let result = try DocumentText.extract(path: path, kind: .xlsx, limits: limits)
    #expect(result.truncated)
    #expect(result.text.utf8.count <= 64 << 10)
    #expect(result.text.hasPrefix("evidence line\t12345\nevidence line\t12345\n"))
    #expect(result.sections.first?.label == "sheet Big")
    // Reading stops at the limit: far less time than scanning 100 MB would take.
    #expect(Date().timeIntervalSince(started) < 20)
}

@Test func aFileOverTheInputLimitIsNotOpened() {
    var limits = DocumentLimits()
    limits.maxInputBytes = 1000
    for (relative, kind) in [("deanmalmgren+textract/tests/docx/raw_text.docx", DocumentKind.docx),
                             ("deanmalmgren+textract/tests/pdf/raw_text.pdf", .pdf),
                             ("deanmalmgren+textract/tests/xls/raw_text.xls", .xls)] {
        do {
            _ = try OfficeCorpus.extract(relative, kind, limits: limits)
            Issue.record("\(relative) was read despite the input limit")
        } catch let error as DocumentError {
            #expect(error.code == .tooLarge)
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Test func anOpenDocumentWhoseManifestDeclaresEncryptionIsReportedEncrypted() throws {
    let folder = TemporaryFolder()
    let path = folder.file("secret.odt")
    try writeZip(path, [("mimetype", "['application/vnd.oasis.opendocument.text']"),
        ("META-INF/manifest.xml", "['<manifest:manifest><manifest:file-entry manifest:full-path=\\\"content.xml\\\"><manifest:encryption-data manifest:checksum-type=\\\"SHA1/1K\\\"/></manifest:file-entry></manifest:manifest>']"),
        ("content.xml", "[bytes(range(256)) * 8]"),
    ])
    #expect(throws: DocumentError.self) { try DocumentText.extract(path: path, kind: .odt) }
    do {
        _ = try DocumentText.extract(path: path, kind: .odt)
    } catch let error as DocumentError {
        #expect(error.code == .encrypted)
    }
}

@Test func slidesFollowThePresentationsOrderAndUnlistedSlidesAreStillRead() throws {
    let folder = TemporaryFolder()
    let path = folder.file("order.pptx")
    func slide(_ text: String) -> String { "['<p:sld><p:txBody><a:p><a:r><a:t>\(text)</a:t></a:r></a:p></p:txBody></p:sld>']" }
    try writeZip(path, [contentTypes,
        ("ppt/presentation.xml", "['<p:presentation><p:sldIdLst><p:sldId id=\\\"256\\\" r:id=\\\"rId9\\\"/><p:sldId id=\\\"257\\\" r:id=\\\"rId8\\\"/></p:sldIdLst></p:presentation>']"),
        ("ppt/_rels/presentation.xml.rels", "['<Relationships><Relationship Id=\\\"rId8\\\" Target=\\\"slides/slide1.xml\\\"/><Relationship Id=\\\"rId9\\\" Target=\\\"/ppt/slides/slide2.xml\\\"/></Relationships>']"),
        ("ppt/slides/slide1.xml", slide("shown second")),
        ("ppt/slides/slide2.xml", slide("shown first")),
        ("ppt/slides/slide3.xml", slide("not in the show")),
        ("ppt/slides/_rels/slide2.xml.rels", "['<Relationships><Relationship Id=\\\"rId2\\\" Type=\\\"http://x/notesSlide\\\" Target=\\\"../notesSlides/notesSlide7.xml\\\"/></Relationships>']"),
        ("ppt/notesSlides/notesSlide7.xml", "['<p:notes><a:p><a:r><a:t>speaker note</a:t></a:r></a:p></p:notes>']"),
    ])
    let result = try DocumentText.extract(path: path, kind: .pptx)
    #expect(result.sections.map(\.label) == ["slide 1", "notes 1", "slide 2", "unlisted slide 3"])
    #expect(OfficeCorpus.section("slide 1", of: result) == "shown first\n")
    #expect(OfficeCorpus.section("notes 1", of: result) == "speaker note\n")
    #expect(OfficeCorpus.section("slide 2", of: result) == "shown second\n")
    #expect(OfficeCorpus.section("unlisted slide 3", of: result) == "not in the show\n")
}

@Test func docxPartsAndRunElementsBecomeSectionsTabsAndLines() throws {
    let folder = TemporaryFolder()
    let path = folder.file("parts.docx")
    let body = "<w:document><w:body><w:p><w:pPr><w:tabs><w:tab w:val=\\\"left\\\" w:pos=\\\"720\\\"/></w:tabs></w:pPr>"
        + "<w:r><w:t>Name</w:t><w:tab/><w:t>Value</w:t><w:br/><w:t>next line</w:t></w:r></w:p>"
        + "<w:p><w:r><w:instrText> HYPERLINK x </w:instrText><w:t>kept</w:t><w:delText> removed</w:delText></w:r></w:p></w:body></w:document>"
    try writeZip(path, [contentTypes,
        ("word/document.xml", "['\(body)']"),
        ("word/header2.xml", "['<w:hdr><w:p><w:r><w:t>second header</w:t></w:r></w:p></w:hdr>']"),
        ("word/header10.xml", "['<w:hdr><w:p><w:r><w:t>tenth header</w:t></w:r></w:p></w:hdr>']"),
        ("word/footer1.xml", "['<w:ftr><w:p><w:r><w:t>page footer</w:t></w:r></w:p></w:ftr>']"),
        ("word/footnotes.xml", "['<w:footnotes><w:footnote><w:p><w:r><w:t>a footnote</w:t></w:r></w:p></w:footnote></w:footnotes>']"),
    ])
    let result = try DocumentText.extract(path: path, kind: .docx)
    #expect(result.sections.map(\.label) == ["body", "header 2", "header 10", "footer 1", "footnotes"])
    #expect(OfficeCorpus.section("body", of: result) == "Name\tValue\nnext line\nkept removed\n")
    #expect(OfficeCorpus.section("header 10", of: result) == "tenth header\n")
    #expect(OfficeCorpus.section("footnotes", of: result) == "a footnote\n")
}
