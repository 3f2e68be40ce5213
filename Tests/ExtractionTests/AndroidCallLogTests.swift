// Android call log (`calls` of contacts2.db / calllog.db) and the address book directory:
// plaso's contacts2.db (GROUND_TRUTH.md: 3 calls), the NIST HTC Desire 626 contacts2.db (1 call, 11 numbers)
// and Scripts/fixtures/android_calllog.py (schema: AOSP CallLogDatabaseHelper / ContactsDatabaseHelper).

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct AndroidCallLogTests {
    static let id = "android.calllog.calls"

    @Test func plasoContacts2HasThreeCallsWithBarney() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/contacts2.db")])
        let calls = output.calls(from: Self.id)
        #expect(calls.count == 3)
        #expect(output.record(Self.id)?.calls == 3)
        #expect(output.record(Self.id)?.status == .ok)
        #expect(calls.map(\.source.rowid) == [714, 715, 717])
        #expect(calls.allSatisfy { $0.peer == "5404561685" && $0.peerName == "Barney" && $0.app == "phone" && $0.source.table == "calls" })
        let missed = calls[0], outgoing = calls[1], incoming = calls[2]
        #expect(missed.direction == .incoming)
        #expect(missed.outcome == .missed)
        #expect(missed.kind == "missed")
        #expect(missed.durationSeconds == 0)
        #expect(missed.startedAt?.utc == "2013-11-06T21:17:16.69Z")
        #expect(missed.startedAt?.raw == "1383772636690")
        #expect(outgoing.direction == .outgoing)
        #expect(outgoing.outcome == .answered)
        #expect(outgoing.durationSeconds == 126)
        #expect(outgoing.startedAt?.utc == "2013-11-06T21:18:53.283Z")
        #expect(incoming.direction == .incoming)
        #expect(incoming.outcome == .answered)
        #expect(incoming.durationSeconds == 639)
        #expect(incoming.media == .voice)
        #expect(incoming.startedAt?.utc == "2013-11-07T00:03:36.69Z")
    }

    @Test func nistContacts2HasOneOutgoingCallAndItsOwnNumber() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile("toyeafo+agentic-forensic-research/contacts2.db")])
        let calls = output.calls(from: Self.id)
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.source.rowid == 2)
        #expect(call.peer == "3019754971")
        #expect(call.peerName == nil)
        #expect(call.direction == .outgoing)
        #expect(call.outcome == .unknown)
        #expect(call.durationSeconds == 0)
        #expect(call.startedAt?.utc == "2018-02-15T16:34:09.711Z")
        #expect(call.account == "15868232570")
        #expect(call.status == nil)
    }

    static func fixture(withContacts: Bool) throws -> (HarnessOutput, TemporaryFolder) {
        let folder = TemporaryFolder()
        let calllog = folder.file("calllog.db"), contacts = folder.file("contacts2.db")
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/android_calllog.py").path
        let result = try Tool.run("python3", [script, calllog] + (withContacts ? [contacts] : []))
        #expect(result.status == 0, "\(result.stderr)")
        return (try ExtractionHarness.extract(withContacts ? [contacts, calllog] : [calllog]), folder)
    }

    @Test func fixtureTypesFeaturesAndConnectionServices() throws {
        let (output, _) = try Self.fixture(withContacts: false)
        let calls = output.calls(from: Self.id)
        #expect(calls.count == 10)
        #expect(calls.map(\.outcome) == [.answered, .answered, .missed, .voicemail, .rejected, .blocked, .answered, .answered, .missed, .unknown])
        #expect(calls.map(\.direction) == [.incoming, .outgoing, .incoming, .incoming, .incoming, .incoming, .incoming, .outgoing, .incoming, .outgoing])
        #expect(calls.map(\.media) == [.voice, .video, .voice, .voice, .voice, .voice, .voice, .video, .voice, .voice])
        #expect(calls.map(\.status) == [nil, nil, nil, nil, nil, nil, "answered elsewhere", "via com.whatsapp", "private number", "deleted"])
        #expect(calls[0].peerName == "Alice Chen")
        #expect(calls[0].account == "+15551230000")
        #expect(calls[0].startedAt?.utc == "2023-11-14T22:13:20Z")
        #expect(calls[0].durationSeconds == 65)
        #expect(calls[1].peer == "+86 138 0013 8000")
        #expect(calls[1].peerName == nil)
        #expect(calls[1].kind == "video")
        #expect(calls[7].peerName == "王小明")
        #expect(calls[7].account == nil)
        #expect(calls[6].peerName == nil)
        #expect(calls[8].peer == nil)
        #expect(calls[8].kind == "missed")
    }

    @Test func addressBookNamesCallsAndKnowsTheOwnersNumber() throws {
        let (output, _) = try Self.fixture(withContacts: true)
        let calls = output.calls(from: Self.id)
        #expect(calls.count == 10)
        // Cached name empty: the address book names the number by its digits (+86 138 0013 8000 → 王小明).
        #expect(calls[1].peerName == "王小明")
        // No cached name: the live contact wins over a deleted raw contact with the same normalized number.
        #expect(calls[6].peerName == "Alice Chen")
        #expect(calls[2].peerName == nil)
        #expect(calls[0].peerName == "Alice Chen")
        // The VoIP row has no phone_account_address: the profile's own number is the account.
        #expect(calls[7].account == "+15551230000")
    }

    @Test func smsAddressesAreNamedByDigitsOnly() throws {
        let folder = TemporaryFolder()
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/android_calllog.py").path
        let result = try Tool.run("python3", [script, folder.file("calllog.db"), folder.file("contacts2.db")])
        #expect(result.status == 0)
        let output = try ExtractionHarness.extract([folder.file("contacts2.db"), Repo.corpusFile("log2timeline+plaso/test_data/android/mmssms.db")])
        let sms = output.messages(from: "android.sms.messages")
        #expect(sms.count == 9)
        // "1 555-521-5554" and "15555215554" both reach the contact stored as "555-521-5554".
        let first = try #require(sms.first { $0.source.rowid == 1 })
        #expect(first.threadName == "Fred Flintstone")
        // The profile raw contact (id ≥ Profile.MIN_ID) gives the owner's number: sender of sent SMS.
        #expect(first.sender == "+15551230000")
        #expect(first.account == "+15551230000")
        let third = try #require(sms.first { $0.source.rowid == 3 })
        #expect(third.senderName == "Fred Flintstone")
        #expect(third.sender == "15555215554")
        #expect(third.recipients == ["+15551230000"])
    }
}
