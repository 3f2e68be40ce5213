// Hostile mail: bombs, bad lengths and truncation give what can be read, bounded, and never crash.

import Documents
import Foundation
import Testing
import TestSupport

/// A multipart tree `depth` levels deep with `width` parts per level; leaves say which path they are.
private func bomb(depth: Int, width: Int, path: String = "x") -> String {
    if depth == 0 { return "Content-Type: text/plain\n\nleaf \(path)\n" }
    let boundary = "b\(depth)"
    var body = "Content-Type: multipart/mixed; boundary=\(boundary)\n\n"
    for index in 0..<width {
        body += "--\(boundary)\n" + bomb(depth: depth - 1, width: width, path: path + "\(index)") + "\n"
    }
    return body + "--\(boundary)--\n"
}

private func write(_ text: String) -> (TemporaryFolder, String) {
    let folder = TemporaryFolder()
    return (folder, Markup.write(text, "hostile.eml", in: folder))
}

@Test func aTenDeepMultipartBombIsReadUpToThePartLimit() throws {
    let (folder, path) = write("Subject: bomb\n" + bomb(depth: 10, width: 2))
    _ = folder
    let all = try DocumentText.extract(path: path, kind: .eml)
    #expect(all.text.contains("leaf x0000000000"))
    #expect(all.text.contains("leaf x1111111111"))
    #expect(!all.truncated)
    let bounded = try DocumentText.extract(path: path, kind: .eml, limits: DocumentLimits(maxParts: 100))
    #expect(bounded.truncated)
    #expect(bounded.notes.contains(where: { $0.contains("more than 100 MIME parts") }))
    #expect(bounded.text.contains("leaf x0000000000"))
}

@Test func aThousandDeepNestingStopsAtTheDepthBound() throws {
    let (folder, path) = write("Subject: deep\n" + bomb(depth: 1000, width: 1))
    _ = folder
    let mail = try DocumentText.extract(path: path, kind: .eml)
    #expect(mail.truncated)
    #expect(mail.notes.contains(where: { $0.contains("nested deeper") }))
    #expect(mail.metadata["subject"] == "deep")
}

@Test func truncatedBase64GivesTheBytesItHolds() throws {
    // "Hey this is a fake attachment!" in base64, cut inside its eighth quantum.
    let (folder, path) = write("""
        Subject: cut
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: base64

        SGV5IHRoaXMgaXMgYSBmYWtlIGF0dG
        """)
    _ = folder
    let mail = try DocumentText.extract(path: path, kind: .eml)
    #expect(mail.text.contains("Hey this is a fake att"))
    #expect(mail.notes.contains(where: { $0.contains("base64") }))
}

@Test func aMessageWithoutBoundaryOrHeadersStillGivesItsText() throws {
    let (folder, path) = write("Content-Type: multipart/mixed\n\nloose text\n")
    _ = folder
    let mail = try DocumentText.extract(path: path, kind: .eml)
    #expect(mail.text.contains("loose text"))
    let (folder2, noHeaders) = write("just some words, no headers at all\n")
    _ = folder2
    #expect(try DocumentText.extract(path: noHeaders, kind: .eml).text.contains("just some words"))
}

@Test func anMboxOfOneEndlessLineIsBoundedByTheTextLimit() throws {
    let folder = TemporaryFolder()
    let line = String(repeating: "A", count: 3 << 20)
    let path = Markup.write("From x\nSubject: s\n\n" + line, "long.mbox", in: folder)
    let mbox = try DocumentText.extract(path: path, kind: .mbox, limits: DocumentLimits(maxTextBytes: 4096))
    #expect(mbox.truncated)
    #expect(mbox.text.utf8.count <= 4096)
}

@Test func filesOverTheInputLimitAreRefused() throws {
    let folder = TemporaryFolder()
    let path = Markup.write(String(repeating: "x", count: 2000), "big.txt", in: folder)
    #expect(throws: DocumentError.self) {
        try DocumentText.extract(path: path, kind: .text, limits: DocumentLimits(maxInputBytes: 1000))
    }
}
