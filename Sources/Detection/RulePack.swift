// Rule packs as loaded from YAML: categories, rules and their matchers; merging packs; the canonical SHA-256.

import Crypto
import Foundation

/// A category of finding (`pig-butchering`, `recruitment-lure`, `victim-indicator`…) and the scores that make one.
public struct RuleCategory: Sendable, Codable, Equatable {
    public let name: String
    /// A text's score must reach this for a `Detection`.
    public let threshold: Double
    /// A thread window's score must reach this for a `ThreadDetection` (default 1.5 × `threshold`): a thread sums
    /// evidence from many messages, so it needs more of it.
    public let threadThreshold: Double
    public let description: String

    public init(name: String, threshold: Double, threadThreshold: Double? = nil, description: String = "") {
        self.name = name
        self.threshold = threshold
        self.threadThreshold = threadThreshold ?? threshold * 1.5
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, threshold, threadThreshold = "thread_threshold", description
    }
}

/// What a rule looks for. Phrases are written as people type them; the engine normalizes them as it normalizes text.
public enum RuleMatcher: Sendable, Codable, Equatable {
    /// Any one of the phrases.
    case phrases([String])
    /// Every one of the phrases.
    case all([String])
    /// At least `min` of the phrases.
    case any(min: Int, of: [String])
    /// One phrase of each group, their starts within `within` characters of each other.
    case near(terms: [[String]], within: Int)
    /// A regular expression on the normalized text (case-insensitive, capped text).
    case pattern(String)

    /// The YAML key of the matcher: phrases, all, any, near or pattern.
    public var kind: String {
        switch self {
        case .phrases: return "phrases"
        case .all: return "all"
        case .any: return "any"
        case .near: return "near"
        case .pattern: return "pattern"
        }
    }
}

/// Where a rule was defined, for messages.
public struct RuleLocation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

public struct Rule: Sendable, Equatable {
    /// Unique, dotted: `pig-butchering.en.move-to-platform`.
    public let id: String
    public let category: String
    /// ISO 639-1 codes, or `["any"]`.
    public let languages: [String]
    /// Positive: evidence for the category; negative: evidence against it.
    public let weight: Double
    public let description: String
    public let matcher: RuleMatcher
    /// Indicator kinds (`crypto-address`…): when not empty the rule fires only if the text or thread has one of them.
    public let requires: [String]
    /// At most this many spans are reported for the rule in one text.
    public let maxHits: Int
    public let location: RuleLocation

    public init(id: String, category: String, languages: [String], weight: Double, description: String = "",
                matcher: RuleMatcher, requires: [String] = [], maxHits: Int = Rule.defaultMaxHits,
                location: RuleLocation = RuleLocation(file: "<memory>", line: 0, column: 0)) {
        self.id = id
        self.category = category
        self.languages = languages
        self.weight = weight
        self.description = description
        self.matcher = matcher
        self.requires = requires
        self.maxHits = maxHits
        self.location = location
    }

    public static let defaultMaxHits = 10
}

/// One or more packs merged: the categories and rules an engine runs, with the versions and hash reported with
/// every finding.
public struct RulePack: Sendable {
    public struct Part: Sendable, Codable, Equatable {
        public let name: String
        public let version: String
    }

    /// The packs merged into this one, sorted by name.
    public let parts: [Part]
    public let categories: [String: RuleCategory]
    /// Sorted by id.
    public let rules: [Rule]
    /// SHA-256 (hex) of the canonical content: parts, categories and rules sorted and JSON-encoded with sorted keys,
    /// so formatting, comments and file order do not change it but any change of meaning does.
    public let sha256: String

    /// `custody-core@1`, or `custody-core@1+analyst@3` when packs were merged.
    public var version: String {
        parts.isEmpty ? "none" : parts.map { "\($0.name)@\($0.version)" }.joined(separator: "+")
    }

    public static let empty = RulePack(parts: [], categories: [:], rules: [])

    init(parts: [Part], categories: [String: RuleCategory], rules: [Rule]) {
        self.parts = parts.sorted { $0.name < $1.name }
        self.categories = categories
        self.rules = rules.sorted { $0.id < $1.id }
        self.sha256 = RulePack.canonicalHash(parts: self.parts, categories: categories, rules: self.rules)
    }

    /// Every `*.yaml` under the module's `Rules/` resource folder, read once per process.
    public static func builtIn() throws -> RulePack { try builtInResult.get() }

