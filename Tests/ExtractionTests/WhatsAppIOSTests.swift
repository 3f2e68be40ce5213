// WhatsApp iOS ChatStorage.sqlite and CallHistory.sqlite from iLEAPP's test zips (Josh Hickman iOS 15 image;
// GROUND_TRUTH.md: ZWAMESSAGE=32, 15 with text; 4 calls). The zip members are extracted with their -wal/-shm.

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

enum WhatsAppIOSCorpus {
    static let folder = "filesystem2/mobile/Containers/Shared/AppGroup/694FBBC5-2E69-480A-A25B-FF8CC038BEF8/"

    /// Extracts `member` (and its -wal/-shm) from an iLEAPP test zip into `into`; returns the database path.
    static func unzip(_ zip: String, member: String, into folder: TemporaryFolder) throws -> String {
        let script = """
            import sys, zipfile, os
            z = zipfile.ZipFile(sys.argv[1])
            for suffix in ("", "-wal", "-shm"):
                name = sys.argv[2] + suffix
                if name in z.namelist():
                    open(os.path.join(sys.argv[3], os.path.basename(name)), "wb").write(z.read(name))
            """
        let zipPath = Repo.corpusFile("abrignoni+iLEAPP/admin/test/cases/data/whatsApp/" + zip)
        let result = try Tool.python(script, [zipPath, Self.folder + member, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        return folder.file(member)
    }
}

@Suite struct WhatsAppIOSMessagesTests {
    let output: HarnessOutput
    let folder = TemporaryFolder()

    init() throws {
        let db = try WhatsAppIOSCorpus.unzip("testdata.whatsApp.whatsAppMessages.josh_ios15_ffs.zip", member: "ChatStorage.sqlite", into: folder)
        output = try ExtractionHarness.extract([db])
    }

    var messages: [ChatMessage] { output.messages(from: "whatsapp.ios.messages") }
    func row(_ pk: Int64) throws -> ChatMessage { try #require(messages.first { $0.source.rowid == pk }) }

    @Test func everyRowIsOneMessage() throws {
        #expect(messages.count == 32)
        #expect(output.record("whatsapp.ios.messages")?.status == .ok)
        #expect(output.record("whatsapp.ios.messages")?.messages == 32)
        // 15 text rows (type 0), 11 system rows (types 6, 10), 2 photos, 4 locations.
        #expect(messages.filter { $0.status == nil && $0.body != nil }.count == 15)
        #expect(messages.filter { $0.direction == .system }.count == 11)
        #expect(messages.filter { $0.status == "image" }.count == 2)
        #expect(messages.filter { $0.status == "location" }.count == 4)
        #expect(messages.allSatisfy { $0.source.table == "ZWAMESSAGE" && $0.account == "19195794674@s.whatsapp.net" })
        #expect(messages.map { $0.source.rowid ?? 0 } == messages.map { $0.source.rowid ?? 0 }.sorted())
        #expect(output.messages.allSatisfy { $0.provenance.extractor == "whatsapp.ios.messages" })
    }

    @Test func outgoingAndIncomingTextRows() throws {
        let sent = try row(12)
        #expect(sent.direction == .outgoing)
        #expect(sent.body == "I’m here!")
        #expect(sent.sender == "19195794674@s.whatsapp.net")
        #expect(sent.recipients == ["19198887386@s.whatsapp.net"])
        #expect(sent.thread == "19198887386@s.whatsapp.net")
        #expect(sent.threadName == "This Is DFIR Two")
        #expect(sent.sentAt?.utc.hasPrefix("2023-05-02T15:56:47.2214") == true)
        #expect(sent.messageId == "3AD2D4F6C4FC636222C7")
        let received = try row(13)
        #expect(received.direction == .incoming)
        #expect(received.body == "Awesome. You had some chat history, eh?")
        #expect(received.sender == "19198887386@s.whatsapp.net")
        #expect(received.senderName == "This Is DFIR Two")
        #expect(received.recipients == ["19195794674@s.whatsapp.net"])
        #expect(received.sentAt?.utc == "2023-05-02T15:57:30Z")
        #expect(try row(19).body == "You listen to good people then. Lol.")
        #expect(try row(19).sentAt?.utc == "2023-05-02T16:04:10Z")
        #expect(try row(29).body == "Done. It’s gone. 😀")
    }

    @Test func quotedReplyFromMediaMetadata() throws {
        // Row 16 quotes row 15 ("Makes sense with all the test data you generate.").
        #expect(try row(16).replyTo == "3A26649A0A496377CB01")
        #expect(try row(15).messageId == "3A26649A0A496377CB01")
        #expect(try row(16).attachments.isEmpty)
    }

    @Test func mediaAndLocationRows() throws {
        let photo = try row(21)
        #expect(photo.direction == .outgoing)
        #expect(photo.status == "image")
        #expect(photo.body == nil)
        #expect(photo.attachments == [Attachment(name: "d041d159-fd7d-4abb-9192-0e97c10ddb00.jpg", mime: "image/jpeg",
                                                 sourcePath: "Media/19198887386@s.whatsapp.net/d/0/d041d159-fd7d-4abb-9192-0e97c10ddb00.jpg",
                                                 size: 42073)])
        let incomingPhoto = try row(23)
        #expect(incomingPhoto.direction == .incoming)
        #expect(incomingPhoto.attachments.first?.size == 55290)
        let location = try row(30)
        #expect(location.status == "location")
        #expect(location.body?.hasPrefix("geo:35.638504028") == true)
        #expect(location.body?.contains(",-78.876052856") == true)
    }

