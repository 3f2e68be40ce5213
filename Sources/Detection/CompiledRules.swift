// Rules compiled for the engine: phrases normalized and split at wildcards, shared keys in one automaton,
// patterns compiled; and the syntax checks the loader runs on phrases and patterns.

import Foundation

/// A phrase after normalization: a literal key found by the automaton, then the wildcard and literal parts checked
/// at the hit.
struct CompiledPhrase: Sendable {
    enum Part: Sendable { case wildcard, literal([UInt8]) }
    let key: Int
    let rest: [Part]
    /// Word class (Script.wordClass) of the first and last character; 0 means no boundary is needed on that side.
    let startClass: UInt8
    let endClass: UInt8
}

/// NSRegularExpression is immutable once made and documented safe to use from several threads.
struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
}

enum PhraseSyntax {
    /// At most this many characters are taken by a `*` wildcard.
    static let wildcardCharacters = 40

    /// Why a phrase cannot be used, or nil.
    static func problem(_ phrase: String) -> String? {
        let normalized = TextFolding.shared.normalize(phrase, limit: 4096).bytes
        guard !normalized.isEmpty else { return "phrase '\(phrase)' has nothing to match after normalization" }
        if normalized.first == UInt8(ascii: "*") { return "phrase '\(phrase)' starts with '*': a wildcard may only end a word" }
        return normalized.withUnsafeBufferPointer { bytes -> String? in
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "*") {
                if index + 1 < bytes.count && bytes[index + 1] != 0x20 {
                    return "phrase '\(phrase)': '*' may only end a word (e.g. invest*)"
                }
                var stem = 0
                var position = index
                while let previous = Script.scalar(before: position, in: bytes), Script.wordClass(previous) != 0 {
                    stem += 1
                    position -= String(Unicode.Scalar(previous) ?? " ").utf8.count
                }
                if stem < 3 { return "phrase '\(phrase)': a word ending in '*' needs at least 3 letters before it" }
            }
            return nil
        }
    }

    /// The normalized phrase split at its wildcards: the literal key, then the parts after it.
    static func split(_ phrase: String) -> (key: [UInt8], rest: [CompiledPhrase.Part]) {
        let normalized = TextFolding.shared.normalize(phrase, limit: 4096).bytes
        let pieces = normalized.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
        var rest: [CompiledPhrase.Part] = []
        for piece in pieces.dropFirst() {
            rest.append(.wildcard)
            if !piece.isEmpty { rest.append(.literal(piece)) }
        }
        return (pieces.first ?? [], rest)
    }
}

enum PatternSyntax {
    /// Why a pattern cannot be used, or nil.
    static func problem(_ pattern: String) -> String? {
        guard pattern.count <= RuleParser.maxPatternCharacters else {
            return "pattern longer than \(RuleParser.maxPatternCharacters) characters"
        }
        guard let compiled = compile(pattern) else { return "invalid regular expression: \(pattern)" }
        let empty = ""
        if compiled.regex.firstMatch(in: empty, options: [], range: NSRange(location: 0, length: 0)) != nil {
            return "pattern matches the empty string, so it would fire on every text"
        }
        return nil
    }

    /// Case-insensitive, as written: it runs on lightly normalized text (`TextFolding.light`).
    static func compile(_ pattern: String) -> CompiledPattern? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        return CompiledPattern(regex: regex)
    }
}

/// A rule as the engine runs it.
/// A class, so the engine's inner loop passes one reference instead of copying a rule's strings and arrays.
final class CompiledRule: Sendable {
    enum Kind: Sendable { case phrases, all, any(Int), near(Int), pattern(CompiledPattern) }
    let rule: Rule
    let kind: Kind
    /// Phrase ids per slot: `phrases` has one slot holding all; `all`/`any` one slot per phrase; `near` one per group.
    let slots: [[Int]]
    let anyLanguage: Bool

    init(rule: Rule, kind: Kind, slots: [[Int]]) {
        self.rule = rule
        self.kind = kind
        self.slots = slots
        self.anyLanguage = rule.languages.contains("any")
    }

