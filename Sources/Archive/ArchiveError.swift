// The one error type of the Archive module: what libarchive reported, where, and how bad it is.

public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case openFailed, headerFailed, dataFailed, fatal, encrypted, inputFailed }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The input is not a readable archive (no format recognised, or the first header failed).
        public static let openFailed = Code(.openFailed)
        /// One entry's header could not be read; the archive may continue.
        public static let headerFailed = Code(.headerFailed)
        /// One entry's data could not be read (truncated, bad CRC, unsupported method).
        public static let dataFailed = Code(.dataFailed)
        /// The archive cannot be read any further.
        public static let fatal = Code(.fatal)
        /// The data is encrypted and no passphrase was given.
        public static let encrypted = Code(.encrypted)
        /// The byte source feeding the archive failed.
        public static let inputFailed = Code(.inputFailed)
        public var description: String { value.rawValue }
    }

    public let code: Code
    /// libarchive's own message (archive_error_string), or the input's error.
    public let message: String
    /// libarchive's errno, when it set one.
    public let errno: Int32

    public init(code: Code, message: String, errno: Int32 = 0) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(code): \(message)" }
}
