// E-mail addresses and typed app identifiers: normalization, the phone identity hidden in WhatsApp JIDs, and the
// participants of chat and call rows.

import Testing
@testable import Identifiers

@Suite struct IdentifierTests {
    @Test(arguments: [
        ("  John.Doe@IBM.com ", "john.doe@ibm.com"),
        ("mailto:Hendrix@Experienced.com", "hendrix@experienced.com"),
        ("<simon.perreault@viagenie.ca>", "simon.perreault@viagenie.ca"),
        ("a.b+tag@gmail.com", "a.b+tag@gmail.com"),
    ])
    func emails(_ raw: String, _ expected: String) {
        #expect(EmailAddress.normalize(raw) == expected)
        #expect(Identifiers.email(raw)?.identifier == Identifier(.email, expected))
        #expect(Identifiers.email(raw)?.raw == raw)
    }

    @Test(arguments: ["not an address", "a@b", "two@@example.com", "x@example.com, y@example.com", "@example.com"])
    func notEmails(_ raw: String) {
        #expect(EmailAddress.normalize(raw) == nil)
    }

    @Test func whatsappJIDs() {
        let user = Identifiers.handle(.whatsapp, "19198027080@s.whatsapp.net")
        #expect(user.map(\.identifier) == [Identifier(.whatsapp, "19198027080@s.whatsapp.net"), Identifier(.phone, "+19198027080")])
        // Multi-device JIDs name the same user.
        #expect(Identifiers.handle(.whatsapp, "19198027080:12@s.whatsapp.net").map(\.identifier)
            == [Identifier(.whatsapp, "19198027080@s.whatsapp.net"), Identifier(.phone, "+19198027080")])
        #expect(Identifiers.handle(.whatsapp, "120363000000000001@g.us").map(\.identifier) == [Identifier(.whatsappGroup, "120363000000000001@g.us")])
        #expect(Identifiers.handle(.whatsapp, "123456789012345@lid").map(\.identifier) == [Identifier(.whatsapp, "123456789012345@lid")])
        #expect(Identifiers.handle(.whatsapp, "status@broadcast").isEmpty)
        // WhatsApp's parse of 1-800-MY-APPLE: digits that are no possible number give no phone identity.
        #expect(Identifiers.handle(.whatsapp, "11800@s.whatsapp.net").map(\.identifier) == [Identifier(.whatsapp, "11800@s.whatsapp.net")])
    }

    @Test func appHandles() {
        #expect(Identifiers.handle(.telegram, "@AlisaS").map(\.identifier) == [Identifier(.telegram, "@alisas")])
        #expect(Identifiers.handle(.telegram, "https://t.me/AlisaS").map(\.identifier) == [Identifier(.telegram, "@alisas")])
        #expect(Identifiers.handle(.telegram, "5000000002").map(\.identifier) == [Identifier(.telegram, "5000000002")])
        #expect(Identifiers.handle(.skype, "skype:Gen.Beringer?call").map(\.identifier) == [Identifier(.skype, "gen.beringer")])
        #expect(Identifiers.handle(.skype, "8:live:.cid.123abc").map(\.identifier) == [Identifier(.skype, "live:.cid.123abc")])
        #expect(Identifiers.handle(.kik, "jon.doh2015_mql@talk.kik.com").map(\.identifier) == [Identifier(.kik, "jon.doh2015")])
        #expect(Identifiers.handle(.kik, "SolidRavenOcelot89").map(\.identifier) == [Identifier(.kik, "solidravenocelot89")])
        #expect(Identifiers.handle(.line, "U4af4980629abcdef0123456789abcdef").map(\.identifier) == [Identifier(.line, "u4af4980629abcdef0123456789abcdef")])
        #expect(Identifiers.handle(.imo, "2000810370507916").map(\.identifier) == [Identifier(.imo, "2000810370507916")])
        #expect(Identifiers.handle(.viber, "+66 81 234 5678").map(\.identifier) == [Identifier(.viber, "+66812345678"), Identifier(.phone, "+66812345678")])
        #expect(IdentifierKind.service("X-SKYPE-USERNAME") == .skype)
        #expect(IdentifierKind.service("xmpp") == .jabber)
        #expect(IdentifierKind.service("X-AIM") == nil)
    }

    @Test func participants() {
        #expect(Identifiers.participant(app: "sms", id: "1 555-521-5554", defaultRegion: "US").map(\.identifier) == [Identifier(.phone, "+15555215554")])
        #expect(Identifiers.participant(app: "imessage", id: "Someone@iCloud.com").map(\.identifier) == [Identifier(.email, "someone@icloud.com")])
        #expect(Identifiers.participant(app: "whatsapp", id: "491711111111@s.whatsapp.net").map(\.identifier)
            == [Identifier(.whatsapp, "491711111111@s.whatsapp.net"), Identifier(.phone, "+491711111111")])
        #expect(Identifiers.participant(app: "skype", id: "gen.beringer").map(\.identifier) == [Identifier(.skype, "gen.beringer")])
        let unknown = Identifiers.participant(app: "phone", id: "3019754971")
        #expect(unknown.first?.identifier == Identifier(.phone, "3019754971"))
        #expect(unknown.first?.note == "no country: national number without --default-region")
        #expect(unknown.first?.isNormalized == false)
    }
}
