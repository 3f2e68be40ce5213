// The rule engine: normalizes a text once, finds every phrase with one automaton, evaluates the rules, scores
// categories and explains each detection with spans in the original text.

import Foundation

/// A span of the ORIGINAL text, in UTF-8 bytes.
public struct TextSpan: Sendable, Codable, Equatable, Hashable {
    public let start: Int
    public let length: Int
    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }
}

/// One rule that fired, and where.
public struct RuleMatch: Sendable, Codable, Equatable {
    public let ruleId: String
    public let category: String
    public let weight: Double
    /// At most the rule's `max_hits`, in text order.
    public let spans: [TextSpan]
    public init(ruleId: String, category: String, weight: Double, spans: [TextSpan]) {
        self.ruleId = ruleId
        self.category = category
        self.weight = weight
        self.spans = spans
    }
}

/// A category whose score reached its threshold in one text.
public struct Detection: Sendable, Codable, Equatable {
    public let category: String
    /// The sum of the weights of the distinct rules that fired (negative rules subtract).
    public let score: Double
    public let language: String?
    /// Strongest first (weight, then id); negative rules that fired are listed too, to explain the score.
    public let matches: [RuleMatch]
    /// At most 300 characters of the original text around the strongest span, whitespace collapsed.
    public let excerpt: String
}

/// Bounds on the work done for one text.
public struct DetectionLimits: Sendable {
    /// Bytes of a text scanned; the rest is ignored (a triage engine, not an indexer).
    public var maxTextBytes = 16 << 20
    /// Bytes of normalized text given to `pattern` rules: regular expressions have no time limit, so their input does.
    public var maxPatternTextBytes = 64 << 10
    /// Occurrences kept per phrase per text; enough for `near`, bounded for texts that repeat a word a million times.
    public var maxHitsPerPhrase = 64
    /// Characters of excerpt.
    public var excerptCharacters = 300
    public init() {}
}

public final class DetectionEngine: Sendable {
    public let pack: RulePack
    public let limits: DetectionLimits
    let compiled: CompiledRules

    public init(pack: RulePack, limits: DetectionLimits = DetectionLimits()) {
        self.pack = pack
        self.limits = limits
        self.compiled = CompiledRules(pack: pack)
    }

    /// `custody-core@1` (or `a@1+b@2` for merged packs), reported with every finding.
    public var packVersion: String { pack.version }
    /// SHA-256 of the pack's canonical content, reported with every finding.
    public var packSHA256: String { pack.sha256 }

    /// The categories whose score reaches their threshold, highest score first (then by name, so the order is the
    /// same on every run). `language` (ISO 639-1, `en-US` is read as `en`) selects the rules of that language and
    /// `any`; nil runs every rule. `indicators` are the kinds found in the text, for rules with `requires`.
    public func detect(_ text: String, language: String?, indicators: Set<String> = []) -> [Detection] {
        let language = LanguageCodes.normalize(language)
        let analysis = analyze(text)
        let fired = evaluate(analysis, language: language, indicators: indicators)
        var byCategory: [String: [FiredRule]] = [:]
        for rule in fired { byCategory[rule.match.category, default: []].append(rule) }
        var detections: [Detection] = []
        for (name, rules) in byCategory {
            guard let category = pack.categories[name] else { continue }
            let score = rules.reduce(0) { $0 + $1.match.weight }
            guard score >= category.threshold else { continue }
            let ordered = rules.sorted(by: FiredRule.stronger)
            let excerpt = ordered.first.flatMap { $0.match.weight > 0 ? $0.match.spans.first : nil }
                .map { Excerpt.around($0, in: text, characters: limits.excerptCharacters) } ?? ""
            detections.append(Detection(category: name, score: score, language: language,
                                        matches: ordered.map(\.match), excerpt: excerpt))
        }
        return detections.sorted { $0.score != $1.score ? $0.score > $1.score : $0.category < $1.category }
    }

    /// Every rule that fires on a text, whatever the thresholds (`custody detect --explain`, evaluating rules).
    public func matches(_ text: String, language: String?, indicators: Set<String> = []) -> [RuleMatch] {
        evaluate(analyze(text), language: LanguageCodes.normalize(language), indicators: indicators)
            .sorted(by: FiredRule.stronger).map(\.match)
    }

    // MARK: - Matching

    struct FiredRule {
        let rule: Int
        let match: RuleMatch

        static func stronger(_ a: FiredRule, _ b: FiredRule) -> Bool {
            a.match.weight != b.match.weight ? a.match.weight > b.match.weight : a.match.ruleId < b.match.ruleId
        }
    }

