// The `long_values` table: each long value once, whole, chained; the capped copies rows hold name it (the capping
// itself is `LongValues` in EvidenceModel, so paths can be capped where they are built).

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
        sha256 = LongValues.digest(value)
        size = Int64(value.utf8.count)
    }
}

extension LongValueRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.longValues }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] { [sha256.databaseValue, size.databaseValue, value.databaseValue] }
}

/// Caps copies away from the database (on an extractor's thread), collecting the whole values for the writer to
/// store (`ChainAppender.store(_:)`) before the row that names them.
public struct CappedTexts {
    public private(set) var wholes: [LongValueRecord] = []

    public init() {}

    public mutating func cap(_ value: String?) -> String? {
        guard let value else { return nil }
        let capped = LongValues.cap(value)
        if let whole = capped.whole { wholes.append(LongValueRecord(whole)) }
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
        if let whole = capped.whole { try store(LongValueRecord(whole)) }
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
