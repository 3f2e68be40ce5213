// Phone numbers as written in evidence, normalized to E.164 where the country can be known, with the reason when
// it cannot; the raw string is always kept.

/// One phone number: the raw text, its E.164 form when the country is known, else the digits kept and why.
public struct PhoneNumber: Sendable, Hashable {
    /// Exactly as written in the source.
    public var raw: String
    /// `+<calling code><national number>`, or nil (see `reason`).
    public var e164: String?
    /// The digits kept: for international forms the calling code and national number (the dial-out prefix
    /// removed, so `+33 2…`, `0033 2…` and `011 33 2…` keep the same digits), otherwise the digits as written.
    /// Vanity letters are mapped to keypad digits.
    public var digits: String
    public var callingCode: Int?
    /// The national significant number (no trunk prefix), when known.
    public var nationalNumber: String?
    /// Digits after an extension marker (`;ext=102`, `x102`) or a dialling pause (`,` `;`), kept apart.
    public var extensionDigits: String?
    /// Why `e164` is nil, or nil when normalized.
    public var reason: String?
    /// Letters were mapped to keypad digits (`1-800-MY-APPLE`).
    public var isVanity: Bool

    /// The identity value: E.164 when normalized, else the digits kept (identities of un-normalized numbers
    /// still join across sources that wrote the same digits).
    public var key: String { e164 ?? digits }

    /// Normalizes `raw`; `defaultRegion` (ISO 3166 alpha-2, `NA`) says where national numbers were dialled.
    /// International forms (`+CC`, a dial-out prefix of the default region, `00CC` without one) need no region.
    public static func parse(_ raw: String, defaultRegion: String? = nil) -> PhoneNumber {
        var number = PhoneNumber(raw: raw, e164: nil, digits: "", callingCode: nil, nationalNumber: nil,
                                 extensionDigits: nil, reason: nil, isVanity: false)
        let scanned = Scan(raw)
        number.digits = scanned.digits
        number.extensionDigits = scanned.extensionDigits
        number.isVanity = scanned.vanity
        if let problem = scanned.problem {
            number.reason = problem
            return number
        }
        guard !scanned.digits.isEmpty else {
            number.reason = "no digits"
            return number
        }
        let region = defaultRegion.flatMap { PhoneMetadata.region($0) }
        if let defaultRegion, region == nil {
            number.reason = "unknown region \(defaultRegion)"
            if !scanned.plus { return number }
        }
        let digits = Substring(scanned.digits)
        if scanned.plus {
            number.apply(international(digits))
            return number
        }
        if let region {
            // A dial-out prefix of the region: international; if that fails, the number may still be national.
            var best: Int?
            for pattern in region.dialOutPrefixes {
                if let length = PhoneMetadata.prefixLength(pattern, of: digits), length > (best ?? 0) { best = length }
            }
            if let best {
                let outcome = international(digits.dropFirst(best))
                if outcome.e164 != nil { number.apply(outcome); return number }
                let national = national(digits, region: region)
                number.apply(national.e164 != nil ? national : outcome)
                return number
            }
            var outcome = national(digits, region: region)
            // The country code written without `+` (`264811234567` in a Namibian address book).
            if outcome.e164 == nil, digits.hasPrefix(String(region.callingCode)) {
                let written = international(digits)
                if written.e164 != nil { outcome = written }
            }
            number.apply(outcome)
            return number
        }
        if digits.hasPrefix("00") {
            number.apply(international(digits.dropFirst(2)))
            return number
        }
        number.reason = "no country: national number without --default-region"
        return number
    }

    // MARK: - Parsing

    struct Outcome {
        var e164: String?
        var digits: String?
        var callingCode: Int?
        var national: String?
        var reason: String?
    }

    private mutating func apply(_ outcome: Outcome) {
        e164 = outcome.e164
        if let kept = outcome.digits { digits = kept }
        callingCode = outcome.callingCode
        nationalNumber = outcome.national
        reason = outcome.e164 == nil ? (outcome.reason ?? "not a phone number") : nil
    }

