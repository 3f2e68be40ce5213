// Reading rule YAML into rules, with every problem reported at its line and column (`custody rules check`).

import Foundation
import Yams

/// A problem in a rule file, at a position taken from the YAML node marks (lines and columns from 1).
public struct RuleIssue: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// In file order: by file, line, column.
    static func sorted(_ issues: [RuleIssue]) -> [RuleIssue] {
        issues.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// `FILE:LINE:COL: message`, as compilers print it, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Checks rule files without loading them into an engine.
public enum RuleCheck {
    /// Every issue in a rule file, or in all `*.yaml` files of a folder checked together (so duplicate ids across
    /// files are found). Rules may use the built-in categories. An unreadable path is one issue at 0:0.
    public static func check(path: String) -> [RuleIssue] {
        let files: [String]
        do { files = try RuleFiles.expand([path]) } catch {
            return [RuleIssue(file: path, line: 0, column: 0, message: String(describing: (error as? DetectionError)?.message ?? "\(error)"))]
        }
        var documents: [RuleDocument] = []
        var issues: [RuleIssue] = []
        for file in files {
            do {
                let document = RuleParser.parse(yaml: try RuleFiles.read(file), file: file)
                documents.append(document)
                issues += document.issues
            } catch {
                issues.append(RuleIssue(file: file, line: 0, column: 0, message: (error as? DetectionError)?.message ?? "\(error)"))
            }
        }
        // The built-in categories only resolve references: the file checked may be a new version of a built-in pack.
        let known = (try? RulePack.builtIn().categories) ?? [:]
        issues += RuleAssembler.assemble(documents, knownCategories: known, strictCategories: false).issues
        return RuleIssue.sorted(issues)
    }
}

/// One parsed file: what could be read, and the issues.
struct RuleDocument {
    struct PackHeader { let name: String; let version: String; let location: RuleLocation }
    struct ParsedCategory { let category: RuleCategory; let location: RuleLocation }
    struct ParsedRule { let rule: Rule; let idLocation: RuleLocation; let categoryLocation: RuleLocation }

    let file: String
    var header: PackHeader?
    /// Every rule id with its position, also of rules dropped for other issues, so duplicates are still found.
    var ids: [(id: String, location: RuleLocation)] = []
    var categories: [ParsedCategory] = []
    var rules: [ParsedRule] = []
    var issues: [RuleIssue] = []
}

enum RuleParser {
    static let topKeys = ["pack", "version", "categories", "rules"]
    static let categoryKeys = ["threshold", "thread_threshold", "description"]
    static let matcherKeys = ["phrases", "all", "any", "near", "pattern"]
    static let ruleKeys = ["id", "category", "languages", "weight", "description", "requires", "max_hits"] + matcherKeys
    static let maxPhraseCharacters = 200
    static let maxPatternCharacters = 1000
    static let maxNearWithin = 5000

    static func parse(yaml: String, file: String) -> RuleDocument {
        var document = RuleDocument(file: file)
        var context = Context(file: file)
        read(yaml, into: &document, &context)
        document.issues = context.issues
        return document
    }

    private static func read(_ yaml: String, into document: inout RuleDocument, _ context: inout Context) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                context.issue(nil, "the file is empty (expected pack, version, categories, rules)")
                return
            }
            root = node
        } catch let error as YamlError {
            context.yamlIssue(error)
            return
        } catch {
            context.issue(nil, "YAML: \(error)")
            return
        }
        guard let mapping = root.mapping else {
            context.issue(root, "the file must be a mapping with keys pack, version, categories, rules")
            return
        }
        context.checkKeys(mapping, allowed: topKeys, what: "file")
        let name = mapping["pack"].flatMap { context.string($0, "pack") }
        if mapping["pack"] == nil { context.issue(root, "missing key 'pack' (the pack's name, e.g. custody-core)") }
        var version: String?
        if let node = mapping["version"] {
            if let scalar = node.scalar, !scalar.string.isEmpty, node.mapping == nil { version = scalar.string } else {
                context.issue(node, "version must be a number or a short string")
            }
        } else {
            context.issue(root, "missing key 'version'")
        }
        if let name, let version, let nameNode = mapping["pack"] {
            if !Identifier.isName(name) {
                context.issue(nameNode, "pack name '\(name)' must be lower-case letters, digits and '-'")
            }
            document.header = .init(name: name, version: version, location: context.location(nameNode))
        }
        if let categories = mapping["categories"] {
            if let map = categories.mapping {
                for (key, value) in map {
                    if let category = parseCategory(key: key, value: value, &context) {
                        document.categories.append(.init(category: category, location: context.location(key)))
                    }
                }
            } else {
                context.issue(categories, "categories must be a mapping: name → {threshold, description}")
            }
        }
        if let rules = mapping["rules"] {
            if let sequence = rules.sequence {
                for node in sequence {
                    if let idNode = node.mapping?["id"], let id = idNode.scalar?.string {
                        document.ids.append((id, context.location(idNode)))
                    }
                    if let parsed = parseRule(node, &context) { document.rules.append(parsed) }
                }
            } else {
                context.issue(rules, "rules must be a list")
            }
        }
    }

    private static func parseCategory(key: Node, value: Node, _ context: inout Context) -> RuleCategory? {
        guard let name = context.string(key, "category name") else { return nil }
        if !Identifier.isName(name) {
            context.issue(key, "category name '\(name)' must be lower-case letters, digits and '-'")
        }
        guard let map = value.mapping else {
            context.issue(value, "category '\(name)' must be a mapping with threshold and description")
            return nil
        }
        context.checkKeys(map, allowed: categoryKeys, what: "category")
        guard let thresholdNode = map["threshold"] else {
            context.issue(value, "category '\(name)' has no threshold")
            return nil
        }
        guard let threshold = context.number(thresholdNode, "threshold"), threshold > 0 else {
            context.issue(thresholdNode, "threshold must be a number greater than 0")
            return nil
        }
        var threadThreshold: Double?
        if let node = map["thread_threshold"] {
            guard let value = context.number(node, "thread_threshold"), value > 0 else {
                context.issue(node, "thread_threshold must be a number greater than 0")
                return nil
            }
            threadThreshold = value
        }
        let description = map["description"].flatMap { context.string($0, "description") } ?? ""
        return RuleCategory(name: name, threshold: threshold, threadThreshold: threadThreshold, description: description)
    }

    private static func parseRule(_ node: Node, _ context: inout Context) -> RuleDocument.ParsedRule? {
        guard let map = node.mapping else {
            context.issue(node, "a rule must be a mapping (id, category, languages, weight, description, matcher)")
            return nil
        }
        context.checkKeys(map, allowed: ruleKeys, what: "rule")
        guard let idNode = map["id"], let id = context.string(idNode, "id") else {
            if map["id"] == nil { context.issue(node, "rule has no id") }
            return nil
        }
        if !Identifier.isRuleId(id) {
            context.issue(idNode, "rule id '\(id)' must be dotted lower-case words, e.g. pig-butchering.en.move-to-platform")
        }
        var category = ""
        var categoryLocation = context.location(node)
        if let categoryNode = map["category"] {
            category = context.string(categoryNode, "category") ?? ""
            categoryLocation = context.location(categoryNode)
        } else {
            context.issue(node, "rule '\(id)' has no category")
        }
        var languages: [String] = []
        if let languagesNode = map["languages"] {
            let items: [Node] = languagesNode.sequence.map { Array($0) } ?? [languagesNode]
            for item in items {
                guard let code = context.string(item, "language")?.lowercased() else { continue }
                if code == "any" || LanguageCodes.iso6391.contains(code) {
                    if !languages.contains(code) { languages.append(code) }
                } else {
                    context.issue(item, "unknown language code '\(code)' (use ISO 639-1 two-letter codes, or any)")
                }
            }
            if items.isEmpty { context.issue(languagesNode, "languages is empty (use [any] for every language)") }
        } else {
            context.issue(node, "rule '\(id)' has no languages (a list of ISO 639-1 codes, or any)")
        }
        var weight = 0.0
        if let weightNode = map["weight"] {
            if let value = context.number(weightNode, "weight"), value != 0, abs(value) <= 100 {
                weight = value
            } else {
                context.issue(weightNode, "weight must be a non-zero number between -100 and 100")
            }
        } else {
            context.issue(node, "rule '\(id)' has no weight")
        }
        let description = map["description"].flatMap { context.string($0, "description") } ?? ""
        var requires: [String] = []
        if let requiresNode = map["requires"] {
            let items: [Node] = requiresNode.sequence.map { Array($0) } ?? [requiresNode]
            for item in items {
                guard let kind = context.string(item, "indicator kind") else { continue }
                if Identifier.isName(kind) { requires.append(kind) } else {
                    context.issue(item, "indicator kind '\(kind)' must be lower-case letters, digits and '-'")
                }
            }
        }
        var maxHits = Rule.defaultMaxHits
        if let maxNode = map["max_hits"] {
            if let value = maxNode.int, (1...1000).contains(value) { maxHits = value } else {
                context.issue(maxNode, "max_hits must be a whole number from 1 to 1000")
            }
        }
        let present = matcherKeys.filter { map[$0] != nil }
        var matcher: RuleMatcher?
        if present.isEmpty {
            context.issue(node, "rule '\(id)' has no matcher (one of: phrases, all, any, near, pattern)")
        } else if present.count > 1 {
            context.issue(map[present[1]] ?? node, "rule '\(id)' has more than one matcher (\(present.joined(separator: ", "))); use one per rule")
        } else if let key = present.first, let value = map[key] {
            matcher = parseMatcher(key, value, &context)
        }
        // A rule with other issues is still returned, so a later duplicate of its id is reported too.
        guard let matcher else { return nil }
        let rule = Rule(id: id, category: category, languages: languages, weight: weight, description: description,
                        matcher: matcher, requires: requires, maxHits: maxHits, location: context.location(idNode))
        return .init(rule: rule, idLocation: context.location(idNode), categoryLocation: categoryLocation)
    }

    private static func parseMatcher(_ key: String, _ node: Node, _ context: inout Context) -> RuleMatcher? {
        switch key {
        case "phrases", "all":
            guard let phrases = phraseList(node, key, &context) else { return nil }
            return key == "phrases" ? .phrases(phrases) : .all(phrases)
        case "any":
            guard let map = node.mapping else {
                context.issue(node, "any must be a mapping {min: N, of: [phrases]}")
                return nil
            }
            context.checkKeys(map, allowed: ["min", "of"], what: "any")
            guard let ofNode = map["of"], let phrases = phraseList(ofNode, "any.of", &context) else {
                if map["of"] == nil { context.issue(node, "any needs of: [phrases]") }
                return nil
            }
            guard let minNode = map["min"], let min = minNode.int, min >= 1, min <= phrases.count else {
                context.issue(map["min"] ?? node, "any.min must be a whole number from 1 to the number of phrases (\(phrases.count))")
                return nil
            }
            return .any(min: min, of: phrases)
        case "near":
            guard let map = node.mapping else {
                context.issue(node, "near must be a mapping {terms: [[…], […]], within: CHARS}")
                return nil
            }
            context.checkKeys(map, allowed: ["terms", "within"], what: "near")
            guard let termsNode = map["terms"], let groups = termsNode.sequence, groups.count >= 2 else {
                context.issue(map["terms"] ?? node, "near.terms must be a list of at least two phrase lists")
                return nil
            }
            var terms: [[String]] = []
            for group in groups {
                guard let phrases = phraseList(group, "near.terms group", &context) else { return nil }
                terms.append(phrases)
            }
            guard let withinNode = map["within"], let within = withinNode.int, within >= 1, within <= maxNearWithin else {
                context.issue(map["within"] ?? node, "near.within must be a whole number of characters from 1 to \(maxNearWithin)")
                return nil
            }
            return .near(terms: terms, within: within)
        default:
            guard let pattern = context.string(node, "pattern") else { return nil }
            if let problem = PatternSyntax.problem(pattern) {
                context.issue(node, problem)
                return nil
            }
            return .pattern(pattern)
        }
    }

    private static func phraseList(_ node: Node, _ what: String, _ context: inout Context) -> [String]? {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            context.issue(node, "\(what) must be a non-empty list of phrases")
            return nil
        }
        var phrases: [String] = []
        var ok = true
        for item in sequence {
            guard let phrase = context.string(item, "phrase") else { ok = false; continue }
            if phrase.count > maxPhraseCharacters {
                context.issue(item, "phrase longer than \(maxPhraseCharacters) characters")
                ok = false
            } else if let problem = PhraseSyntax.problem(phrase) {
                context.issue(item, problem)
                ok = false
            } else {
                phrases.append(phrase)
            }
        }
        return ok ? phrases : nil
    }

    /// Issue collection with positions.
    struct Context {
        let file: String
        var issues: [RuleIssue] = []

        func location(_ node: Node?) -> RuleLocation {
            RuleLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }

        mutating func issue(_ node: Node?, _ message: String) {
            let where_ = location(node)
            issues.append(RuleIssue(file: file, line: where_.line, column: where_.column, message: message))
        }

        mutating func yamlIssue(_ error: YamlError) {
            func add(_ mark: Mark?, _ message: String) {
                issues.append(RuleIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
            }
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
                add(mark, "YAML syntax: \(problem)\(detail)")
            case let .duplicatedKeysInMapping(duplicates, context):
                add(context.mark, "duplicate key(s) in a mapping: \(duplicates.joined(separator: ", "))")
            case let .reader(problem, _, _, _):
                add(nil, "YAML: \(problem)")
            default:
                add(nil, "YAML: \(error)")
            }
        }

        mutating func checkKeys(_ map: Node.Mapping, allowed: [String], what: String) {
            for key in map.keys {
                guard let name = key.string else {
                    issue(key, "\(what) keys must be strings")
                    continue
                }
                if !allowed.contains(name) {
                    issue(key, "unknown key '\(name)' in \(what) (allowed: \(allowed.joined(separator: ", ")))")
                }
            }
        }

        mutating func string(_ node: Node, _ what: String) -> String? {
            guard let scalar = node.scalar else {
                issue(node, "\(what) must be a string")
                return nil
            }
            return scalar.string
        }

        mutating func number(_ node: Node, _ what: String) -> Double? {
            guard let scalar = node.scalar, let value = Double(scalar.string), value.isFinite else { return nil }
            return value
        }
    }
}