    func applies(toLanguage language: String?) -> Bool {
        guard let language, !anyLanguage else { return true }
        return rule.languages.contains(language)
    }
}

/// Everything the engine needs from a pack, built once.
struct CompiledRules: Sendable {
    let rules: [CompiledRule]
    let phrases: [CompiledPhrase]
    /// For each phrase: the (rule, slot) pairs that use it.
    let users: [[(rule: Int, slot: Int)]]
    /// For each automaton key: the phrases that start with it.
    let phrasesOfKey: [[Int]]
    let matcher: PhraseMatcher
    let patternRules: [Int]

    init(pack: RulePack) {
        var keyIndex: [[UInt8]: Int] = [:]
        var keys: [[UInt8]] = []
        var phraseIndex: [String: Int] = [:]
        var phrases: [CompiledPhrase] = []
        var users: [[(rule: Int, slot: Int)]] = []
        var rules: [CompiledRule] = []
        var patternRules: [Int] = []

        func phraseId(_ text: String) -> Int? {
            let (key, rest) = PhraseSyntax.split(text)
            guard !key.isEmpty else { return nil }
            // Phrases equal after normalization are one phrase, matched once.
            var signature = key
            for part in rest {
                switch part {
                case .wildcard: signature.append(UInt8(ascii: "*"))
                case .literal(let bytes): signature += bytes
                }
            }
            let name = String(decoding: signature, as: UTF8.self)
            if let existing = phraseIndex[name] { return existing }
            let keyId: Int
            if let existing = keyIndex[key] { keyId = existing } else {
                keyId = keys.count
                keys.append(key)
                keyIndex[key] = keyId
            }
            let firstClass = key.withUnsafeBufferPointer { Script.wordClass(Script.scalar(at: 0, in: $0)) }
            var endClass: UInt8 = 0
            if case .literal(let last)? = rest.last {
                endClass = last.withUnsafeBufferPointer { Script.scalar(before: $0.count, in: $0).map(Script.wordClass) ?? 0 }
            } else if rest.isEmpty {
                endClass = key.withUnsafeBufferPointer { Script.scalar(before: $0.count, in: $0).map(Script.wordClass) ?? 0 }
            }
            let id = phrases.count
            phrases.append(CompiledPhrase(key: keyId, rest: rest, startClass: firstClass, endClass: endClass))
            users.append([])
            phraseIndex[name] = id
            return id
        }

        for rule in pack.rules {
            let index = rules.count
            var slots: [[Int]] = []
            let kind: CompiledRule.Kind
            switch rule.matcher {
            case .phrases(let list):
                slots = [list.compactMap(phraseId)]
                kind = .phrases
            case .all(let list):
                slots = list.map { phraseId($0).map { [$0] } ?? [] }
                kind = .all
            case .any(let min, let list):
                slots = list.map { phraseId($0).map { [$0] } ?? [] }
                kind = .any(min)
            case .near(let terms, let within):
                slots = terms.map { $0.compactMap(phraseId) }
                kind = .near(within)
            case .pattern(let pattern):
                // The loader validated the pattern; one that no longer compiles never fires.
                guard let compiled = PatternSyntax.compile(pattern) else { continue }
                kind = .pattern(compiled)
                patternRules.append(index)
            }
            for (slot, ids) in slots.enumerated() {
                for id in ids where !users[id].contains(where: { $0.rule == index && $0.slot == slot }) {
                    users[id].append((index, slot))
                }
            }
            rules.append(CompiledRule(rule: rule, kind: kind, slots: slots))
        }
        var phrasesOfKey = [[Int]](repeating: [], count: keys.count)
        for (id, phrase) in phrases.enumerated() { phrasesOfKey[phrase.key].append(id) }
        self.rules = rules
        self.phrases = phrases
        self.users = users
        self.phrasesOfKey = phrasesOfKey
        self.matcher = PhraseMatcher(keys: keys)
        self.patternRules = patternRules
    }
}