    /// Digits after `+` or a dial-out prefix: calling code, then national number.
    static func international(_ digits: Substring) -> Outcome {
        var outcome = Outcome(digits: String(digits))
        guard let code = PhoneMetadata.callingCode(prefixOf: digits),
              let lengths = PhoneMetadata.lengthsByCallingCode[code] else {
            outcome.reason = digits.count < 4 ? "too short" : "unknown country calling code"
            return outcome
        }
        outcome.callingCode = code
        var national = digits.dropFirst(String(code).count)
        // `+44 (0)20 …`: a trunk prefix written after the country code.
        if !lengths.contains(national.count), let trunk = PhoneMetadata.trunkByCallingCode[code],
           national.hasPrefix(trunk), lengths.contains(national.count - trunk.count) {
            national = national.dropFirst(trunk.count)
        }
        // Mexico's former mobile token `1` after +52.
        if code == 52, national.count == 11, national.hasPrefix("1") { national = national.dropFirst() }
        return finish(code: code, national: national, lengths: lengths, outcome: outcome)
    }

    /// Digits of a number written for dialling inside `region`.
    static func national(_ digits: Substring, region: PhoneRegion) -> Outcome {
        var outcome = Outcome(digits: String(digits))
        outcome.callingCode = region.callingCode
        let lengths = region.nationalLengths
        var trunkFailure: Outcome?
        for trunk in region.trunkPrefixes {
            if let length = PhoneMetadata.prefixLength(trunk, of: digits), lengths.contains(digits.count - length) {
                let result = finish(code: region.callingCode, national: digits.dropFirst(length), lengths: lengths, outcome: outcome)
                if result.e164 != nil { return result }
                trunkFailure = trunkFailure ?? result
            }
        }
        if lengths.contains(digits.count) {
            let result = finish(code: region.callingCode, national: digits, lengths: lengths, outcome: outcome)
            if result.e164 != nil || trunkFailure == nil { return result }
        }
        if let trunkFailure { return trunkFailure }
        var local = digits
        for trunk in region.trunkPrefixes {
            if let length = PhoneMetadata.prefixLength(trunk, of: digits) { local = digits.dropFirst(length); break }
        }
        if region.localOnlyLengths.contains(digits.count) || region.localOnlyLengths.contains(local.count) {
            outcome.reason = "local number without area code for \(region.code) (\(digits.count) digits)"
        } else {
            outcome.reason = lengthReason(code: region.callingCode, count: local.count, lengths: lengths)
        }
        return outcome
    }

    private static func finish(code: Int, national: Substring, lengths: Set<Int>, outcome: Outcome) -> Outcome {
        var outcome = outcome
        guard lengths.contains(national.count) else {
            outcome.reason = lengthReason(code: code, count: national.count, lengths: lengths)
            return outcome
        }
        // NANP: area codes start with 2-9 (ITU-T E.164 national plan of +1). Exchanges are not checked: test
        // phones and fake numbers use 1xx exchanges and are still the same number on every device.
        if code == 1, let first = national.first, first < "2" {
            outcome.reason = "not a NANP number: area code cannot start with 0 or 1"
            return outcome
        }
        let codeText = String(code)
        guard codeText.count + national.count <= 15 else {
            outcome.reason = "longer than E.164's 15 digits"
            return outcome
        }
        outcome.national = String(national)
        outcome.e164 = "+" + codeText + national
        outcome.digits = codeText + national
        return outcome
    }

    private static func lengthReason(code: Int, count: Int, lengths: Set<Int>) -> String {
        let sorted = lengths.sorted()
        let expected = sorted.count == 1 ? "\(sorted[0])" : "\(sorted.first ?? 0)-\(sorted.last ?? 0)"
        if let minimum = sorted.first, count < minimum {
            return "too short for +\(code) (\(count) digits; expected \(expected))"
        }
        return "invalid length for +\(code) (\(count) digits; expected \(expected))"
    }

    /// The characters of a raw number: digits (any script's decimal digits), a leading plus, separators,
    /// vanity letters, extension markers.
    struct Scan {
        var digits = ""
        var plus = false
        var vanity = false
        var extensionDigits: String?
        var problem: String?

