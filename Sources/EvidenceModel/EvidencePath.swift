// The forensic path of a file through its containers: `phone.zip/data/msgstore.db`.

public struct EvidencePath: Sendable, Hashable, CustomStringConvertible {
    /// The path as text: display components (the exhibit label first, then each name, already made printable)
    /// joined by "/", as rows store it. Beyond `LongValues.pathLimit` bytes the parent's part is its capped copy
    /// (`…[custody: N bytes in long_values, sha256 H]/name`): each file of a container would otherwise copy the
    /// container's long path.
    public let description: String
    /// The last component (the file's own name).
    public let lastComponent: String
    /// The whole path (the same as `description` unless that is capped).
    public let whole: String
    /// The parent's whole path, when `description` names it capped: the case must hold it (`long_values`).
    public let cappedParent: String?

    public init(label: String) {
        self.init(description: label, lastComponent: label)
    }

    public init(components: [String]) {
        self.init(description: components.joined(separator: "/"), lastComponent: components.last ?? "")
    }

    public func appending(_ component: String) -> EvidencePath {
        let whole = self.whole + "/" + component
        guard whole.utf8.count > LongValues.pathLimit else { return EvidencePath(description: whole, lastComponent: component) }
        let parent = LongValues.cap(self.whole)
        return EvidencePath(description: parent.copy + "/" + component, lastComponent: component, whole: whole,
                            cappedParent: parent.whole)
    }

    private init(description: String, lastComponent: String, whole: String? = nil, cappedParent: String? = nil) {
        self.description = description
        self.lastComponent = lastComponent
        self.whole = whole ?? description
        self.cappedParent = cappedParent
    }
}

/// Turns evidence name bytes into printable text without losing information.
public enum EvidenceName {
    /// Valid UTF-8 is kept as is; any other byte becomes `\xNN`, and a literal backslash stays a backslash
    /// only where no escape could be confused with it (the raw bytes are stored beside it anyway).
    public static func display(_ bytes: [UInt8]) -> (text: String, isValidUTF8: Bool) {
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, true)
        }
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = utf8SequenceLength(bytes, at: index)
            if length > 0, let piece = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                out += piece
                index += length
            } else {
                out += "\\x" + hexByte(bytes[index])
                index += 1
            }
        }
        return (out, false)
    }

    /// Entry name as a path relative to its container: leading "./" and "/" and trailing "/" removed.
    /// ".." is kept literally: names are recorded, never resolved.
    public static func relativeComponents(_ text: String) -> [String] {
        var parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        while parts.first == "." { parts.removeFirst() }
        return parts.filter { $0 != "." }
    }

    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        return index + length <= bytes.count ? length : 0
    }
}

public func hexByte(_ byte: UInt8) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

/// Lowercase hex of a byte sequence (written straight into the string's storage: it runs for every row).
public func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    let input = Array(bytes)
    return String(unsafeUninitializedCapacity: input.count * 2) { buffer in
        for (index, byte) in input.enumerated() {
            buffer[2 * index] = hexDigits[Int(byte >> 4)]
            buffer[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
        }
        return input.count * 2
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
