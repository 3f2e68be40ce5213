// Document kinds from first bytes and names.

import Documents
import Testing

@Test func pdfAndRtfAreKnownByTheirFirstBytesWhateverTheName() {
    #expect(DocumentKindDetection.kind(head: Array("%PDF-1.7\n".utf8), name: "scan.bin") == .pdf)
    #expect(DocumentKindDetection.kind(head: Array("{\\rtf1\\ansi".utf8), name: "x") == .rtf)
}

@Test func aZipIsADocumentOnlyByItsNameOrItsOpenDocumentMimetype() {
    let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 60)
    #expect(DocumentKindDetection.kind(head: zip, name: "script.docx") == .docx)
    #expect(DocumentKindDetection.kind(head: zip, name: "photos.zip") == nil)
}

@Test func aMessageOrAPageWithoutAnExtensionIsKnownByItsFirstLines() {
    let mail = Array("Received: by 10.0.0.1\r\n\tfor <a@b>\r\nFrom: a@b\r\nSubject: hi\r\n\r\nbody".utf8)
    #expect(DocumentKindDetection.kind(head: mail, name: "0001") == .eml)
    #expect(DocumentKindDetection.kind(head: Array("Name: Alice\nAge: 3\n".utf8), name: "notes") == nil)
    #expect(DocumentKindDetection.kind(head: Array("\u{FEFF}\n <!DOCTYPE HTML><p>x".utf8), name: "cache_0001") == .html)
    #expect(DocumentKindDetection.kind(head: Array("<html>".utf8), name: "page.txt") == .html)
    #expect(DocumentKindDetection.kind(head: Array("From: <Saved by Blink>\r\n".utf8), name: "page.mhtml") == .eml, "MHTML is MIME")
}
