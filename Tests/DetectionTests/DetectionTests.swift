// The rule engine as an analyst relies on it: rules load or are rejected with positions, every matcher kind,
// scores with negative evidence, spans in the original text, thread scoring and a stable order.

import Foundation
import Testing
@testable import Detection

enum Fixture {
    static let folder: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let pack: RulePack = {
        do { return try RulePack.load(paths: [folder.appendingPathComponent("test-core.yaml").path]) } catch {
            Issue.record("fixture pack does not load: \(error)")
            return .empty
        }
    }()

    static let engine = DetectionEngine(pack: pack)

    /// The text an original span covers.
    static func text(_ span: TextSpan, in text: String) -> String {
        let bytes = Array(text.utf8)
        guard span.start >= 0, span.start + span.length <= bytes.count else { return "<out of range>" }
        return String(decoding: bytes[span.start..<(span.start + span.length)], as: UTF8.self)
    }

    static func issues(_ yaml: String) -> [RuleIssue] {
        do {
            _ = try RulePack.parse(yaml: yaml, file: "test.yaml")
            return []
        } catch let error as DetectionError {
            return error.issues
        } catch {
            return [RuleIssue(file: "", line: 0, column: 0, message: "\(error)")]
        }
    }
}

@Suite struct RuleLoading {
    @Test func fixturePackLoadsWithVersionAndHash() {
        #expect(Fixture.pack.rules.count == 11)
        #expect(Fixture.engine.packVersion == "test-core@3")
        #expect(Fixture.engine.packSHA256.count == 64)
    }

    @Test func hashIgnoresFormattingButNotMeaning() throws {
        let a = try RulePack.parse(yaml: """
            pack: p
            version: 1
            categories: {scam: {threshold: 1, description: d}}
            rules:
              - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrases: [alpha]}
              - {id: scam.en.b, category: scam, languages: [en], weight: 1, phrases: [beta]}
            """)
        let reordered = try RulePack.parse(yaml: """
            # the same rules, other order and layout
            pack: p
            version: 1
            rules:
              - id: scam.en.b
                category: scam
                languages: [en]
                weight: 1
                phrases: [beta]
              - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrases: [alpha]}
            categories:
              scam: {threshold: 1, description: d}
            """)
        let reweighted = try RulePack.parse(yaml: """
            pack: p
            version: 1
            categories: {scam: {threshold: 1, description: d}}
            rules:
              - {id: scam.en.a, category: scam, languages: [en], weight: 2, phrases: [alpha]}
              - {id: scam.en.b, category: scam, languages: [en], weight: 1, phrases: [beta]}
            """)
        #expect(a.sha256 == reordered.sha256)
        #expect(a.sha256 != reweighted.sha256)
        #expect(a.categories["scam"]?.threadThreshold == 1.5)
    }

    @Test func issuesAreReportedAtTheirLineAndColumn() {
        let issues = Fixture.issues("""
            pack: broken
            version: 1
            categories:
              scam:
                threshold: 1
            rules:
              - id: scam.en.one
                category: scam
                languages: [en]
                weight: 1
                wieght: 2
                phrases: [hello]
              - id: scam.en.two
                category: scam
                languages: [en]
                weight: 1
              - id: scam.en.three
                category: nonexistent
                languages: [en]
                weight: 1
                phrases: [x y]
              - id: scam.en.four
                category: scam
                languages: [eng]
                weight: 1
                pattern: "(unclosed"
              - id: scam.en.five
                category: scam
                languages: [en]
                weight: 1
                pattern: "[a-"
              - id: scam.en.one
                category: scam
                languages: [en]
                weight: 1
                phrases: [bye]
            """)
        func at(_ line: Int, _ column: Int, _ words: String) -> Bool {
            issues.contains { $0.line == line && $0.column == column && $0.message.contains(words) }
        }
        #expect(at(11, 5, "unknown key 'wieght'"))
        #expect(at(13, 5, "no matcher"))
        #expect(at(18, 15, "unknown category 'nonexistent'"))
        #expect(at(24, 17, "unknown language code 'eng'"))
        #expect(at(26, 14, "invalid regular expression"))
        #expect(at(31, 14, "invalid regular expression"))
        #expect(at(32, 9, "duplicate rule id 'scam.en.one' (first defined at test.yaml:7:9)"))
        #expect(issues.count == 7, "\(issues)")
    }

