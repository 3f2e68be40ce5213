// Kik iOS kik.sqlite from plaso's test data (GROUND_TRUTH.md: ZKIKMESSAGE=60, ZKIKUSER=25).
// Format: plaso parsers/sqlite_plugins/kik_ios.py; iLEAPP kikMessages.py.

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct KikTests {
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/ios/kik.sqlite")])
    }

    var messages: [ChatMessage] { output.messages(from: "kik.ios.messages") }

    @Test func countsByType() throws {
        #expect(messages.count == 60)
        #expect(messages.filter { $0.direction == .incoming }.count == 31)
        #expect(messages.filter { $0.direction == .outgoing }.count == 24)
        #expect(messages.filter { $0.direction == .system }.count == 5)
        #expect(output.record("kik.ios.messages")?.status == .ok)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
    }

    @Test func welcomeIsReceivedFromKikTeam() throws {
        let first = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 1) })
        #expect(first.direction == .incoming)
        #expect(first.sender == "kikteam")
        #expect(first.senderName == "Kik Team")
        #expect(first.thread == "kikteam@talk.kik.com")
        #expect(first.body?.hasPrefix("Welcome to Kik, the super fast smartphone messenger!") == true)
        // A Cocoa double: the UTC text carries the double's own imprecision; the raw value is the stored double.
        #expect(first.sentAt?.utc.hasPrefix("2015-06-29T08:46:12.02") == true)
        #expect(first.sentAt?.raw == "457260372.0239999")
        #expect(first.messageId == "e146f9ea-3318-4852-b362-a49fd667aa40")
    }

    @Test func sentEmojiAndChats() throws {
        let yo = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 6) })
        #expect(yo.body == "Yo 😊")
        #expect(yo.direction == .outgoing)
        #expect(yo.recipients == ["SolidRavenOcelot89"])
        #expect(yo.thread == "solidravenocelot89_eqn@talk.kik.com")
        #expect(yo.threadName == "Solid Snake")
        #expect(yo.sentAt?.utc.hasPrefix("2015-06-29T14:08:02") == true)
        // Linked to two chats: placed in the one with its own user (Ken Doh), not the group.
        let hello = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 2) })
        #expect(hello.thread == "ken.doh_khv@talk.kik.com")
        #expect(hello.recipients == ["ken.doh"])
        // A received group message: sender is the member, thread the group.
        let group = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 11) })
        #expect(group.direction == .incoming)
        #expect(group.sender == "sbabadi61")
        #expect(group.senderName == "Sina Babadi")
        #expect(group.thread == "1100024090445_g@groups.kik.com")
        #expect(group.threadName == "EveryoneButRoss")
        let notice = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 8) })
        #expect(notice.direction == .system)
        #expect(notice.body == "You started a group")
    }

    @Test func attachmentsFromZKIKATTACHMENT() throws {
        let photo = try #require(messages.first { $0.source == .row("ZKIKMESSAGE", 20) })
        #expect(photo.attachments.map(\.name) == ["a7160843-c595-4afb-a359-4151dcd79157"])
        #expect(photo.attachments.first?.sourcePath == "content_manager/data_cache/a7160843-c595-4afb-a359-4151dcd79157")
        #expect(messages.filter { !$0.attachments.isEmpty }.count == 2)
    }
}
