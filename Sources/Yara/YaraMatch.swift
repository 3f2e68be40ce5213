// What a YARA scan found: matching rules with their tags, meta and string matches, as plain Codable values.

/// One rule that matched a buffer or file.
public struct YaraMatch: Sendable, Equatable, Codable {
    public var rule: String
    public var namespace: String
    public var tags: [String]
    /// Meta values as text (integers in decimal, booleans as `true`/`false`); a repeated key keeps every
    /// value, joined by newlines in rule order, because YARA allows repeats (several `author` lines).
    public var meta: [String: String]
    /// Ordered by offset, then by the string's position in the rule, then by length.
    public var strings: [YaraStringMatch]
    /// String matches beyond `YaraRules.maximumStringMatchesPerRule` that were counted but not kept.
    public var stringMatchesOmitted: Int

    public init(rule: String, namespace: String, tags: [String], meta: [String: String],
                strings: [YaraStringMatch], stringMatchesOmitted: Int = 0) {
        self.rule = rule
        self.namespace = namespace
        self.tags = tags
        self.meta = meta
        self.strings = strings
        self.stringMatchesOmitted = stringMatchesOmitted
    }
}

/// One occurrence of one of a rule's strings.
public struct YaraStringMatch: Sendable, Equatable, Codable {
    /// As written in the rule, with the `$`.
    public var identifier: String
    /// Byte offset in the scanned buffer or file.
    public var offset: Int64
    /// Length of the whole match (may exceed `data.count`).
    public var length: Int
    /// The first bytes of the match, at most `YaraRules.maximumMatchDataBytes`.
    public var data: [UInt8]

    public init(identifier: String, offset: Int64, length: Int, data: [UInt8]) {
        self.identifier = identifier
        self.offset = offset
        self.length = length
        self.data = data
    }
}
