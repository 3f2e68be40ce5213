// Reading evidence rows without trusting their types: SQLite columns hold whatever the app wrote, so every
// accessor converts leniently and never traps (GRDB's typed subscripts trap on a failed conversion).

import Foundation
import GRDB

extension Row {
    /// The value of `column`, or nil when the row has no such column or it is NULL.
    public func value(_ column: String) -> DatabaseValue? {
        guard hasColumn(column) else { return nil }
        let value: DatabaseValue = self[column]
        return value.isNull ? nil : value
    }

    /// Text as stored; numbers are formatted, BLOBs decoded as UTF-8 when they are valid UTF-8.
    public func text(_ column: String) -> String? {
        guard let value = value(column) else { return nil }
        switch value.storage {
        case .string(let text): return text
        case .int64(let number): return String(number)
        case .double(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .blob(let data): return String(data: data, encoding: .utf8)
        case .null: return nil
        }
    }

    /// Non-empty text (empty strings are NULL for most apps).
    public func nonEmptyText(_ column: String) -> String? {
        guard let text = text(column), !text.isEmpty else { return nil }
        return text
    }

    public func int(_ column: String) -> Int64? {
        guard let value = value(column) else { return nil }
        switch value.storage {
        case .int64(let number): return number
        case .double(let number): return number.isFinite && abs(number) < 9e18 ? Int64(number) : nil
        case .string(let text): return Int64(text.trimmingCharacters(in: .whitespaces))
        case .blob, .null: return nil
        }
    }

    public func double(_ column: String) -> Double? {
        guard let value = value(column) else { return nil }
        switch value.storage {
        case .int64(let number): return Double(number)
        case .double(let number): return number.isFinite ? number : nil
        // "nan", "inf" and "1e999" parse as non-finite doubles: refused like stored non-finite REALs, so no caller
        // converts one to an integer.
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        case .blob, .null: return nil
        }
    }

    public func bool(_ column: String) -> Bool? { int(column).map { $0 != 0 } }

    public func blob(_ column: String) -> [UInt8]? {
        guard let value = value(column) else { return nil }
        switch value.storage {
        case .blob(let data): return [UInt8](data)
        case .string(let text): return Array(text.utf8)
        default: return nil
        }
    }
}

extension Database {
    /// Iterates the rows of `sql` one at a time (a cursor: memory does not grow with the table).
    public func forEachRow(_ sql: String, arguments: StatementArguments = StatementArguments(), _ body: (Row) throws -> Void) throws {
        let cursor = try Row.fetchCursor(self, sql: sql, arguments: arguments)
        while let row = try cursor.next() { try body(row) }
    }
}

/// Builds a SELECT that names only the columns the table has, so one query serves every schema version:
/// missing columns are selected as NULL under their own name.
public struct ColumnSelection {
    private let available: Set<String>
    private let alias: String

    public init(schema: SQLiteSchema, table: String, alias: String) {
        available = schema.columns(table)
        self.alias = alias
    }

    /// `alias.column AS name`, or `NULL AS name` when the table lacks the column.
    public func column(_ column: String, as name: String? = nil) -> String {
        let output = name ?? column
        return available.contains(column.lowercased()) ? "\(alias).\"\(column)\" AS \"\(output)\"" : "NULL AS \"\(output)\""
    }

    public func columns(_ names: [String], prefix: String = "") -> String {
        names.map { column($0, as: prefix + $0) }.joined(separator: ", ")
    }

    public func has(_ column: String) -> Bool { available.contains(column.lowercased()) }
}
