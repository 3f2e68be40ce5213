// Zawgyi: constructed Zawgyi words are caught and converted back; real Unicode Burmese is left alone.

import Foundation
import Testing
@testable import Language

/// A Burmese word or phrase in Unicode and as a Zawgyi typist stores it (visual order, Zawgyi code points).
struct ZawgyiPair: Sendable, CustomStringConvertible {
    var meaning: String
    var unicode: String
    var zawgyi: String
    var description: String { meaning }
}

let zawgyiPairs: [ZawgyiPair] = [
    ZawgyiPair(meaning: "Myanmar (ra medial typed first)",
               unicode: "\u{1019}\u{103C}\u{1014}\u{103A}\u{1019}\u{102C}",
               zawgyi: "\u{103B}\u{1019}\u{1014}\u{1039}\u{1019}\u{102C}"),
    ZawgyiPair(meaning: "thank you (e typed first, ya medial, asat)",
               unicode: "\u{1000}\u{103B}\u{1031}\u{1038}\u{1007}\u{1030}\u{1038}\u{1010}\u{1004}\u{103A}\u{1015}\u{102B}\u{1010}\u{101A}\u{103A}",
               zawgyi: "\u{1031}\u{1000}\u{103A}\u{1038}\u{1007}\u{1030}\u{1038}\u{1010}\u{1004}\u{1039}\u{1015}\u{102B}\u{1010}\u{101A}\u{1039}"),
    ZawgyiPair(meaning: "are you well",
               unicode: "\u{1014}\u{1031}\u{1000}\u{1031}\u{102C}\u{1004}\u{103A}\u{1038}\u{101C}\u{102C}\u{1038}",
               zawgyi: "\u{1031}\u{1014}\u{1031}\u{1000}\u{102C}\u{1004}\u{1039}\u{1038}\u{101C}\u{102C}\u{1038}"),
    ZawgyiPair(meaning: "mingalaba (kinzi after its consonant)",
               unicode: "\u{1019}\u{1004}\u{103A}\u{1039}\u{1002}\u{101C}\u{102C}\u{1015}\u{102B}",
               zawgyi: "\u{1019}\u{1002}\u{1064}\u{101C}\u{102C}\u{1015}\u{102B}"),
    ZawgyiPair(meaning: "money transfer (wa+ha ligature)",
               unicode: "\u{1004}\u{103D}\u{1031}\u{101C}\u{103D}\u{103E}\u{1032}",
               zawgyi: "\u{1031}\u{1004}\u{103C}\u{101C}\u{108A}\u{1032}"),
    ZawgyiPair(meaning: "company (stacked pa)",
               unicode: "\u{1000}\u{102F}\u{1019}\u{1039}\u{1015}\u{100F}\u{102E}",
               zawgyi: "\u{1000}\u{102F}\u{1019}\u{1078}\u{100F}\u{102E}"),
    ZawgyiPair(meaning: "job search",
               unicode: "\u{1021}\u{101C}\u{102F}\u{1015}\u{103A}\u{101B}\u{103E}\u{102C}\u{1016}\u{103D}\u{1031}",
               zawgyi: "\u{1021}\u{101C}\u{102F}\u{1015}\u{1039}\u{101B}\u{103D}\u{102C}\u{1031}\u{1016}\u{103C}"),
    ZawgyiPair(meaning: "union (e before ra before consonant)",
               unicode: "\u{1015}\u{103C}\u{100A}\u{103A}\u{1011}\u{1031}\u{102C}\u{1004}\u{103A}\u{1005}\u{102F}",
               zawgyi: "\u{103B}\u{1015}\u{100A}\u{1039}\u{1031}\u{1011}\u{102C}\u{1004}\u{1039}\u{1005}\u{102F}"),
    ZawgyiPair(meaning: "loan",
               unicode: "\u{1001}\u{103B}\u{1031}\u{1038}\u{1004}\u{103D}\u{1031}",
               zawgyi: "\u{1031}\u{1001}\u{103A}\u{1038}\u{1031}\u{1004}\u{103C}"),
    ZawgyiPair(meaning: "advertisement",
               unicode: "\u{1000}\u{103C}\u{1031}\u{102C}\u{103A}\u{1004}\u{103C}\u{102C}",
               zawgyi: "\u{1031}\u{103B}\u{1000}\u{102C}\u{1039}\u{103B}\u{1004}\u{102C}"),
    ZawgyiPair(meaning: "I need money",
               unicode: "\u{1015}\u{102D}\u{102F}\u{1000}\u{103A}\u{1006}\u{1036} \u{101C}\u{102D}\u{102F}\u{1010}\u{101A}\u{103A}",
               zawgyi: "\u{1015}\u{102D}\u{102F}\u{1000}\u{1039}\u{1006}\u{1036} \u{101C}\u{102D}\u{102F}\u{1010}\u{101A}\u{1039}"),
    ZawgyiPair(meaning: "bank account (dot below typed after asat)",
               unicode: "\u{1018}\u{100F}\u{103A}\u{1021}\u{1000}\u{1031}\u{102C}\u{1004}\u{1037}\u{103A}",
               zawgyi: "\u{1018}\u{100F}\u{1039}\u{1021}\u{1031}\u{1000}\u{102C}\u{1004}\u{1039}\u{1037}"),
    ZawgyiPair(meaning: "danger (short na, stacked ta)",
               unicode: "\u{1021}\u{1014}\u{1039}\u{1010}\u{101B}\u{102C}\u{101A}\u{103A}",
               zawgyi: "\u{1021}\u{108F}\u{1072}\u{101B}\u{102C}\u{101A}\u{1039}"),
    ZawgyiPair(meaning: "Buddha (stacked dha)",
               unicode: "\u{1017}\u{102F}\u{1012}\u{1039}\u{1013}",
               zawgyi: "\u{1017}\u{102F}\u{1012}\u{1076}"),
    ZawgyiPair(meaning: "ship (kinzi with e)",
               unicode: "\u{101E}\u{1004}\u{103A}\u{1039}\u{1018}\u{1031}\u{102C}",
               zawgyi: "\u{101E}\u{1031}\u{1018}\u{1064}\u{102C}"),
    ZawgyiPair(meaning: "U Maung Maung (u + ii as the letter uu)",
               unicode: "\u{1026}\u{1038}\u{1019}\u{1031}\u{102C}\u{1004}\u{103A}\u{1019}\u{1031}\u{102C}\u{1004}\u{103A}",
               zawgyi: "\u{1025}\u{102E}\u{1038}\u{1031}\u{1019}\u{102C}\u{1004}\u{1039}\u{1031}\u{1019}\u{102C}\u{1004}\u{1039}"),
    ZawgyiPair(meaning: "I (male speaker)",
               unicode: "\u{1000}\u{103B}\u{103D}\u{1014}\u{103A}\u{1010}\u{1031}\u{102C}\u{103A}",
               zawgyi: "\u{1000}\u{103A}\u{103C}\u{1014}\u{1039}\u{1031}\u{1010}\u{102C}\u{1039}"),
    ZawgyiPair(meaning: "far (digit zero for wa)",
               unicode: "\u{101D}\u{1031}\u{1038}",
               zawgyi: "\u{1031}\u{1040}\u{1038}"),
    ZawgyiPair(meaning: "I love Myanmar (sentence)",
               unicode: "\u{1019}\u{103C}\u{1014}\u{103A}\u{1019}\u{102C}\u{1015}\u{103C}\u{100A}\u{103A}\u{1000}\u{102D}\u{102F}\u{1001}\u{103B}\u{1005}\u{103A}\u{1010}\u{101A}\u{103A}",
               zawgyi: "\u{103B}\u{1019}\u{1014}\u{1039}\u{1019}\u{102C}\u{103B}\u{1015}\u{100A}\u{1039}\u{1000}\u{102D}\u{102F}\u{1001}\u{103A}\u{1005}\u{1039}\u{1010}\u{101A}\u{1039}"),
]