    @Test func yamlSyntaxErrorsHavePositions() {
        let issues = Fixture.issues("""
            pack: p
            version: 1
            rules:
              - id: a.b
                phrases: [unterminated
            """)
        #expect(issues.count == 1)
        #expect(issues.first?.message.hasPrefix("YAML syntax") == true)
        #expect(issues.first?.line ?? 0 >= 5)
    }

    @Test func badPhrasesAndPatternsAreRejected() {
        let issues = Fixture.issues("""
            pack: p
            version: 1
            categories: {scam: {threshold: 1}}
            rules:
              - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrases: ["*vest"]}
              - {id: scam.en.b, category: scam, languages: [en], weight: 1, phrases: ["in*vest"]}
              - {id: scam.en.c, category: scam, languages: [en], weight: 1, pattern: "x*"}
              - {id: scam.en.d, category: scam, languages: [en], weight: 0, phrases: [fine]}
              - {id: scam.en.e, category: scam, languages: [en], weight: 1, phrases: [a], all: [b]}
            """)
        #expect(issues.map(\.line) == [5, 6, 7, 8, 9])
    }

    @Test func duplicateIdsAcrossPacksAreAnError() throws {
        let analyst = """
            pack: analyst
            version: 1
            rules:
              - {id: pig-butchering.any.usdt, category: pig-butchering, languages: [any], weight: 1, phrases: [usdt]}
            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("detection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("analyst.yaml")
        try analyst.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: DetectionError.self) { try RulePack.load(paths: [file.path], base: Fixture.pack) }

        // The same file with a new id extends the base, using the base's categories.
        try analyst.replacingOccurrences(of: "any.usdt", with: "any.usdt-analyst").write(to: file, atomically: true, encoding: .utf8)
        let merged = try RulePack.load(paths: [folder.path], base: Fixture.pack)
        #expect(merged.rules.count == Fixture.pack.rules.count + 1)
        #expect(merged.version == "analyst@1+test-core@3")
        // Without the base, the category is unknown.
        #expect(throws: DetectionError.self) { try RulePack.load(paths: [file.path]) }
    }

    @Test func aFolderIsCheckedAsOnePack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("detection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            pack: split
            version: 2
            categories: {scam: {threshold: 1}}
            rules:
              - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrases: [alpha]}
            """.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try """
            pack: split
            version: 3
            rules:
              - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrases: [beta]}
              - {id: scam.en.b, category: scam, languages: [en], weight: 1, phrases: [gamma]}
            """.write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let issues = RuleCheck.check(path: folder.path)
        let b = folder.appendingPathComponent("b.yaml").path
        #expect(issues.map(\.description) == [
            "\(b):1:7: pack 'split' has version 3 here but 2 at \(folder.appendingPathComponent("a.yaml").path):1:7",
            "\(b):4:10: duplicate rule id 'scam.en.a' (first defined at \(folder.appendingPathComponent("a.yaml").path):5:10)",
        ])
    }

    @Test func builtInPacksLoadAndPassTheChecker() throws {
        let pack = try RulePack.builtIn()
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Detection/Rules")
        #expect(RuleCheck.check(path: source.path) == [])
        #expect(pack.rules.allSatisfy { !$0.languages.isEmpty })
    }
}



@Suite struct Matching {
    let engine = Fixture.engine

    func fired(_ text: String, _ language: String? = "en", indicators: Set<String> = []) -> [String] {
        engine.matches(text, language: language, indicators: indicators).map(\.ruleId).sorted()
    }

    @Test func phrasesMatchOnWordBoundariesWithWildcards() {
        #expect(fired("He showed me his trading   platform yesterday") == ["pig-butchering.en.platform"])
        #expect(fired("Our INVESTMENT PLANS start at 500") == ["pig-butchering.en.platform"])
        #expect(fired("trading platforms") == [])  // no wildcard on 'platform'
        #expect(fired("usdtx and xusdt") == [])
        #expect(fired("send 500usdt now") == ["pig-butchering.any.usdt"])  // digits before letters are a boundary
    }

    @Test func allNeedsEveryPhrase() {
        #expect(fired("customer service job") == [])
        #expect(fired("Customer service job in Thailand") == ["recruitment-lure.en.customer-service"])
    }

    @Test func anyNeedsItsMinimum() {
        #expect(fired("high salary") == [])
        #expect(fired("High salary, free visa and free flight!") == ["recruitment-lure.en.benefits"])
    }

    @Test func nearNeedsTheGroupsCloseTogether() {
        #expect(fired("The company will keep your passport for safety") == ["recruitment-lure.en.passport"])
        let far = "Bring your passport. " + String(repeating: "Lots of details here. ", count: 5) + "We keep it simple."
        #expect(fired(far) == [])
    }

