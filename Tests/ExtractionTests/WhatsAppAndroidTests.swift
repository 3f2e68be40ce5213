// WhatsApp Android msgstore.db (current and legacy schema) + wa.db, from the deterministic generator
// Scripts/fixtures/whatsapp_android.py (schemas as documented by KnugiHK/WhatsApp-Chat-Exporter android_handler.py
// and ALEAPP whatsApp.py; its docstring lists the ground truth asserted here).

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

enum WhatsAppAndroidFixture {
    static let alice = "491711111111@s.whatsapp.net"
    static let bob = "491722222222@s.whatsapp.net"
    static let somchai = "66812345678@s.whatsapp.net"
    static let wei = "85291234567@s.whatsapp.net"
    static let carol = "491733333333@s.whatsapp.net"
    static let group = "120363000000000001@g.us"
    static let groupSubject = "Familie 家庭 👨‍👩‍👧"
    static let legacyGroup = "491799999999-1499999999@g.us"

    /// Writes msgstore.db, msgstore-legacy.db and wa.db into `folder`.
    static func generate(into folder: TemporaryFolder) throws {
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/whatsapp_android.py").path
        let result = try Tool.run("python3", [script, folder.path])
        guard result.status == 0 else { throw ExtractionError(code: .malformed, message: "fixture generator failed: \(result.stderr)") }
    }
}

@Suite struct WhatsAppAndroidMessagesTests {
    let output: HarnessOutput
    let messages: [ChatMessage]

    init() throws {
        let folder = TemporaryFolder()
        try WhatsAppAndroidFixture.generate(into: folder)
        output = try ExtractionHarness.extract([folder.file("wa.db"), folder.file("msgstore.db")])
        messages = output.messages(from: "whatsapp.android.messages")
    }

    func row(_ rowid: Int64) throws -> ChatMessage {
        try #require(messages.first { $0.source.rowid == rowid })
    }

    @Test func countsDirectionsAndRecord() throws {
        #expect(messages.count == 12)
        #expect(messages.filter { $0.direction == .incoming }.count == 8)
        #expect(messages.filter { $0.direction == .outgoing }.count == 3)
        #expect(messages.filter { $0.direction == .system }.count == 1)
        #expect(messages.map(\.source.rowid) == (1...12).map { Int64($0) })
        #expect(messages.allSatisfy { $0.source.table == "message" && $0.app == "whatsapp" })
        let record = try #require(output.record("whatsapp.android.messages"))
        #expect(record.status == .ok)
        #expect(record.messages == 12)
        #expect(output.warnings.isEmpty)
        // The legacy extractors do not match the current schema.
        #expect(output.record("whatsapp.android.messages.legacy") == nil)
        #expect(output.record("whatsapp.android.calls.legacy") == nil)
    }

    @Test func oneToOneTextWithWaDbNamesAndUTCTime() throws {
        let first = try row(1)
        #expect(first.direction == .incoming)
        #expect(first.body == "Hallo! Wie geht's?\nZweite Zeile")
        #expect(first.thread == WhatsAppAndroidFixture.alice)
        #expect(first.threadName == "Alice Müller")
        #expect(first.sender == WhatsAppAndroidFixture.alice)
        #expect(first.senderName == "Alice Müller")
        #expect(first.messageId == "3EB0A1")
        #expect(first.sentAt?.utc == "2023-11-14T22:13:20Z")
        #expect(first.sentAt?.raw == "1700000000000")
        #expect(first.status == nil)
        #expect(first.attachments.isEmpty)

        let second = try row(2)
        #expect(second.direction == .outgoing)
        #expect(second.body == "你好，世界 🌏")
        #expect(second.sender == nil)
        #expect(second.recipients == [WhatsAppAndroidFixture.alice])
        #expect(second.sentAt?.utc == "2023-11-14T22:14:20Z")
    }

