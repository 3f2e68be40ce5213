// Contacts and identities inside an ingest (issue 5): one contact row per identifier, identities normalized with
// each exhibit's --default-region, and sightings that link the same person across exhibits.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct IdentityStageTests {
    /// Three exhibits (Namibia, Cambodia, Myanmar) that write the same numbers the local way.
    @Test func numbersWrittenLocallyOnThreeDevicesResolveToTheSameIdentities() throws {
        let folder = TemporaryFolder()
        let generated = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/contacts_cross_exhibit.py").path, folder.path])
        try #require(generated.status == 0, "\(generated.stderr)")
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        for (exhibit, region) in [("exhibit-a", "NA"), ("exhibit-b", "KH"), ("exhibit-c", "MM")] {
            var options = IngestOptions(jobs: 2, scratchParent: folder.path)
            options.defaultRegion = region
            _ = try IngestJob(database: database, options: options).ingest(source: folder.file(exhibit))
        }
        let shared = try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT i.kind || ' ' || i.value FROM identities i JOIN identity_sightings s ON s.identity_id = i.id
                GROUP BY i.id HAVING count(DISTINCT s.exhibit_id) >= 2 ORDER BY i.value
                """)
        }
        #expect(shared == ["phone +264811234567", "phone +66812345678", "phone +85512345678"])
        // The raw strings stay beside the normalized value, one contact row per identifier.
        let handler = try database.read { db in
            try String.fetchAll(db, sql: "SELECT phone_raw FROM contacts WHERE phone_e164 = '+264811234567' ORDER BY id")
        }
        #expect(handler == ["081 123 4567", "+264 81 123 4567", "0026481 123 4567"])
        // The exhibit records which region its numbers were read with.
        let identifier = try database.read { db in try String.fetchOne(db, sql: "SELECT identifier FROM exhibits WHERE label = 'exhibit-b'") }
        #expect(identifier?.contains("; region KH;") == true)
        #expect(try ChainVerifier.verify(database).intact)
    }

    /// The NIST CFTT HTC Desire 626 address book (GROUND_TRUTH.md): 11 raw contacts, 1 deleted, 11 phones, 2 e-mails.
    @Test func theNISTAddressBookBecomesContactRowsAndIdentities() throws {
        let folder = TemporaryFolder()
        let source = folder.file("htc")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.corpusFile("toyeafo+agentic-forensic-research/contacts2.db"), toPath: source + "/contacts2.db")
        let database = try ingest([source], in: folder) { $0.defaultRegion = "US" }
        let counts = try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT count(DISTINCT contact_key) AS entries,
                       count(DISTINCT CASE WHEN deleted = 1 THEN contact_key END) AS deleted,
                       sum(kind = 'phone') AS phones, sum(kind = 'email') AS emails
                FROM contacts WHERE extractor = 'android.contacts'
                """)
        }
        #expect(counts?["entries"] as Int64? == 11)
        #expect(counts?["deleted"] as Int64? == 1)
        #expect(counts?["phones"] as Int64? == 11)
        #expect(counts?["emails"] as Int64? == 2)
        let deleted = try database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT name FROM contacts WHERE deleted = 1")
        }
        #expect(deleted == ["John Bonham"])
        // A US number written nationally is normalized with --default-region US; the raw text is kept.
        let jimi = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT phone_raw, phone_e164 FROM contacts WHERE name = 'Jimi Hendrix' AND kind = 'phone'")
        }
        #expect(jimi?["phone_raw"] as String? == "7691234560")
        #expect(jimi?["phone_e164"] as String? == "+17691234560")
        // The call in the same database is a sighting of the number it dialled.
        let call = try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT i.value, s.role, s.count FROM identity_sightings s JOIN identities i ON i.id = s.identity_id
                WHERE s.artifact_table = 'calls'
                """)
        }
        #expect(call?["value"] as String? == "+13019754971")
        #expect(call?["role"] as String? == "peer")
    }

    /// Message participants are aggregated per file, extractor and role: counts and first/last times.
    @Test func smsParticipantsAreAggregatedSightings() throws {
        let database = try ingest([Repo.testEvidence.appendingPathComponent("android-ffs.zip").path], in: TemporaryFolder())
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.value, s.role, s.count, s.first_at, s.last_at FROM identity_sightings s
                JOIN identities i ON i.id = s.identity_id WHERE s.artifact_table = 'messages' ORDER BY s.id
                """).map { "\($0["value"] as String) \($0["role"] as String) \($0["count"] as Int64) \($0["first_at"] as String) \($0["last_at"] as String)" }
        }
        // make-test-evidence: +15550100 sends 1 and receives 2 (one WAL-only); +8613800138000 sends 2 (one WAL-only).
        #expect(rows == [
            "15550100 sender 1 2024-03-15T10:00:00Z 2024-03-15T10:00:00Z",
            "15550100 recipient 2 2024-03-15T10:01:00Z 2024-03-15T10:03:00Z",
            "+8613800138000 sender 2 2024-03-15T10:02:00Z 2024-03-15T10:04:00Z",
        ])
    }
}
