// Phone-number normalization: raw → E.164 tables across regions and formats, the NIST HTC numbers of
// GROUND_TRUTH.md, and the reasons given when a number cannot be normalized.

import Testing
@testable import Identifiers

struct PhoneCase: CustomTestStringConvertible, Sendable {
    var raw: String
    var region: String?
    var e164: String
    var testDescription: String { "\(raw) [\(region ?? "-")] → \(e164)" }
    init(_ raw: String, _ region: String?, _ e164: String) {
        self.raw = raw
        self.region = region
        self.e164 = e164
    }
}

struct FailCase: CustomTestStringConvertible, Sendable {
    var raw: String
    var region: String?
    var reason: String
    var digits: String
    var testDescription: String { "\(raw) [\(region ?? "-")] ✗ \(reason)" }
    init(_ raw: String, _ region: String?, _ reason: String, digits: String) {
        self.raw = raw
        self.region = region
        self.reason = reason
        self.digits = digits
    }
}

enum PhoneVectors {
    /// Expected values confirmed with libphonenumber (Python `phonenumbers` 9.0.43, `format_number(E164)`).
    static let normalized: [PhoneCase] = [
        // International forms need no region.
        PhoneCase("+264 81 123 4567", nil, "+264811234567"),
        PhoneCase("0026481 123 4567", nil, "+264811234567"),
        PhoneCase("+855 12 345 678", nil, "+85512345678"),
        PhoneCase("+63 917 123 4567", nil, "+639171234567"),
        PhoneCase("+86 138 0013 8000", nil, "+8613800138000"),
        PhoneCase("+44 (0)20 7946 0018", nil, "+442079460018"),
        PhoneCase("+91 98765 43210", nil, "+919876543210"),
        PhoneCase("+39 06 1234 5678", nil, "+390612345678"),
        PhoneCase("+971 50 123 4567", nil, "+971501234567"),
        PhoneCase("+1 (919) 208-4530", nil, "+19192084530"),
        PhoneCase("tel:+1-418-656-9254;ext=102", nil, "+14186569254"),
        PhoneCase("＋８５５ １２ ３４５ ６７８", nil, "+85512345678"),
        // National numbers with the exhibit's region: trunk prefixes stripped, dial-out prefixes recognized.
        PhoneCase("081 123 4567", "NA", "+264811234567"),
        PhoneCase("00264811234567", "NA", "+264811234567"),
        PhoneCase("264811234567", "NA", "+264811234567"),
        PhoneCase("012 345 678", "KH", "+85512345678"),
        PhoneCase("001 66 81 234 5678", "KH", "+66812345678"),
        PhoneCase("09 1234 5678", "MM", "+95912345678"),
        PhoneCase("020 5555 1234", "LA", "+8562055551234"),
        PhoneCase("0917 123 4567", "PH", "+639171234567"),
        PhoneCase("081 234 5678", "TH", "+66812345678"),
        PhoneCase("๐๘๑ ๒๓๔ ๕๖๗๘", "TH", "+66812345678"),
        PhoneCase("138 0013 8000", "CN", "+8613800138000"),
        PhoneCase("0912 345 678", "VN", "+84912345678"),
        PhoneCase("0812-3456-789", "ID", "+628123456789"),
        PhoneCase("012-345 6789", "MY", "+60123456789"),
        PhoneCase("1-888-777-1212", "US", "+18887771212"),
        PhoneCase("011 44 20 7946 0018", "US", "+442079460018"),
        PhoneCase("07700 900123", "GB", "+447700900123"),
        PhoneCase("0803 123 4567", "NG", "+2348031234567"),
        PhoneCase("024 123 4567", "GH", "+233241234567"),
        PhoneCase("050 123 4567", "AE", "+971501234567"),
        PhoneCase("٠٥٠١٢٣٤٥٦٧", "AE", "+971501234567"),
        PhoneCase("098765 43210", "IN", "+919876543210"),
        PhoneCase("8 (912) 345-67-89", "RU", "+79123456789"),
        PhoneCase("0412 345 678", "AU", "+61412345678"),
        PhoneCase("0011 61 412 345 678", "AU", "+61412345678"),
        PhoneCase("(613) 555-0123", "CA", "+16135550123"),
        PhoneCase("06 12 34 56 78", "FR", "+33612345678"),
        PhoneCase("06 1234 5678", "IT", "+390612345678"),
        PhoneCase("0151 23456789", "DE", "+4915123456789"),
        PhoneCase("0044 20 7946 0018", "DE", "+442079460018"),
        PhoneCase("5555 1234", "GT", "+50255551234"),
        PhoneCase("8888 1234", "CR", "+50688881234"),
        // Vanity numbers: keypad letters (libphonenumber maps three or more letters the same way).
        PhoneCase("1-800-MY-APPLE", "US", "+18006927753"),
        // NIST CFTT HTC Desire 626 contacts2.db (GROUND_TRUTH.md), a US phone.
        PhoneCase("+18056377243", "US", "+18056377243"),
        PhoneCase("+86 35 8 763 30 07", "US", "+863587633007"),
        PhoneCase("7691234560", "US", "+17691234560"),
        PhoneCase("8785551111", "US", "+18785551111"),
        PhoneCase("8887771212", "US", "+18887771212"),
        PhoneCase("8988675309", "US", "+18988675309"),
        PhoneCase("(987) 876-7654", "US", "+19878767654"),
        // iOS address book and WhatsApp ContactsV2 (Josh Hickman iOS 15).
        PhoneCase("(919) 888-7386", "US", "+19198887386"),
        PhoneCase("+1 (919) 208-4530", "US", "+19192084530"),
    ]

