// Participants of apps without an identity kind of their own: phone numbers and e-mail addresses are read as
// such; anything else stays an id of that app instead of being read as the digits it happens to contain.

import Testing
@testable import Identifiers

@Suite struct ParticipantKindTests {
    @Test(arguments: [
        ("hangouts", "112549252980293459976", "hangouts", "112549252980293459976"),
        ("sms", "HDFC-BANK", "sms", "HDFC-BANK"),
        ("sms", "HDFC123", "sms", "HDFC123"),
        ("sms", "+264 81 123 4567", "phone", "+264811234567"),
        ("phone", "tel:+1 (415) 555-0132", "phone", "+14155550132"),
        ("imessage", "Someone@iCloud.com", "email", "someone@icloud.com"),
    ])
    func participant(app: String, id: String, kind: String, value: String) {
        // (see also `callLogMarkersAreNoIdentity`)
        let resolved = Identifiers.participant(app: app, id: id)
        #expect(resolved.map(\.identifier.kind.rawValue) == [kind])
        #expect(resolved.map(\.identifier.value) == [value])
    }

    @Test func callLogMarkersAreNoIdentity() {
        #expect(Identifiers.participant(app: "phone", id: "-2").isEmpty)
        #expect(Identifiers.participant(app: "phone", id: "PRIVATE").isEmpty)
    }
}
