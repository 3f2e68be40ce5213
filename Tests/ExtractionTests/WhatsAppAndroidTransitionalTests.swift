// WhatsApp Android msgstore.db of the schema migration period (both `messages` and `message`), from
// Scripts/fixtures/whatsapp_android.py (msgstore-transitional.db; its docstring lists the ground truth). Every
// message must come out exactly once, from the table that held its richer copy, and every call too.

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct WhatsAppAndroidTransitionalTests {
    let output: HarnessOutput

    init() throws {
        let folder = TemporaryFolder()
        try WhatsAppAndroidFixture.generate(into: folder)
        output = try ExtractionHarness.extract([folder.file("wa.db"), folder.file("msgstore-transitional.db")])
    }

    @Test func everyMessageOfBothTablesExactlyOnce() throws {
        let messages = output.messages
        #expect(messages.count == 7)
        #expect(Set(messages.map(\.provenance.extractor)) == ["whatsapp.android.messages"])
        // The union of both tables' key ids (the call row TR5 and the sentinel are not messages).
        #expect(messages.compactMap(\.messageId).sorted() == ["TR1", "TR2", "TR3", "TR4", "TR6", "TR7", "TR8"])
        #expect(Set(messages.compactMap(\.messageId)).count == messages.count)
        let sources = messages.map { "\($0.source.table ?? "?"):\($0.source.rowid ?? -1)" }
        #expect(sources == ["messages:2", "messages:3", "messages:4", "messages:5", "message:7", "message:8", "message:9"])
        let record = try #require(output.record("whatsapp.android.messages"))
        #expect(record.status == .ok)
        #expect(record.messages == 7)
        #expect(output.record("whatsapp.android.messages.legacy") == nil)
        #expect(output.warnings.isEmpty)
    }

    @Test func theRicherCopyIsKept() throws {
        func message(_ key: String) throws -> ChatMessage { try #require(output.messages.first { $0.messageId == key }) }
        // TR3: `message` holds a placeholder (type 1, no text, no media); the legacy row has caption and file.
        let photo = try message("TR3")
        #expect(photo.source == .row("messages", 4))
        #expect(photo.body == "Urlaubsfoto")
        #expect(photo.attachments.first?.sourcePath == "Media/WhatsApp Images/IMG-20200913-WA0004.jpg")
        // TR8: the legacy row has no text, the migrated row has it.
        let migrated = try message("TR8")
        #expect(migrated.source == .row("message", 7))
        #expect(migrated.body == "erst im neuen Schema ✓")
        // TR4: identical copies; the legacy table, which holds the real rows, is named.
        #expect(try message("TR4").source == .row("messages", 5))
        #expect(try message("TR1").body == "Vor der Migration")
        #expect(try message("TR7").attachments.first?.sourcePath == "Media/WhatsApp Voice Notes/202037/PTT-20200913-WA0007.opus")
        #expect(try message("TR6").direction == .outgoing)
    }

    @Test func theMergeIsNotedOnTheExtractionRecord() throws {
        let record = try #require(output.record("whatsapp.android.messages"))
        #expect((record.detail ?? "").contains("2 messages only in `messages`, 2 only in `message`, 3 in both (kept once: 2 from `messages`, 1 from `message`)"))
    }

    @Test func callsOfBothSchemasAreComplete() throws {
        // call_log row 1 and the legacy call row (messages 6, media_wa_type 8) that was never moved to call_log.
        let calls = output.calls.sorted { ($0.startedAt?.utc ?? "") < ($1.startedAt?.utc ?? "") }
        #expect(calls.map { "\($0.source.table ?? "?"):\($0.source.rowid ?? -1)" } == ["messages:6", "call_log:1"])
        #expect(calls.map(\.durationSeconds) == [33, 95])
        #expect(calls.map(\.peer) == [WhatsAppAndroidFixture.alice, WhatsAppAndroidFixture.carol])
        #expect(output.record("whatsapp.android.calls")?.calls == 1)
        #expect(output.record("whatsapp.android.calls.legacy")?.calls == 1)
    }
}