/// Checks on rule pack names and ids.
enum Identifier {
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { isWordByte($0) } && text.utf8.first != UInt8(ascii: "-")
    }

    static func isRuleId(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && text.utf8.count <= 200 && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: "_") }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}

/// The ISO 639-1 codes accepted in `languages`, from the module's resource list.
enum LanguageCodes {
    static let iso6391: Set<String> = {
        guard let url = Bundle.module.url(forResource: "iso639-1", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()

    /// `en-US`, `EN`, `en_GB` → `en`; what the engine compares with rule languages.
    static func normalize(_ code: String?) -> String? {
        guard let code, !code.isEmpty else { return nil }
        if code.utf8.count == 2 && code.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) { return code }
        let base = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? code
        return base.lowercased()
    }
}

/// Cross-file checks: pack versions, category definitions and references, duplicate ids.
enum RuleAssembler {
    struct Result { let pack: RulePack; let issues: [RuleIssue] }

    static func assemble(_ documents: [RuleDocument], knownCategories: [String: RuleCategory], strictCategories: Bool) -> Result {
        var issues: [RuleIssue] = []
        func add(_ location: RuleLocation, _ message: String) {
            issues.append(RuleIssue(file: location.file, line: location.line, column: location.column, message: message))
        }
        var versions: [String: (String, RuleLocation)] = [:]
        for document in documents {
            guard let header = document.header else { continue }
            if let first = versions[header.name], first.0 != header.version {
                add(header.location, "pack '\(header.name)' has version \(header.version) here but \(first.0) at \(first.1)")
            } else if versions[header.name] == nil {
                versions[header.name] = (header.version, header.location)
            }
        }
        var categories: [String: RuleCategory] = [:]
        var categoryLocations: [String: RuleLocation] = [:]
        for document in documents {
            for parsed in document.categories {
                let name = parsed.category.name
                if let first = categoryLocations[name] {
                    add(parsed.location, "category '\(name)' is defined twice (first at \(first))")
                    continue
                }
                if strictCategories, let known = knownCategories[name], known != parsed.category {
                    add(parsed.location, "category '\(name)' is already defined differently by the pack this one extends")
                }
                categories[name] = parsed.category
                categoryLocations[name] = parsed.location
            }
        }
        var seen: [String: RuleLocation] = [:]
        var duplicates = Set<String>()
        for document in documents {
            for (id, location) in document.ids {
                if let first = seen[id] {
                    add(location, "duplicate rule id '\(id)' (first defined at \(first))")
                    duplicates.insert("\(location)")
                } else {
                    seen[id] = location
                }
            }
        }
        var rules: [Rule] = []
        for document in documents {
            for parsed in document.rules {
                let rule = parsed.rule
                if duplicates.contains("\(parsed.idLocation)") { continue }
                if categories[rule.category] == nil && knownCategories[rule.category] == nil {
                    let names = Set(categories.keys).union(knownCategories.keys).sorted()
                    let hint = names.isEmpty ? "no categories are defined" : "defined: \(names.joined(separator: ", "))"
                    add(parsed.categoryLocation, "unknown category '\(rule.category)' in rule '\(rule.id)' (\(hint))")
                    continue
                }
                rules.append(rule)
            }
        }
        let parts = versions.map { RulePack.Part(name: $0.key, version: $0.value.0) }
        return Result(pack: RulePack(parts: parts, categories: categories, rules: rules), issues: issues)
    }
}
