// Android MMS (pdu/part/addr of mmssms.db): plaso's real mmssms.db (pdu = 0 rows: the extractor applies and
// yields nothing) and Scripts/fixtures/android_mms.py (schema: AOSP TelephonyProvider MmsSmsDatabaseHelper).

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct AndroidMMSTests {
    static let id = "android.mms.messages"

    @Test func realDatabaseWithoutMMSMatchesAndYieldsNothing() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/android/mmssms.db")])
        let record = try #require(output.record(Self.id))
        #expect(record.status == .ok)
        #expect(record.messages == 0)
        #expect(output.messages(from: Self.id).isEmpty)
        #expect(output.messages(from: "android.sms.messages").count == 9)
    }

    static func fixture(with others: [String] = []) throws -> (HarnessOutput, TemporaryFolder) {
        let folder = TemporaryFolder()
        let path = folder.file("mmssms.db")
        let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/android_mms.py").path, path])
        #expect(result.status == 0, "\(result.stderr)")
        return (try ExtractionHarness.extract([path] + others), folder)
    }

    @Test func fixtureCountsAndOrphansSkipped() throws {
        let (output, _) = try Self.fixture()
        let mms = output.messages(from: Self.id)
        #expect(mms.map(\.source.rowid) == [1, 3, 4, 5])
        #expect(mms.allSatisfy { $0.source.table == "pdu" && $0.app == "sms" })
        #expect(output.record(Self.id)?.status == .ok)
        #expect(output.record(Self.id)?.messages == 4)
        #expect(!mms.contains { $0.body?.contains("orphan") == true })
        // The sms row of the same file is still the SMS extractor's.
        #expect(output.messages(from: "android.sms.messages").count == 1)
    }

    @Test func receivedGroupMMSWithChineseSubjectTextAndPicture() throws {
        let (output, _) = try Self.fixture()
        let first = try #require(output.messages(from: Self.id).first { $0.source.rowid == 1 })
        #expect(first.direction == .incoming)
        #expect(first.sender == "+86 35 8 763 30 07")
        #expect(first.recipients == ["+15551230000", "+15551230001", "+15551230002"])
        #expect(first.body == "你好，这是我们的合照 🎉")
        // sub is stored as UTF-8 bytes read as ISO-8859-1 (sub_cs 106): decoded back.
        #expect(first.threadName == "聚会照片")
        #expect(first.thread == "7")
        #expect(first.messageId == "MMS-CN-0001")
        #expect(first.sentAt?.utc == "2023-11-14T22:13:20Z")
        #expect(first.sentAt?.raw == "1700000000")
        #expect(first.status == nil)
        #expect(first.attachments == [Attachment(name: "IMG_0001.jpg", mime: "image/jpeg",
                                                 sourcePath: "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000000123.jpg")])
    }

    @Test func sentGroupMMSHasThreeRecipientsAndNoPlaceholderSender() throws {
        let (output, _) = try Self.fixture()
        let sent = try #require(output.messages(from: Self.id).first { $0.source.rowid == 3 })
        #expect(sent.direction == .outgoing)
        #expect(sent.sender == nil)
        #expect(sent.account == nil)
        #expect(sent.recipients == ["+86 35 8 763 30 07", "+15551230001", "+15551230002"])
        #expect(sent.body == "See you there")
        #expect(sent.threadName == "Party")
        #expect(sent.attachments.count == 1)
        #expect(sent.attachments.first?.name == "map.png")
        #expect(sent.attachments.first?.mime == "image/png")
    }

    @Test func draftJoinsTextPartsAndNotificationIsNotDownloaded() throws {
        let (output, _) = try Self.fixture()
        let mms = output.messages(from: Self.id)
        let draft = try #require(mms.first { $0.source.rowid == 4 })
        #expect(draft.status == "draft")
        #expect(draft.direction == .outgoing)
        #expect(draft.body == "สวัสดีครับ\nline two")
        #expect(draft.recipients == ["+15551230003"])
        #expect(draft.messageId == "4")
        let pending = try #require(mms.first { $0.source.rowid == 5 })
        #expect(pending.status == "not downloaded")
        #expect(pending.direction == .incoming)
        #expect(pending.body == nil)
        #expect(pending.attachments.isEmpty)
        #expect(pending.sender == "+15551230003")
    }

    @Test func senderNameComesFromTheExhibitsAddressBook() throws {
        let (output, _) = try Self.fixture(with: [Repo.corpusFile("toyeafo+agentic-forensic-research/contacts2.db")])
        let first = try #require(output.messages(from: Self.id).first { $0.source.rowid == 1 })
        #expect(first.senderName == "阿恶哈拉")
        // The subject still names the thread.
        #expect(first.threadName == "聚会照片")
        let pending = try #require(output.messages(from: Self.id).first { $0.source.rowid == 5 })
        #expect(pending.senderName == nil)
    }
}
