// LINE Android naver_line + call_history, built by Scripts/fixtures/line_android.py from the schema documented by
// ALEAPP scripts/artifacts/line.py (chat_history, contacts, groups, chat, membership; call_history).

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct LineTests {
    let folder = TemporaryFolder()
    let output: HarnessOutput
    let older: HarnessOutput

    init() throws {
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/line_android.py").path
        let result = try Tool.run("python3", [script, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        output = try ExtractionHarness.extract([folder.file("naver_line"), folder.file("call_history")])
        older = try ExtractionHarness.extract([folder.file("naver_line_v1")])
    }

    var messages: [ChatMessage] { output.messages(from: "line.android.messages") }

    @Test func countsAndDirections() throws {
        #expect(messages.count == 9)
        #expect(messages.filter { $0.direction == .incoming }.count == 5)
        #expect(messages.filter { $0.direction == .outgoing }.count == 3)
        #expect(messages.filter { $0.direction == .system }.count == 1)
        #expect(output.record("line.android.messages")?.status == .ok)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
        // call_history is not a chat database and naver_line is not a call log.
        #expect(output.messages.allSatisfy { $0.provenance.extractor == "line.android.messages" })
    }

    @Test func thaiOneToOneChat() throws {
        let first = try #require(messages.first { $0.source == .row("chat_history", 1) })
        #expect(first.direction == .incoming)
        #expect(first.body == "สวัสดีครับ")
        #expect(first.sender == "u1111")
        #expect(first.senderName == "สมชาย ใจดี")
        #expect(first.thread == "u1111")
        #expect(first.threadName == "สมชาย ใจดี")
        #expect(first.sentAt?.utc == "2020-09-13T12:26:40Z")
        #expect(first.sentAt?.raw == "1600000000000")
        #expect(first.messageId == "10001")
        let reply = try #require(messages.first { $0.source == .row("chat_history", 2) })
        #expect(reply.direction == .outgoing)
        #expect(reply.sender == nil)
        #expect(reply.recipients == ["u1111"])
        #expect(reply.body == "ขอบคุณ 😊")
    }

    @Test func japaneseGroupChat() throws {
        let hello = try #require(messages.first { $0.source == .row("chat_history", 3) })
        #expect(hello.body == "こんにちは、みなさん")
        #expect(hello.sender == "u2222")
        #expect(hello.senderName == "太郎さん")
        #expect(hello.thread == "c9999")
        #expect(hello.threadName == "家族グループ")
        let sent = try #require(messages.first { $0.source == .row("chat_history", 4) })
        #expect(sent.direction == .outgoing)
        #expect(sent.recipients == ["c9999"])
        #expect(sent.body == "了解です")
    }

    @Test func contentTypesAndOddRows() throws {
        #expect(messages.first { $0.source == .row("chat_history", 5) }?.status == "call")
        let image = try #require(messages.first { $0.source == .row("chat_history", 6) })
        #expect(image.status == "image")
        #expect(image.senderName == "Kenji")
        #expect(image.body == nil)
        #expect(image.attachments == [Attachment(name: "10006", sourcePath: "/storage/emulated/0/Android/data/jp.naver.line.android/storage/mo/10006")])
        #expect(messages.first { $0.source == .row("chat_history", 7) }?.status == "sticker")
        let event = try #require(messages.first { $0.source == .row("chat_history", 8) })
        #expect(event.direction == .system)
        #expect(event.status == "chat-event")
        let stranger = try #require(messages.first { $0.source == .row("chat_history", 9) })
        #expect(stranger.sender == "u9999")
        #expect(stranger.senderName == nil)
        #expect(stranger.sentAt == nil)
    }

    @Test func olderSchemaWithoutServerIdOrURI() throws {
        let old = older.messages(from: "line.android.messages")
        #expect(old.count == 2)
        #expect(older.record("line.android.messages")?.status == .ok)
        let first = try #require(old.first { $0.source == .row("chat_history", 1) })
        #expect(first.body == "你好")
        #expect(first.senderName == "李雷")
        #expect(first.messageId == nil)
        #expect(first.sentAt?.utc == "2017-07-14T02:40:00Z")
        let second = try #require(old.first { $0.source == .row("chat_history", 2) })
        #expect(second.direction == .outgoing)
        #expect(second.body == "Hello 李雷")
    }

    @Test func callHistory() throws {
        let calls = output.calls(from: "line.android.calls")
        #expect(calls.count == 3)
        let voice = try #require(calls.first { $0.source == .row("call_history", 1) })
        #expect(voice.direction == .outgoing)
        #expect(voice.peer == "u1111")
        #expect(voice.peerName == "สมชาย ใจดี")
        #expect(voice.media == .voice)
        #expect(voice.durationSeconds == 65)
        #expect(voice.outcome == .answered)
        #expect(voice.startedAt?.utc == "2020-09-13T12:43:20Z")
        let video = try #require(calls.first { $0.source == .row("call_history", 2) })
        #expect(video.direction == .incoming)
        #expect(video.media == .video)
        #expect(video.peerName == "太郎さん")
        #expect(video.outcome == .unknown)
        let group = try #require(calls.first { $0.source == .row("call_history", 3) })
        #expect(group.media == .video)
        #expect(group.durationSeconds == 120.5)
        #expect(group.status == "group")
    }
}