    struct Hit {
        let start: Int
        let end: Int
    }

    final class Analysis {
        let text: String
        let normalized: NormalizedText
        /// Phrase id → its occurrences in normalized bytes, in text order.
        var hits: [Int: [Hit]] = [:]
        private var checkpoints: [Int32] = []

        /// The capped, lightly normalized text `pattern` rules run on, made when the first one runs.
        var patternText: (normalized: NormalizedText, string: String)?

        init(text: String, normalized: NormalizedText) {
            self.text = text
            self.normalized = normalized
        }

        /// Characters before a normalized byte offset, for `near` distances.
        func characterIndex(_ offset: Int) -> Int {
            let stride = 64
            if checkpoints.isEmpty {
                var count: Int32 = 0
                checkpoints.reserveCapacity(normalized.bytes.count / stride + 1)
                for (index, byte) in normalized.bytes.enumerated() {
                    if index % stride == 0 { checkpoints.append(count) }
                    if byte & 0xC0 != 0x80 { count += 1 }
                }
                checkpoints.append(count)
            }
            let block = offset / stride
            var count = Int(checkpoints[min(block, checkpoints.count - 1)])
            var index = block * stride
            while index < offset && index < normalized.bytes.count {
                if normalized.bytes[index] & 0xC0 != 0x80 { count += 1 }
                index += 1
            }
            return count
        }
    }

    func analyze(_ text: String) -> Analysis {
        let analysis = Analysis(text: text, normalized: TextFolding.shared.normalize(text, limit: limits.maxTextBytes))
        let compiled = self.compiled
        let maxPerPhrase = limits.maxHitsPerPhrase
        var hits: [Int: [Hit]] = [:]
        analysis.normalized.bytes.withUnsafeBufferPointer { bytes in
            compiled.matcher.scan(bytes) { key, keyEnd in
                let start = keyEnd - compiled.matcher.keyLengths[key]
                for id in compiled.phrasesOfKey[key] {
                    let phrase = compiled.phrases[id]
                    if hits[id]?.count ?? 0 >= maxPerPhrase { continue }
                    if phrase.startClass != 0, let previous = Script.scalar(before: start, in: bytes),
                       Script.wordClass(previous) == phrase.startClass { continue }
                    guard let end = DetectionEngine.verify(phrase, from: keyEnd, in: bytes) else { continue }
                    if phrase.endClass != 0, end < bytes.count,
                       Script.wordClass(Script.scalar(at: end, in: bytes)) == phrase.endClass { continue }
                    hits[id, default: []].append(Hit(start: start, end: end))
                }
            }
        }
        // The automaton reports by end; rules want text order.
        for (id, list) in hits where list.count > 1 {
            hits[id] = list.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        }
        analysis.hits = hits
        return analysis
    }

    /// Where a phrase's wildcard and literal parts after its key end, or nil when they do not match.
    static func verify(_ phrase: CompiledPhrase, from position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var position = position
        for part in phrase.rest {
            switch part {
            case .wildcard:
                var taken = 0
                while position < bytes.count && taken < PhraseSyntax.wildcardCharacters {
                    let value = Script.scalar(at: position, in: bytes)
                    guard Script.wordClass(value) != 0 else { break }
                    position += value < 0x80 ? 1 : (value < 0x800 ? 2 : (value < 0x10000 ? 3 : 4))
                    taken += 1
                }
            case .literal(let literal):
                guard position + literal.count <= bytes.count else { return nil }
                for (offset, byte) in literal.enumerated() where bytes[position + offset] != byte { return nil }
                position += literal.count
            }
        }
        return position
    }

