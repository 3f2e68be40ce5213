// Burmese in the Zawgyi font encoding: telling it from Unicode Burmese, and converting it to Unicode.

import Foundation

public enum Zawgyi {
    /// Decision threshold on the probability that Myanmar-script text is Zawgyi.
    ///
    /// Each code point or ordering that only one encoding produces adds log-odds: +3 for forms only Zawgyi writes
    /// (U+1060–U+1097 stacks, ေ or ြ starting a syllable, U+1039 not followed by a consonant), +2 for likely ones
    /// (U+103A before a vowel sign, ေ after a sign, U+1039 between consonants no Pali stack joins); −3 for forms
    /// only Unicode writes (U+103E, U+103F, kinzi as င်္), −2/−1 for orders Zawgyi does not type (ေ followed by a
    /// vowel sign, ်း, ့်, ေ after a medial). The prior is even, so p = 1 / (1 + e^−score); one Zawgyi-only form
    /// and nothing against it gives p ≈ 0.95, the threshold.
    public static let threshold = 0.95

    public static func isZawgyi(_ text: String) -> Bool {
        probability(text) >= threshold
    }

    /// Probability that the text is Zawgyi; 0 when it has no Myanmar code points.
    public static func probability(_ text: String) -> Double {
        guard let score = score(text) else { return 0 }
        return 1 / (1 + exp(-score))
    }

