// Charset labels, detection and decoding of legacy-encoded text and HTML (chardet's real test files).

import Documents
import Foundation
import Testing
import TestSupport

@Test(arguments: [
    ("tis-620", "windows-874"), ("ISO-8859-11", "windows-874"), ("gb2312", "gbk"), ("GBK", "gbk"),
    ("ks_c_5601-1987", "euc-kr"), ("Shift_JIS", "shift_jis"), ("big5", "big5"), ("KOI8-R", "koi8-r"),
    ("koi8-u", "koi8-u"), ("latin1", "windows-1252"), ("\"windows-1251\"", "windows-1251"), ("utf-16", "utf-16le"),
    ("UTF-16BE", "utf-16be"), ("iso-8859-2", "iso-8859-2"), ("x-mac-roman", "macintosh"),
])
func charsetLabelsResolveToTheirWHATWGEncoding(label: String, name: String) {
    #expect(TextEncoding.labelled(label)?.name == name)
}

@Test func unknownOrHostileLabelsAreRejectedNotPassedThrough() {
    #expect(TextEncoding.labelled("no-such-charset") == nil)
    #expect(TextEncoding.labelled(String(repeating: "a", count: 500)) == nil)
    #expect(TextEncoding.labelled("") == nil)
}

@Test func invalidBytesBecomeReplacementCharactersAndTheRestStillDecodes() {
    let text = TextEncoding.utf8.decode([0x61, 0xFF, 0x62, 0xE2, 0x82])
    #expect(text == "a\u{FFFD}b\u{FFFD}")
}

@Test func aCharacterSplitBetweenTwoBlocksIsDecodedWhole() {
    let decoder = StreamingTextDecoder(TextEncoding.labelled("shift_jis") ?? .utf8)
    let bytes: [UInt8] = [0x93, 0xFA, 0x96, 0x7B]  // 日本 in Shift_JIS
    let text = decoder.decode(Array(bytes[0..<3])) + decoder.decode(Array(bytes[3...])) + decoder.finish()
    #expect(text == "日本")
}

/// chardet's undeclared legacy HTML: detection then decoding must give the words GROUND_TRUTH.md lists.
@Test(arguments: [
    ("chardet+chardet/tests/Big5/_chromium_Big5_with_no_encoding_specified.html", "big5", "台北看守所昨天抽查前總統陳水扁的房舍"),
    ("chardet+chardet/tests/GB2312/_mozilla_bug171813_text.html", "gb18030", "搜狐在线国庆免费大酬宾"),
    ("chardet+chardet/tests/SHIFT_JIS/_chromium_Shift-JIS_with_no_encoding_specified.html", "shift_jis", "衆院議院運営委員会は９日午後の理事会で"),
    ("chardet+chardet/tests/windows-1251-russian/_chromium_windows-1251_with_no_encoding_specified.html", "windows-1251", "МОСКВА, 9 янв - РИА Новости."),
    ("chardet+chardet/tests/TIS-620/_mozilla_bug488426_text.html", "windows-874", "รหัสสำหรับอักขระไทยที่ใช้กับคอมพิวเตอร์"),
])
func undeclaredLegacyHTMLDecodesToItsWords(file: String, encoding: String, words: String) throws {
    let path = Repo.corpusFile(file)
    let html = try DocumentText.extract(path: path, kind: .html)
    #expect(html.encoding == encoding)
    #expect(html.text.contains(words))
    #expect(!html.text.contains("<"), "tags are stripped")
    let plain = try DocumentText.extract(path: path, kind: .text)
    #expect(plain.text.contains(words))
}

/// Encodings the corpus lacks, made with the system's iconv (an independent encoder) and declared in <meta>.
@Test(arguments: [("KOI8-R", "koi8-r", "Съешь же ещё этих мягких французских булок"),
                  ("EUC-KR", "euc-kr", "다람쥐 헌 쳇바퀴에 타고파"),
                  ("ISO-8859-7", "iso-8859-7", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία")])
func declaredMetaCharsetDecodes(iconvName: String, label: String, words: String) throws {
    let folder = TemporaryFolder()
    let source = Markup.write("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(label)\">"
        + "<title>T</title></head><body><p>\(words)</p></body></html>", "utf8.html", in: folder)
    let target = folder.file("legacy.html")
    let converted = try Tool.run("/bin/sh", ["-c", "iconv -f UTF-8 -t \(iconvName) '\(source)' > '\(target)'"])
    try #require(converted.status == 0)
    let html = try DocumentText.extract(path: target, kind: .html)
    #expect(html.encoding == label)
    #expect(html.text.contains(words))
}

@Test func utf16TextWithAByteOrderMarkDecodes() throws {
    let folder = TemporaryFolder()
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "Привет, мир\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let text = try DocumentText.extract(path: Markup.write(bytes, "u16.txt", in: folder), kind: .text)
    #expect(text.encoding == "utf-16le")
    #expect(text.text == "Привет, мир\n")
}

@Test func plainTextIsCutAtTheTextLimitAndMarkedTruncated() throws {
    let folder = TemporaryFolder()
    let path = Markup.write(String(repeating: "evidence ", count: 100_000), "big.txt", in: folder)
    let text = try DocumentText.extract(path: path, kind: .text, limits: DocumentLimits(maxTextBytes: 1000))
    #expect(text.text.utf8.count == 1000)
    #expect(text.truncated)
    #expect(!text.notes.isEmpty)
}
