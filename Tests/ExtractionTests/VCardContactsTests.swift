// vCard 2.1/3.0/4.0 from real clients (mangstadt/ez-vcard samples: Android, iPhone, Gmail, RFC 6350; the
// WhatsApp-Chat-Exporter contacts.vcf) with the counts of GROUND_TRUTH.md, plus jCard, charsets and UTF-16.

import EvidenceModel
import Extraction
import Foundation
import Identifiers
import Testing
import TestSupport

@Suite struct VCardContactsTests {
    static let folder = "mangstadt+ez-vcard/src/test/resources/ezvcard/io/text/"

    func cards(_ path: String) throws -> [Contact] {
        let output = try ExtractionHarness.extract([path])
        // ez-vcard's Android sample ends one QUOTED-PRINTABLE ORG value with a lone =80 byte.
        let expected = path.hasSuffix("John_Doe_ANDROID.vcf")
            ? ["extraction-partial: exhibit/John_Doe_ANDROID.vcf: vcard.contacts: line 82: ORG: not valid UTF-8; invalid bytes replaced with U+FFFD"] : []
        #expect(output.warnings == expected)
        return output.contacts(from: "vcard.contacts")
    }

    @Test(arguments: [
        ("John_Doe_ANDROID.vcf", 6, 9, 5),
        ("John_Doe_IPHONE.vcf", 1, 7, 1),
        ("John_Doe_GMAIL.vcf", 1, 2, 1),
        ("rfc6350-example.vcf", 1, 2, 1),
    ])
    func countsMatchGroundTruth(_ name: String, _ count: Int, _ phones: Int, _ emails: Int) throws {
        let contacts = try cards(Repo.corpusFile(Self.folder + name))
        #expect(contacts.count == count)
        #expect(contacts.flatMap(\.phones).count == phones)
        #expect(contacts.flatMap(\.emails).count == emails)
    }

