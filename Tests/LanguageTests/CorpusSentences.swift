// Real sentences of known language from ../shared/corpus, read the way each file stores them.

import Foundation
import TestSupport
@testable import Language

/// One language's sample: where it comes from and its texts.
struct LabelledSample: Sendable, CustomStringConvertible {
    var language: String
    var source: String
    var texts: [String]
    var description: String { "\(language) (\(source))" }
}

enum CorpusSentences {
    /// A sentence needs this many letters outside links to count: shorter lines ("555", "ok", a bare URL) have no
    /// language to measure.
    static let minimumLetters = 10
    /// Bounded so the accuracy tests stay fast; files are read in order, so the sample is the same every run.
    static let maximumPerLanguage = 3000

    static func text(_ relative: String) -> String {
        guard let data = FileManager.default.contents(atPath: Repo.corpusFile(relative)) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func lines(_ relative: String) -> [String] {
        text(relative).split(whereSeparator: \.isNewline).map(String.init)
    }

    static func letters(_ text: String) -> Int {
        text.unicodeScalars.filter { $0.properties.isAlphabetic }.count
    }

    static func sentences(_ texts: [String]) -> [String] {
        Array(texts.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { letters(LinkStripper.strip($0)) >= minimumLetters }
            .prefix(maximumPerLanguage))
    }

    /// The values of one column of a CSV file (RFC 4180 quoting, fields may span lines).
    static func csvColumn(_ relative: String, _ column: String) -> [String] {
        let rows = parseCSV(text(relative))
        guard let header = rows.first, let index = header.firstIndex(of: column) else { return [] }
        return rows.dropFirst().compactMap { $0.indices.contains(index) ? $0[index] : nil }
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field); field = ""
            } else if scalar == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else if scalar != "\r" {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A chardet test file decoded from its legacy encoding with iconv, HTML tags and entities dropped, as lines.
    static func legacyLines(_ relative: String, encoding: String) -> [String] {
        guard let result = try? Tool.run("iconv", ["-c", "-f", encoding, "-t", "UTF-8", Repo.corpusFile(relative)]),
              result.status == 0 || !result.stdout.isEmpty else { return [] }
        let withoutTags = result.stdout.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression)
            .replacingOccurrences(of: "&[a-zA-Z#0-9]+;", with: " ", options: .regularExpression)
        return withoutTags.split(whereSeparator: \.isNewline).map(String.init)
    }

    static let scamtext = "scamtext/"

    /// Every labelled sample: scamtext files (see their README) and the chardet files whose language is known.
    static let all: [LabelledSample] = [
        LabelledSample(language: "th", source: "wisesight neu.txt",
                       texts: sentences(lines(scamtext + "PyThaiNLP+wisesight-sentiment/neu.txt"))),
        LabelledSample(language: "th", source: "Thai SMS scam.txt",
                       texts: sentences(lines(scamtext + "ssivakorn+Thai-SMS-spam-filter/data/raw_data/scam.txt")
                           .map { $0.split(separator: "|", maxSplits: 1).last.map(String.init) ?? $0 })),
        LabelledSample(language: "ru", source: "tg-spam ham-samples.txt",
                       texts: sentences(lines(scamtext + "umputun+tg-spam/data/ham-samples.txt"))),
        LabelledSample(language: "en", source: "reddit_posts.csv",
                       texts: sentences(csvColumn(scamtext
                           + "amala890+Understanding-Pig-Butchering-Scams-on-Dating-Apps-A-Multi-Source-Analysis/reddit_posts.csv",
                           "Content"))),
        LabelledSample(language: "zh", source: "Taiwan SMS_data.json",
                       texts: sentences(taiwanSMS())),
        LabelledSample(language: "es", source: "datos_sms.csv",
                       texts: sentences(csvColumn(scamtext + "bebob1+Modelo/datos_sms.csv", "MensajesF")
                           + csvColumn(scamtext + "bebob1+Modelo/datos_sms.csv", "MensajesV"))),
        LabelledSample(language: "id", source: "clean_datatext.csv",
                       texts: sentences(csvColumn(scamtext + "rakan416+ner-for-fraud-identification/data/clean_datatext.csv",
                                                  "clean_text"))),
        LabelledSample(language: "my", source: "Business.txt",
                       texts: sentences(burmeseNews())),
        LabelledSample(language: "pt", source: "wpp_2020.csv",
                       texts: sentences(csvColumn(scamtext + "cabrau+FakeWhatsApp.Br/data/wpp_2020.csv", "text"))),
        LabelledSample(language: "zh", source: "chardet Big5",
                       texts: sentences(legacyLines("chardet+chardet/tests/Big5/_chromium_Big5_with_no_encoding_specified.html",
                                                    encoding: "BIG5"))),
        LabelledSample(language: "zh", source: "chardet GB2312",
                       texts: sentences(legacyLines("chardet+chardet/tests/GB2312/_mozilla_bug171813_text.html",
                                                    encoding: "GB18030"))),
        LabelledSample(language: "ja", source: "chardet SHIFT_JIS",
                       texts: sentences(legacyLines("chardet+chardet/tests/SHIFT_JIS/_chromium_Shift-JIS_with_no_encoding_specified.html",
                                                    encoding: "SHIFT_JIS"))),
        LabelledSample(language: "th", source: "chardet TIS-620",
                       texts: sentences(legacyLines("chardet+chardet/tests/TIS-620/_mozilla_bug488426_text.html",
                                                    encoding: "TIS-620"))),
        LabelledSample(language: "ru", source: "chardet windows-1251",
                       texts: sentences(legacyLines("chardet+chardet/tests/windows-1251-russian/_chromium_windows-1251_with_no_encoding_specified.html",
                                                    encoding: "WINDOWS-1251"))),
    ]

    /// Burmese news, word-segmented with `_` upstream: joined back as written (Burmese puts no space between words).
    static func burmeseNews() -> [String] {
        lines(scamtext + "ayehninnkhine+MyanmarNewsClassificationSystem/resources/datasets2/Business.txt")
            .map { $0.replacingOccurrences(of: "_", with: "") }
    }

    static func taiwanSMS() -> [String] {
        struct Row: Decodable { var instruction: String }
        let data = Data(text(scamtext + "AmanoShizukikun+Nagato-Sakura-SMS-Checker/data/SMS_data.json").utf8)
        return ((try? JSONDecoder().decode([Row].self, from: data)) ?? []).map(\.instruction)
    }
}