    @Test func mediaReplyAndRevoked() throws {
        let image = try row(3)
        #expect(image.status == "image")
        #expect(image.body == "Foto vom Strand")
        #expect(image.attachments == [Attachment(name: "IMG-20231114-WA0001.jpg", mime: "image/jpeg",
                                                 sourcePath: "Media/WhatsApp Images/IMG-20231114-WA0001.jpg", size: 123456)])
        let reply = try row(4)
        #expect(reply.body == "สวัสดีครับ")
        #expect(reply.replyTo == "3EB0A1")
        let revoked = try row(5)
        #expect(revoked.status == "revoked")
        #expect(revoked.body == nil)
        #expect(revoked.direction == .incoming)
        let document = try row(10)
        #expect(document.direction == .outgoing)
        #expect(document.recipients == [WhatsAppAndroidFixture.group])
        #expect(document.status == "document")
        #expect(document.attachments == [Attachment(name: "Reise.pdf", mime: "application/pdf",
                                                    sourcePath: "Media/WhatsApp Documents/Reise.pdf", size: 98765)])
        let voice = try row(11)
        #expect(voice.status == "audio")
        #expect(voice.attachments.first?.mime == "audio/ogg; codecs=opus")
        #expect(voice.attachments.first?.size == 4321)
    }

    @Test func groupSendersSystemRowAndLidMapping() throws {
        let system = try row(6)
        #expect(system.direction == .system)
        #expect(system.status == "group-created")
        #expect(system.sender == WhatsAppAndroidFixture.bob)
        #expect(system.body == WhatsAppAndroidFixture.groupSubject)
        let group = messages.filter { $0.thread == WhatsAppAndroidFixture.group }
        #expect(group.count == 7)
        #expect(group.allSatisfy { $0.threadName == WhatsAppAndroidFixture.groupSubject })
        let senders = Set(group.filter { $0.direction == .incoming }.compactMap(\.sender))
        #expect(senders == [WhatsAppAndroidFixture.bob, WhatsAppAndroidFixture.somchai, WhatsAppAndroidFixture.wei])
        let bob = try row(7)
        #expect(bob.body == "Guten Morgen zusammen ☀️")
        #expect(bob.senderName == "Bob 王")
        let somchai = try row(8)
        #expect(somchai.body == "ขอบคุณครับ")
        #expect(somchai.senderName == "สมชาย")  // wa_name (push name) when there is no address-book name
        // Sender 123456789012345@lid, mapped by jid_map to the phone-number JID wa.db names.
        let wei = try row(9)
        #expect(wei.sender == WhatsAppAndroidFixture.wei)
        #expect(wei.senderName == "Wei 陈")
        #expect(wei.body == "早上好")
        let emoji = try row(12)
        #expect(emoji.body == "😂👍")
        #expect(emoji.replyTo == "3EB0B2")
        #expect(emoji.sender == WhatsAppAndroidFixture.wei)
    }

    @Test func namesNeedWaDb() throws {
        let folder = TemporaryFolder()
        try WhatsAppAndroidFixture.generate(into: folder)
        let alone = try ExtractionHarness.extract([folder.file("msgstore.db")])
        let first = try #require(alone.messages(from: "whatsapp.android.messages").first { $0.source.rowid == 1 })
        #expect(first.senderName == nil)
        #expect(first.threadName == nil)
        let groupRow = try #require(alone.messages(from: "whatsapp.android.messages").first { $0.source.rowid == 7 })
        #expect(groupRow.senderName == nil)
        #expect(groupRow.threadName == WhatsAppAndroidFixture.groupSubject)  // chat.subject is in msgstore.db itself
    }
}

@Suite struct WhatsAppAndroidCallsTests {
    let calls: [Call]

    init() throws {
        let folder = TemporaryFolder()
        try WhatsAppAndroidFixture.generate(into: folder)
        calls = try ExtractionHarness.extract([folder.file("wa.db"), folder.file("msgstore.db")]).calls(from: "whatsapp.android.calls")
    }

