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