@Test("A Zawgyi word is detected as Zawgyi", arguments: zawgyiPairs)
func zawgyiWordIsDetected(_ pair: ZawgyiPair) {
    #expect(Zawgyi.isZawgyi(pair.zawgyi), "p = \(Zawgyi.probability(pair.zawgyi))")
    let guess = LanguageIdentifier.identify(pair.zawgyi)
    #expect(guess.language == "my" && guess.script == "Mymr" && guess.zawgyi)
}

@Test("A Zawgyi word converts back to the Unicode word", arguments: zawgyiPairs)
func zawgyiWordConvertsToUnicode(_ pair: ZawgyiPair) {
    let converted = Zawgyi.toUnicode(pair.zawgyi)
    #expect(converted == pair.unicode, "got \(converted.unicodeScalars.map { String($0.value, radix: 16) })")
    #expect(LanguageIdentifier.normalized(pair.zawgyi) == pair.unicode)
}

@Test("The Unicode form of each word is not taken for Zawgyi and is left unchanged", arguments: zawgyiPairs)
func unicodeWordIsNotZawgyi(_ pair: ZawgyiPair) {
    #expect(!Zawgyi.isZawgyi(pair.unicode), "p = \(Zawgyi.probability(pair.unicode))")
    #expect(LanguageIdentifier.normalized(pair.unicode) == pair.unicode)
}