    private static let builtInResult: Result<RulePack, DetectionError> = {
        guard let folder = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            return .failure(DetectionError(.resourceMissing, "the built-in Rules folder is missing from the Detection bundle"))
        }
        do { return .success(try load(paths: [folder.path])) } catch let error as DetectionError {
            return .failure(error)
        } catch {
            return .failure(DetectionError(.readFailed, "\(error)"))
        }
    }()

    /// Rule files, or folders of `*.yaml` files (searched recursively, in name order). Rules may use the categories
    /// of `base`; the result is `base` merged with the files.
    public static func load(paths: [String], base: RulePack? = nil) throws -> RulePack {
        let files = try RuleFiles.expand(paths)
        var documents: [RuleDocument] = []
        var issues: [RuleIssue] = []
        for file in files {
            let text = try RuleFiles.read(file)
            let document = RuleParser.parse(yaml: text, file: file)
            documents.append(document)
            issues += document.issues
        }
        return try assembleOrThrow(documents, issues: issues, base: base)
    }

    /// One rule file's text (tests, and rules that do not live in files).
    public static func parse(yaml: String, file: String = "<memory>", base: RulePack? = nil) throws -> RulePack {
        let document = RuleParser.parse(yaml: yaml, file: file)
        return try assembleOrThrow([document], issues: document.issues, base: base)
    }

    /// Both packs' rules; duplicate ids, and a category defined differently in both, are errors.
    public func merging(_ other: RulePack) throws -> RulePack {
        var issues: [RuleIssue] = []
        var categories = self.categories
        for (name, category) in other.categories {
            if let existing = categories[name], existing != category {
                issues.append(RuleIssue(file: "<merge>", line: 0, column: 0,
                                        message: "category '\(name)' is defined differently in two packs"))
            }
            categories[name] = category
        }
        let ids = Dictionary(rules.map { ($0.id, $0.location) }, uniquingKeysWith: { first, _ in first })
        for rule in other.rules {
            if let first = ids[rule.id] {
                issues.append(RuleIssue(file: rule.location.file, line: rule.location.line, column: rule.location.column,
                                        message: "duplicate rule id '\(rule.id)' (first defined at \(first))"))
            }
        }
        var parts = self.parts
        for part in other.parts where !parts.contains(part) {
            if parts.contains(where: { $0.name == part.name }) {
                issues.append(RuleIssue(file: "<merge>", line: 0, column: 0,
                                        message: "pack '\(part.name)' is merged in two different versions"))
            }
            parts.append(part)
        }
        if !issues.isEmpty { throw DetectionError.invalid(issues) }
        return RulePack(parts: parts, categories: categories, rules: rules + other.rules)
    }

    private static func assembleOrThrow(_ documents: [RuleDocument], issues: [RuleIssue], base: RulePack?) throws -> RulePack {
        let assembled = RuleAssembler.assemble(documents, knownCategories: base?.categories ?? [:],
                                               strictCategories: true)
        let all = RuleIssue.sorted(issues + assembled.issues)
        if !all.isEmpty { throw DetectionError.invalid(all) }
        let pack = assembled.pack
        guard let base else { return pack }
        return try base.merging(pack)
    }

    private struct Canonical: Encodable {
        struct CanonicalRule: Encodable {
            let id, category: String
            let languages: [String]
            let weight: Double
            let description: String
            let matcher: RuleMatcher
            let requires: [String]
            let maxHits: Int
        }
        let parts: [Part]
        let categories: [RuleCategory]
        let rules: [CanonicalRule]
    }

    private static func canonicalHash(parts: [Part], categories: [String: RuleCategory], rules: [Rule]) -> String {
        let canonical = Canonical(
            parts: parts,
            categories: categories.values.sorted { $0.name < $1.name },
            rules: rules.map {
                Canonical.CanonicalRule(id: $0.id, category: $0.category, languages: $0.languages, weight: $0.weight,
                                        description: $0.description, matcher: $0.matcher, requires: $0.requires,
                                        maxHits: $0.maxHits)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(canonical)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

extension DetectionError {
    static func invalid(_ issues: [RuleIssue]) -> DetectionError {
        let shown = issues.prefix(20).map(\.description).joined(separator: "\n")
        let more = issues.count > 20 ? "\n… and \(issues.count - 20) more" : ""
        return DetectionError(.invalidRules, "\(issues.count) issue(s) in the rules:\n" + shown + more, issues: issues)
    }
}

/// Finding and reading rule files.
enum RuleFiles {
    /// Rule files larger than this are refused: a pack is text written by people.
    static let maxFileBytes = 16 << 20

    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DetectionError(.readFailed, "no such rule file or folder: \(path)")
            }
            if !isDirectory.boolValue { files.append(path); continue }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw DetectionError(.readFailed, "cannot list rule folder: \(path)")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            files += found.sorted()
        }
        return files
    }

    static func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DetectionError(.readFailed, "cannot read rule file: \(file)")
        }
        guard data.count <= maxFileBytes else {
            throw DetectionError(.readFailed, "rule file larger than \(maxFileBytes) bytes: \(file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DetectionError(.readFailed, "rule file is not UTF-8: \(file)")
        }
        return text
    }
}
