// The one error type of the Magic module.

public struct MagicError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case openFailed, loadFailed, identifyFailed }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let openFailed = Code(.openFailed)
        public static let loadFailed = Code(.loadFailed)
        public static let identifyFailed = Code(.identifyFailed)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    public var description: String { "\(code): \(message)" }
}