    func evaluate(_ analysis: Analysis, language: String?, indicators: Set<String>) -> [FiredRule] {
        var candidates = compiled.patternRules
        for id in analysis.hits.keys {
            for user in compiled.users[id] { candidates.append(user.rule) }
        }
        candidates.sort()
        var fired: [FiredRule] = []
        var previous = -1
        for index in candidates where index != previous {
            previous = index
            let compiledRule = compiled.rules[index]
            let rule = compiledRule.rule
            guard compiledRule.applies(toLanguage: language) else { continue }
            if !rule.requires.isEmpty && !rule.requires.contains(where: indicators.contains) { continue }
            let spans: [Hit]?
            var coordinates = analysis.normalized
            switch compiledRule.kind {
            case .phrases:
                let all = slotHits(compiledRule.slots[0], analysis)
                spans = all.isEmpty ? nil : all
            case .all:
                let firsts = compiledRule.slots.map { slotHits($0, analysis).first }
                spans = firsts.contains(where: { $0 == nil }) ? nil : firsts.compactMap { $0 }
            case .any(let minimum):
                let firsts = compiledRule.slots.compactMap { slotHits($0, analysis).first }
                spans = firsts.count >= minimum ? firsts : nil
            case .near(let within):
                spans = near(compiledRule.slots, within: within, analysis)
            case .pattern(let pattern):
                let input = patternInput(analysis)
                coordinates = input.normalized
                spans = patternHits(pattern, in: input.string, limit: rule.maxHits)
            }
            guard let spans, !spans.isEmpty else { continue }
            var original: [TextSpan] = []
            for hit in spans.sorted(by: { $0.start < $1.start }) where hit.end > hit.start {
                let span = coordinates.originalSpan(hit.start, hit.end)
                // Phrases of one rule may overlap ("usdt", "usdt wallet"): report each span once.
                if original.contains(span) { continue }
                original.append(span)
                if original.count >= rule.maxHits { break }
            }
            guard !original.isEmpty else { continue }
            fired.append(FiredRule(rule: index, match: RuleMatch(ruleId: rule.id, category: rule.category,
                                                                  weight: rule.weight, spans: original)))
        }
        return fired
    }

    private func slotHits(_ phrases: [Int], _ analysis: Analysis) -> [Hit] {
        if phrases.count == 1 { return analysis.hits[phrases[0]] ?? [] }
        var all: [Hit] = []
        for id in phrases { all += analysis.hits[id] ?? [] }
        return all.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
    }

    /// The first window in text order holding one hit of every group with starts at most `within` characters apart.
    private func near(_ groups: [[Int]], within: Int, _ analysis: Analysis) -> [Hit]? {
        var labelled: [(hit: Hit, group: Int)] = []
        for (group, phrases) in groups.enumerated() {
            let hits = slotHits(phrases, analysis)
            if hits.isEmpty { return nil }
            labelled += hits.map { (hit: $0, group: group) }
        }
        labelled.sort { $0.hit.start != $1.hit.start ? $0.hit.start < $1.hit.start : $0.group < $1.group }
        let characters = labelled.map { analysis.characterIndex($0.hit.start) }
        var counts = [Int](repeating: 0, count: groups.count)
        var covered = 0
        var left = 0
        for right in 0..<labelled.count {
            if counts[labelled[right].group] == 0 { covered += 1 }
            counts[labelled[right].group] += 1
            while left < right && (counts[labelled[left].group] > 1 || characters[right] - characters[left] > within) {
                counts[labelled[left].group] -= 1
                if counts[labelled[left].group] == 0 { covered -= 1 }
                left += 1
            }
            if covered == groups.count && characters[right] - characters[left] <= within {
                var chosen: [Int: Hit] = [:]
                for item in labelled[left...right] where chosen[item.group] == nil { chosen[item.group] = item.hit }
                return chosen.values.sorted { $0.start < $1.start }
            }
        }
        return nil
    }

    private func patternInput(_ analysis: Analysis) -> (normalized: NormalizedText, string: String) {
        if let made = analysis.patternText { return made }
        let normalized = TextFolding.light.normalize(analysis.text, limit: limits.maxPatternTextBytes)
        let made = (normalized, String(decoding: normalized.bytes, as: UTF8.self))
        analysis.patternText = made
        return made
    }

    private func patternHits(_ pattern: CompiledPattern, in text: String, limit: Int) -> [Hit] {
        var hits: [Hit] = []
        let range = NSRange(location: 0, length: text.utf16.count)
        pattern.regex.enumerateMatches(in: text, options: [], range: range) { result, _, stop in
            guard let result, result.range.length > 0, let found = Range(result.range, in: text) else { return }
            let start = text.utf8.distance(from: text.startIndex, to: found.lowerBound)
            let end = text.utf8.distance(from: text.startIndex, to: found.upperBound)
            hits.append(Hit(start: start, end: end))
            if hits.count >= limit { stop.pointee = true }
        }
        return hits
    }
}