    /// Rewrites Zawgyi-encoded Burmese as Unicode Burmese with the ordered rules of zawgyi-to-unicode.tsv.
    /// Applies the rules whatever the text is: callers decide with `isZawgyi` first.
    public static func toUnicode(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isMyanmar) else { return text }
        var result = text
        for rule in rules { result = rule.apply(to: result) }
        return result
    }

    // MARK: - Detection

    private static func isMyanmar(_ scalar: Unicode.Scalar) -> Bool { (0x1000...0x109F).contains(scalar.value) }
    private static func isConsonant(_ value: UInt32?) -> Bool {
        guard let value else { return false }
        return (0x1000...0x1021).contains(value) || value == 0x103F
    }
    private static func isVowelSign(_ value: UInt32?) -> Bool {
        guard let value else { return false }
        return (0x102B...0x1030).contains(value) || value == 0x1032 || value == 0x1036
    }

    /// Unicode stacks a consonant under one of its own row of the consonant table (က္ခ, မ္ပ, န္တ) or under
    /// itself (လ္လ, သ္သ); Zawgyi's asat before the next syllable's consonant usually joins two rows.
    private static func couldStack(_ upper: UInt32, _ lower: UInt32) -> Bool {
        if upper == lower { return true }
        guard let upperRow = row(upper), let lowerRow = row(lower) else { return false }
        return upperRow == lowerRow
    }

    /// The five rows of five stops and nasals: က–င, စ–ည (with ဉ), ဋ–ဏ, တ–န, ပ–မ.
    private static func row(_ consonant: UInt32) -> Int? {
        switch consonant {
        case 0x1000...0x1004: return 0
        case 0x1005...0x100A: return 1
        case 0x100B...0x100F: return 2
        case 0x1010...0x1014: return 3
        case 0x1015...0x1019: return 4
        default: return nil
        }
    }

    static let maximumScoredScalars = 262_144

    /// Summed log-odds of Zawgyi over Unicode; nil when there is no Myanmar text to judge.
    static func score(_ text: String) -> Double? {
        guard text.unicodeScalars.contains(where: isMyanmar) else { return nil }
        // The evidence settles long before this; the bound keeps a large document's copy small.
        let values = text.unicodeScalars.prefix(maximumScoredScalars).map(\.value)
        var score = 0.0
        for index in values.indices {
            let value = values[index]
            guard (0x1031...0x109F).contains(value) else { continue }
            let previous: UInt32? = index > values.startIndex ? values[index - 1] : nil
            let next: UInt32? = index + 1 < values.endIndex ? values[index + 1] : nil
            let previousIsMyanmar = previous.map { (0x1000...0x109F).contains($0) } ?? false
            switch value {
            case 0x1060...0x1097:
                score += 3
            case 0x103E, 0x103F:
                score -= 3
            case 0x1031:
                if !previousIsMyanmar, isConsonant(next) || [0x103B, 0x1040, 0x1047].contains(next) {
                    score += 3  // ေ opening a word: Zawgyi stores it before the consonant
                } else if let previous, isVowelSign(previous) || [0x1037, 0x1038, 0x1039, 0x103A].contains(previous) {
                    score += 2  // ေ right after a vowel sign or asat is impossible in Unicode order
                } else if isVowelSign(next) || next == 0x1038 || next == 0x1037 || next == 0x103A {
                    score -= 2  // ော, ေး: Unicode puts ေ after the consonant, so a sign follows it
                } else if let previous, (0x103B...0x103E).contains(previous) {
                    score -= 1
                }
            case 0x1039:
                if !isConsonant(next) {
                    score += 3  // Zawgyi's asat; Unicode's virama always stacks a consonant
                } else if index >= 2, values[index - 2] == 0x1004, previous == 0x103A {
                    score -= 3  // kinzi as Unicode spells it
                } else if isConsonant(previous), let previous, let next, !couldStack(previous, next) {
                    score += 2  // not a Pali stack, so Zawgyi's asat ending a syllable before the next one
                }
            case 0x103A:
                if isVowelSign(next) {
                    score += 2  // Zawgyi's medial ya before a vowel; Unicode's asat ends a syllable
                } else if next == 0x1038 || previous == 0x1037 {
                    score -= 1
                }
            case 0x103B:
                if !isConsonant(previous), previous != 0x1039, isConsonant(next) {
                    score += 3  // Zawgyi's medial ra, written before its consonant
                }
            default:
                break
            }
        }
        return score
    }

    // MARK: - Conversion rules

    /// One rewrite. The replacement is applied by hand, not as an NSRegularExpression template: Foundation on
    /// Linux misreads a `$n` followed by a Myanmar sign.
    private struct Rule {
        enum Piece { case literal(String), group(Int) }
        var expression: NSRegularExpression
        var pieces: [Piece]

        init?(pattern: String, replacement: String) {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
            self.expression = expression
            var pieces: [Piece] = []
            var literal = ""
            var scalars = replacement.unicodeScalars.makeIterator()
            var pending: Unicode.Scalar? = nil
            while let scalar = pending ?? scalars.next() {
                pending = nil
                guard scalar == "$", let digit = scalars.next() else { literal.unicodeScalars.append(scalar); continue }
                if let number = Int(String(digit)) {
                    if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                    pieces.append(.group(number))
                } else {
                    literal.unicodeScalars.append(scalar)
                    pending = digit
                }
            }
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            self.pieces = pieces
        }

        func apply(to text: String) -> String {
            let source = text as NSString
            let matches = expression.matches(in: text, range: NSRange(location: 0, length: source.length))
            guard !matches.isEmpty else { return text }
            var output = ""
            var position = 0
            for match in matches {
                output += source.substring(with: NSRange(location: position, length: match.range.location - position))
                for piece in pieces {
                    switch piece {
                    case .literal(let literal): output += literal
                    case .group(let number):
                        guard number < match.numberOfRanges else { continue }
                        let range = match.range(at: number)
                        if range.location != NSNotFound { output += source.substring(with: range) }
                    }
                }
                position = match.range.location + match.range.length
            }
            return output + source.substring(from: position)
        }
    }

    private static let rules: [Rule] = ResourceFile.rows("zawgyi-to-unicode").compactMap { fields in
        fields.count >= 2 ? Rule(pattern: fields[0], replacement: decodeEscapes(fields[1])) : nil
    }

    /// Turns `\uXXXX` in a replacement into the character; `$n` stays for the regular expression template.
    private static func decodeEscapes(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "\\u") {
            output += rest[..<range.lowerBound]
            let hex = rest[range.upperBound...].prefix(4)
            if hex.count == 4, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                output.unicodeScalars.append(scalar)
                rest = rest[rest.index(range.upperBound, offsetBy: 4)...]
            } else {
                output += "\\u"
                rest = rest[range.upperBound...]
            }
        }
        return output + rest
    }
}