    static let failing: [FailCase] = [
        FailCase("081 123 4567", nil, "no country: national number without --default-region", digits: "0811234567"),
        FailCase("+33 22 6 555 20 20", "US", "invalid length for +33 (10 digits; expected 9)", digits: "332265552020"),
        FailCase("0033 22 6 555 20 20", nil, "invalid length for +33 (10 digits; expected 9)", digits: "332265552020"),
        FailCase("411", "US", "too short for +1 (3 digits; expected 10)", digits: "411"),
        FailCase("611", "US", "too short for +1 (3 digits; expected 10)", digits: "611"),
        FailCase("1234567890", "US", "not a NANP number: area code cannot start with 0 or 1", digits: "1234567890"),
        FailCase("555-1234", "US", "local number without area code for US (7 digits)", digits: "5551234"),
        FailCase("*86", "US", "service code (contains * or #)", digits: "86"),
        FailCase("+999 123", nil, "unknown country calling code", digits: "999123"),
        FailCase("12 34", "XX", "unknown region XX", digits: "1234"),
        FailCase("", "US", "no digits", digits: ""),
        FailCase("Mum", "US", "contains letters", digits: ""),
        FailCase("Kosal 012", "KH", "contains letters", digits: "012"),
        FailCase("+855 12 345 678 (office)", nil, "contains letters", digits: "85512345678"),
        FailCase("+855 12 345 678 é", nil, "not a phone number: contains 'é'", digits: "85512345678"),
        FailCase("+855 12 345 678 999 999", nil, "invalid length for +855 (14 digits; expected 8-10)", digits: "85512345678999999"),
    ]
}

@Suite struct PhoneNumberTests {
    @Test(arguments: PhoneVectors.normalized)
    func normalizes(_ vector: PhoneCase) {
        let number = PhoneNumber.parse(vector.raw, defaultRegion: vector.region)
        #expect(number.e164 == vector.e164, "\(number.reason ?? "")")
        #expect(number.reason == nil)
        #expect(number.raw == vector.raw)
        #expect(number.key == vector.e164)
    }

    @Test(arguments: PhoneVectors.failing)
    func keepsDigitsAndSaysWhy(_ vector: FailCase) {
        let number = PhoneNumber.parse(vector.raw, defaultRegion: vector.region)
        #expect(number.e164 == nil)
        #expect(number.reason == vector.reason)
        #expect(number.digits == vector.digits)
        #expect(number.key == vector.digits)
    }

    @Test func crossExhibitForms() {
        // One Namibian number as three seizures wrote it.
        let forms: [(String, String?)] = [("+264 81 123 4567", "KH"), ("081 123 4567", "NA"), ("0026481 123 4567", "MM"),
                                          ("0026481 123 4567", nil), ("264 81 123 4567", "NA")]
        let keys = Set(forms.map { PhoneNumber.parse($0.0, defaultRegion: $0.1).key })
        #expect(keys == ["+264811234567"])
        // Un-normalizable international forms still share their digits.
        #expect(PhoneNumber.parse("+33 22 6 555 20 20").key == PhoneNumber.parse("0033 22 6 555 20 20").key)
    }

    @Test func extensionsAndVanityAreKeptApart() {
        let extended = PhoneNumber.parse("tel:+1-418-656-9254;ext=102")
        #expect(extended.extensionDigits == "102")
        #expect(extended.nationalNumber == "4186569254")
        #expect(extended.callingCode == 1)
        let paused = PhoneNumber.parse("+66 2 123 4567,,99", defaultRegion: "TH")
        #expect(paused.e164 == "+6621234567")
        #expect(paused.extensionDigits == "99")
        let vanity = PhoneNumber.parse("1-800-MY-APPLE", defaultRegion: "US")
        #expect(vanity.isVanity)
        #expect(!PhoneNumber.parse("+18006927753").isVanity)
    }

    @Test func metadataCoversTheIssueRegions() throws {
        for code in ["NA", "KH", "MM", "LA", "PH", "TH", "CN", "VN", "ID", "MY", "US", "GB", "NG", "GH", "AE", "IN", "CA", "RU", "AU"] {
            let region = try #require(PhoneMetadata.region(code), "\(code)")
            #expect(!region.nationalLengths.isEmpty)
            #expect(PhoneMetadata.lengthsByCallingCode[region.callingCode] != nil)
        }
        #expect(PhoneMetadata.regions.count >= 60)
        #expect(PhoneMetadata.lengthsByCallingCode.count == 215)
        #expect(PhoneMetadata.region("kh")?.callingCode == 855)
    }
}
