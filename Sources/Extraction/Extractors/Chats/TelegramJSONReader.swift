// A pull reader for the JSON Telegram Desktop writes: reads the file in chunks, so an export of any size is
// walked with one message in memory at a time. Lenient where tdesktop is not strict JSON: its writer
// (export_output_json.cpp, SerializeString) escapes control characters other than \n \r \t as `\xHH`, which
// standard parsers reject; here `\xHH` is read as that byte.

import Foundation

/// One JSON value; numbers keep their source text so ids are never rounded.
enum TelegramJSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([TelegramJSONValue])
    case object([String: TelegramJSONValue])

    subscript(key: String) -> TelegramJSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Strings as they are, numbers as their source text.
    var text: String? {
        switch self {
        case .string(let value): return value
        case .number(let value): return value
        default: return nil
        }
    }

    var array: [TelegramJSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}

final class TelegramJSONReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var index = 0
    private var consumed: Int64 = 0
    private var atEnd = false
    private let chunkSize: Int
    /// Nesting deeper than this is not built (a hostile file cannot exhaust the stack): the value is skipped
    /// without recursion, read as null and counted in `skippedDeepValues`.
    let maxDepth = 200
    private(set) var skippedDeepValues = 0

    init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExtractionError(code: .openFailed, message: "cannot open \(path)")
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    deinit { try? handle.close() }

    /// Byte offset of the next unread byte.
    var position: Int64 { consumed + Int64(index) }

    private func refill() throws -> Bool {
        if index < buffer.count { return true }
        if atEnd { return false }
        consumed += Int64(buffer.count)
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        buffer = [UInt8](data)
        index = 0
        if buffer.isEmpty { atEnd = true }
        return !buffer.isEmpty
    }

    private func peekByte() throws -> UInt8? {
        guard try refill() else { return nil }
        return buffer[index]
    }

    private func nextByte() throws -> UInt8 {
        guard try refill() else { throw malformed("unexpected end of file") }
        let byte = buffer[index]
        index += 1
        return byte
    }

    func malformed(_ what: String) -> ExtractionError {
        ExtractionError(code: .malformed, message: "JSON: \(what) at byte \(position)")
    }

    /// The next significant byte, not consumed (whitespace and a UTF-8 byte order mark are skipped).
    func peek() throws -> UInt8? {
        while let byte = try peekByte() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: index += 1
            default: return byte
            }
        }
        return nil
    }

    func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw malformed("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    // MARK: - Walking containers

    /// The next member name of the object being walked, or nil when it closes. Call `expect("{")` first and
    /// pass the same `first` flag on each call.
    func nextKey(_ first: inout Bool) throws -> String? {
        guard let byte = try peek() else { throw malformed("unterminated object") }
        if byte == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        guard try peek() == UInt8(ascii: "\"") else { throw malformed("expected a member name") }
        index += 1
        let key = try readStringBody()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// True when the array being walked has another element (positioned at it), false when it closes.
    /// Walks an export section `{"about": …, "list": [ … ]}`: calls `body` with each list element's index, the
    /// reader positioned on that element (the body must consume it); other members are skipped.
    func forEachListElement(_ body: (Int) throws -> Void) throws {
        guard try peek() == UInt8(ascii: "{") else { return try skipValue() }
        try expect(UInt8(ascii: "{"))
        var first = true
        while let key = try nextKey(&first) {
            guard key == "list", try peek() == UInt8(ascii: "[") else {
                try skipValue()
                continue
            }
            try expect(UInt8(ascii: "["))
            var firstElement = true
            var index = 0
            while try nextElement(&firstElement) {
                try body(index)
                index += 1
            }
        }
    }

    func nextElement(_ first: inout Bool) throws -> Bool {
        guard let byte = try peek() else { throw malformed("unterminated array") }
        if byte == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        return true
    }

    // MARK: - Values

    func readValue(depth: Int = 0) throws -> TelegramJSONValue {
        guard depth < maxDepth else {
            try skipValue()
            skippedDeepValues += 1
            return .null
        }
        guard let byte = try peek() else { throw malformed("expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: TelegramJSONValue] = [:]
            var first = true
            while let key = try nextKey(&first) {
                let value = try readValue(depth: depth + 1)
                if members[key] == nil { members[key] = value }
            }
            return .object(members)
        case UInt8(ascii: "["):
            index += 1
            var values: [TelegramJSONValue] = []
            var first = true
            while try nextElement(&first) { values.append(try readValue(depth: depth + 1)) }
            return .array(values)
        case UInt8(ascii: "\""):
            index += 1
            return .string(try readStringBody())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            var text: [UInt8] = []
            while let next = try peekByte(), Self.isNumberByte(next) {
                text.append(next)
                index += 1
            }
            guard !text.isEmpty else { throw malformed("unexpected byte 0x\(String(byte, radix: 16))") }
            return .number(String(decoding: text, as: UTF8.self))
        }
    }

    /// Skips a value without building it (constant memory, no recursion).
    func skipValue() throws {
        var depth = 0
        repeat {
            guard let byte = try peek() else { throw malformed("unexpected end of file") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { throw malformed("expected a value") }
                depth -= 1
                index += 1
            case UInt8(ascii: "\""):
                index += 1
                _ = try readStringBody(keep: false)
            default:
                index += 1
                // A number or literal outside any container: skipped whole, not just its first byte.
                if depth == 0 {
                    while let next = try peekByte(), Self.isNumberByte(next) || (next >= 0x61 && next <= 0x7A) { index += 1 }
                }
            }
        } while depth > 0
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard try nextByte() == expected else { throw malformed("bad literal") }
        }
    }

    /// Reads a string after its opening quote. Invalid UTF-8 is decoded with replacement characters.
    private func readStringBody(keep: Bool = true) throws -> String {
        var bytes: [UInt8] = []
        var pendingHigh: UInt32?
        func appendScalar(_ value: UInt32) {
            guard keep else { return }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        func flushHigh() {
            if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
        }
        while true {
            let byte = try nextByte()
            if byte == UInt8(ascii: "\"") { break }
            if byte != UInt8(ascii: "\\") {
                flushHigh()
                if keep { bytes.append(byte) }
                continue
            }
            let escape = try nextByte()
            if escape == UInt8(ascii: "u") {
                let value = try hexDigits(4)
                if (0xD800...0xDBFF).contains(value) {
                    flushHigh()
                    pendingHigh = value
                } else if (0xDC00...0xDFFF).contains(value) {
                    if let high = pendingHigh {
                        appendScalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00))
                        pendingHigh = nil
                    } else {
                        appendScalar(0xFFFD)
                    }
                } else {
                    flushHigh()
                    appendScalar(value)
                }
                continue
            }
            flushHigh()
            let decoded: UInt8
            switch escape {
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "x"): decoded = UInt8(try hexDigits(2))   // tdesktop's control-character escape
            default: decoded = escape                                     // \" \\ \/ and anything else verbatim
            }
            if keep { bytes.append(decoded) }
        }
        flushHigh()
        return keep ? String(decoding: bytes, as: UTF8.self) : ""
    }

    private func hexDigits(_ count: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            let byte = try nextByte()
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw malformed("bad hex escape")
            }
            value = value << 4 | digit
        }
        return value
    }
}
