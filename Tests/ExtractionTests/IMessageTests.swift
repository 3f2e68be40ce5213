// Apple Messages: plaso's real chat.db (old schema, GROUND_TRUTH.md: message=10, handle=7) and
// Scripts/fixtures/imessage.py (iOS 16 schema: ns dates, attributedBody-only bodies, group chat, attachments).

import EvidenceModel
import Extraction
import Foundation
import GRDB
import Testing
import TestSupport

@Suite struct IMessageCorpusTests {
    static let path = Repo.corpusFile("log2timeline+plaso/test_data/sqlite/imessage_chat.db")
    let output: HarnessOutput

    init() throws { output = try ExtractionHarness.extract([Self.path]) }

    var messages: [ChatMessage] { output.messages(from: "apple.imessage.messages") }

    @Test func tenMessagesWithDirections() throws {
        #expect(messages.count == 10)
        #expect(output.record("apple.imessage.messages")?.status == .ok)
        #expect(messages.filter { $0.direction == .incoming }.count == 5)
        #expect(messages.filter { $0.direction == .outgoing }.count == 5)
        #expect(messages.map { $0.source.rowid } == Array(1...10).map { Int64($0) })
        #expect(messages.allSatisfy { $0.account == "ken.doh@icloud.com" && $0.app == "imessage" })
    }

    @Test func sampleRows() throws {
        let first = try #require(messages.first)
        #expect(first.direction == .incoming)
        #expect(first.sender == "447775455555")
        #expect(first.recipients == ["ken.doh@icloud.com"])
        #expect(first.body?.hasPrefix("Hey Kenneth, it's Eireanne! I was wondering if you could help me") == true)
        #expect(first.sentAt?.utc == "2015-11-22T18:09:46Z")
        #expect(first.sentAt?.raw == "469908586")
        #expect(first.thread == "iMessage;-;+447775446518")
        #expect(first.messageId == "C78A4031-C135-4746-A974-C455B0C4F5E4")
        #expect(first.source == .row("message", 1))
        let eighth = messages[7]
        #expect(eighth.sender == "xxxxxx2015@icloud.com")
        #expect(eighth.body == "Did you try to send me a message?")
        #expect(eighth.sentAt?.utc == "2015-11-30T10:48:40Z")
        let ninth = messages[8]
        #expect(ninth.direction == .outgoing)
        #expect(ninth.sender == "ken.doh@icloud.com")
        #expect(ninth.recipients == ["xxxxxx2015@icloud.com"])
        #expect(ninth.body == "Yes, did you get it?")
        #expect(messages[9].body == "Hi Eireanne, I've left a USB stick up at my Mum's with Open Office on it.")
        #expect(messages[9].sentAt?.utc == "2015-12-02T19:24:53Z")
    }

    /// The real attributedBody blobs decode to the `text` column (lengths up to 0x81 + 2 bytes), except rows 6 and
    /// 10, whose `text` was edited in plaso's test data ("Microsoft Office" → "Open Office") while the archived
    /// blob kept the original wording: the extractor prefers `text` when it is present.
    @Test func attributedBodyDecoderMatchesTextOnRealBlobs() throws {
        let folder = TemporaryFolder()
        try FileManager.default.copyItem(atPath: Self.path, toPath: folder.file("chat.db"))
        let queue = try DatabaseQueue(path: folder.file("chat.db"))
        let pairs = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT text, attributedBody FROM message ORDER BY ROWID").map { ($0.text("text"), $0.blob("attributedBody")) }
        }
        #expect(pairs.count == 10)
        for (index, (text, blob)) in pairs.enumerated() where index != 5 && index != 9 {
            #expect(StreamTypedString.decode(try #require(blob)) == text)
        }
        #expect(StreamTypedString.decode(try #require(pairs[5].1)) ==
                "It does have it’s own ‘office’ software, but you can also install Microsoft Office, which I have a copy of.")
        #expect(StreamTypedString.decode(try #require(pairs[9].1)) ==
                "Hi Eireanne, I've left a USB stick up at my Mum's with Microsoft Office on it.")
        #expect(messages[9].body == pairs[9].0)
    }
}

@Suite struct IMessageFixtureTests {
    let folder = TemporaryFolder()
    let output: HarnessOutput

    init() throws {
        let db = folder.file("sms.db")
        let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/imessage.py").path, db])
        #expect(result.status == 0, "\(result.stderr)")
        output = try ExtractionHarness.extract([db])
    }