        init(_ raw: String) {
            var text = Substring(raw.trimmingWhitespace())
            for scheme in ["tel:", "TEL:", "Tel:"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
            let (main, ext) = Scan.splitExtension(text)
            if let ext, !ext.isEmpty { extensionDigits = ext }
            var letters = 0
            var mapped = ""
            var plain = ""
            var sawDigit = false
            var startsWithLetter = false
            var lowercaseLetters = false
            for character in main {
                if let value = character.wholeNumberValue, value >= 0, value <= 9, character.unicodeScalars.count == 1,
                   character.unicodeScalars.first?.properties.numericType == .decimal {
                    mapped.append(Character(String(value)))
                    plain.append(Character(String(value)))
                    sawDigit = true
                } else if character == "+" || character == "＋" {
                    if sawDigit || plus || letters > 0 { problem = problem ?? "a plus sign inside the number" }
                    plus = true
                } else if Scan.separators.contains(character) {
                    continue
                } else if let digit = Scan.keypad(character) {
                    if !sawDigit && !plus { startsWithLetter = true }
                    if character.isLowercase { lowercaseLetters = true }
                    letters += 1
                    mapped.append(digit)
                } else if character == "*" || character == "#" {
                    problem = problem ?? "service code (contains * or #)"
                } else {
                    problem = problem ?? "not a phone number: contains '\(character)'"
                }
            }
            // A vanity number (libphonenumber: three or more letters) written as such: digits first, letters in
            // capitals (`1-800-MY-APPLE`). A name or word beside a number (`Kosal 012`, `(office)`) is not one.
            if letters >= 3 && plain.count >= 3 && problem == nil && !startsWithLetter && !lowercaseLetters {
                vanity = true
                digits = mapped
            } else {
                digits = plain
                if letters > 0 { problem = problem ?? "contains letters" }
            }
        }

        static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/", "[", "]", "\u{00A0}", "\u{2010}", "\u{2011}",
                                                 "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\u{3000}", "\u{200B}",
                                                 "\u{202A}", "\u{202C}", "\u{202D}", "\u{200E}", "\u{200F}", "\t", "~"]

        /// ITU E.161 keypad letters.
        static func keypad(_ character: Character) -> Character? {
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.isASCII else { return nil }
            switch Character(String(scalar).uppercased()) {
            case "A", "B", "C": return "2"
            case "D", "E", "F": return "3"
            case "G", "H", "I": return "4"
            case "J", "K", "L": return "5"
            case "M", "N", "O": return "6"
            case "P", "Q", "R", "S": return "7"
            case "T", "U", "V": return "8"
            case "W", "X", "Y", "Z": return "9"
            default: return nil
            }
        }

        /// Splits off `;ext=102`, ` ext. 102`, ` x102`, `#102` and dialling pauses (`,` `;` `p` `w` followed by
        /// digits): what follows is dialled after the call connects, not part of the number.
        static func splitExtension(_ text: Substring) -> (Substring, String?) {
            let characters = Array(text)
            let lower = characters.map { Character($0.lowercased()) }
            for marker in [";ext=", ";isub=", " extension", " ext.", " ext", "ext.", " x", ",", ";"] {
                let pattern = Array(marker)
                guard let start = firstIndex(of: pattern, in: lower) else { continue }
                let main = characters[..<start]
                let tail = characters[(start + pattern.count)...]
                let ext = String(tail.filter { $0.isASCII && $0.isNumber })
                let rest = tail.filter { character in
                    !(character.isASCII && character.isNumber) && !separators.contains(character)
                        && character != ":" && character != "," && character != ";" && character != "="
                }
                // Only digits may follow a marker; otherwise it was not an extension (`x` in a vanity word).
                if rest.isEmpty, main.contains(where: { $0.isNumber }) {
                    return (text.prefix(start), ext)
                }
            }
            return (text, nil)
        }

        static func firstIndex(of pattern: [Character], in characters: [Character]) -> Int? {
            guard !pattern.isEmpty, characters.count >= pattern.count else { return nil }
            for start in 0...(characters.count - pattern.count) where Array(characters[start..<(start + pattern.count)]) == pattern {
                return start
            }
            return nil
        }
    }
}

extension String {
    /// Trims Unicode whitespace and the invisible direction marks address books leave around numbers.
    func trimmingWhitespace() -> String {
        let invisible: Set<Unicode.Scalar> = ["\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{FEFF}", "\u{2068}", "\u{2069}"]
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace || invisible.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace || invisible.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
