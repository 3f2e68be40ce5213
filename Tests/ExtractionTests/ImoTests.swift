// imo.im iOS IMODb2.sqlite from plaso's test data (GROUND_TRUTH.md: ZIMOCHATMSG=16, ZIMOCONTACT=4).
// Format: iLEAPP scripts/artifacts/imoHD_Chat.py.

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct ImoTests {
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/ios/IMODb2.sqlite")])
    }

    var messages: [ChatMessage] { output.messages(from: "imo.ios.messages") }

    @Test func countsAndDirections() throws {
        #expect(messages.count == 16)
        #expect(messages.filter { $0.direction == .incoming }.count == 8)
        #expect(messages.filter { $0.direction == .outgoing }.count == 8)
        #expect(messages.allSatisfy { $0.account == "2001533484753054" && $0.thread == "2000810370507916" })
        #expect(output.record("imo.ios.messages")?.messages == 16)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
    }

    @Test func receivedAndSentSamples() throws {
        let first = try #require(messages.first { $0.source == .row("ZIMOCHATMSG", 1) })
        #expect(first.direction == .incoming)
        #expect(first.sender == "2000810370507916")
        #expect(first.senderName == "This Is DFIR Two")
        #expect(first.threadName == "This Is DFIR Two")
        #expect(first.recipients == ["2001533484753054"])
        #expect(first.body == "Are you on imo?")
        #expect(first.sentAt?.utc == "2023-04-26T18:11:40.927Z")
        #expect(first.sentAt?.raw == "1682532700927000000")
        let second = try #require(messages.first { $0.source == .row("ZIMOCHATMSG", 2) })
        #expect(second.direction == .outgoing)
        #expect(second.sender == "2001533484753054")
        #expect(second.recipients == ["2000810370507916"])
        #expect(second.body == "I am. I cannot find my HAL avatar. ")
        #expect(second.sentAt?.utc.hasPrefix("2023-04-26T18:12:34") == true)
    }

    @Test func deletedPlaceholder() throws {
        let deleted = try #require(messages.first { $0.source == .row("ZIMOCHATMSG", 15) })
        #expect(deleted.status == "deleted")
        #expect(deleted.body == "This message was deleted")
        #expect(messages.filter { $0.status == "deleted" }.count == 1)
    }
}