    @Test func callLogRows() throws {
        #expect(calls.count == 5)
        #expect(calls.map(\.source.rowid) == [1, 2, 3, 4, 5])
        #expect(calls.allSatisfy { $0.source.table == "call_log" })
        #expect(calls.map(\.kind) == ["missed", "video", "missed", "voice", "voice"])
        #expect(calls.map(\.outcome) == [.missed, .answered, .missed, .cancelled, .answered])
        #expect(calls.map(\.direction) == [.incoming, .outgoing, .incoming, .outgoing, .incoming])
        #expect(calls.map(\.media) == [.voice, .video, .video, .voice, .voice])
        #expect(calls.map(\.durationSeconds) == [0, 125, 0, 0, 42])
        let first = calls[0]
        #expect(first.peer == WhatsAppAndroidFixture.alice)
        #expect(first.peerName == "Alice Müller")
        #expect(first.startedAt?.utc == "2023-11-14T22:25:00Z")
        #expect(first.status == "not-answered")
        #expect(calls[1].peer == WhatsAppAndroidFixture.carol)
        #expect(calls[1].peerName == "Carol")
        #expect(calls[4].peerName == "สมชาย")
    }
}

@Suite struct WhatsAppAndroidLegacyTests {
    let output: HarnessOutput
    let messages: [ChatMessage]

    init() throws {
        let folder = TemporaryFolder()
        try WhatsAppAndroidFixture.generate(into: folder)
        output = try ExtractionHarness.extract([folder.file("wa.db"), folder.file("msgstore-legacy.db")])
        messages = output.messages(from: "whatsapp.android.messages.legacy")
    }

    func row(_ rowid: Int64) throws -> ChatMessage {
        try #require(messages.first { $0.source.rowid == rowid })
    }

    @Test func countsSkipSentinelAndCallRows() throws {
        #expect(messages.map(\.source.rowid) == [2, 3, 4, 5, 6, 7, 8, 11])
        #expect(messages.allSatisfy { $0.source.table == "messages" })
        #expect(messages.filter { $0.direction == .incoming }.count == 4)
        #expect(messages.filter { $0.direction == .outgoing }.count == 3)
        #expect(messages.filter { $0.direction == .system }.count == 1)
        #expect(output.record("whatsapp.android.messages.legacy")?.status == .ok)
        #expect(output.warnings.isEmpty)
        #expect(output.record("whatsapp.android.messages") == nil)
        #expect(output.record("whatsapp.android.calls") == nil)
    }

    @Test func fieldValues() throws {
        let first = try row(2)
        #expect(first.body == "Hi from 2017 👋")
        #expect(first.sender == WhatsAppAndroidFixture.alice)
        #expect(first.senderName == "Alice Müller")
        #expect(first.threadName == "Alice Müller")
        #expect(first.sentAt?.utc == "2017-07-14T02:40:00Z")
        #expect(first.messageId == "LEG1")
        let out = try row(3)
        #expect(out.direction == .outgoing)
        #expect(out.body == "再见")
        #expect(out.recipients == [WhatsAppAndroidFixture.alice])
        let group = try row(4)
        #expect(group.thread == WhatsAppAndroidFixture.legacyGroup)
        #expect(group.threadName == "Urlaub 2017 🏖")
        #expect(group.sender == WhatsAppAndroidFixture.bob)
        #expect(group.senderName == "Bob 王")
        #expect(group.body == "ไปกินข้าวกัน")
        let image = try row(5)
        #expect(image.body == "ดูสิ")
        #expect(image.status == "image")
        #expect(image.sender == WhatsAppAndroidFixture.somchai)
        #expect(image.attachments == [Attachment(name: "IMG-20170714-WA0003.jpg", mime: "image/jpeg",
                                                 sourcePath: "Media/WhatsApp Images/IMG-20170714-WA0003.jpg", size: 55555)])
        let system = try row(6)
        #expect(system.direction == .system)
        #expect(system.sender == WhatsAppAndroidFixture.bob)
        let revoked = try row(7)
        #expect(revoked.status == "revoked")
        #expect(revoked.body == nil)
        let reply = try row(8)
        #expect(reply.replyTo == "LEG1")
        #expect(reply.body == "Antwort ✔")
        let document = try row(11)
        #expect(document.attachments == [Attachment(name: "Vertrag.pdf", mime: "application/pdf",
                                                    sourcePath: "Media/WhatsApp Documents/Vertrag.pdf", size: 2048)])
    }

    @Test func legacyCallRows() throws {
        let calls = output.calls(from: "whatsapp.android.calls.legacy")
        // messages 9 has no call_logs row; messages 10 stands for call_logs 1 and 2; call_logs 3 lost its row.
        #expect(calls.map { "\($0.source.table ?? "?"):\($0.source.rowid ?? -1)" } == ["messages:9", "call_logs:1", "call_logs:2", "call_logs:3"])
        #expect(calls.map(\.direction) == [.incoming, .outgoing, .outgoing, .unknown])
        #expect(calls.map(\.outcome) == [.missed, .answered, .cancelled, .answered])
        #expect(calls.map(\.status) == [nil, nil, "not-answered", nil])
        #expect(calls.map(\.media) == [.unknown, .voice, .video, .voice])
        #expect(calls.map(\.durationSeconds) == [0, 61, 0, 12])
        #expect(calls.map(\.peer) == [WhatsAppAndroidFixture.alice, WhatsAppAndroidFixture.alice, WhatsAppAndroidFixture.alice, nil])
        #expect(calls[0].peerName == "Alice Müller")
        #expect(calls.map { $0.startedAt?.utc } == ["2017-07-14T02:47:00Z", "2017-07-14T02:48:00Z", "2017-07-14T02:48:20Z", "2017-07-14T02:48:40Z"])
        #expect(calls[3].participants == [WhatsAppAndroidFixture.bob])
        #expect(output.record("whatsapp.android.calls.legacy")?.calls == 4)
    }
}

