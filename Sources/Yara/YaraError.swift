// The one error type of the Yara module.

public struct YaraError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case libraryFailed, noRuleFiles, unreadableRuleFile, compileFailed
            case scanTimeout, tooManyMatches, insufficientMemory, unreadableTarget, scanFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// yr_initialize or the compiler could not be set up.
        public static let libraryFailed = Code(.libraryFailed)
        /// The paths named no *.yar or *.yara file.
        public static let noRuleFiles = Code(.noRuleFiles)
        /// A rule file could not be read, is too large, or holds a NUL byte.
        public static let unreadableRuleFile = Code(.unreadableRuleFile)
        /// libyara rejected a rule; the message holds `file:line: message` for each error.
        public static let compileFailed = Code(.compileFailed)
        /// ERROR_SCAN_TIMEOUT: the scan ran longer than its timeout.
        public static let scanTimeout = Code(.scanTimeout)
        /// ERROR_TOO_MANY_MATCHES: one string matched more often than libyara keeps (YR_MAX_STRING_MATCHES).
        public static let tooManyMatches = Code(.tooManyMatches)
        /// ERROR_INSUFFICIENT_MEMORY.
        public static let insufficientMemory = Code(.insufficientMemory)
        /// ERROR_COULD_NOT_OPEN_FILE, ERROR_COULD_NOT_MAP_FILE, ERROR_COULD_NOT_READ_FILE on a scanned descriptor.
        public static let unreadableTarget = Code(.unreadableTarget)
        /// Any other libyara status; `status` holds it.
        public static let scanFailed = Code(.scanFailed)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    /// The libyara ERROR_* status behind this error, when there was one.
    public let status: Int32?

    public init(code: Code, message: String, status: Int32? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String {
        status.map { "\(code): \(message) (libyara status \($0))" } ?? "\(code): \(message)"
    }
}