    @Test func patternsRunOnNormalizedText() {
        let matches = engine.matches("Pay in USDT-TRC20 or usdt trc20 or USDT TRC-20", language: nil)
        let trc = matches.first { $0.ruleId == "pig-butchering.any.trc20" }
        #expect(trc?.spans.count == 2)  // max_hits: 2
        #expect(trc.map { Fixture.text($0.spans[0], in: "Pay in USDT-TRC20 or usdt trc20 or USDT TRC-20") } == "USDT-TRC20")
    }

    @Test func patternsSeeLettersAsWrittenSoTheirClassesWork() throws {
        let pack = try RulePack.parse(yaml: """
            pack: p
            version: 1
            categories: {scam: {threshold: 1}}
            rules:
              - {id: scam.ru.income, category: scam, languages: [ru], weight: 1, pattern: "д[оo]х[оo]д[^.]{0,20}\\\\d+\\\\s*[-–]?\\\\s*\\\\d*\\\\s*%"}
            """)
        let engine = DetectionEngine(pack: pack)
        for text in ["Доход 10–20% в день", "ДOХOД от 5 % каждый день"] {  // the second with Latin O
            let span = engine.matches(text, language: "ru").first?.spans.first
            #expect(span.map { Fixture.text($0, in: text).hasSuffix("%") } == true, "\(text)")
        }
    }

    @Test func requiresNeedsTheIndicator() {
        #expect(fired("please deposit today") == [])
        #expect(fired("please deposit today", indicators: ["crypto-address"]) == ["pig-butchering.en.deposit-address"])
    }

    @Test func languageSelectsRules() {
        let russian = "Наша инвестиционная платформа надёжна"
        #expect(fired(russian, "en") == [])
        #expect(fired(russian, "ru") == ["pig-butchering.ru.platform"])
        #expect(fired(russian, nil) == ["pig-butchering.ru.platform"])
        #expect(fired(russian, "ru-RU") == ["pig-butchering.ru.platform"])
    }
}

@Suite struct Scoring {
    let engine = Fixture.engine

    @Test func categoryReachesItsThreshold() {
        let detections = engine.detect("My uncle's platform pays 10% a day in USDT", language: "en")
        #expect(detections.map(\.category) == ["pig-butchering"])
        #expect(detections.first?.score == 2.5)
        #expect(detections.first?.matches.map(\.ruleId) == ["pig-butchering.en.platform", "pig-butchering.any.usdt"])
        #expect(detections.first?.excerpt == "My uncle's platform pays 10% a day in USDT")
    }

    @Test func belowThresholdIsNotADetection() {
        #expect(engine.detect("I bought some USDT", language: "en").isEmpty)
    }

    @Test func negativeEvidenceLowersTheScore() {
        let text = "Scam warning: a trading platform asked victims for USDT, police said."
        #expect(engine.matches(text, language: "en").contains { $0.ruleId == "pig-butchering.en.news" })
        #expect(engine.detect(text, language: "en").isEmpty)  // 1.5 + 1.0 − 2.0 = 0.5 < 2.0
        #expect(engine.detect(text, language: nil).isEmpty)
    }

    @Test func excerptIsBoundedAndAroundTheStrongestSpan() {
        let text = String(repeating: "filler words here ", count: 100) + "trading platform with USDT"
            + String(repeating: " and more filler", count: 100)
        let detection = engine.detect(text, language: "en").first
        #expect(detection.map { $0.excerpt.count <= 300 } == true)
        #expect(detection?.excerpt.contains("trading platform") == true)
    }

    @Test func resultsAreDeterministic() {
        let text = "High salary, free visa. Keep your passport with us. Trading platform, USDT, tether, customer service in Thailand."
        let first = engine.detect(text, language: nil)
        #expect(first.map(\.category) == ["pig-butchering", "recruitment-lure"])
        let messages = text.split(separator: ".").enumerated().map { ThreadMessage(id: Int64($0.offset), text: String($0.element)) }
        let thread = engine.detectThread(messages, language: nil)
        #expect(thread.map(\.category) == ["recruitment-lure"])  // pig-butchering: 2.5 < its thread threshold 3.0
        for _ in 0..<5 {
            #expect(engine.detect(text, language: nil) == first)
            #expect(DetectionEngine(pack: Fixture.pack).detect(text, language: nil) == first)
            #expect(DetectionEngine(pack: Fixture.pack).detectThread(messages, language: nil) == thread)
        }
    }
}

@Suite struct OriginalSpans {
    let engine = Fixture.engine

