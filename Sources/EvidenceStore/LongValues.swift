// Long values stored once: a text that would be copied into many rows (a contact's name into each of its
// identifier rows and sightings, a chat's name into each message) is kept whole in one `long_values` row and each
// copy is capped, so a case grows with its evidence, not with the product of a field's length and its repetitions.

import Crypto
import EvidenceModel
import Foundation
import GRDB

/// One long value, whole, keyed by the SHA-256 of its UTF-8 bytes.
public struct LongValueRecord: Sendable, Hashable {
    public var sha256: String
    /// UTF-8 bytes of `value`.
    public var size: Int64
    public var value: String

    public init(_ value: String) {
        self.value = value
        sha256 = hexString(SHA256.hash(data: Data(value.utf8)))
        size = Int64(value.utf8.count)
    }
}

extension LongValueRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.longValues }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] { [sha256.databaseValue, size.databaseValue, value.databaseValue] }
}

/// A value as a row copies it: itself when short, else its capped form and the whole value to store once.
public struct CappedText: Sendable, Hashable {
    public var copy: String
    /// The whole value, when `copy` is capped (it must be stored, see `ChainAppender.store(_:)`).
    public var whole: LongValueRecord?
}

public enum LongValues {
    /// The most UTF-8 bytes of a long value a row copies. Display names, organizations and chat names of real
    /// sources are far shorter; a longer one is evidence of something else and is kept whole in `long_values`.
    public static let copyLimit = 256

    /// The marker that ends a capped copy: the whole value's size and SHA-256 (see docs/SCHEMA.md, long_values).
    static let markerPrefix = "\u{2026}[custody: "
    static let markerMiddle = " bytes in long_values, sha256 "

    /// `value` when at most `copyLimit` bytes; else its first bytes (whole characters) and a marker naming the
    /// whole value, which the caller stores.
    public static func cap(_ value: String) -> CappedText {
        guard value.utf8.count > copyLimit else { return CappedText(copy: value, whole: nil) }
        let whole = LongValueRecord(value)
        var prefix = ""
        var used = 0
        for scalar in value.unicodeScalars {
            let width = UTF8.width(scalar)
            if used + width > copyLimit { break }
            prefix.unicodeScalars.append(scalar)
            used += width
        }
        return CappedText(copy: prefix + markerPrefix + "\(whole.size)" + markerMiddle + whole.sha256 + "]", whole: whole)
    }

    /// The SHA-256 a capped copy names, or nil when `text` is not one capped copy.
    public static func referencedDigest(_ text: String) -> String? {
        guard let last = digests(in: text).last, text.hasSuffix(last.marker) else { return nil }
        return last.digest
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

/// Caps copies away from the database (on an extractor's thread), collecting the whole values for the writer to
/// store (`ChainAppender.store(_:)`) before the row that names them.
public struct CappedTexts {
    public private(set) var wholes: [LongValueRecord] = []

    public init() {}

    public mutating func cap(_ value: String?) -> String? {
        guard let value else { return nil }
        let capped = LongValues.cap(value)
        if let whole = capped.whole { wholes.append(whole) }
        return capped.copy
    }
}

extension ChainAppender {
    /// Stores `record` unless the case holds it already (one row per distinct value).
    public mutating func store(_ record: LongValueRecord) throws {
        let known = try Int64.fetchOne(database, sql: "SELECT id FROM long_values WHERE sha256 = ?", arguments: [record.sha256])
        if known == nil { try append(record) }
    }

    /// `value` as a row may copy it, storing the whole value first when it is capped.
    public mutating func capped(_ value: String?) throws -> String? {
        guard let value else { return nil }
        let capped = LongValues.cap(value)
        if let whole = capped.whole { try store(whole) }
        return capped.copy
    }
}

extension CaseDatabase {
    /// The whole values that the capped copies in `texts` name, by SHA-256 (those the case holds).
    public func longValues(referencedBy texts: [String?]) throws -> [String: String] {
        var wanted = Set<String>()
        for case let text? in texts { wanted.formUnion(LongValues.referencedDigests(text)) }
        guard !wanted.isEmpty else { return [:] }
        return try read { db in
            guard try db.tableExists("long_values") else { return [:] }
            var found: [String: String] = [:]
            for digest in wanted.sorted() {
                if let value = try String.fetchOne(db, sql: "SELECT value FROM long_values WHERE sha256 = ?", arguments: [digest]) {
                    found[digest] = value
                }
            }
            return found
        }
    }
}