/// Excerpts of the original text around a span.
enum Excerpt {
    /// Works on the UTF-8 bytes, stepping over whole characters (scalars), so it costs the excerpt's length only.
    static func around(_ span: TextSpan, in text: String, characters limit: Int) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard limit > 0, span.start >= 0, span.length >= 0, span.start <= bytes.count,
                  span.length <= bytes.count - span.start else { return "" }
            func isStart(_ index: Int) -> Bool { index >= bytes.count || bytes[index] & 0xC0 != 0x80 }
            func next(_ index: Int) -> Int {
                var index = index + 1
                while !isStart(index) { index += 1 }
                return index
            }
            func previous(_ index: Int) -> Int {
                var index = index - 1
                while index > 0 && !isStart(index) { index -= 1 }
                return index
            }
            var upper = span.start
            var spanCharacters = 0
            while upper < span.start + span.length && spanCharacters < limit { upper = next(upper); spanCharacters += 1 }
            let context = (limit - spanCharacters) / 2
            var lower = span.start
            var taken = 0
            while taken < context && lower > 0 { lower = previous(lower); taken += 1 }
            taken = 0
            while taken < limit - spanCharacters - context && upper < bytes.count { upper = next(upper); taken += 1 }
            var out: [UInt8] = []
            out.reserveCapacity(upper - lower)
            var lastWasSpace = true
            for index in lower..<upper {
                let byte = bytes[index]
                // ASCII whitespace and controls become one space; other bytes are kept as they are.
                if byte < 0x21 || byte == 0x7F {
                    if !lastWasSpace { out.append(0x20) }
                    lastWasSpace = true
                } else {
                    out.append(byte)
                    lastWasSpace = false
                }
            }
            while out.last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension Detection {
    /// The same detection with every span moved by `offset` bytes: for a text scanned in pieces, spans relative to
    /// the whole text.
    public func shifted(by offset: Int) -> Detection {
        guard offset != 0 else { return self }
        return Detection(category: category, score: score, language: language,
                         matches: matches.map { match in
                             RuleMatch(ruleId: match.ruleId, category: match.category, weight: match.weight,
                                       spans: match.spans.map { TextSpan(start: $0.start + offset, length: $0.length) })
                         },
                         excerpt: excerpt)
    }
}

extension DetectionEngine {
    /// Detection for long texts (documents): a category scores the distinct rules whose spans fall within one
    /// window of `window` bytes, the best window counting, so that weak phrases scattered over a long manual do not
    /// add up to a script. Texts no longer than the window are scored whole, as `detect` does. Spans are byte
    /// offsets in `text`; `offset` is added to them (for a text that is a piece of a longer one).
    public func detectLocally(_ text: String, language: String?, indicators: Set<String> = [], window: Int,
                              offset: Int = 0) -> [Detection] {
        guard text.utf8.count > window else {
            return detect(text, language: language, indicators: indicators).map { $0.shifted(by: offset) }
        }
        let language = LanguageCodes.normalize(language)
        let fired = evaluate(analyze(text), language: language, indicators: indicators)
        var byCategory: [String: [FiredRule]] = [:]
        for rule in fired { byCategory[rule.match.category, default: []].append(rule) }
        var detections: [Detection] = []
        for (name, rules) in byCategory {
            guard let category = pack.categories[name] else { continue }
            // Every span is an event; a rule counts once in a window however many of its spans are there.
            var events: [(position: Int, rule: Int)] = []
            for (index, rule) in rules.enumerated() {
                for span in rule.match.spans { events.append((span.start, index)) }
            }
            events.sort { $0.position != $1.position ? $0.position < $1.position : $0.rule < $1.rule }
            var inWindow = [Int](repeating: 0, count: rules.count)
            var score = 0.0
            var best = (score: -Double.infinity, start: 0, end: 0)
            var low = 0
            for high in events.indices {
                if inWindow[events[high].rule] == 0 { score += rules[events[high].rule].match.weight }
                inWindow[events[high].rule] += 1
                while events[high].position - events[low].position >= window {
                    inWindow[events[low].rule] -= 1
                    if inWindow[events[low].rule] == 0 { score -= rules[events[low].rule].match.weight }
                    low += 1
                }
                if score > best.score + 1e-9 { best = (score, events[low].position, events[high].position) }
            }
            guard best.score >= category.threshold else { continue }
            let kept = rules.compactMap { rule -> FiredRule? in
                let spans = rule.match.spans.filter { $0.start >= best.start && $0.start <= best.end }
                guard !spans.isEmpty else { return nil }
                return FiredRule(rule: rule.rule, match: RuleMatch(ruleId: rule.match.ruleId, category: rule.match.category,
                                                                    weight: rule.match.weight, spans: spans))
            }.sorted(by: FiredRule.stronger)
            let excerpt = kept.first.flatMap { $0.match.weight > 0 ? $0.match.spans.first : nil }
                .map { Excerpt.around($0, in: text, characters: limits.excerptCharacters) } ?? ""
            detections.append(Detection(category: name, score: best.score, language: language, matches: kept.map(\.match),
                                        excerpt: excerpt).shifted(by: offset))
        }
        return detections.sorted { $0.score != $1.score ? $0.score > $1.score : $0.category < $1.category }
    }
}