    @Test func systemRowsInGroups() throws {
        let first = try row(1)
        #expect(first.direction == .system)
        #expect(first.status == "notice")
        #expect(first.thread == "120363044520422953@g.us")
        #expect(first.threadName == "Med Report Review")
        #expect(first.sentAt?.utc == "2022-06-05T00:46:50Z")
        #expect(try row(2).status == "group-event")
        #expect(try row(2).threadName == "Our Test Group")
    }
}

@Suite struct WhatsAppIOSCallsTests {
    let output: HarnessOutput
    let folder = TemporaryFolder()

    init() throws {
        let db = try WhatsAppIOSCorpus.unzip("testdata.whatsApp.whatsAppCallHistory.josh_ios15_ffs.zip", member: "CallHistory.sqlite", into: folder)
        output = try ExtractionHarness.extract([db])
    }

    @Test func fourCallsWithDirectionMediaAndDuration() throws {
        let calls = output.calls(from: "whatsapp.ios.calls")
        #expect(calls.count == 4)
        #expect(output.record("whatsapp.ios.calls")?.calls == 4)
        #expect(output.record("whatsapp.ios.calls")?.status == .ok)
        #expect(calls.map(\.direction) == [.outgoing, .incoming, .outgoing, .incoming])
        #expect(calls.map(\.media) == [.voice, .voice, .video, .video])
        #expect(calls.map(\.kind) == ["voice", "voice", "video", "video"])
        #expect(calls.allSatisfy { $0.outcome == .answered && $0.peer == "19198887386@s.whatsapp.net" })
        #expect(calls.allSatisfy { $0.participants == ["19198887386@s.whatsapp.net"] })
        #expect(calls.allSatisfy { $0.account == "19195794674@s.whatsapp.net" && $0.app == "whatsapp" })
        let first = try #require(calls.first)
        #expect(first.source == .row("ZWACDCALLEVENT", 1))
        #expect(first.startedAt?.utc.hasPrefix("2023-05-02T16:12:10.") == true)
        #expect(abs((first.durationSeconds ?? 0) - 95.11599731445312) < 1e-9)
        #expect(calls[3].startedAt?.utc.hasPrefix("2023-05-02T16:24:21.") == true)
        #expect(abs((calls[3].durationSeconds ?? 0) - 103.99500274658203) < 1e-9)
    }

    @Test func messagesExtractorDoesNotMatchCallHistory() {
        #expect(output.messages.isEmpty)
    }
}

/// Scripts/fixtures/whatsapp_ios.py: an older, smaller column set; group senders; revoked; bad dates; call outcomes.
@Suite struct WhatsAppIOSFixtureTests {
    let folder = TemporaryFolder()
    let output: HarnessOutput

    init() throws {
        let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/whatsapp_ios.py").path, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        output = try ExtractionHarness.extract([folder.file("ChatStorage.sqlite"), folder.file("CallHistory.sqlite")])
    }

    static let own = "15550000000@s.whatsapp.net", group = "120363000000000001@g.us"
    static let li = "8613800000000@s.whatsapp.net", som = "66810000000@s.whatsapp.net"

    @Test func groupSendersFromMembersAndOlderSchema() throws {
        let messages = output.messages(from: "whatsapp.ios.messages")
        #expect(messages.count == 7)
        #expect(messages[0].direction == .incoming)
        #expect(messages[0].sender == Self.li)
        #expect(messages[0].senderName == "李雷")
        #expect(messages[0].body == "大家好 👋")
        #expect(messages[0].thread == Self.group)
        #expect(messages[0].threadName == "家庭群 🏠")
        #expect(messages[0].recipients == [Self.own])
        #expect(messages[0].sentAt?.utc == "2023-03-08T20:26:40.5Z")
        #expect(messages[1].sender == Self.som)
        #expect(messages[1].senderName == nil)
        #expect(messages[1].body == "สวัสดีครับ")
        #expect(messages[2].direction == .outgoing)
        #expect(messages[2].sender == Self.own)
        #expect(messages[2].recipients == [Self.group])
        #expect(messages[3].status == "document")
        #expect(messages[3].body == nil)
        #expect(messages[3].attachments == [Attachment(name: "report.pdf", sourcePath: "Media/\(Self.group)/a/b/report.pdf", size: 20480)])
        #expect(messages[4].status == "revoked")
        #expect(messages[4].sender == Self.som)
        // NULL date: no time, no problem. Text date: no time, one problem, extraction partial.
        #expect(messages[5].sentAt == nil)
        #expect(messages[6].sentAt == nil)
        #expect(messages[6].body == "bad date")
        #expect(output.record("whatsapp.ios.messages")?.status == .partial)
        #expect(output.warnings.filter { $0.contains("ZWAMESSAGE 7: unreadable ZMESSAGEDATE") }.count == 1)
    }

    @Test func callOutcomes() throws {
        let calls = output.calls(from: "whatsapp.ios.calls")
        #expect(calls.count == 4)
        #expect(calls.allSatisfy { $0.account == Self.own })
        #expect(calls[0].direction == .incoming && calls[0].outcome == .missed && calls[0].kind == "missed")
        #expect(calls[0].peer == Self.som)
        #expect(calls[1].direction == .outgoing && calls[1].media == .video && calls[1].outcome == .unknown)
        #expect(calls[1].status == "not answered")
        #expect(calls[2].status == "failed")
        #expect(calls[2].peer == Self.li)
        #expect(calls[3].peer == Self.group)
        #expect(calls[3].participants == [Self.li, Self.som])
        #expect(calls[3].outcome == .answered && calls[3].media == .video && calls[3].direction == .incoming)
        #expect(calls[3].durationSeconds == 42.5)
        #expect(calls[3].startedAt?.utc == "2023-03-08T20:31:40.5Z")
    }
}
