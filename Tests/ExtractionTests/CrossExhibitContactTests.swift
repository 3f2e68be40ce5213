// Three generated seizures (Scripts/fixtures/contacts_cross_exhibit.py: Android in Namibia, vCard in Cambodia,
// iOS in Myanmar) write the same numbers the local way; with each exhibit's --default-region they resolve to the
// same E.164 identities, so "which devices know this number" is one lookup.

import EvidenceModel
import Extraction
import Identifiers
import Testing
import TestSupport

@Suite struct CrossExhibitContactTests {
    @Test func sameNumbersResolveToOneIdentity() throws {
        let folder = TemporaryFolder()
        let run = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/contacts_cross_exhibit.py").path, folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let exhibits: [(label: String, file: String, region: String)] = [
            ("exhibit-a", "exhibit-a/contacts2.db", "NA"),
            ("exhibit-b", "exhibit-b/contacts.vcf", "KH"),
            ("exhibit-c", "exhibit-c/AddressBook.sqlitedb", "MM"),
        ]
        // identity → exhibits and the names it appears under.
        var seen: [Identifier: Set<String>] = [:]
        var names: [Identifier: Set<String>] = [:]
        var unnormalized: [String] = []
        for exhibit in exhibits {
            let output = try ExtractionHarness.extract([folder.file(exhibit.file)], exhibitLabel: exhibit.label)
            #expect(output.warnings.isEmpty, "\(output.warnings)")
            for contact in output.contacts {
                var identities = contact.phones.compactMap { Identifiers.phone($0.raw, defaultRegion: exhibit.region) }
                identities += contact.emails.compactMap { Identifiers.email($0.raw) }
                identities += contact.handles.flatMap { handle in
                    IdentifierKind.service(handle.kind).map { Identifiers.handle($0, handle.value, defaultRegion: exhibit.region) } ?? []
                }
                for identity in identities {
                    seen[identity.identifier, default: []].insert(exhibit.label)
                    if let name = contact.displayName { names[identity.identifier, default: []].insert(name) }
                    if !identity.isNormalized { unnormalized.append("\(identity.raw): \(identity.note ?? "")") }
                }
            }
        }
        let shared = seen.filter { $0.value.count >= 2 }
        #expect(shared.keys.sorted() == [Identifier(.phone, "+264811234567"), Identifier(.phone, "+66812345678"), Identifier(.phone, "+85512345678")])
        #expect(shared.values.allSatisfy { $0.count == 3 })
        #expect(names[Identifier(.phone, "+264811234567")] == ["Handler", "Boss Namibia", "ဦး Boss"])
        // The WhatsApp JID on the Android contact is the same person as the number.
        #expect(seen[Identifier(.whatsapp, "264811234567@s.whatsapp.net")] == ["exhibit-a"])
        #expect(seen[Identifier(.email, "recruiter.kh@example.com")] == ["exhibit-b"])
        #expect(seen[Identifier(.phone, "+26461234567")] == ["exhibit-a"])
        #expect(seen[Identifier(.phone, "+95912345678")] == ["exhibit-c"])
        #expect(unnormalized == ["12345: too short for +264 (5 digits; expected 8-9)"])
    }
}
