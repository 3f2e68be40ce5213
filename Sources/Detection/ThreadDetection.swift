// Conversation-level detection: rules that fire across a window of messages add up, so a thread that moves from
// greetings to an "uncle's trading platform" to a USDT address scores even when no single message does.

import Foundation

public struct ThreadMessage: Sendable, Equatable {
    public let id: Int64
    public let text: String
    /// Sent by the device's owner (true), to them (false), unknown (nil). Carried for callers; not scored yet.
    public let fromOwner: Bool?
    /// Indicator kinds found in the message (`crypto-address`…), for rules with `requires`.
    public let indicators: Set<String>

    public init(id: Int64, text: String, fromOwner: Bool? = nil, indicators: Set<String> = []) {
        self.id = id
        self.text = text
        self.fromOwner = fromOwner
        self.indicators = indicators
    }
}

/// A rule that fired in one message of a thread.
public struct ThreadMatch: Sendable, Codable, Equatable {
    public let messageId: Int64
    public let match: RuleMatch
}

public struct ThreadDetection: Sendable, Codable, Equatable {
    public let category: String
    /// The sum of the weights of the distinct rules that fired in the best window of messages.
    public let score: Double
    /// The messages of that window whose rules fired, in thread order.
    public let messageIds: [Int64]
    /// Every rule firing in that window, in thread order (at most `maxThreadMatches`).
    public let matches: [ThreadMatch]
    /// Around the strongest span, from its message.
    public let excerpt: String
}

extension DetectionEngine {
    /// Matches kept per thread detection.
    public static let maxThreadMatches = 200

    /// Categories whose score over some `window` consecutive messages reaches the category's `thread_threshold`.
    /// A rule counts once per window however many messages it fires in. `requires` is satisfied by an indicator
    /// anywhere in the thread. Highest score first, then by name.
    public func detectThread(_ messages: [ThreadMessage], language: String?, window: Int = 200) -> [ThreadDetection] {
        let language = LanguageCodes.normalize(language)
        let window = max(1, window)
        let indicators = messages.reduce(into: Set<String>()) { $0.formUnion($1.indicators) }
        let fired: [[FiredRule]] = messages.map { evaluate(analyze($0.text), language: language, indicators: indicators) }

        var categories = Set<String>()
        for list in fired { for rule in list { categories.insert(rule.match.category) } }
        var detections: [ThreadDetection] = []
        for name in categories.sorted() {
            guard let category = pack.categories[name] else { continue }
            var counts: [Int: Int] = [:]
            var score = 0.0
            var best = (score: -Double.infinity, end: -1)
            func apply(_ index: Int, _ delta: Int) {
                for rule in fired[index] where rule.match.category == name {
                    let before = counts[rule.rule, default: 0]
                    counts[rule.rule] = before + delta
                    if before == 0 && delta > 0 { score += rule.match.weight }
                    if before == 1 && delta < 0 { score -= rule.match.weight }
                }
            }
            for index in messages.indices {
                apply(index, 1)
                if index >= window { apply(index - window, -1) }
                // Sums drift by ulps as rules enter and leave; only a clearly higher score moves the best window.
                if score > best.score + 1e-9 { best = (score, index) }
            }
            guard best.end >= 0 else { continue }
            let range = max(0, best.end - window + 1)...best.end
            var seenRules = Set<Int>()
            var total = 0.0
            var ids: [Int64] = []
            var matches: [ThreadMatch] = []
            var strongest: (rule: FiredRule, message: Int)?
            for index in range {
                let rules = fired[index].filter { $0.match.category == name }
                if rules.isEmpty { continue }
                ids.append(messages[index].id)
                for rule in rules {
                    if seenRules.insert(rule.rule).inserted { total += rule.match.weight }
                    if matches.count < DetectionEngine.maxThreadMatches {
                        matches.append(ThreadMatch(messageId: messages[index].id, match: rule.match))
                    }
                    if rule.match.weight > 0, strongest.map({ FiredRule.stronger(rule, $0.rule) }) ?? true {
                        strongest = (rule, index)
                    }
                }
            }
            guard total >= category.threadThreshold else { continue }
            let excerpt = strongest.flatMap { item in
                item.rule.match.spans.first.map {
                    Excerpt.around($0, in: messages[item.message].text, characters: limits.excerptCharacters)
                }
            } ?? ""
            detections.append(ThreadDetection(category: name, score: total, messageIds: ids, matches: matches, excerpt: excerpt))
        }
        return detections.sorted { $0.score != $1.score ? $0.score > $1.score : $0.category < $1.category }
    }
}
