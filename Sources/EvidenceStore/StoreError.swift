// The one error type of the EvidenceStore module.

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case cannotOpen, notACase, tooNew, conflict, notFound, sourceChanged }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let cannotOpen = Code(.cannotOpen)
        /// The file is not a Custody case database.
        public static let notACase = Code(.notACase)
        /// The case was written by a newer Custody whose migrations this one does not know.
        public static let tooNew = Code(.tooNew)
        /// The request contradicts what the case holds (e.g. another exhibit is still incomplete).
        public static let conflict = Code(.conflict)
        public static let notFound = Code(.notFound)
        /// A resumed ingest re-read a record that differs from the one stored before the interruption.
        public static let sourceChanged = Code(.sourceChanged)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    public let underlying: String?
    public init(code: Code, message: String, underlying: Error? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying.map { "\($0)" }
    }
    public var description: String {
        underlying.map { "\(message) (\($0))" } ?? message
    }
}