    @Test func android21QuotedPrintableSoftBreaksAndPhotos() throws {
        let output = try ExtractionHarness.extract([Repo.corpusFile(Self.folder + "John_Doe_ANDROID.vcf")])
        let contacts = output.contacts(from: "vcard.contacts")
        #expect(contacts.map { $0.name ?? "-" } == ["-", "-", "Ñ Ñ Ñ Ñ Ñ", String(repeating: "Ñ ", count: 10) + "Ñ",
                                                    "Ñ Ñ Ñ Ñ", "ÑÑÑÑ"])
        #expect(contacts[0].emails == [ContactEmail(raw: "john.doe@company.com")])
        #expect(contacts[3].phones.map(\.raw) == ["123456", "234567", "3456789", "45678901"])
        #expect(contacts[3].phones.map(\.label) == ["cell", "home", "cell", "home"])
        #expect(contacts[4].emails.map(\.raw) == ["bob@company.com", String(repeating: "Ñ", count: 14)])
        #expect(contacts[4].organization == String(repeating: "Ñ", count: 12))
        // The first ORG of the last card is kept; its second, broken ORG is reported (warning above).
        #expect(contacts[5].organization == String(repeating: "Ñ", count: 44))
        #expect(output.record("vcard.contacts")?.status == .partial)
        #expect(contacts[4].givenName == "Ñ Ñ Ñ")
        #expect(contacts[4].phones.map(\.label) == ["cell", "work", "work,fax"])
        #expect(contacts[2].source == .line(11))
        // The base64 photo is skipped, never decoded into a field.
        #expect(contacts.allSatisfy { ($0.note ?? "").contains("/9j/") == false })
        #expect(output.record("vcard.contacts")?.detail?.contains("1 embedded photos or keys skipped") == true)
    }

    @Test func iPhoneGroupsLabelsAndStructuredName() throws {
        let card = try #require(try cards(Repo.corpusFile(Self.folder + "John_Doe_IPHONE.vcf")).first)
        #expect(card.name == "Mr. John Richter James Doe Sr.")
        #expect(card.familyName == "Doe")
        #expect(card.givenName == "John")
        #expect(card.middleName == "Richter,James")
        #expect(card.nickname == "Johny")
        #expect(card.organization == "IBM, Accounting")
        #expect(card.emails == [ContactEmail(raw: "john.doe@ibm.com")])
        #expect(card.phones.first == ContactPhone(raw: "905-555-1234", label: "cell,voice"))
        #expect(card.phones.last == ContactPhone(raw: "905-222-1234", label: "AssistantPhone"))
        #expect(PhoneNumber.parse(card.phones[0].raw, defaultRegion: "CA").e164 == "+19055551234")
    }

    @Test func gmailEscapesAndFolding() throws {
        let card = try #require(try cards(Repo.corpusFile(Self.folder + "John_Doe_GMAIL.vcf")).first)
        #expect(card.name == "Mr. John Richter, James Doe Sr.")
        #expect(card.middleName == "Richter, James")
        #expect(card.phones.map(\.raw) == ["905-555-1234", "905-666-1234"])
        let note = try #require(card.note)
        #expect(note.hasPrefix("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND ANY EXPRESS"))
        #expect(note.contains("LIMITED TO, THE IMPLIED"))
        #expect(note.hasSuffix("SUCH DAMAGE.\nFavotire Color: Blue"))
    }

    @Test func rfc6350TelURIs() throws {
        let card = try #require(try cards(Repo.corpusFile(Self.folder + "rfc6350-example.vcf")).first)
        #expect(card.name == "Simon Perreault")
        #expect(card.organization == "Viagenie")
        #expect(card.phones == [ContactPhone(raw: "tel:+1-418-656-9254;ext=102", label: "work,voice"),
                                ContactPhone(raw: "tel:+1-418-262-6501", label: "work,cell,voice,video,text")])
        #expect(card.phones.map { PhoneNumber.parse($0.raw).e164 } == ["+14186569254", "+14182626501"])
        #expect(card.emails == [ContactEmail(raw: "simon.perreault@viagenie.ca", label: "work")])
    }

    @Test func whatsAppExporterCards() throws {
        let contacts = try cards(Repo.corpusFile("KnugiHK+WhatsApp-Chat-Exporter/tests/data/contacts.vcf"))
        #expect(contacts.count == 6)
        #expect(contacts.flatMap(\.phones).map(\.raw) == ["+85288888888", "5673334444", "5556667777", "1234567890", "3451112222", "8889990001"])
        #expect(contacts.map(\.name) == ["Sample Contact", "Yard Lawn Guy, Jose Lopez", "John Butler 🌟💫🌟", "Airline Contact #'s",
                                         "James Peacock Elementary", "AAA Car Service"])
        #expect(contacts[2].givenName == "John Butler 🌟💫🌟")
        #expect(contacts[3].note == "Spirit Airlines 800-772-7117United Airlines 800-241-6522")
        #expect(PhoneNumber.parse(contacts[0].phones[0].raw).e164 == "+85288888888")
    }

    @Test func charsetsHandlesAndUTF16() throws {
        let folder = TemporaryFolder()
        var latin1 = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:M".utf8) + [0xFC] + Array("ller;J".utf8) + [0xFC] + Array("rgen\r\n".utf8)
        latin1 += Array("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller\r\nTEL;CELL:+49 171 1111111\r\n".utf8)
        latin1 += Array("X-SKYPE-USERNAME:juergen.m\r\nX-JABBER:jm@jabber.example\r\nX-AIM:jmaim\r\nEND:VCARD\r\n".utf8)
        latin1 += Array("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:สมชาย\r\nIMPP;PREF=1:xmpp:somchai@example.org\r\nIMPP:skype:somchai.s\r\n".utf8)
        latin1 += Array("X-SOCIALPROFILE;type=telegram;x-user=somchai_tg:https://t.me/somchai_tg\r\nTEL;VALUE=uri:tel:+66-81-234-5678\r\nEND:VCARD\r\n".utf8)
        try Data(latin1).write(to: URL(fileURLWithPath: folder.file("mixed.vcf")))
        let contacts = try cards(folder.file("mixed.vcf"))
        #expect(contacts.count == 2)
        #expect(contacts[0].name == "Jürgen Müller")
        #expect(contacts[0].familyName == "Müller")
        #expect(contacts[0].handles == [ContactHandle(kind: "skype", value: "juergen.m"), ContactHandle(kind: "jabber", value: "jm@jabber.example"),
                                        ContactHandle(kind: "aim", value: "jmaim")])
        #expect(contacts[1].handles == [ContactHandle(kind: "jabber", value: "somchai@example.org"), ContactHandle(kind: "skype", value: "somchai.s"),
                                        ContactHandle(kind: "telegram", value: "somchai_tg")])
        #expect(contacts[1].phones.map { PhoneNumber.parse($0.raw).e164 } == ["+66812345678"])

        // A UTF-16LE export with BOM (Windows address books).
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王小明\r\nTEL:+86 138 0013 8000\r\nEND:VCARD\r\n"
        try Data([0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: URL(fileURLWithPath: folder.file("utf16.vcf")))
        #expect(VCardContactsExtractor.probe(head: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("mixed.vcf")))), name: "x"))
        let chinese = try cards(folder.file("utf16.vcf"))
        #expect(chinese.map(\.name) == ["王小明"])
    }

    @Test func jCard() throws {
        let folder = TemporaryFolder()
        let json = """
            [["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Simon Perreault"],
              ["n", {}, "text", ["Perreault", "Simon", "", "", ["ing. jr", "M.Sc."]]],
              ["tel", {"type": ["work", "voice"], "pref": "1"}, "uri", "tel:+1-418-656-9254;ext=102"],
              ["email", {"type": "work"}, "text", "simon.perreault@viagenie.ca"],
              ["impp", {}, "uri", "skype:simon.p"]]],
             ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Kosal"], ["tel", {}, "text", "012 345 678"]]]]
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: folder.file("cards.json")))
        let output = try ExtractionHarness.extract([folder.file("cards.json")])
        let contacts = output.contacts(from: "jcard.contacts")
        #expect(contacts.count == 2)
        #expect(contacts[0].familyName == "Perreault")
        #expect(contacts[0].phones == [ContactPhone(raw: "tel:+1-418-656-9254;ext=102", label: "work,voice")])
        #expect(contacts[0].handles == [ContactHandle(kind: "skype", value: "simon.p")])
        #expect(contacts[0].source == .pointer("/0"))
        #expect(PhoneNumber.parse(contacts[1].phones[0].raw, defaultRegion: "KH").e164 == "+85512345678")
    }
}
