// The one error type of the Detection module.

public struct DetectionError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case readFailed, invalidRules, resourceMissing }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// A rule file or folder could not be read.
        public static let readFailed = Code(.readFailed)
        /// A rule file has issues (syntax, unknown keys, bad matcher, duplicate ids…); `issues` lists them.
        public static let invalidRules = Code(.invalidRules)
        /// A resource of the module (the built-in rules, the language list) is missing from the bundle.
        public static let resourceMissing = Code(.resourceMissing)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    /// For `invalidRules`: every issue found, in file order.
    public let issues: [RuleIssue]

    init(_ code: Code, _ message: String, issues: [RuleIssue] = []) {
        self.code = code
        self.message = message
        self.issues = issues
    }

    public var description: String { "\(code): \(message)" }
}
