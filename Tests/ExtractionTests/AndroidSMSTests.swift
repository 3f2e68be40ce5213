// Android SMS from plaso's real mmssms.db (GROUND_TRUTH.md: 9 sms, 4 received, 5 sent).

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct AndroidSMSTests {
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/mmssms.db")])
    }

    @Test func countsAndDirections() throws {
        let sms = output.messages(from: "android.sms.messages")
        #expect(sms.count == 9)
        #expect(sms.filter { $0.direction == .incoming }.count == 4)
        #expect(sms.filter { $0.direction == .outgoing }.count == 5)
        #expect(output.record("android.sms.messages")?.status == .ok)
        #expect(output.record("android.sms.messages")?.messages == 9)
    }

    @Test func firstMessageHasProvenanceAndUTCTime() throws {
        let first = try #require(output.messages(from: "android.sms.messages").first { $0.source.rowid == 1 })
        #expect(first.body == "Yo Fred this is my new number.")
        #expect(first.recipients == ["1 555-521-5554"])
        #expect(first.sentAt?.utc.hasPrefix("2013-10-29T16:56:28") == true)
        #expect(first.sentAt?.raw.hasPrefix("1383065788") == true)
        #expect(first.source.table == "sms")
        #expect(first.provenance.walState == .main)
        let third = try #require(output.messages(from: "android.sms.messages").first { $0.source.rowid == 3 })
        #expect(third.sender == "15555215554")
        #expect(third.body == "What message?")
    }
}
