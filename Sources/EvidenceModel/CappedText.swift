// Long values stored once: a text that would be copied into many rows (a contact's name into each of its
// identifier rows, a chat's name into each message, a container's path into each of its files) is kept whole
// once (the case's `long_values` table) and each copy is capped, so a case grows with its evidence, not with the
// product of a field's length and its repetitions.

import Crypto
import Foundation

/// A value as a row copies it: itself when short, else its capped form and the whole value to store once.
public struct CappedText: Sendable, Hashable {
    public var copy: String
    /// The whole value, when `copy` is capped (the case must hold it: `ChainAppender.store(_:)`).
    public var whole: String?
}

public enum LongValues {
    /// The most UTF-8 bytes of a long value a row copies. Display names, organizations and chat names of real
    /// sources are far shorter; a longer one is evidence of something else and is kept whole in `long_values`.
    public static let copyLimit = 256
    /// The longest forensic path a `files` row stores whole. Real paths stay far below it (PATH_MAX is 4096 for
    /// a whole file system); beyond it, the parent's path is capped, so files inside a container with a long path
    /// do not each copy it (see `EvidencePath.appending`).
    public static let pathLimit = 1024

    /// The marker that ends a capped copy: the whole value's size and SHA-256 (see docs/SCHEMA.md, long_values).
    static let markerPrefix = "\u{2026}[custody: "
    static let markerMiddle = " bytes in long_values, sha256 "

    /// `value` when at most `copyLimit` bytes; else its first bytes (whole characters) and a marker naming the
    /// whole value, which the caller stores.
    public static func cap(_ value: String) -> CappedText {
        guard value.utf8.count > copyLimit else { return CappedText(copy: value, whole: nil) }
        var prefix = ""
        var used = 0
        for scalar in value.unicodeScalars {
            let width = UTF8.width(scalar)
            if used + width > copyLimit { break }
            prefix.unicodeScalars.append(scalar)
            used += width
        }
        return CappedText(copy: prefix + markerPrefix + "\(value.utf8.count)" + markerMiddle + digest(value) + "]", whole: value)
    }

    /// SHA-256 of the value's UTF-8 bytes, lowercase hex (`long_values.sha256`).
    public static func digest(_ value: String) -> String {
        hexString(SHA256.hash(data: Data(value.utf8)))
    }

    /// `text` with its first capped copy replaced by the whole value it names (from `wholes`, by SHA-256), when
    /// the text starts with that copy: a capped name, or a path whose capped parent is followed by `/name`.
    public static func expand(_ text: String, wholes: [String: String]) -> String {
        guard let first = digests(in: text).first, let whole = wholes[first.digest],
              let marker = text.range(of: first.marker),
              whole.utf8.starts(with: text[..<marker.lowerBound].utf8) else { return text }
        return whole + text[marker.upperBound...]
    }

    /// Every SHA-256 that a marker in `text` names (a `group_concat` of names may hold several capped copies).
    public static func referencedDigests(_ text: String) -> [String] { digests(in: text).map(\.digest) }

    private static func digests(in text: String) -> [(digest: String, marker: String)] {
        var found: [(String, String)] = []
        var rest = text[...]
        while let start = rest.range(of: markerPrefix) {
            rest = rest[start.upperBound...]
            guard let middle = rest.range(of: markerMiddle) else { break }
            let size = rest[..<middle.lowerBound]
            let digest = rest[middle.upperBound...].utf8.prefix(65)
            guard !size.isEmpty, size.utf8.count <= 20, size.utf8.allSatisfy({ (0x30...0x39).contains($0) }), digest.count == 65,
                  digest.last == UInt8(ascii: "]"),
                  digest.dropLast().allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { continue }
            let hex = String(decoding: digest.dropLast(), as: UTF8.self)
            found.append((hex, markerPrefix + String(size) + markerMiddle + hex + "]"))
        }
        return found
    }
}

