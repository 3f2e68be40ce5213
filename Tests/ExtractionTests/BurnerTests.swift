// Burner burners.sqlite from plaso's test data (GROUND_TRUTH.md: messages=16, contacts=4, burners=1).
// Direction 2 = outgoing: row 1 "You there?" (2) is answered by row 5 "Yes. What number is this?" (1), and the
// direction-2 writer then says "My burner number." — the burner owner.

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct BurnerTests {
    static let id = "burner.android.messages"
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/burners.sqlite")])
    }

    @Test func countsDirectionsAndCalls() throws {
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 16)
        #expect(output.record(Self.id)?.status == .ok)
        #expect(messages.filter { $0.direction == .outgoing }.count == 9)
        #expect(messages.filter { $0.direction == .incoming }.count == 7)
        #expect(messages.filter { $0.status == "call" }.map(\.source.rowid) == [25, 27])
        #expect(messages.allSatisfy { $0.account == "+19102484781" && $0.thread == "+19198887386" && $0.threadName == "This Is DFIR Two" })
    }

    @Test func sampleConversation() throws {
        let messages = output.messages(from: Self.id)
        let first = try #require(messages.first { $0.source.rowid == 1 })
        #expect(first.body == "You there?")
        #expect(first.direction == .outgoing)
        #expect(first.sender == "+19102484781")
        #expect(first.recipients == ["+19198887386"])
        #expect(first.sentAt?.utc == "2022-12-01T18:16:30.384Z")
        #expect(first.messageId == "6d7b7ff2-228f-452d-b914-5e6f7a02a865")
        let reply = try #require(messages.first { $0.source.rowid == 5 })
        #expect(reply.body == "Yes. What number is this?")
        #expect(reply.direction == .incoming)
        #expect(reply.sender == "+19198887386")
        #expect(reply.senderName == "This Is DFIR Two")
        #expect(reply.recipients == ["+19102484781"])
        #expect(reply.sentAt?.utc.hasPrefix("2022-12-01T18:17:22") == true)
        let second = try #require(messages.first { $0.source.rowid == 2 })
        #expect(second.body == "My burner number. Can you put it in your contact list?")
        #expect(second.direction == .outgoing)
    }

    @Test func pictureMessagesHaveRemoteAttachments() throws {
        let messages = output.messages(from: Self.id)
        let picture = try #require(messages.first { $0.source.rowid == 13 })
        #expect(picture.body == nil)
        #expect(picture.direction == .incoming)
        #expect(picture.attachments == [Attachment(name: "248d9fad-db20-417e-87be-2c09a83d4ef6.jpg",
                                                   sourcePath: "https://s3.amazonaws.com/burner-mms/prod/248d9fad-db20-417e-87be-2c09a83d4ef6.jpg")])
        let sent = try #require(messages.first { $0.source.rowid == 16 })
        #expect(sent.direction == .outgoing)
        #expect(sent.attachments.count == 1)
    }
}
