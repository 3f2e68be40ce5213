// Mail text: MimeKit's real mbox files and unstructured's real messages, plus encoded words, charsets and MIME trees.

import Documents
import Foundation
import Testing
import TestSupport

private func eml(_ source: String, limits: DocumentLimits = .default) throws -> ExtractedText {
    let folder = TemporaryFolder()
    let crlf = source.replacingOccurrences(of: "\n", with: "\r\n")
    return try DocumentText.extract(path: Markup.write(crlf, "message.eml", in: folder), kind: .eml, limits: limits)
}

private func text(of section: TextSection, in document: ExtractedText) -> String {
    let bytes = Array(document.text.utf8)
    let end = min(bytes.count, section.start + section.length)
    return String(decoding: bytes[min(section.start, end)..<end], as: UTF8.self)
}

@Test func mimeKitsIssue1189MboxHasFourMessagesAndListsTheZipAttachment() throws {
    let path = Repo.corpusFile("jstedfast+MimeKit/UnitTests/TestData/mbox/issue1189.mbox.txt")
    let mbox = try DocumentText.extract(path: path, kind: .mbox)
    #expect(mbox.metadata["messages"] == "4")
    #expect(mbox.sections.map(\.label) == (1...4).map { "message \($0): Message \($0)" })
    #expect(mbox.metadata["attachments"]?.hasPrefix("message 2: ") == true)
    #expect(mbox.metadata["attachments"]?.contains("application/x-zip-compressed") == true)
    #expect(mbox.notes.isEmpty, "attachments are not damage: no warnings")
    #expect(mbox.text.contains("From: Sender <sender@example.com>"))
    #expect(mbox.text.contains("Date: 2025-09-26T17:18:40Z"))
    #expect(!mbox.text.contains("<div"), "alternative parts give their plain text, never markup")
    #expect(!mbox.truncated)
}

