// IBAN (ISO 13616): country code, two check digits, a BBAN of the country's fixed length; mod-97 must be 1.

public enum IBANValidator {
    /// IBAN length per country (SWIFT IBAN registry, 89 countries, as python-stdnum 2.2's iban.dat lists them).
    public static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
        "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
        "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
        "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
        "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// Accepts the electronic form and the printed form (groups separated by single spaces), either case.
    /// The value is the electronic form, upper case.
    public static func validate<S: StringProtocol>(_ text: S) -> ValidatedIndicator? {
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        for byte in text.utf8 {
            switch byte {
            case 0x20: continue
            case 0x30...0x39, 0x41...0x5a: chars.append(byte)
            case 0x61...0x7a: chars.append(byte - 0x20)
            default: return nil
            }
            if chars.count > 34 { return nil }
        }
        guard chars.count >= 15, chars[0] >= 0x41, chars[1] >= 0x41, (0x30...0x39).contains(chars[2]),
              (0x30...0x39).contains(chars[3])
        else { return nil }
        let country = String(decoding: chars[0..<2], as: UTF8.self)
        guard lengths[country] == chars.count else { return nil }
        // Move the first four characters to the end, letters become 10…35, the number mod 97 must be 1.
        var remainder = 0
        for byte in chars[4...] + chars[0..<4] {
            if byte >= 0x41 {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            } else {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            }
        }
        guard remainder == 1 else { return nil }
        let value = String(decoding: chars, as: UTF8.self)
        return ValidatedIndicator(kind: .iban, value: value, raw: String(text), validation: .checksum, detail: country)
    }
}
