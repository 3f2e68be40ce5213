// Classic Skype main.db from plaso's test data (GROUND_TRUTH.md: Messages=15, SMSes=1, Transfers=2, Calls=1,
// Accounts gen.beringer). Format: plaso parsers/sqlite_plugins/skype.py.

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct SkypeTests {
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/sqlite/skype_main.db")])
    }

    var messages: [ChatMessage] { output.messages(from: "skype.desktop.messages") }

    @Test func countsBySourceTableAndDirection() throws {
        // 15 chat messages + 1 SMS + 2 file transfers, each its own row.
        #expect(messages.count == 18)
        #expect(messages.filter { $0.source.table == "Messages" }.count == 15)
        #expect(messages.filter { $0.source.table == "SMSes" }.count == 1)
        #expect(messages.filter { $0.source.table == "Transfers" }.count == 2)
        #expect(messages.filter { $0.direction == .outgoing }.count == 12)
        #expect(messages.filter { $0.direction == .incoming }.count == 6)
        #expect(messages.allSatisfy { $0.app == "skype" && $0.account == "gen.beringer" })
        #expect(output.record("skype.desktop.messages")?.status == .ok)
        #expect(output.record("skype.desktop.messages")?.messages == 18)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
    }

    @Test func firstMessageOutgoingWithConversation() throws {
        let first = try #require(messages.first { $0.source == .row("Messages", 39) })
        #expect(first.body == "yt?")
        #expect(first.direction == .outgoing)
        #expect(first.sender == "gen.beringer")
        #expect(first.senderName == "Gen Beringer")
        #expect(first.recipients == ["european.bbq.competitor"])
        #expect(first.thread == "european.bbq.competitor")
        #expect(first.threadName == "European Competitor")
        #expect(first.sentAt?.utc == "2013-07-30T21:26:28Z")
        #expect(first.sentAt?.raw == "1375219588")
        #expect(first.messageId == "39")
        #expect(first.status == nil)
    }

    @Test func bodyXMLEntitiesDecodedAndTagsStripped() throws {
        let request = try #require(messages.first { $0.source == .row("Messages", 47) })
        #expect(request.body == "Hi European Competitor, I'd like to add you as a contact. Gen Beringer")
        #expect(request.status == "contact-request")
        let reply = try #require(messages.first { $0.source == .row("Messages", 52) })
        #expect(reply.body == "I'm here")
        #expect(reply.direction == .incoming)
        #expect(reply.sender == "european.bbq.competitor")
        #expect(reply.recipients == ["gen.beringer"])
        let link = try #require(messages.first { $0.source == .row("Messages", 54) })
        #expect(link.body == "https://www.dropbox.com/s/3t95y5d8j64azsj/Recipes.docx")
        let accepted = try #require(messages.first { $0.source == .row("Messages", 51) })
        #expect(accepted.body == nil)
        #expect(accepted.status == "contact-accepted")
        // Conversation 34 is not in Conversations: the chat name is the thread.
        let last = try #require(messages.first { $0.source == .row("Messages", 62) })
        #expect(last.thread == "#european.bbq.competitor/$gen.beringer;b1a38279a3452341")
        #expect(last.body == "He is our new employee")
    }

    @Test func smsAsChatRowAndAsSMSRow() throws {
        // The chat row keeps the text of its <sms alt="…"> and its time exactly as stored (ten times too large).
        let chatRow = try #require(messages.first { $0.source == .row("Messages", 61) })
        #expect(chatRow.body == "f you want I can copy some documents for you, if you can pay it... ;)")
        #expect(chatRow.status == "sms")
        #expect(chatRow.sentAt?.raw == "13727168620")
        let sms = try #require(messages.first { $0.source == .row("SMSes", 145) })
        #expect(sms.body == "If you want I can copy some documents for you, if you can pay it... ;)")
        #expect(sms.direction == .outgoing)
        #expect(sms.sender == "gen.beringer")
        #expect(sms.recipients == ["+34123456789"])
        #expect(sms.sentAt?.utc == "2013-07-01T22:14:22Z")
        #expect(sms.status == "sms")
    }

    @Test func transfersAreFileMessages() throws {
        let offer = try #require(messages.first { $0.source == .row("Transfers", 1090) })
        #expect(offer.direction == .outgoing)
        #expect(offer.sender == "gen.beringer")
        #expect(offer.recipients == ["european.bbq.competitor"])
        #expect(offer.status == "file:waiting-for-accept")
        #expect(offer.sentAt?.utc == "2013-10-24T21:49:32Z")
        #expect(offer.attachments == [Attachment(name: "secret-project.pdf", sourcePath: "/Users/gberinger/Desktop/secret-project.pdf", size: 69986)])
        let delivery = try #require(messages.first { $0.source == .row("Transfers", 1094) })
        #expect(delivery.sender == "gen.beringer")
        #expect(delivery.senderName == "Gen Beringer")
        #expect(delivery.recipients == ["european.bbq.competitor"])
        #expect(delivery.status == "file:completed")
        #expect(delivery.thread == "european.bbq.competitor")
    }

    @Test func callFromCallsAndCallMembers() throws {
        let calls = output.calls(from: "skype.desktop.calls")
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.source == .row("Calls", 110))
        #expect(call.direction == .outgoing)
        #expect(call.peer == "european.bbq.competitor")
        #expect(call.peerName == "European Competitor")
        #expect(call.participants == ["european.bbq.competitor"])
        #expect(call.durationSeconds == 646)
        #expect(call.outcome == .answered)
        #expect(call.media == .voice)
        #expect(call.startedAt?.utc == "2013-07-01T22:12:17Z")
        #expect(call.account == "gen.beringer")
        #expect(output.record("skype.desktop.calls")?.calls == 1)
    }
}
