// How each evidence value type maps to its table's hashed columns (the order of Schema's column lists).

import EvidenceModel
import Foundation
import GRDB

/// A value that is stored as one row of a chained table.
public protocol ChainedRecord {
    static var table: ChainedTable { get }
    /// The row id, or nil to let SQLite assign one.
    var rowId: Int64? { get }
    /// Values of `table.columns`, in order.
    var columnValues: [DatabaseValue] { get }
}

private extension Optional where Wrapped: DatabaseValueConvertible {
    var value: DatabaseValue { self?.databaseValue ?? .null }
}

extension ExhibitRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.exhibits }
    public var rowId: Int64? { id }
    public var columnValues: [DatabaseValue] {
        [label.databaseValue, sourceName.databaseValue, sourceKind.rawValue.databaseValue,
         fileIdBase.databaseValue, limits.databaseValue, identifier.databaseValue]
    }
}

extension ExhibitSeal: ChainedRecord {
    public static var table: ChainedTable { Schema.exhibitSeals }
    public var rowId: Int64? { exhibitId }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileCount.databaseValue, warningCount.databaseValue, byteCount.databaseValue,
         sourceSize.value, sourceSHA256.value, sourceMD5.value]
    }
}

extension WarningRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.warnings }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileId.value, code.rawValue.databaseValue, message.databaseValue]
    }
}

extension FileRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.files }
    public var rowId: Int64? { id }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, parentId.value, entryIndex.databaseValue, Int64(depth).databaseValue,
         path.description.databaseValue, path.lastComponent.databaseValue, Data(nameRaw).databaseValue,
         kind.rawValue.databaseValue, size.value, declaredSize.value, sha256.value, md5.value, mime.value,
         magic.value, status.rawValue.databaseValue, statusReason.value, containerFormat.value,
         mode.value, uid.value, gid.value, userName.value, groupName.value,
         modified?.utc.value ?? .null, modified?.raw.value ?? .null,
         accessed?.utc.value ?? .null, accessed?.raw.value ?? .null,
         changed?.utc.value ?? .null, changed?.raw.value ?? .null,
         created?.utc.value ?? .null, created?.raw.value ?? .null,
         linkTarget.value, (isSparse ? 1 : 0).databaseValue]
    }
}

private extension String {
    var value: DatabaseValue { databaseValue }
}
