// Google Hangouts babel.db from plaso's test data (GROUND_TRUTH.md: messages=14, participants=2; plaso's
// formatter: type 1 SENT, 2 RECEIVED).

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct HangoutsTests {
    static let id = "google.hangouts.messages"
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/babel.db")])
    }

    @Test func countsAndDirections() throws {
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 14)
        #expect(output.record(Self.id)?.status == .ok)
        #expect(output.record(Self.id)?.messages == 14)
        // John Macron's 8 messages are type 2 (received), Hallym Betty's 6 are type 1 (sent): Betty is the account.
        #expect(messages.filter { $0.direction == .incoming }.count == 8)
        #expect(messages.filter { $0.direction == .outgoing }.count == 6)
        #expect(messages.allSatisfy { $0.account == "112549252980293459976" && $0.app == "hangouts" })
        #expect(messages.allSatisfy { $0.thread == "UgzjuBCEJq0DKNmrqBB4AaABAagBiLyIDA" && $0.threadName == "John Macron" })
        #expect(messages.map(\.source.rowid) == Array(1...14).map(Int64.init))
    }

    @Test func sampleRows() throws {
        let messages = output.messages(from: Self.id)
        let first = try #require(messages.first { $0.source.rowid == 1 })
        #expect(first.body == ";)")
        #expect(first.sender == "108778762612058411235")
        #expect(first.senderName == "John Macron")
        #expect(first.direction == .incoming)
        #expect(first.recipients == ["112549252980293459976"])
        #expect(first.sentAt?.utc == "2017-07-17T04:39:08.448375Z")
        #expect(first.sentAt?.raw == "1500266348448375")
        #expect(first.messageId == "8V673ca04908V674EEtl-G")
        #expect(first.source.table == "messages")
        let third = try #require(messages.first { $0.source.rowid == 3 })
        #expect(third.body == "Hey. Better now ;)")
        #expect(third.senderName == "Hallym Betty")
        #expect(third.direction == .outgoing)
        #expect(third.recipients == ["108778762612058411235"])
        #expect(third.sentAt?.utc.hasPrefix("2017-07-17T04:43:21") == true)
        // Text is kept as stored (HTML-escaped by the app).
        let seventh = try #require(messages.first { $0.source.rowid == 7 })
        #expect(seventh.body == "It&#39;s too late now! U promised")
    }
}