    var messages: [ChatMessage] { output.messages(from: "apple.imessage.messages") }
    func row(_ id: Int64) throws -> ChatMessage { try #require(messages.first { $0.source.rowid == id }) }

    @Test func bodiesFromAttributedBodyAndNanosecondDates() throws {
        #expect(messages.count == 8)
        #expect(output.record("apple.imessage.messages")?.status == .ok)
        let first = try row(1)
        #expect(first.body == "Hello 👋 from iOS 16")
        #expect(first.sentAt?.utc == "2023-05-02T15:56:47Z")
        #expect(first.sentAt?.raw == "704735807000000000")
        #expect(first.sender == "+15551230001")
        #expect(first.thread == "iMessage;-;+15551230001")
        #expect(first.account == "owner@icloud.com")
        let reply = try row(2)
        let chinese = String(repeating: "我们明天早上九点在火车站见面，请带上护照和车票。如果有变化，我会提前告诉你。谢谢！", count: 2)
        #expect(reply.body == chinese)
        #expect(reply.direction == .outgoing)
        #expect(reply.replyTo == "GUID-0001")
        #expect(reply.recipients == ["+15551230001"])
        #expect(reply.sentAt?.utc == "2023-05-02T15:57:47Z")
    }

    @Test func groupChatAttachmentsAndStates() throws {
        let photo = try row(3)
        #expect(photo.threadName == "Family 家族")
        #expect(photo.thread == "iMessage;+;chat987654321")
        #expect(photo.sender == "friend@icloud.com")
        #expect(photo.body == "\u{FFFC}สวัสดีครับ")
        #expect(photo.attachments == [Attachment(name: "IMG_0001.HEIC", mime: "image/heic",
                                                 sourcePath: "~/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.HEIC", size: 123456)])
        let edited = try row(4)
        #expect(edited.direction == .outgoing)
        #expect(edited.recipients == ["+15551230001", "friend@icloud.com"])
        #expect(edited.body == "See you all at 7")
        #expect(edited.status == "edited")
        let retracted = try row(5)
        #expect(retracted.status == "retracted")
        #expect(retracted.body == nil)
        let tapback = try row(6)
        #expect(tapback.status == "reaction")
        #expect(tapback.replyTo == "GUID-0001")
        let rename = try row(7)
        #expect(rename.direction == .system)
        #expect(rename.status == "renamed")
        let sms = try row(8)
        #expect(sms.account == "+15559990000")
        #expect(sms.body == "Your code is 123456")
        #expect(sms.thread == "SMS;-;+15551230003")
    }
}

@Suite struct IMessageStreamTypedTests {
    static let prefix: [UInt8] = Array("\u{04}\u{0B}streamtyped".utf8) + [0x81, 0xE8, 0x03, 0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x12]
        + Array("NSAttributedString".utf8) + [0x00, 0x84, 0x84, 0x08] + Array("NSObject".utf8) + [0x00, 0x85, 0x92, 0x84, 0x84, 0x84, 0x08]
        + Array("NSString".utf8) + [0x01, 0x94, 0x84, 0x01, 0x2B]
    static let tail: [UInt8] = [0x86, 0x84, 0x02, 0x69, 0x49, 0x01, 0x05, 0x92]

    static func blob(_ text: String, lengthBytes: [UInt8]? = nil) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let length: [UInt8]
        if let lengthBytes { length = lengthBytes }
        else if utf8.count < 0x80 { length = [UInt8(utf8.count)] }
        else if utf8.count < 0x10000 { length = [0x81, UInt8(utf8.count & 0xFF), UInt8(utf8.count >> 8)] }
        else { length = [0x82] + (0..<4).map { UInt8((utf8.count >> (8 * $0)) & 0xFF) } }
        return prefix + length + utf8 + tail
    }

    @Test func lengthForms() {
        #expect(StreamTypedString.decode(Self.blob("hi")) == "hi")
        #expect(StreamTypedString.decode(Self.blob("")) == "")
        let medium = String(repeating: "ข้อความ ", count: 40)
        #expect(StreamTypedString.decode(Self.blob(medium)) == medium)
        let large = String(repeating: "emoji 😀 ", count: 7000)  // > 65535 bytes: 0x82 + 4-byte length
        #expect(Array(large.utf8).count > 0xFFFF)
        #expect(StreamTypedString.decode(Self.blob(large)) == large)
    }

    @Test func tolerantOfDamage() {
        // Truncated payload: what is there.
        let truncated = Array(Self.blob("hello world").prefix(Self.prefix.count + 1 + 5))
        #expect(StreamTypedString.decode(truncated) == "hello")
        // No class marker, unknown length form, cut right after the marker: nil, no trap.
        #expect(StreamTypedString.decode(Array("streamtyped garbage".utf8)) == nil)
        #expect(StreamTypedString.decode(Self.blob("x", lengthBytes: [0x83, 0x01])) == nil)
        #expect(StreamTypedString.decode(Array(Self.prefix.dropLast(3))) == nil)
        #expect(StreamTypedString.decode(Self.prefix + [0x81, 0x05]) == nil)
        #expect(StreamTypedString.decode([]) == nil)
    }
}