    func spans(_ text: String, _ rule: String, _ language: String? = nil) -> [String] {
        engine.matches(text, language: language).first { $0.ruleId == rule }?.spans.map { Fixture.text($0, in: text) } ?? []
    }

    @Test func fullWidthTextIsMatchedAndReportedAsWritten() {
        #expect(spans("転送 ＵＳＤＴ 今すぐ", "pig-butchering.any.usdt") == ["ＵＳＤＴ"])
    }

    @Test func homoglyphsAndZeroWidthCharactersAreSeenThrough() {
        // Cyrillic Ѕ and Т, as Telegram spam writes them; a zero-width space inside a word.
        #expect(spans("Buy U\u{0405}D\u{0422} today", "pig-butchering.any.usdt") == ["U\u{0405}D\u{0422}"])
        #expect(spans("teth\u{200B}er", "pig-butchering.any.usdt") == ["teth\u{200B}er"])
        // Phones type a curly apostrophe.
        #expect(spans("My uncle\u{2019}s platform", "pig-butchering.en.platform") == ["My uncle\u{2019}s platform"])
        // A Russian rule still matches Russian written with a Latin 'a' and 'o'.
        #expect(spans("инвестиционнaя плaтфоpма", "pig-butchering.ru.platform") == ["инвестиционнaя плaтфоpма"])
    }

    @Test func thaiAndChineseMatchWithoutSpaces() {
        let thai = "สมัครงานออนไลน์รายได้ดีมาก"
        #expect(spans(thai, "recruitment-lure.th.online-job", "th") == ["งานออนไลน์", "รายได้ดี"])
        let spaced = "งาน ออนไลน์ ค่ะ"  // a space between Thai words is optional
        #expect(spans(spaced, "recruitment-lure.th.online-job", "th") == ["งาน ออนไลน์"])
        #expect(spans("招聘高薪客服", "recruitment-lure.zh.high-pay", "zh") == ["高薪"])
    }

    @Test func decomposedAccentsMatchPrecomposedPhrases() throws {
        let pack = try RulePack.parse(yaml: """
            pack: p
            version: 1
            categories: {scam: {threshold: 1}}
            rules:
              - {id: scam.es.password, category: scam, languages: [es], weight: 1, phrases: ["contraseña"]}
            """)
        let text = "tu contrasen\u{0303}a y contraseña"
        let found = DetectionEngine(pack: pack).matches(text, language: "es").first?.spans.map { Fixture.text($0, in: text) }
        #expect(found == ["contrasen\u{0303}a", "contraseña"])
    }
}

@Suite struct Threads {
    let engine = Fixture.engine

    @Test func aThreadScoresWhereNoMessageDoes() {
        let messages = [
            ThreadMessage(id: 10, text: "Hi dear, how was your day?"),
            ThreadMessage(id: 11, text: "My uncle's platform made me rich"),
            ThreadMessage(id: 12, text: "Nice weather today"),
            ThreadMessage(id: 13, text: "You just need some USDT to start"),
            ThreadMessage(id: 14, text: "Deposit here: TXYZ…", indicators: ["crypto-address"]),
        ]
        for message in messages {
            #expect(engine.detect(message.text, language: "en", indicators: message.indicators).isEmpty)
        }
        let thread = engine.detectThread(messages, language: "en")
        #expect(thread.map(\.category) == ["pig-butchering"])
        #expect(thread.first?.score == 3.5)
        #expect(thread.first?.messageIds == [11, 13, 14])
        #expect(thread.first?.matches.map(\.messageId) == [11, 13, 14])
        #expect(thread.first?.excerpt == "My uncle's platform made me rich")
    }

    @Test func evidenceOutsideTheWindowDoesNotAddUp() {
        var messages = [ThreadMessage(id: 1, text: "my uncle's platform")]
        for id in 2...30 { messages.append(ThreadMessage(id: Int64(id), text: "ok")) }
        messages.append(ThreadMessage(id: 31, text: "usdt only", indicators: []))
        messages.append(ThreadMessage(id: 32, text: "tether please"))
        #expect(engine.detectThread(messages, language: "en", window: 10).isEmpty)
        #expect(engine.detectThread(messages, language: "en", window: 40).isEmpty)  // 1.5 + 1.0 < 3.0
        messages.append(ThreadMessage(id: 33, text: "deposit now", indicators: ["crypto-address"]))
        #expect(engine.detectThread(messages, language: "en", window: 40).first?.score == 3.5)
        #expect(engine.detectThread(messages, language: "en", window: 10).isEmpty)
    }
}
