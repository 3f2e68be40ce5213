// Opens or creates a case database, applies migrations, and appends chained evidence records in transactions.

import EvidenceModel
import Foundation
import GRDB

public final class CaseDatabase: @unchecked Sendable {
    public let path: String
    let pool: any DatabaseWriter
    /// Opened without write access (a case on write-protected media): nothing can be appended, not even audit entries.
    public let isReadOnly: Bool
    /// The scratch folder holding the copy a read-only case is read from (removed with this object).
    private var scratchCopy: ScratchSpace?

    /// Opens an existing case for reading and checking: read-write when the file and its folder can be written
    /// (so the audit log can record the command), read-only otherwise.
    public static func openExisting(path: String) throws -> CaseDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(code: .notFound, message: "no case database at \(path)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        // Write permission removed from the file means "read-only" even to root, who access(2) lets write anyway.
        let mode = ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? 0o600
        let writable = FileManager.default.isWritableFile(atPath: path) && mode & 0o222 != 0
            && FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
        return try CaseDatabase(path: path, create: false, readOnly: !writable)
    }

    /// Opens (creating when `create`) the case at `path` and brings its schema up to date; with `readOnly`,
    /// opens it as it is, without migrating or writing anything.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        self.isReadOnly = readOnly
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(code: .notFound, message: "no case database at \(path)")
        }
        if readOnly {
            // SQLite cannot open a WAL database read-only without creating its -shm beside it: read a scratch
            // copy (with its -wal), as Custody reads evidence databases.
            let copy: String
            do {
                let scratch = try ScratchSpace(parent: nil, prefix: "custody-case")
                copy = scratch.root + "/case.sqlite"
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                if FileManager.default.fileExists(atPath: path + "-wal") {
                    try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
                }
                scratchCopy = scratch
            } catch {
                throw StoreError(code: .cannotOpen, message: "cannot copy read-only case \(path) to scratch", underlying: error)
            }
            var configuration = Configuration()
            configuration.readonly = true
            do {
                pool = try DatabaseQueue(path: copy, configuration: configuration)
                let known = try pool.read { db in try db.tableExists("case_meta") && db.tableExists("ledger") }
                guard known else { throw StoreError(code: .notACase, message: "\(path) is not a Custody case") }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(code: .cannotOpen, message: "cannot open case database \(path) read-only", underlying: error)
            }
            return
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL never corrupts; a crash loses at most the last batch, which a resumed ingest redoes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A 32 MiB page cache keeps the hot index pages in memory while millions of rows go in.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Checkpoint every 32 MiB of WAL rather than every 4 MiB: index pages are then copied back far less often.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(code: .cannotOpen, message: "cannot open case database \(path)", underlying: error)
        }
        let migrator = Schema.migrator()
        do {
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                throw StoreError(code: .tooNew, message: "\(path) was written by a newer Custody; upgrade to open it")
            }
            let isEmpty = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 }
            if !isEmpty {
                let known = try pool.read { db in try db.tableExists("case_meta") || db.tableExists("grdb_migrations") }
                guard known else { throw StoreError(code: .notACase, message: "\(path) is a SQLite file but not a Custody case") }
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .cannotOpen, message: "cannot prepare case database \(path)", underlying: error)
        }
    }

    /// Runs `body` in one write transaction; everything it appends is committed together or not at all.
    public func write<T>(_ body: (inout ChainAppender) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError(code: .conflict, message: "\(path) is open read-only") }
        return try pool.write { db in
            var appender = try ChainAppender(db: db)
            return try body(&appender)
        }
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Runs a write that touches no chained table (operational columns only).
    func writeOperational<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError(code: .conflict, message: "\(path) is open read-only") }
        return try pool.write(body)
    }

    /// The newest ledger entry: number of records and head hash (the genesis hash when empty).
    public func chainHead() throws -> (records: Int64, head: String) {
        try pool.read { db in try ChainAppender.currentHead(db) }
    }
}

/// A record whose column values and row hash were computed ahead of the write (off the writer's thread); only
/// for tables whose row id SQLite assigns.
public struct PreparedRecord: @unchecked Sendable {
    public let table: ChainedTable
    let values: [DatabaseValue]
    public let rowHash: String

    public init<R: ChainedRecord>(_ record: R) {
        table = R.table
        values = record.columnValues
        rowHash = CanonicalEncoding.rowHash(R.table, values: values)
    }
}

/// Writes chained rows and their ledger entries inside one transaction.
public struct ChainAppender {
    let db: Database
    public private(set) var seq: Int64
    public private(set) var head: String

    init(db: Database) throws {
        self.db = db
        (seq, head) = try Self.currentHead(db)
    }

    static func currentHead(_ db: Database) throws -> (Int64, String) {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1") {
            return (row[0], row[1])
        }
        return (0, CanonicalEncoding.genesis)
    }

    public var database: Database { db }

    /// Inserts the record and appends its ledger entry; returns the row id and its row hash.
    @discardableResult
    public mutating func append<R: ChainedRecord>(_ record: R) throws -> (rowId: Int64, rowHash: String) {
        let table = R.table
        let values = record.columnValues
        let statement = try db.cachedStatement(sql: table.insertSQL)
        let idValue: DatabaseValue = record.rowId.map { $0.databaseValue } ?? .null
        try statement.execute(arguments: StatementArguments([idValue] + values))
        let rowId = record.rowId ?? db.lastInsertedRowID
        let rowHash = CanonicalEncoding.rowHash(table, values: values)
        try appendLedger(table: table.name, rowId: rowId, rowHash: rowHash)
        return (rowId, rowHash)
    }

    /// Adds messages `first...last` to the full-text index (called once per extractor run, see Schema).
    public func indexMessages(_ range: ClosedRange<Int64>) throws {
        try db.execute(sql: "INSERT INTO messages_fts(rowid, body) SELECT id, body FROM messages WHERE id BETWEEN ? AND ? AND body IS NOT NULL",
                       arguments: [range.lowerBound, range.upperBound])
    }

    /// Inserts a record prepared (values and row hash computed) on another thread.
    @discardableResult
    public mutating func append(_ prepared: PreparedRecord) throws -> Int64 {
        let statement = try db.cachedStatement(sql: prepared.table.insertSQL)
        try statement.execute(arguments: StatementArguments([DatabaseValue.null] + prepared.values))
        let rowId = db.lastInsertedRowID
        try appendLedger(table: prepared.table.name, rowId: rowId, rowHash: prepared.rowHash)
        return rowId
    }

    /// The row hash a record gets, without writing it (used to check resumed work).
    public static func rowHash<R: ChainedRecord>(of record: R) -> String {
        CanonicalEncoding.rowHash(R.table, values: record.columnValues)
    }

    private mutating func appendLedger(table: String, rowId: Int64, rowHash: String) throws {
        let next = seq + 1
        let entry = CanonicalEncoding.entryHash(seq: next, table: table, rowId: rowId, rowHash: rowHash, previous: head)
        let statement = try db.cachedStatement(sql: "INSERT INTO ledger (seq, table_name, row_id, row_hash, prev_hash, entry_hash) VALUES (?,?,?,?,?,?)")
        try statement.execute(arguments: [next, table, rowId, rowHash, head, entry])
        seq = next
        head = entry
    }
}
