// Owns a pair of libmagic cookies (MIME type and description) and identifies byte buffers; one per thread.

import CLibMagic

/// What libmagic said about a buffer.
public struct MagicResult: Sendable, Hashable {
    public var mime: String
    public var description: String
    public init(mime: String, description: String) {
        self.mime = mime
        self.description = description
    }
}

/// Not thread-safe (libmagic cookies are not): give each worker its own.
public final class MagicIdentifier {
    private let mimeCookie: OpaquePointer
    private let descriptionCookie: OpaquePointer

    /// The libmagic library version, e.g. 544 for 5.44.
    public static var libraryVersion: Int { Int(magic_version()) }

    /// - Parameter databasePath: a compiled magic file; nil for the system default.
    public init(databasePath: String? = nil) throws {
        // Compressed content is expanded by the pipeline, not by libmagic; looking inside it here would
        // decompress on every call.
        let common = MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR
        guard let mime = magic_open(common | MAGIC_MIME_TYPE) else {
            throw MagicError(code: .openFailed, message: "magic_open failed")
        }
        guard let description = magic_open(common) else {
            magic_close(mime)
            throw MagicError(code: .openFailed, message: "magic_open failed")
        }
        mimeCookie = mime
        descriptionCookie = description
        for cookie in [mime, description] where magic_load(cookie, databasePath) != 0 {
            let message = magic_error(cookie).map { String(cString: $0) } ?? "unknown"
            magic_close(mime)
            magic_close(description)
            throw MagicError(code: .loadFailed, message: "cannot load magic database: \(message)")
        }
    }

    deinit {
        magic_close(mimeCookie)
        magic_close(descriptionCookie)
    }

    /// Identifies a buffer (typically the first bytes of a file).
    public func identify(_ bytes: UnsafeRawBufferPointer) throws -> MagicResult {
        MagicResult(mime: try run(mimeCookie, bytes), description: try run(descriptionCookie, bytes))
    }

    public func identify(_ bytes: [UInt8]) throws -> MagicResult {
        try bytes.withUnsafeBytes { try identify($0) }
    }

    private func run(_ cookie: OpaquePointer, _ bytes: UnsafeRawBufferPointer) throws -> String {
        // libmagic reads nothing from a NULL pointer of length 0, but wants a valid pointer.
        var empty: UInt8 = 0
        let result: UnsafePointer<CChar>? = withUnsafePointer(to: &empty) { emptyPointer in
            magic_buffer(cookie, bytes.baseAddress ?? UnsafeRawPointer(emptyPointer), bytes.count)
        }
        guard let result else {
            let message = magic_error(cookie).map { String(cString: $0) } ?? "unknown"
            throw MagicError(code: .identifyFailed, message: message)
        }
        return String(cString: result)
    }
}