@Test("Real Unicode Burmese news is almost never flagged Zawgyi")
func unicodeNewsFalsePositiveRate() {
    let lines = CorpusSentences.burmeseNews().filter { !$0.isEmpty }
    #expect(lines.count > 2000)
    let flagged = lines.filter(Zawgyi.isZawgyi)
    let rate = Double(flagged.count) / Double(max(lines.count, 1))
    print("ZAWGYI false positives on Business.txt: \(flagged.count) of \(lines.count) lines (\(rate))")
    #expect(rate <= 0.001)
    #expect(lines.allSatisfy { LanguageIdentifier.normalized($0) == $0 || Zawgyi.isZawgyi($0) })
}

@Test("Text without Burmese is never Zawgyi and passes through unchanged")
func nonBurmeseIsUntouched() {
    for text in ["", "hello world", "สวัสดีครับ", "你好", "12345"] {
        #expect(!Zawgyi.isZawgyi(text))
        #expect(Zawgyi.toUnicode(text) == text)
    }
}

@Test("Conversion and identification give the same answers when called from many threads at once")
func concurrentUseIsSafe() async {
    let inputs = zawgyiPairs.map(\.zawgyi) + ordinarySentences.map(\.text)
    let expected = inputs.map { (Zawgyi.toUnicode($0), LanguageIdentifier.identify($0)) }
    let allAgree = await withTaskGroup(of: Bool.self) { group in
        for _ in 0..<8 {
            group.addTask {
                zip(inputs, expected).allSatisfy { input, answer in
                    Zawgyi.toUnicode(input) == answer.0 && LanguageIdentifier.identify(input) == answer.1
                }
            }
        }
        var all = true
        for await agreed in group { all = all && agreed }
        return all
    }
    #expect(allAgree)
}

@Test("A Zawgyi phrase inside an English message is flagged and normalized, the language stays English")
func zawgyiInsideEnglish() throws {
    let pair = try #require(zawgyiPairs.last)
    let message = "Please reply to the recruiter today, the address is " + pair.zawgyi + " thank you very much"
    let guess = LanguageIdentifier.identify(message)
    #expect(guess.language == "en" && guess.script == "Latn")
    #expect(guess.zawgyi)
    #expect(LanguageIdentifier.normalized(message).contains(pair.unicode))
}
