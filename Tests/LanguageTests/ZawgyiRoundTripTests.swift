// Real Burmese news re-encoded as Zawgyi: the detector must catch it and the converter must give the news back.

import Foundation
import Testing
@testable import Language

/// Writes Unicode Burmese the way Zawgyi stores it, for testing only: kinzi and common Pali stacks as Zawgyi's
/// precomposed forms, ေ and ြ moved before their consonant, then the medial and asat code points shifted.
enum UnicodeToZawgyi {
    private static let stacks: [UInt32: UInt32] = [
        0x1000: 0x1060, 0x1001: 0x1061, 0x1002: 0x1062, 0x1003: 0x1063, 0x1005: 0x1065, 0x1006: 0x1066,
        0x1007: 0x1068, 0x1008: 0x1069, 0x100B: 0x106C, 0x100C: 0x106D, 0x100F: 0x1070, 0x1010: 0x1071,
        0x1011: 0x1073, 0x1012: 0x1075, 0x1013: 0x1076, 0x1014: 0x1077, 0x1015: 0x1078, 0x1016: 0x1079,
        0x1017: 0x107A, 0x1018: 0x107B, 0x1019: 0x107C, 0x101C: 0x1085,
    ]

    private static func replace(_ text: String, _ pattern: String, _ template: String) -> String {
        text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
    }

    static func convert(_ unicode: String) -> String {
        var text = replace(unicode, "\u{1026}", "\u{1025}\u{102E}")
        text = replace(text, "\u{1004}\u{103A}\u{1039}([\u{1000}-\u{1021}])", "$1\u{1064}")
        text = replace(text, "\u{100F}\u{1039}\u{100D}", "\u{1091}")
        text = replace(text, "\u{100B}\u{1039}\u{100C}", "\u{1092}")
        text = replace(text, "\u{100B}\u{1039}\u{100B}", "\u{1097}")
        text = replace(text, "\u{100D}\u{1039}\u{100D}", "\u{106E}")
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if scalar.value == 0x1039, let next = iterator.next() {
                if let stacked = stacks[next.value].flatMap(Unicode.Scalar.init) { scalars.append(stacked); continue }
                scalars.append(scalar)
                pending = next
                continue
            }
            scalars.append(scalar)
        }
        text = String(scalars)
        text = replace(text, "([\u{1000}-\u{1021}\u{103F}][\u{1060}-\u{1085}]*[\u{103B}-\u{103E}]*)\u{1031}", "\u{1031}$1")
        text = replace(text, "([\u{1000}-\u{1021}\u{103F}][\u{1060}-\u{1085}]*)(\u{103B}?)\u{103C}", "\u{103C}$1$2")
        let shifted = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.value {
            case 0x103A...0x103E: return Unicode.Scalar(scalar.value - 1) ?? scalar
            case 0x103F: return Unicode.Scalar(0x1086) ?? scalar
            default: return scalar
            }
        }
        return String(String.UnicodeScalarView(shifted))
    }
}

@Test("Burmese news re-encoded as Zawgyi is detected and converts back to the original")
func newsRoundTripThroughZawgyi() {
    let lines = CorpusSentences.burmeseNews().filter { CorpusSentences.letters($0) >= 10 }
    var detected = 0, restored = 0, changed = 0
    for line in lines {
        let zawgyi = UnicodeToZawgyi.convert(line)
        guard zawgyi != line else { continue }
        changed += 1
        if Zawgyi.isZawgyi(zawgyi) { detected += 1 }
        let back = Zawgyi.toUnicode(zawgyi)
        if back == line { restored += 1 } else if ProcessInfo.processInfo.environment["LANGUAGE_ERRORS"] != nil {
            let a = Array(line.unicodeScalars), b = Array(back.unicodeScalars)
            let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let hex = { (s: ArraySlice<Unicode.Scalar>) in s.map { String($0.value, radix: 16) }.joined(separator: " ") }
            print("ROUNDTRIP want \(hex(a[max(0, at - 4)..<min(a.count, at + 6)])) got \(hex(b[max(0, at - 4)..<min(b.count, at + 6)]))")
        }
    }
    let detection = Double(detected) / Double(max(changed, 1))
    let roundTrip = Double(restored) / Double(max(changed, 1))
    print("ZAWGYI round trip on Business.txt: \(changed) lines, detected \(detected) (\(detection)), restored \(restored) (\(roundTrip))")
    #expect(changed > 2000)
    #expect(detection >= 0.99)
    #expect(roundTrip >= 0.99)
}

@Test("Short chat-sized pieces of Burmese: Zawgyi pieces mostly caught, Unicode pieces almost never flagged")
func shortPiecesOfNews() {
    let lines = CorpusSentences.burmeseNews().filter { CorpusSentences.letters($0) >= 10 }
    var zawgyiPieces = 0, caught = 0, unicodePieces = 0, flagged = 0
    for line in lines {
        // About two or three Burmese words, the size of a short chat message, cut where a syllable starts.
        let scalars = Array(line.unicodeScalars)
        let isConsonant = { (i: Int) in (0x1000...0x1021).contains(scalars[i].value) }
        let cut = (15..<max(scalars.count, 15)).first { i in
            isConsonant(i) && scalars[i - 1].value != 0x1039
                && (i + 1 >= scalars.count || ![0x103A, 0x1039].contains(scalars[i + 1].value))
        } ?? scalars.count
        let unicode = String(String.UnicodeScalarView(scalars.prefix(cut)))
        let zawgyi = UnicodeToZawgyi.convert(unicode)
        unicodePieces += 1
        if Zawgyi.isZawgyi(unicode) { flagged += 1 }
        guard zawgyi != unicode else { continue }
        zawgyiPieces += 1
        if Zawgyi.isZawgyi(zawgyi) { caught += 1 }
    }
    let recall = Double(caught) / Double(max(zawgyiPieces, 1))
    let falsePositives = Double(flagged) / Double(max(unicodePieces, 1))
    print("ZAWGYI pieces of 15+ code points: caught \(caught) of \(zawgyiPieces) (\(recall)), "
        + "Unicode flagged \(flagged) of \(unicodePieces) (\(falsePositives))")
    #expect(recall >= 0.90)
    #expect(falsePositives <= 0.005)
}
