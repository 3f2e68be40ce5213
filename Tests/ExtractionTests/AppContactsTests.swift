// Messaging-app contact lists: WhatsApp iOS ContactsV2.sqlite (iLEAPP josh_ios15 zip: 9 contacts), WhatsApp
// Android wa.db (generated, Scripts/fixtures/whatsapp_android.py), Skype main.db (plaso: 2), Kik (plaso: 25),
// imo (plaso: 4), Telegram Android cache4.db contacts (generated, Scripts/fixtures/contacts_telegram.py).

import EvidenceModel
import Extraction
import Identifiers
import Testing
import TestSupport

@Suite struct AppContactsTests {
    @Test func whatsAppIOS() throws {
        let folder = TemporaryFolder()
        let path = try ZipMember.extract(Repo.corpusFile("abrignoni+iLEAPP/admin/test/cases/data/whatsApp/testdata.whatsApp.whatsAppCallHistory.josh_ios15_ffs.zip"),
                                         member: "filesystem2/mobile/Containers/Shared/AppGroup/694FBBC5-2E69-480A-A25B-FF8CC038BEF8/ContactsV2.sqlite",
                                         into: folder)
        let contacts = try ExtractionHarness.extract([path]).contacts(from: "whatsapp.ios.contacts")
        #expect(contacts.count == 9)
        #expect(contacts.map(\.name) == ["This Is DFIR", "Thom De'Fer", "Josh Hickman", "ThisIs DFIRThree", "This Is DFIR Two", "Liz",
                                         "Josh Hickman", "This DFIR", "Apple Inc."])
        let liz = contacts[5]
        #expect(liz.phones == [ContactPhone(raw: "+1 (919) 208-4530", label: "Mobile")])
        #expect(liz.handles == [ContactHandle(kind: "whatsapp", value: "19192084530@s.whatsapp.net")])
        #expect(liz.source == .row("ZWAADDRESSBOOKCONTACT", 6))
        #expect(contacts[0].status == "not a whatsapp user")
        #expect(contacts[4].note == "Hey there! I am using WhatsApp.")
        #expect(contacts[6].phones.first?.label == "TextNow")
        // The JID and the number written in the address book are one phone identity.
        for contact in contacts where !contact.handles.isEmpty && contact.name != "Apple Inc." {
            let fromJID = Identifiers.handle(.whatsapp, contact.handles[0].value).map(\.identifier).filter { $0.kind == .phone }
            let fromNumber = contact.phones.compactMap { Identifiers.phone($0.raw, defaultRegion: "US")?.identifier }
            #expect(fromJID == fromNumber, "\(contact.name ?? "")")
        }
    }

    @Test func whatsAppAndroid() throws {
        let folder = TemporaryFolder()
        let run = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/whatsapp_android.py").path, folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let output = try ExtractionHarness.extract([folder.file("wa.db")])
        let contacts = output.contacts(from: "whatsapp.android.contact-list")
        #expect(contacts.count == 6)
        #expect(contacts.map(\.name) == ["Alice Müller", "Bob 王", "สมชาย", "Wei 陈", "Carol", contacts[5].name])
        #expect(contacts[0].phones == [ContactPhone(raw: "+49 171 1111111")])
        #expect(contacts[0].handles == [ContactHandle(kind: "whatsapp", value: "491711111111@s.whatsapp.net")])
        #expect(contacts[0].nickname == "Ali")
        #expect(contacts[2].phones.isEmpty)
        #expect(contacts[5].status == "group")
        #expect(contacts[0].source == .row("wa_contacts", 1))
    }

    @Test func skype() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/sqlite/skype_main.db")])
        let contacts = output.contacts(from: "skype.desktop.contacts")
        #expect(contacts.map(\.contactId) == ["echo123", "european.bbq.competitor"])
        #expect(contacts.map(\.name) == ["Echo / Sound Test Service", "European Competitor"])
        #expect(contacts.allSatisfy { $0.account == "gen.beringer" })
        #expect(contacts[1].handles == [ContactHandle(kind: "skype", value: "european.bbq.competitor")])
        #expect(contacts[0].source == .row("Contacts", 27))
    }

    @Test func kikAndImo() throws {
        let kik = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/ios/kik.sqlite")]).contacts(from: "kik.ios.contacts")
        #expect(kik.count == 25)
        #expect(kik[0].name == "Andy Murraymints")
        #expect(kik[0].handles == [ContactHandle(kind: "kik", value: "jon.doh2015")])
        #expect(kik[0].contactId == "jon.doh2015_mql@talk.kik.com")
        let imo = try ExtractionHarness.extract([Repo.corpusFile("log2timeline+plaso/test_data/ios/IMODb2.sqlite")]).contacts(from: "imo.ios.contacts")
        #expect(imo.map(\.name) == ["This Is DFIR Two", "Josh", "Josh Hickman", "Josh Hickman"])
        #expect(imo.map { $0.phones.first?.raw } == ["(919) 888-7386", nil, "(919) 391-2507", "(919) 579-0479"])
        #expect(imo[0].handles == [ContactHandle(kind: "imo", value: "2000810370507916")])
    }

    @Test func telegramAndroid() throws {
        let folder = TemporaryFolder()
        let run = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/contacts_telegram.py").path, folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let output = try ExtractionHarness.extract([folder.file("cache4.db")])
        let contacts = output.contacts(from: "telegram.android.contacts")
        #expect(contacts.count == 3)
        let wang = try #require(contacts.first { $0.contactId == "777000" })
        #expect(wang.name == "王 小明")
        #expect(wang.phones.isEmpty)
        let alice = try #require(contacts.first { $0.contactId == "5000000002" })
        #expect(alice.name == "Алиса Смирнова")
        #expect(alice.status == "mutual")
        #expect(alice.phones == [ContactPhone(raw: "79990001122", label: "telegram", sourceNormalized: "+79990001122")])
        #expect(alice.handles == [ContactHandle(kind: "telegram", value: "5000000002"), ContactHandle(kind: "telegram", value: "@alisa")])
        let bob = try #require(contacts.first { $0.contactId == "123456" })
        #expect(bob.name == "bob builder")
        #expect(output.record("telegram.android.contacts")?.detail?.contains("1 contacts named from the lower-cased search column") == true)
    }
}
