// The documented byte encoding of a row and of a ledger entry, whose SHA-256 digests form the hash chain.

import Crypto
import EvidenceModel
import Foundation
import GRDB

/// See docs/SCHEMA.md "Hash chain" for the specification; changing this changes every chain head.
public enum CanonicalEncoding {
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over: "custody-row-v1", the table name, then each hashed column as name + typed value (not the id).
    public static func rowHash(table: String, columns: [String], values: [DatabaseValue]) -> String {
        rowHash(prefix: encodedText("custody-row-v1") + encodedText(table), columns: columns.map(encodedText), values: values)
    }

    /// The same, with the table's names encoded once.
    public static func rowHash(_ table: ChainedTable, values: [DatabaseValue]) -> String {
        rowHash(prefix: table.encodedPrefix, columns: table.encodedColumns, values: values)
    }

    static func encodedText(_ text: String) -> [UInt8] {
        var buffer: [UInt8] = []
        appendText(text, to: &buffer)
        return buffer
    }

    private static func rowHash(prefix: [UInt8], columns: [[UInt8]], values: [DatabaseValue]) -> String {
        var hasher = SHA256()
        var buffer: [UInt8] = prefix
        buffer.reserveCapacity(1024)
        for (name, value) in zip(columns, values) {
            buffer.append(contentsOf: name)
            switch value.storage {
            case .null:
                buffer.append(0x4E) // N
            case .int64(let integer):
                buffer.append(0x49) // I
                appendUInt64(UInt64(bitPattern: integer), to: &buffer)
            case .double(let double):
                buffer.append(0x52) // R
                appendUInt64(double.bitPattern, to: &buffer)
            case .string(let text):
                buffer.append(0x54) // T
                appendText(text, to: &buffer)
            case .blob(let data):
                buffer.append(0x42) // B
                appendUInt32(UInt32(data.count), to: &buffer)
                buffer.append(contentsOf: data)
            }
            if buffer.count > 1 << 16 {
                hasher.update(data: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: buffer)
        return hexString(hasher.finalize())
    }

    /// SHA-256 over: "custody-ledger-v1", seq, table name, row id, row hash, previous entry hash.
    public static func entryHash(seq: Int64, table: String, rowId: Int64, rowHash: String, previous: String) -> String {
        var buffer: [UInt8] = []
        appendText("custody-ledger-v1", to: &buffer)
        appendUInt64(UInt64(bitPattern: seq), to: &buffer)
        appendText(table, to: &buffer)
        appendUInt64(UInt64(bitPattern: rowId), to: &buffer)
        appendText(rowHash, to: &buffer)
        appendText(previous, to: &buffer)
        return hexString(SHA256.hash(data: buffer))
    }

    private static func appendText(_ text: String, to buffer: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        appendUInt32(UInt32(utf8.count), to: &buffer)
        buffer.append(contentsOf: utf8)
    }

    private static func appendUInt32(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func appendUInt64(_ value: UInt64, to buffer: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
