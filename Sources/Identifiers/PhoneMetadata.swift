// Numbering-plan facts for phone-number normalization: country calling codes with the national number lengths
// they allow, and per-region trunk and international dial-out prefixes.
//
// Source: libphonenumber resources/PhoneNumberMetadata.xml (Apache-2.0), as shipped in the `phonenumbers` 9.0.43
// Python port: `countryCode`, `nationalPrefix`, `internationalPrefix` and the general description's
// `possibleLengths` (national and localOnly). Only facts are taken, not code; the patterns below are literal
// prefixes with digit classes, simplified from the metadata's regular expressions where noted.
// Validation is by length ("possible number" in libphonenumber's terms) plus the NANP rule that area code and
// exchange never start with 0 or 1; numbering-range patterns (is this block assigned?) are deliberately not
// checked: an evidence number that is possible but unassigned is still the number the person typed.

/// A region's dialing rules: how a number written for use inside the country looks.
public struct PhoneRegion: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code (`NA`, `KH`).
    public let code: String
    public let callingCode: Int
    /// National (trunk) prefixes dialled before a national number, stripped when what remains has a valid length
    /// (`0` in most countries, `1` in NANP, `8` in Russia, `06` in Hungary). Digit classes allowed: `0[0-9][0-9]`.
    public let trunkPrefixes: [String]
    /// International dial-out prefixes (`00`, `011`, `00[1-9]`); the longest match wins.
    public let dialOutPrefixes: [String]
    /// Possible lengths of the national significant number (without trunk prefix).
    public let nationalLengths: Set<Int>
    /// Lengths of numbers only diallable locally (without area code): recognized, never normalized.
    public let localOnlyLengths: Set<Int>

    init(_ code: String, _ callingCode: Int, trunk: [String], dialOut: [String], lengths: String, localOnly: String) {
        self.code = code
        self.callingCode = callingCode
        trunkPrefixes = trunk
        dialOutPrefixes = dialOut
        nationalLengths = PhoneMetadata.lengths(lengths)
        localOnlyLengths = PhoneMetadata.lengths(localOnly)
    }
}

public enum PhoneMetadata {
    /// Regions whose national numbers can be normalized with `--default-region`: Southeast and East Asia, South
    /// Asia, Africa, the Middle East, Central America, Europe, NANP, Russia, Australia. Where libphonenumber's
    /// dial-out pattern is an alternation it is listed as its literal branches; carrier-selection codes
    /// (BR, CO, KR, CN) are only partly covered; MX keeps its pre-2019 trunk prefixes 01/044/045 because old
    /// address books hold them.
    public static let regions: [String: PhoneRegion] = {
        var table: [String: PhoneRegion] = [:]
        for region in regionList { table[region.code] = region }
        return table
    }()

    public static func region(_ code: String) -> PhoneRegion? { regions[code.uppercased()] }

    /// The national lengths allowed after each country calling code (union over the regions sharing it), for
    /// every code libphonenumber knows; +1 is NANP's 10 digits.
    public static let lengthsByCallingCode: [Int: Set<Int>] = {
        var table: [Int: Set<Int>] = [:]
        for (code, lengths) in callingCodeLengths { table[code] = Self.lengths(lengths) }
        return table
    }()

    /// The calling code at the start of `digits` (codes are prefix-free: at most one matches).
    public static func callingCode(prefixOf digits: Substring) -> Int? {
        for count in 1...3 where digits.count > count {
            if let code = Int(digits.prefix(count)), lengthsByCallingCode[code] != nil { return code }
        }
        return nil
    }

    /// The trunk prefix people write after a country code (`+44 (0)20 …`): the one-digit trunk of the code's
    /// regions (`0`, `8`); longer ones are carrier or legacy codes that do not appear after `+CC`.
    static let trunkByCallingCode: [Int: String] = {
        var table: [Int: String] = [:]
        for region in regionList where table[region.callingCode] == nil {
            if let first = region.trunkPrefixes.first, first.count == 1 { table[region.callingCode] = first }
        }
        return table
    }()

