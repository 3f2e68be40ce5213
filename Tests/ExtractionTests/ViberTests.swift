// Viber Android viber_messages + viber_data, built by Scripts/fixtures/viber_android.py from the schema documented
// by ALEAPP scripts/artifacts/viber.py and Viber's own CREATE TABLE strings.

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct ViberTests {
    let folder = TemporaryFolder()
    let output: HarnessOutput
    let older: HarnessOutput

    init() throws {
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/viber_android.py").path
        let result = try Tool.run("python3", [script, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        output = try ExtractionHarness.extract([folder.file("viber_messages"), folder.file("viber_data")])
        older = try ExtractionHarness.extract([folder.file("viber_messages_v1")])
    }

    var messages: [ChatMessage] { output.messages(from: "viber.android.messages") }

    @Test func countsAndAccount() throws {
        #expect(messages.count == 5)
        #expect(messages.filter { $0.direction == .incoming }.count == 3)
        #expect(messages.filter { $0.direction == .outgoing }.count == 2)
        #expect(messages.allSatisfy { $0.account == "+66811111111" })
        #expect(output.messages.count == 5)
        #expect(output.record("viber.android.messages")?.status == .ok)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
    }

    @Test func oneToOneThai() throws {
        let first = try #require(messages.first { $0.source == .row("messages", 1) })
        #expect(first.direction == .incoming)
        #expect(first.sender == "+66822222222")
        #expect(first.senderName == "นิด")
        #expect(first.recipients == ["+66811111111"])
        #expect(first.thread == "1")
        #expect(first.threadName == "นิด")
        #expect(first.body == "สวัสดี")
        #expect(first.sentAt?.utc == "2022-04-15T05:20:00Z")
        #expect(first.messageId == "5001")
        let reply = try #require(messages.first { $0.source == .row("messages", 2) })
        #expect(reply.direction == .outgoing)
        #expect(reply.sender == "+66811111111")
        #expect(reply.recipients == ["+66822222222"])
        #expect(reply.body == "Hi 👋")
    }

    @Test func groupChineseMediaAndDeleted() throws {
        let hello = try #require(messages.first { $0.source == .row("messages", 3) })
        #expect(hello.sender == "+8613900000000")
        #expect(hello.senderName == "王伟")
        #expect(hello.thread == "2")
        #expect(hello.threadName == "周末 🍜 group")
        #expect(hello.body == "你好，周末见")
        let photo = try #require(messages.first { $0.source == .row("messages", 4) })
        #expect(photo.direction == .outgoing)
        #expect(photo.recipients == ["+8613900000000", "+81900000000"])
        #expect(photo.body == nil)
        #expect(photo.attachments == [Attachment(name: "IMG-20220415-0001.jpg", sourcePath: "/storage/emulated/0/Viber/media/Viber Images/IMG-20220415-0001.jpg")])
        let deleted = try #require(messages.first { $0.source == .row("messages", 5) })
        #expect(deleted.status == "deleted")
        #expect(deleted.sender == "+81900000000")
        #expect(deleted.senderName == nil)
        #expect(deleted.body == "")
    }

    @Test func olderSchemaAddressAndDate() throws {
        let old = older.messages(from: "viber.android.messages")
        #expect(old.count == 2)
        let first = try #require(old.first { $0.source == .row("messages", 1) })
        #expect(first.direction == .incoming)
        #expect(first.sender == "+447700900123")
        #expect(first.body == "old style ✓")
        #expect(first.sentAt?.utc == "2014-05-13T16:53:20Z")
        let second = try #require(old.first { $0.source == .row("messages", 2) })
        #expect(second.direction == .outgoing)
        #expect(second.recipients == ["+447700900123"])
    }

    @Test func callLog() throws {
        let calls = output.calls(from: "viber.android.calls")
        #expect(calls.count == 4)
        let incoming = try #require(calls.first { $0.source == .row("calls", 1) })
        #expect(incoming.direction == .incoming)
        #expect(incoming.peer == "+66822222222")
        #expect(incoming.peerName == "นิด ภาษาไทย")
        #expect(incoming.durationSeconds == 120)
        #expect(incoming.media == .voice)
        #expect(incoming.outcome == .answered)
        #expect(incoming.startedAt?.utc == "2022-04-15T05:36:40Z")
        let video = try #require(calls.first { $0.source == .row("calls", 2) })
        #expect(video.direction == .outgoing)
        #expect(video.media == .video)
        #expect(video.peerName == "王伟")
        let missed = try #require(calls.first { $0.source == .row("calls", 3) })
        #expect(missed.outcome == .missed)
        #expect(missed.direction == .incoming)
        #expect(missed.kind == "missed")
        let unanswered = try #require(calls.first { $0.source == .row("calls", 4) })
        #expect(unanswered.direction == .outgoing)
        #expect(unanswered.outcome == .unknown)
        #expect(calls.filter { $0.outcome == .missed }.count == 1)
    }
}
