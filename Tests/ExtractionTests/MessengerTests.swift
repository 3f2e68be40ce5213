// Facebook Messenger threads_db2 from Scripts/fixtures/messenger_android.py (schema per ALEAPP
// scripts/artifacts/FacebookMessenger.py and karlicoss/HPI my/fbmessenger/android.py), current and older
// column sets.

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct MessengerTests {
    static let id = "facebook.messenger.android.messages"
    static let me = "100000000000001", somchai = "100000000000002", lilei = "100000000000003"

    static func fixture(old: Bool) throws -> (HarnessOutput, TemporaryFolder) {
        let folder = TemporaryFolder()
        let path = folder.file("threads_db2")
        let script = Repo.root.appendingPathComponent("Scripts/fixtures/messenger_android.py").path
        let result = try Tool.run("python3", [script, path] + (old ? ["--old"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        return (try ExtractionHarness.extract([path]), folder)
    }

    @Test func currentSchema() throws {
        let (output, _) = try Self.fixture(old: false)
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 7)
        #expect(output.record(Self.id)?.status == .ok)
        #expect(messages.map(\.direction) == [.incoming, .outgoing, .incoming, .incoming, .system, .system, .system])
        #expect(messages.allSatisfy { $0.account == Self.me && $0.app == "messenger" })

        let first = messages[0]
        #expect(first.body == "สวัสดี 👋")
        #expect(first.sender == Self.somchai)
        #expect(first.senderName == "Somchai ใจดี")
        #expect(first.recipients == [Self.me])
        #expect(first.thread == "ONE_TO_ONE:\(Self.somchai):\(Self.me)")
        #expect(first.threadName == "Somchai ใจดี")
        #expect(first.sentAt?.utc == "2024-03-09T16:00:00Z")
        #expect(first.messageId == "mid.$0001")
        #expect(first.source == .row("messages", 1))

        let reply = messages[1]
        #expect(reply.body == "Hi! 你好")
        #expect(reply.sender == Self.me)
        #expect(reply.recipients == [Self.somchai])
        #expect(reply.replyTo == "mid.$0001")

        let photo = messages[2]
        #expect(photo.body == nil)
        #expect(photo.attachments == [Attachment(name: "image-9001.jpg", mime: "image/jpeg", size: 20480)])

        let group = messages[3]
        #expect(group.body == "大家好")
        #expect(group.threadName == "Trip ✈️ 2024")
        #expect(group.senderName == "李雷")

        let added = messages[4]
        #expect(added.status == "type 1")
        #expect(added.body == "Me Owner added 李雷 to the group.")
        #expect(added.sender == Self.me)

        let call = messages[5]
        #expect(call.status == "call")
        #expect(call.body == "You called 李雷.")

        let empty = messages[6]
        #expect(empty.status == "type -1")
        #expect(empty.sender == nil)
        #expect(empty.body == nil)
    }

    @Test func olderSchemaAndABrokenSender() throws {
        let (output, _) = try Self.fixture(old: true)
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 8)
        #expect(output.record(Self.id)?.status == .partial)
        #expect(output.warnings.contains { $0.contains("sender is not JSON") })
        // Without thread_participants the peer of a ONE_TO_ONE thread comes from its key.
        #expect(messages[1].recipients == [Self.somchai])
        #expect(messages[1].replyTo == nil)
        // A system row without snippet column keeps its (empty) text.
        #expect(messages[4].body == nil)
        #expect(messages[5].status == "type 9")
        let broken = messages[7]
        #expect(broken.body == "broken sender")
        #expect(broken.sender == nil)
        #expect(broken.direction == .unknown)
        #expect(broken.source == .row("messages", 8))
    }
}