    /// "8-10,13" → {8, 9, 10, 13}.
    static func lengths(_ text: String) -> Set<Int> {
        var result: Set<Int> = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { result.formUnion(bounds[0]...bounds[1]) }
            else if bounds.count == 1 { result.insert(bounds[0]) }
        }
        return result
    }

    /// How many digits `pattern` (digits and `[..]` classes with ranges) matches at the start of `digits`, or nil.
    static func prefixLength(_ pattern: String, of digits: Substring) -> Int? {
        let chars = Array(pattern)
        var index = digits.startIndex
        var position = 0
        var matched = 0
        while position < chars.count {
            guard index < digits.endIndex else { return nil }
            let digit = digits[index]
            if chars[position] == "[" {
                guard let close = chars[position...].firstIndex(of: "]") else { return nil }
                let set = Array(chars[(position + 1)..<close])
                var ok = false
                var i = 0
                while i < set.count {
                    if i + 2 < set.count, set[i + 1] == "-" {
                        if digit >= set[i] && digit <= set[i + 2] { ok = true }
                        i += 3
                    } else {
                        if digit == set[i] { ok = true }
                        i += 1
                    }
                }
                guard ok else { return nil }
                position = close + 1
            } else {
                guard digit == chars[position] else { return nil }
                position += 1
            }
            index = digits.index(after: index)
            matched += 1
        }
        return matched
    }

    static let regionList: [PhoneRegion] = [
        PhoneRegion("US", 1, trunk: ["1"], dialOut: ["011"], lengths: "10", localOnly: "7"),
        PhoneRegion("CA", 1, trunk: ["1"], dialOut: ["011"], lengths: "10", localOnly: "7"),
        PhoneRegion("GB", 44, trunk: ["0"], dialOut: ["00"], lengths: "7,9-10", localOnly: "4-6,8"),
        PhoneRegion("IE", 353, trunk: ["0"], dialOut: ["00"], lengths: "7-10", localOnly: "5-6"),
        PhoneRegion("DE", 49, trunk: ["0"], dialOut: ["00"], lengths: "4-15", localOnly: "2-3"),
        PhoneRegion("FR", 33, trunk: ["0"], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("IT", 39, trunk: [], dialOut: ["00"], lengths: "6-12", localOnly: ""),
        PhoneRegion("ES", 34, trunk: [], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("PT", 351, trunk: [], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("NL", 31, trunk: ["0"], dialOut: ["00"], lengths: "5-11", localOnly: ""),
        PhoneRegion("BE", 32, trunk: ["0"], dialOut: ["00"], lengths: "8-9", localOnly: ""),
        PhoneRegion("CH", 41, trunk: ["0"], dialOut: ["00"], lengths: "9,12", localOnly: ""),
        PhoneRegion("AT", 43, trunk: ["0"], dialOut: ["00"], lengths: "4-13", localOnly: "3"),
        PhoneRegion("SE", 46, trunk: ["0"], dialOut: ["00"], lengths: "6-10,12", localOnly: ""),
        PhoneRegion("NO", 47, trunk: [], dialOut: ["00"], lengths: "5,8", localOnly: ""),
        PhoneRegion("DK", 45, trunk: [], dialOut: ["00"], lengths: "8", localOnly: ""),
        PhoneRegion("FI", 358, trunk: ["0"], dialOut: ["00", "99[01469]", "995[1-9][0-9]"], lengths: "5-12", localOnly: ""),
        PhoneRegion("PL", 48, trunk: [], dialOut: ["00"], lengths: "6-10", localOnly: ""),
        PhoneRegion("RO", 40, trunk: ["0"], dialOut: ["00"], lengths: "6,9", localOnly: ""),
        PhoneRegion("GR", 30, trunk: [], dialOut: ["00"], lengths: "10-12", localOnly: ""),
        PhoneRegion("CZ", 420, trunk: [], dialOut: ["00"], lengths: "9-12", localOnly: ""),
        PhoneRegion("HU", 36, trunk: ["06"], dialOut: ["00"], lengths: "8-9", localOnly: "6-7"),
        PhoneRegion("UA", 380, trunk: ["0"], dialOut: ["00"], lengths: "9-10", localOnly: "5-7"),
        PhoneRegion("RU", 7, trunk: ["8"], dialOut: ["810"], lengths: "10,14", localOnly: "7"),
        PhoneRegion("KZ", 7, trunk: ["8"], dialOut: ["810"], lengths: "10,14", localOnly: "5-7"),
        PhoneRegion("TR", 90, trunk: ["0"], dialOut: ["00"], lengths: "7,10,12-13", localOnly: ""),
        PhoneRegion("IL", 972, trunk: ["0"], dialOut: ["00", "0105", "01[2-9]"], lengths: "7-12", localOnly: ""),
        PhoneRegion("JO", 962, trunk: ["0"], dialOut: ["00"], lengths: "8-9", localOnly: ""),
        PhoneRegion("LB", 961, trunk: ["0"], dialOut: ["00"], lengths: "7-8", localOnly: ""),
        PhoneRegion("SA", 966, trunk: ["0"], dialOut: ["00"], lengths: "9-10", localOnly: "7"),
        PhoneRegion("AE", 971, trunk: ["0"], dialOut: ["00"], lengths: "5-12", localOnly: ""),
        PhoneRegion("QA", 974, trunk: [], dialOut: ["00"], lengths: "7-9,11", localOnly: ""),
        PhoneRegion("KW", 965, trunk: [], dialOut: ["00"], lengths: "7-8", localOnly: ""),
        PhoneRegion("BH", 973, trunk: [], dialOut: ["00"], lengths: "8", localOnly: ""),
        PhoneRegion("OM", 968, trunk: [], dialOut: ["00"], lengths: "7-9", localOnly: ""),
        PhoneRegion("IR", 98, trunk: ["0"], dialOut: ["00"], lengths: "4-7,10", localOnly: "8"),
        PhoneRegion("IQ", 964, trunk: ["0"], dialOut: ["00"], lengths: "8-10", localOnly: "6-7"),
        PhoneRegion("EG", 20, trunk: ["0"], dialOut: ["00"], lengths: "8-10", localOnly: "6-7"),
        PhoneRegion("MA", 212, trunk: ["0"], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("NG", 234, trunk: ["0"], dialOut: ["009"], lengths: "10-14", localOnly: "6-7"),
        PhoneRegion("GH", 233, trunk: ["0"], dialOut: ["00"], lengths: "8-9", localOnly: "7"),
        PhoneRegion("KE", 254, trunk: ["0"], dialOut: ["000"], lengths: "7-10", localOnly: ""),
        PhoneRegion("UG", 256, trunk: ["0"], dialOut: ["00[057]"], lengths: "9", localOnly: "5-7"),
        PhoneRegion("TZ", 255, trunk: ["0"], dialOut: ["00[056]"], lengths: "9", localOnly: ""),
        PhoneRegion("ZA", 27, trunk: ["0"], dialOut: ["00"], lengths: "5-10", localOnly: ""),
        PhoneRegion("NA", 264, trunk: ["0"], dialOut: ["00"], lengths: "8-9", localOnly: ""),
        PhoneRegion("BW", 267, trunk: [], dialOut: ["00"], lengths: "7-8,10", localOnly: ""),
        PhoneRegion("ZM", 260, trunk: ["0"], dialOut: ["00"], lengths: "9", localOnly: "6"),
        PhoneRegion("ZW", 263, trunk: ["0"], dialOut: ["00"], lengths: "7,9-10", localOnly: "6"),
        PhoneRegion("AO", 244, trunk: [], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("MZ", 258, trunk: [], dialOut: ["00"], lengths: "8-9", localOnly: ""),
        PhoneRegion("ET", 251, trunk: ["0"], dialOut: ["00"], lengths: "9", localOnly: "7"),
        PhoneRegion("CM", 237, trunk: [], dialOut: ["00"], lengths: "8-9", localOnly: ""),
        PhoneRegion("SN", 221, trunk: [], dialOut: ["00"], lengths: "9", localOnly: ""),
        PhoneRegion("CI", 225, trunk: [], dialOut: ["00"], lengths: "10", localOnly: ""),
        PhoneRegion("CN", 86, trunk: ["0"], dialOut: ["00", "1[12][0-9][0-9][0-9]00", "179[0-9][0-9]00"], lengths: "7-12", localOnly: "5-6"),
        PhoneRegion("HK", 852, trunk: [], dialOut: ["00", "00[126-9]", "0030", "005[09]"], lengths: "5-9,11", localOnly: ""),
        PhoneRegion("MO", 853, trunk: [], dialOut: ["00"], lengths: "7-8", localOnly: ""),
        PhoneRegion("TW", 886, trunk: ["0"], dialOut: ["00[25-79]", "019"], lengths: "7-11", localOnly: ""),
        PhoneRegion("JP", 81, trunk: ["0"], dialOut: ["010"], lengths: "8-17", localOnly: ""),
        PhoneRegion("KR", 82, trunk: ["0"], dialOut: ["00[125689]", "003[46]5", "00391", "00700", "00727", "0073", "00755", "0076[126]"], lengths: "5-6,8-14", localOnly: "3-4,7"),
        PhoneRegion("KH", 855, trunk: ["0"], dialOut: ["00[14-9]"], lengths: "8-10", localOnly: "6-7"),
        PhoneRegion("MM", 95, trunk: ["0"], dialOut: ["00"], lengths: "6-10", localOnly: "5"),
        PhoneRegion("LA", 856, trunk: ["0"], dialOut: ["00"], lengths: "8-10", localOnly: "6"),
        PhoneRegion("PH", 63, trunk: ["0"], dialOut: ["00"], lengths: "6,8-13", localOnly: "4-5,7"),
        PhoneRegion("TH", 66, trunk: ["0"], dialOut: ["00[1-9]"], lengths: "8-10,13", localOnly: ""),
        PhoneRegion("VN", 84, trunk: ["0"], dialOut: ["00"], lengths: "7-10", localOnly: ""),
        PhoneRegion("ID", 62, trunk: ["0"], dialOut: ["00[89]"], lengths: "7-17", localOnly: "5-6"),
        PhoneRegion("MY", 60, trunk: ["0"], dialOut: ["00"], lengths: "8-10", localOnly: "6-7"),
        PhoneRegion("SG", 65, trunk: [], dialOut: ["0[0-3][0-9]"], lengths: "8,10-11", localOnly: ""),
        PhoneRegion("BN", 673, trunk: [], dialOut: ["00"], lengths: "7", localOnly: ""),
        PhoneRegion("TL", 670, trunk: [], dialOut: ["00"], lengths: "7-8", localOnly: ""),
        PhoneRegion("IN", 91, trunk: ["0"], dialOut: ["00"], lengths: "8-13", localOnly: "6-7"),
        PhoneRegion("PK", 92, trunk: ["0"], dialOut: ["00"], lengths: "8-12", localOnly: "5-7"),
        PhoneRegion("BD", 880, trunk: ["0"], dialOut: ["00"], lengths: "6-10", localOnly: ""),
        PhoneRegion("LK", 94, trunk: ["0"], dialOut: ["00"], lengths: "9", localOnly: "7"),
        PhoneRegion("NP", 977, trunk: ["0"], dialOut: ["00"], lengths: "8,10-11", localOnly: "6-7"),
        PhoneRegion("AU", 61, trunk: ["0"], dialOut: ["001[14-689]", "14[0-9][0-9]0011"], lengths: "5-10,12", localOnly: ""),
        PhoneRegion("NZ", 64, trunk: ["0"], dialOut: ["00", "0161"], lengths: "5-10", localOnly: ""),
        PhoneRegion("MX", 52, trunk: ["01", "044", "045"], dialOut: ["0[09]"], lengths: "10", localOnly: "7-8"),
        PhoneRegion("GT", 502, trunk: [], dialOut: ["00"], lengths: "8,11", localOnly: ""),
        PhoneRegion("BZ", 501, trunk: [], dialOut: ["00"], lengths: "7,11", localOnly: ""),
        PhoneRegion("SV", 503, trunk: [], dialOut: ["00"], lengths: "7-8,11", localOnly: ""),
        PhoneRegion("HN", 504, trunk: [], dialOut: ["00"], lengths: "8,11", localOnly: ""),
        PhoneRegion("NI", 505, trunk: [], dialOut: ["00"], lengths: "8", localOnly: ""),
        PhoneRegion("CR", 506, trunk: [], dialOut: ["00"], lengths: "8,10", localOnly: ""),
        PhoneRegion("PA", 507, trunk: [], dialOut: ["00"], lengths: "7-8,10-11", localOnly: ""),
        PhoneRegion("CO", 57, trunk: ["0"], dialOut: ["00[579]", "004[14]4", "00456"], lengths: "8,10-11", localOnly: "4,7"),
        PhoneRegion("BR", 55, trunk: ["0", "0[0-9][0-9]"], dialOut: ["001[245]", "002[1-35]", "0031", "004[13]", "00[56]5", "0099"], lengths: "8-11", localOnly: ""),
        PhoneRegion("AR", 54, trunk: ["0"], dialOut: ["00"], lengths: "10-11", localOnly: "6-8"),
    ]

    /// Country calling code → possible national lengths (libphonenumber general descriptions, merged per code).
    static let callingCodeLengths: [Int: String] = [
        1: "10", 7: "10,14", 20: "8-10", 27: "5-10", 30: "10-12", 31: "5-11", 32: "8-9", 33: "9", 34: "9", 36: "8-9",
        39: "6-12", 40: "6,9", 41: "9,12", 43: "4-13", 44: "7,9-10", 45: "8", 46: "6-10,12", 47: "5,8", 48: "6-10",
        49: "4-15", 51: "8-9", 52: "10", 53: "6-8,10", 54: "10-11", 55: "8-11", 56: "9-11", 57: "8,10-11", 58: "10",
        60: "8-10", 61: "5-10,12", 62: "7-17", 63: "6,8-13", 64: "5-10", 65: "8,10-11", 66: "8-10,13", 81: "8-17",
        82: "5-6,8-14", 84: "7-10", 86: "7-12", 90: "7,10,12-13", 91: "8-13", 92: "8-12", 93: "9", 94: "9",
        95: "6-10", 98: "4-7,10", 211: "9", 212: "9", 213: "8-9", 216: "8", 218: "9", 220: "7,9", 221: "9", 222: "8",
        223: "8", 224: "8-9", 225: "10", 226: "8", 227: "8", 228: "8", 229: "10", 230: "7-8,10", 231: "7-9",
        232: "8", 233: "8-9", 234: "10-14", 235: "8", 236: "8", 237: "8-9", 238: "7", 239: "7", 240: "9", 241: "7-8",
        242: "9", 243: "7-10", 244: "9", 245: "7,9", 246: "7", 247: "5-6", 248: "7", 249: "9", 250: "8-9", 251: "9",
        252: "6-9", 253: "8", 254: "7-10", 255: "9", 256: "9", 257: "8", 258: "8-9", 260: "9", 261: "9", 262: "9",
        263: "7,9-10", 264: "8-9", 265: "7,9", 266: "8", 267: "7-8,10", 268: "8-9", 269: "7", 290: "4-5", 291: "7",
        297: "7", 298: "6", 299: "6", 350: "8", 351: "9", 352: "4-11", 353: "7-10", 354: "7,9", 355: "6-9", 356: "8",
        357: "8", 358: "5-12", 359: "6-9,12", 370: "8", 371: "8", 372: "7-8,10", 373: "8", 374: "8", 375: "6-11",
        376: "6,8-9", 377: "8-9", 378: "8,10", 380: "9-10", 381: "6-12", 382: "8-9", 383: "8-12", 385: "7-9",
        386: "5-8", 387: "8-9", 389: "8", 420: "9-12", 421: "6-7,9", 423: "7,9", 500: "5", 501: "7,11", 502: "8,11",
        503: "7-8,11", 504: "8,11", 505: "8", 506: "8,10", 507: "7-8,10-11", 508: "6,9", 509: "8", 590: "9",
        591: "8-9", 592: "7", 593: "8-11", 594: "9", 595: "6-11", 596: "9", 597: "6-7", 598: "4-13", 599: "7-8",
        670: "7-8", 672: "6", 673: "7", 674: "7", 675: "7-8", 676: "5,7", 677: "5,7", 678: "5,7", 679: "7,11",
        680: "7", 681: "6,9", 682: "5", 683: "4,7", 685: "5-7,10", 686: "5,8", 687: "6", 688: "5-7", 689: "6,8-9",
        690: "4-7", 691: "7", 692: "7", 800: "8", 808: "8", 850: "8,10", 852: "5-9,11", 853: "7-8", 855: "8-10",
        856: "8-10", 870: "9,12", 878: "12", 880: "6-10", 881: "9-10", 882: "7-12", 883: "8-12", 886: "7-11",
        888: "11", 960: "7,10", 961: "7-8", 962: "8-9", 963: "8-9", 964: "8-10", 965: "7-8", 966: "9-10", 967: "7-9",
        968: "7-9", 970: "8-10", 971: "5-12", 972: "7-12", 973: "8", 974: "7-9,11", 975: "7-8", 976: "8-10",
        977: "8,10-11", 979: "9", 992: "9", 993: "8", 994: "9", 995: "9", 996: "9-10", 998: "9",
    ]
}
