// The one error type of the Pipeline module: why an ingest could not run or finish.

public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case sourceMissing, sourceUnreadable, exhibitConflict, internalInconsistency, cancelled }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let sourceMissing = Code(.sourceMissing)
        public static let sourceUnreadable = Code(.sourceUnreadable)
        public static let exhibitConflict = Code(.exhibitConflict)
        public static let internalInconsistency = Code(.internalInconsistency)
        public static let cancelled = Code(.cancelled)
        public var description: String { value.rawValue }
    }
    public let code: Code
    public let message: String
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