@Test func mimeKitsContentLengthMboxHas29MessagesWithTheirSubjects() throws {
    let path = Repo.corpusFile("jstedfast+MimeKit/UnitTests/TestData/mbox/content-length.mbox.txt")
    let mbox = try DocumentText.extract(path: path, kind: .mbox)
    #expect(mbox.metadata["messages"] == "29")
    let messages = mbox.sections.filter { $0.label.range(of: #"^message [0-9]+: "#, options: .regularExpression) != nil }
    #expect(messages.count == 29)
    #expect(messages.first?.label == "message 1: Re: mailusr1@navstar1 3.0b6gold #1")
    #expect(messages.last?.label == "message 29: RE: problem with relative urls and applets")
    #expect(mbox.sections.contains(where: { $0.label.hasPrefix("message 16 attached message") }), "message/rfc822 is recursed")
}

@Test func theMessageLimitStopsAnMboxAndSaysSo() throws {
    let path = Repo.corpusFile("jstedfast+MimeKit/UnitTests/TestData/mbox/content-length.mbox.txt")
    let mbox = try DocumentText.extract(path: path, kind: .mbox, limits: DocumentLimits(maxParts: 5))
    #expect(mbox.metadata["messages"] == "5")
    #expect(mbox.truncated)
    #expect(mbox.notes.contains(where: { $0.contains("more than 5 messages") }))
}

@Test func unstructuredsAttachmentMessageGivesBodyMetadataAndTheTextAttachment() throws {
    let path = Repo.corpusFile("Unstructured-IO+unstructured/example-docs/eml/fake-email-attachment.eml")
    let mail = try DocumentText.extract(path: path, kind: .eml)
    #expect(mail.metadata["subject"] == "Fake email with attachment")
    #expect(mail.metadata["from"] == "Mallori Harrell <mallori@unstructured.io>")
    #expect(mail.metadata["date"] == "2022-12-23T18:08:48Z")
    #expect(mail.metadata["date-raw"] == "Fri, 23 Dec 2022 12:08:48 -0600")
    #expect(mail.metadata["message-id"] == "<CAPgNNXSzLVJ-d1OCX_TjFgJU7ugtQrjFybPtAMmmYZzphxNFYg@mail.gmail.com>")
    #expect(mail.text.contains("Hello!"))
    #expect(mail.text.contains("Here's the attachments!"))
    let attachment = try #require(mail.sections.first(where: { $0.label == "attachment fake-attachment.txt" }))
    #expect(text(of: attachment, in: mail) == "Hey this is a fake attachment!")
}

@Test func unstructuredsHebrewWindows1255MessageDecodes() throws {
    let path = Repo.corpusFile("Unstructured-IO+unstructured/example-docs/eml/email-no-utf8-2008-07-16.062410.eml")
    let mail = try DocumentText.extract(path: path, kind: .eml)
    #expect(mail.metadata["subject"] == "RE: שלום")
    #expect(mail.encoding == "windows-1255")
    #expect(mail.text.contains("סלבה היקר,"))
    #expect(mail.text.contains("אני חושב שזה לא יהיה מקצועי והוגן שאני אראה לך היכן"))
    #expect(mail.metadata["date"] == "2008-07-16T06:24:06Z")
}

@Test func encodedWordsOfAnyCharsetAreJoinedAndDecoded() throws {
    let mail = try eml("""
        From: =?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@example.org>
        To: =?koi8-r?B?8NLJ18XU?= <x@example.org>
        Subject: =?UTF-8?B?5pel5pys?= =?UTF-8?B?6Kqe?= and =?iso-2022-jp?B?GyRCRnxLXDhsGyhC?= _ok_ =?utf-8?q?caf=C3=A9_bar?=
        Date: 1 Feb 97 10:00 EST
        Cc: =?UTF-8?Q?=E6=97?= =?UTF-8?Q?=A5?= <split@example.org>

        body
        """)
    #expect(mail.metadata["cc"] == "日 <split@example.org>", "a character split between two words is decoded whole")
    #expect(mail.metadata["from"] == "André Pirard <pirard@example.org>")
    #expect(mail.metadata["to"] == "Привет <x@example.org>")
    #expect(mail.metadata["subject"] == "日本語 and 日本語 _ok_ café bar")
    #expect(mail.metadata["date"] == "1997-02-01T15:00:00Z")
}

@Test func quotedPrintableInALegacyCharsetAndRFC2231NamesDecode() throws {
    let mail = try eml("""
        Subject: qp
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=windows-1251
        Content-Transfer-Encoding: quoted-printable

        =CF=F0=E8=E2=E5=F2, =EC=E8=F0! soft=
        break
        --b1
        Content-Type: text/plain; charset=utf-8
        Content-Disposition: attachment; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.txt

        attached words
        --b1
        Content-Type: application/pdf; name="scan.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --b1--
        """)
    #expect(mail.text.contains("Привет, мир! softbreak"))
    #expect(mail.sections.contains(where: { $0.label == "attachment отчёт.txt" }))
    #expect(mail.metadata["attachments"]?.contains("scan.pdf (application/pdf, 9 bytes)") == true)
    #expect(!mail.text.contains("JVBERi0"), "binary attachments are listed, not read as text")
}

@Test func htmlOnlyMailIsStrippedAndAttachedMessagesAreRead() throws {
    let mail = try eml("""
        Subject: outer
        Content-Type: multipart/mixed; boundary=outer

        --outer
        Content-Type: text/html; charset=utf-8

        <html><body><p>Meet at <b>noon</b></p><script>x()</script></body></html>
        --outer
        Content-Type: message/rfc822

        Subject: inner =?utf-8?q?s=C3=BCbject?=
        From: carol@example.org

        inner body text
        --outer--
        """)
    #expect(mail.text.contains("Meet at noon"))
    #expect(!mail.text.contains("<b>"))
    let attached = try #require(mail.sections.first(where: { $0.label == "attached message inner sübject" }))
    #expect(text(of: attached, in: mail).contains("inner body text"))
    #expect(mail.metadata["subject"] == "outer")
}

@Test func mboxSeparatorsAndFromQuotingAreHandled() throws {
    let folder = TemporaryFolder()
    let path = Markup.write("""
        From alice@example.org Mon Jan  1 00:00:00 2024
        Subject: first

        line one
        >From the archive, quoted
        >>From twice

        From bob@example.org Tue Jan  2 00:00:00 2024
        Subject: second

        line two
        """, "box.mbox", in: folder)
    let mbox = try DocumentText.extract(path: path, kind: .mbox)
    #expect(mbox.metadata["messages"] == "2")
    #expect(mbox.sections.map(\.label) == ["message 1: first", "message 2: second"])
    #expect(mbox.text.contains("\nFrom the archive, quoted\n>From twice"))
}

@Test func anEmptyPlainAlternativeFallsBackToTheHTMLOne() throws {
    let mail = try eml("""
        Subject: alt
        Content-Type: multipart/alternative; boundary=a

        --a
        Content-Type: text/plain; charset=utf-8

        \u{20}
        --a
        Content-Type: text/html; charset=utf-8

        <p>the real words</p>
        --a--
        """)
    #expect(mail.text.contains("the real words"))
}
