// Android address book from the NIST CFTT HTC Desire 626 contacts2.db and profile.db (GROUND_TRUTH.md: 11 raw
// contacts including 1 deleted, 11 phones, 2 e-mails; the owner's profile holds cfttmobile1@gmail.com).

import EvidenceModel
import Extraction
import Identifiers
import Testing
import TestSupport

@Suite struct AndroidContactsTests {
    let output: HarnessOutput

    init() throws {
        output = try ExtractionHarness.extract([Repo.corpusFile("toyeafo+agentic-forensic-research/contacts2.db"),
                                                Repo.corpusFile("toyeafo+agentic-forensic-research/profile.db")])
    }

    var contacts: [Contact] { output.contacts(from: "android.contacts").filter { $0.status != "owner" } }

    @Test func countsMatchGroundTruth() throws {
        #expect(contacts.count == 11)
        #expect(contacts.filter(\.deleted).map(\.name) == ["John Bonham"])
        #expect(contacts.flatMap(\.phones).count == 11)
        #expect(contacts.flatMap(\.emails).map(\.raw).sorted() == ["hendrix@experienced.com", "stevie@srv.com"])
        #expect(output.records.filter { $0.extractor == "android.contacts" }.map(\.contacts) == [11, 1])
        #expect(output.record("android.contacts")?.status == .ok)
        // The existing name directory still runs on the same database.
        #expect(ExtractorRegistry.directories.contains { $0.info.id == "android.contacts.directory" })
    }

    @Test func fieldsAndProvenance() throws {
        let bonham = try #require(contacts.first { $0.contactId == "17" })
        #expect(bonham.name == "John Bonham")
        #expect(bonham.givenName == "John")
        #expect(bonham.familyName == "Bonham")
        #expect(bonham.deleted)
        #expect(bonham.phones == [ContactPhone(raw: "(987) 876-7654", label: "other")])
        #expect(bonham.account == "cfttmobile1@gmail.com (com.google)")
        #expect(bonham.source == .row("raw_contacts", 17))
        #expect(bonham.provenance.walState == .main)
        let chinese = try #require(contacts.first { $0.contactId == "12" })
        #expect(chinese.name == "阿恶哈拉")
        #expect(chinese.phones == [ContactPhone(raw: "+86 35 8 763 30 07", label: "mobile", sourceNormalized: "+863587633007")])
        let hendrix = try #require(contacts.first { $0.contactId == "14" })
        #expect(hendrix.emails == [ContactEmail(raw: "hendrix@experienced.com", label: "home")])
        #expect(hendrix.status == "starred")
        let voicemail = try #require(contacts.first { $0.contactId == "20" })
        #expect(voicemail.account == "SIM (com.htc.contacts.sim)")
        let srv = try #require(contacts.first { $0.contactId == "16" })
        #expect(srv.middleName == "Ray")
    }

    @Test func ownerProfile() throws {
        let owner = try #require(output.contacts(from: "android.contacts").first { $0.status == "owner" })
        #expect(owner.emails.map(\.raw) == ["cfttmobile1@gmail.com"])
        #expect(owner.contactId == "9223372034707292161")
    }

    @Test func phonesNormalizeWithTheUSRegion() throws {
        let keys = contacts.flatMap(\.phones).map { PhoneNumber.parse($0.raw, defaultRegion: "US") }
        #expect(keys.compactMap(\.e164).sorted() == ["+17691234560", "+18056377243", "+18785551111", "+18887771212",
                                                     "+18988675309", "+19878767654", "+863587633007"])
        #expect(keys.filter { $0.e164 == nil }.map(\.raw).sorted() == ["+33 22 6 555 20 20", "1234567890", "411", "611"])
    }
}
