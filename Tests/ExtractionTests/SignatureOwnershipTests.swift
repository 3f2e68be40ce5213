// A database is read by the extractors of its own app only: look-alike tables of other apps (Viber's `calls`,
// a transitional WhatsApp msgstore.db with both schemas) must not be read twice under another app's name.

import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct SignatureOwnershipTests {
    static func fixture(_ script: String, _ folder: TemporaryFolder) throws -> String {
        let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/\(script)").path, folder.path])
        try #require(result.status == 0, "\(result.stderr)")
        return folder.path
    }

    @Test func viberCallsAreNotAlsoAndroidCallLogCalls() throws {
        let folder = TemporaryFolder()
        _ = try Self.fixture("viber_android.py", folder)
        let output = try ExtractionHarness.extract([folder.file("viber_data")])
        #expect(Set(output.records.map(\.extractor)) == ["viber.android.calls"])
    }

    @Test func aTransitionalMsgstoreIsReadOnceByTheCurrentSchemaExtractor() throws {
        let folder = TemporaryFolder()
        _ = try Self.fixture("whatsapp_android.py", folder)
        let path = folder.file("msgstore.db")
        // Add a legacy-shaped `messages` table beside the current schema, as transitional versions had.
        let result = try Tool.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("CREATE TABLE messages (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, key_from_me INTEGER, key_id TEXT, timestamp INTEGER, data TEXT); INSERT INTO messages VALUES (1, 'x@s.whatsapp.net', 0, 'K', 1, 'old copy');")
            db.commit()
            """, [path])
        try #require(result.status == 0, "\(result.stderr)")
        let output = try ExtractionHarness.extract([path])
        #expect(!output.records.contains { $0.extractor == "whatsapp.android.messages.legacy" })
        // Read once, by one extractor, yet the legacy-only row is not lost (WhatsAppAndroidTransitionalTests).
        #expect(output.record("whatsapp.android.messages")?.messages == 13)
        #expect(output.messages.filter { $0.source.table == "messages" }.map(\.body) == ["old copy"])
    }

    @Test func aMessageTableTheCurrentExtractorCannotReadDoesNotSilenceTheLegacyOne() throws {
        let folder = TemporaryFolder()
        _ = try Self.fixture("whatsapp_android.py", folder)
        let path = folder.file("msgstore-legacy.db")
        // An early `message` table without the columns whatsapp.android.messages needs (no chat/jid tables either).
        let result = try Tool.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("CREATE TABLE message (_id INTEGER PRIMARY KEY, key_id TEXT, text_data TEXT); INSERT INTO message VALUES (2, 'LEG1', NULL);")
            db.commit()
            """, [path])
        try #require(result.status == 0, "\(result.stderr)")
        let output = try ExtractionHarness.extract([path])
        #expect(output.record("whatsapp.android.messages") == nil)
        #expect(output.record("whatsapp.android.messages.legacy")?.messages == 8)
    }
}