@Suite struct WhatsAppAndroidCryptTests {
    /// A crypt14/15-style header: protobuf length, 0x01 feature flag, field 1 length-delimited, then noise.
    static func fakeCrypt(_ name: String, in folder: TemporaryFolder) throws -> String {
        var bytes: [UInt8] = [0x9B, 0x01, 0x0A, 0x20]
        var state: UInt32 = 12345
        for _ in 0..<1020 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let path = folder.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func recognizesCrypt14AndCrypt15() throws {
        let folder = TemporaryFolder()
        let output = try ExtractionHarness.extract([try Self.fakeCrypt("msgstore-2024-01-02.1.db.crypt14", in: folder),
                                                    try Self.fakeCrypt("msgstore.db.crypt15", in: folder)])
        let records = output.records.filter { $0.extractor == "whatsapp.android.crypt" }
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.status == .encrypted && $0.app == "whatsapp" })
        #expect(records[0].fileId == 1)
        #expect(records[0].detail?.contains("crypt14") == true)
        #expect(records[0].detail?.contains("/data/data/com.whatsapp/files/key") == true)
        #expect(records[1].detail?.contains("64-digit end-to-end backup key") == true)
        #expect(output.messages.isEmpty)
    }

    @Test func nameAloneOrHeaderAloneIsNotEnough() throws {
        var protobuf: [UInt8] = [0x9B, 0x01, 0x0A, 0x20]
        protobuf += [UInt8](repeating: 0x41, count: 100)
        let sqlite = Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0, count: 84)
        #expect(WhatsAppCryptRecognizer.recognize(head: protobuf, name: "msgstore.db.crypt14", path: "x/msgstore.db.crypt14", isSQLite: false) != nil)
        #expect(WhatsAppCryptRecognizer.recognize(head: sqlite, name: "msgstore.db.crypt14", path: "x/msgstore.db.crypt14", isSQLite: true) == nil)
        #expect(WhatsAppCryptRecognizer.recognize(head: protobuf, name: "msgstore.db", path: "x/msgstore.db", isSQLite: false) == nil)
        #expect(WhatsAppCryptRecognizer.recognize(head: protobuf, name: "notes.crypt14", path: "x/notes.crypt14", isSQLite: false) == nil)
        // No protobuf header (length byte 0) on a crypt15 name.
        #expect(WhatsAppCryptRecognizer.recognize(head: [0, 0, 0, 0] + protobuf, name: "msgstore.db.crypt15", path: "x", isSQLite: false) == nil)
        // crypt12 has no protobuf header; name and a non-SQLite head suffice.
        #expect(WhatsAppCryptRecognizer.recognize(head: [0, 1, 7] + protobuf, name: "msgstore.db.crypt12", path: "x", isSQLite: false)?.contains("key") == true)
    }
}
