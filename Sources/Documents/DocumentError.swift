// The one error type of the Documents module.

public struct DocumentError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unsupported, unreadable, damaged, encrypted, tooLarge }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let unsupported = Code(.unsupported)
        public static let unreadable = Code(.unreadable)
        public static let damaged = Code(.damaged)
        /// Password-protected or DRM'd: no text without the key.
        public static let encrypted = Code(.encrypted)
        public static let tooLarge = Code(.tooLarge)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}
