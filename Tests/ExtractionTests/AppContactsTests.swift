// Messaging-app contact lists: WhatsApp iOS ContactsV2.sqlite (iLEAPP josh_ios15 zip: 9 contacts), WhatsApp
// Android wa.db (generated, Scripts/fixtures/whatsapp_android.py), Skype main.db (plaso: 2), Kik (plaso: 25),
// imo (plaso: 4), Telegram Android cache4.db contacts (generated, Scripts/fixtures/contacts_telegram.py), LINE
// Android naver_line contacts (Scripts/fixtures/line_android.py, ALEAPP line.py schema), Viber Android
// participants_info (Scripts/fixtures/viber_android.py, ALEAPP viber.py schema) and the Telegram Desktop
// full-account export's contact list (Scripts/fixtures/telegram_export.py, tdesktop export_output_json.cpp).

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

    static func fixture(_ script: String) throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        let run = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/\(script)").path, folder.path])
        try #require(run.status == 0, "\(run.stderr)")
        return folder
    }

    @Test func lineAndroid() throws {
        let folder = try Self.fixture("line_android.py")
        let contacts = try ExtractionHarness.extract([folder.file("naver_line")]).contacts(from: "line.android.contact-list")
        #expect(contacts.count == 4)
        // custom_name before name before server_name; addressbook_name last.
        #expect(contacts.map(\.name) == ["สมชาย ใจดี", "太郎さん", "Kenji", "Mom 👩"])
        #expect(contacts.map(\.contactId) == ["u1111", "u2222", "u3333", "u5555"])
        #expect(contacts.map(\.status) == [nil, nil, "blocked", "removed friend"])
        #expect(contacts[1].handles == [ContactHandle(kind: "line", value: "u2222")])
        #expect(contacts[1].nickname == "Taro")
        #expect(contacts.allSatisfy { $0.app == "line" && $0.phones.isEmpty })
        #expect(contacts[3].source == .row("contacts", 4))
        // The older schema: contacts (m_id, name, server_name) only.
        let older = try ExtractionHarness.extract([folder.file("naver_line_v1")])
        let old = older.contacts(from: "line.android.contact-list")
        #expect(old.map(\.name) == ["李雷"])
        #expect(old.first?.handles == [ContactHandle(kind: "line", value: "u4444")])
        #expect(old.first?.status == nil)
        #expect(older.warnings.isEmpty)
    }

    @Test func viberAndroid() throws {
        let folder = try Self.fixture("viber_android.py")
        let contacts = try ExtractionHarness.extract([folder.file("viber_messages")]).contacts(from: "viber.android.contacts")
        #expect(contacts.count == 4)
        #expect(contacts.map(\.name) == ["Owner", "นิด", "王伟", nil])
        #expect(contacts.map { $0.phones.map(\.raw) } == [["+66811111111"], ["+66822222222"], ["+8613900000000"], ["+81900000000"]])
        #expect(contacts.map(\.status) == ["owner", nil, nil, nil])
        #expect(contacts.allSatisfy { $0.account == "+66811111111" })
        #expect(contacts[1].handles == [ContactHandle(kind: "viber", value: "NidMemberId000000000000=")])
        #expect(contacts[1].nickname == "Nid V")
        #expect(contacts[2].handles.isEmpty)
        #expect(contacts[1].contactId == "2")
        #expect(contacts[3].source == .row("participants_info", 4))
        // The older schema: participants_info (number, display_name).
        let old = try ExtractionHarness.extract([folder.file("viber_messages_v1")]).contacts(from: "viber.android.contacts")
        #expect(old.map(\.name) == ["Alice"])
        #expect(old.first?.phones == [ContactPhone(raw: "+447700900123")])
        #expect(old.first?.status == nil)
        // viber_data (calls, address-book mirror) gives no contacts.
        #expect(try ExtractionHarness.extract([folder.file("viber_data")]).contacts.isEmpty)
    }

    @Test func telegramDesktopExport() throws {
        let folder = try Self.fixture("telegram_export.py")
        let output = try ExtractionHarness.extract([folder.path + "/full/result.json"])
        let contacts = output.contacts(from: "telegram.desktop.contacts")
        #expect(contacts.count == 5)
        #expect(contacts.map(\.name) == ["Alice", "Bob 王", "สมชาย", "Мария Иванова", "Hidden Number"])
        #expect(contacts.map(\.source.locator) == ["/contacts/list/0", "/contacts/list/1", "/contacts/list/2", "/contacts/list/3", "/contacts/list/5"])
        let maria = contacts[3]
        #expect(maria.source == .pointer("/contacts/list/3"))
        #expect(maria.contactId == "444444444")
        #expect(maria.givenName == "Мария")
        #expect(maria.familyName == "Иванова")
        #expect(maria.phones == [ContactPhone(raw: "+7 916 555 0101")])
        #expect(maria.handles == [ContactHandle(kind: "telegram", value: "444444444")])
        #expect(contacts.allSatisfy { $0.account == "user111111111" && $0.app == "telegram" })
        // An entry from an export before user_id: the number and name only.
        #expect(contacts[2].contactId == nil)
        #expect(contacts[2].handles.isEmpty)
        #expect(contacts[2].phones == [ContactPhone(raw: "+66 81 234 5678")])
        #expect(contacts[4].phones.isEmpty)
        #expect(output.record("telegram.desktop.contacts")?.detail?.contains("1 contact entries without a user id, name or number") == true)
        // The chat extractor still reads the same file.
        #expect(output.messages(from: "telegram.desktop.export").count == 13)
        // Single-chat exports have no contact list and are not claimed.
        for shape in ["single", "group"] {
            let single = try ExtractionHarness.extract([folder.path + "/\(shape)/result.json"])
            #expect(single.record("telegram.desktop.contacts") == nil, "\(shape)")
        }
    }

    @Test func telegramDesktopContactsAfterChats() throws {
        let folder = try Self.fixture("telegram_export.py")
        // The same export with `contacts` written after `chats` and `personal_information` last.
        let path = folder.path + "/reordered.json"
        let result = try Tool.python("""
            import json, sys
            doc = json.load(open(sys.argv[1], encoding="utf-8"))
            order = [k for k in doc if k not in ("contacts", "personal_information")] + ["contacts", "personal_information"]
            json.dump({k: doc[k] for k in order}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
            """, [folder.path + "/full/result.json", path])
        try #require(result.status == 0, "\(result.stderr)")
        let contacts = try ExtractionHarness.extract([path]).contacts(from: "telegram.desktop.contacts")
        #expect(contacts.map(\.contactId) == ["222222222", "666666666", nil, "444444444", "555555555"])
        #expect(contacts.allSatisfy { $0.account == "user111111111" })
    }

    @Test func telegramDesktopProbe() {
        let probe = TelegramDesktopContactsExtractor.probe
        #expect(probe(Array(#"{"about": "x", "contacts": {"about": "y", "list": []}}"#.utf8), "result.json"))
        #expect(probe(Array(#"{"personal_information": {"user_id": 1}}"#.utf8), "result.json"))
        #expect(!probe(Array(#"{"name": "Bob", "type": "personal_chat", "messages": [{"text": "contacts"}]}"#.utf8), "result.json"))
        #expect(!probe(Array(#"[{"contacts": {}}]"#.utf8), "result.json"))
    }
}
