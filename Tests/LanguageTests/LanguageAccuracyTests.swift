// Accuracy per language on real sentences from the shared corpus; each floor sits just under what was measured.

import Foundation
import Testing
@testable import Language

struct Measurement: CustomStringConvertible {
    var sample: LabelledSample
    var correct = 0
    var reliable = 0
    var reliableCorrect = 0
    /// The first few misses, printed when LANGUAGE_ERRORS is set, to see what goes wrong.
    var misses: [(String, LanguageGuess)] = []
    var accuracy: Double { sample.texts.isEmpty ? 0 : Double(correct) / Double(sample.texts.count) }
    var description: String {
        let share = sample.texts.isEmpty ? 0 : Double(reliable) / Double(sample.texts.count)
        let reliableAccuracy = reliable == 0 ? 0 : Double(reliableCorrect) / Double(reliable)
        return "| \(sample.language) | \(sample.source) | \(sample.texts.count) | \(correct) | "
            + String(format: "%.3f | %.3f | %.3f |", accuracy, share, reliableAccuracy)
    }

    init(_ sample: LabelledSample) {
        self.sample = sample
        for text in sample.texts {
            let guess = LanguageIdentifier.identify(text)
            let right = guess.language == sample.language
            if right { correct += 1 } else if misses.count < 25 { misses.append((text, guess)) }
            if guess.reliable { reliable += 1; if right { reliableCorrect += 1 } }
        }
    }
}

/// Floors per sample source: measured accuracy rounded down, less a little, so a regression fails.
let accuracyFloors: [String: Double] = [
    "wisesight neu.txt": 0.98, "Thai SMS scam.txt": 0.98, "tg-spam ham-samples.txt": 0.97,
    "Taiwan SMS_data.json": 0.95, "datos_sms.csv": 0.90, "reddit_posts.csv": 0.99, "Business.txt": 0.99,
    "clean_datatext.csv": 0.88, "wpp_2020.csv": 0.91,
    "chardet Big5": 1, "chardet GB2312": 1, "chardet SHIFT_JIS": 1, "chardet TIS-620": 1, "chardet windows-1251": 1,
]

@Test("Each language is identified on real sentences at least as well as measured", arguments: CorpusSentences.all)
func accuracyOnRealSentences(_ sample: LabelledSample) {
    #expect(sample.texts.count >= 1, "no sentences read for \(sample)")
    let measurement = Measurement(sample)
    print("ACCURACY \(measurement)")
    if ProcessInfo.processInfo.environment["LANGUAGE_ERRORS"] != nil {
        for (text, guess) in measurement.misses {
            print("MISS \(sample.language) → \(guess.language ?? "nil") \(guess.script) \(guess.reliable): \(text.prefix(150))")
        }
    }
    if let floor = accuracyFloors[sample.source] {
        #expect(measurement.accuracy >= floor, "\(sample): \(measurement)")
    }
}
