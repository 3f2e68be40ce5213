// iOS AddressBook.sqlitedb with its WAL from the iLEAPP josh_ios15_ffs test zip (GROUND_TRUTH.md: 9 persons,
// 7 phones, 4 e-mails; Apple Inc. with 1-800-MY-APPLE; two stores, "Card" holding the owner's card).

import EvidenceModel
import Extraction
import Identifiers
import Testing
import TestSupport

@Suite struct AddressBookIOSContactsTests {
    let output: HarnessOutput
    let folder = TemporaryFolder()

    init() throws {
        let path = try ZipMember.extract(Repo.corpusFile("abrignoni+iLEAPP/admin/test/cases/data/addressBook/testdata.addressBook.addressBook.josh_ios15_ffs.zip"),
                                         member: "filesystem2/mobile/Library/AddressBook/AddressBook.sqlitedb", into: folder)
        output = try ExtractionHarness.extract([path])
    }

    var contacts: [Contact] { output.contacts(from: "ios.addressbook.contacts") }

    @Test func countsMatchGroundTruth() {
        #expect(contacts.count == 9)
        #expect(contacts.flatMap(\.phones).count == 7)
        #expect(contacts.flatMap(\.emails).count == 4)
        #expect(contacts.map(\.name) == ["This Is DFIR Two", "Apple Inc.", "This Is DFIR", "This DFIR", "Liz", "ThisIs DFIRThree",
                                         "Josh Hickman", "Thom De'Fer", "This Is DFIR Two"])
        #expect(output.record("ios.addressbook.contacts")?.contacts == 9)
    }

    @Test func multiValuesLabelsAndStores() throws {
        let josh = try #require(contacts.first { $0.contactId == "7" })
        #expect(josh.phones == [ContactPhone(raw: "(919) 579-0479", label: "Mobile"), ContactPhone(raw: "(919) 391-2507", label: "TextNow")])
        #expect(josh.emails == [ContactEmail(raw: "joshuahickman957@gmail.com", label: nil)])
        #expect(josh.givenName == "Josh")
        #expect(josh.familyName == "Hickman")
        #expect(josh.account == "Address Book")
        #expect(josh.source == .row("ABPerson", 7))
        let apple = try #require(contacts.first { $0.contactId == "2" })
        #expect(apple.organization == "Apple Inc.")
        #expect(apple.phones == [ContactPhone(raw: "1-800-MY-APPLE", label: "Main")])
        #expect(PhoneNumber.parse(apple.phones[0].raw, defaultRegion: "US").e164 == "+18006927753")
        let owner = try #require(contacts.first { $0.status == "owner" })
        #expect(owner.contactId == "3")
        #expect(owner.account == "Card")
    }

    @Test func duplicatesStayRowsButShareIdentities() {
        // "This Is DFIR Two" is in both stores: two rows, one phone and one e-mail identity.
        let twins = contacts.filter { $0.name == "This Is DFIR Two" }
        #expect(twins.count == 2)
        let phones = Set(twins.flatMap(\.phones).compactMap { Identifiers.phone($0.raw, defaultRegion: "US")?.identifier })
        let emails = Set(twins.flatMap(\.emails).compactMap { Identifiers.email($0.raw)?.identifier })
        #expect(phones == [Identifier(.phone, "+19198887386")])
        #expect(emails == [Identifier(.email, "thisisdfirtwo@gmail.com")])
    }
}
