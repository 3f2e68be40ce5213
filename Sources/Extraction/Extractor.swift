// What an extractor is: an id and version, what it matches (declared as data), and a function from one
// evidence file to artifacts handed to a sink. Extractors never touch the case database.

import EvidenceModel
import Foundation
import GRDB

/// Identity stored on every artifact row an extractor produces.
public struct ExtractorInfo: Sendable, Hashable {
    /// Stable dotted id: `whatsapp.android.messages`.
    public var id: String
    /// Bumped whenever the extractor's output for the same input changes.
    public var version: Int
    /// Short app name stored in `messages.app` / `calls.app`.
    public var app: String
    /// Where the format is documented (for the examiner and the tests).
    public var documentation: String

    public init(id: String, version: Int, app: String, documentation: String) {
        self.id = id
        self.version = version
        self.app = app
        self.documentation = documentation
    }
}

/// The tables and columns a database must have for an extractor to apply (names compared case-insensitively).
public struct SQLiteSignature: Sendable, Hashable {
    public var tables: [String: [String]]
    /// Tables whose presence means another extractor owns the database (a newer schema of the same app, or an
    /// app whose table happens to share the required columns).
    public var absent: [String]
    /// Signatures of extractors that read this one's tables too when they match (a newer schema's extractor that
    /// merges the older table): this one stands back only then, so a look-alike of the newer table that the
    /// newer extractor cannot read does not silence this one.
    public var yieldsTo: [SQLiteSignature]

    public init(_ tables: [String: [String]], absent: [String] = [], yieldsTo: [SQLiteSignature] = []) {
        self.tables = tables
        self.absent = absent
        self.yieldsTo = yieldsTo
    }

    public func matches(_ schema: SQLiteSchema) -> Bool {
        hasTables(schema) && !absent.contains { schema.has($0) } && !yieldsTo.contains { $0.matches(schema) }
    }

    /// True when the required tables and columns are there, whatever else the database holds.
    public func hasTables(_ schema: SQLiteSchema) -> Bool {
        tables.allSatisfy { table, columns in
            columns.allSatisfy { schema.has(table, $0) } && schema.has(table)
        }
    }
}

/// The tables and columns of one database, read from sqlite_master.
public struct SQLiteSchema: Sendable {
    private var columnsByTable: [String: Set<String>]

    public init(columnsByTable: [String: Set<String>]) {
        self.columnsByTable = Dictionary(columnsByTable.map { ($0.key.lowercased(), Set($0.value.map { $0.lowercased() })) },
                                         uniquingKeysWith: { $0.union($1) })
    }

    public static func read(_ db: Database) throws -> SQLiteSchema {
        var result: [String: Set<String>] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for table in tables {
            // A table the library cannot describe (virtual table of an unknown module) is listed without columns.
            let columns = (try? String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])) ?? []
            result[table] = Set(columns)
        }
        return SQLiteSchema(columnsByTable: result)
    }

    public var tableNames: [String] { columnsByTable.keys.sorted() }
    public func has(_ table: String) -> Bool { columnsByTable[table.lowercased()] != nil }
    public func has(_ table: String, _ column: String) -> Bool {
        columnsByTable[table.lowercased()]?.contains(column.lowercased()) ?? false
    }
    public func columns(_ table: String) -> Set<String> { columnsByTable[table.lowercased()] ?? [] }
}

/// Reads a SQLite database (a scratch copy, never the evidence) into artifacts.
public protocol SQLiteExtractor: Sendable {
    static var info: ExtractorInfo { get }
    static var signature: SQLiteSignature { get }
    /// Must be deterministic: it runs once on the database with its WAL and, when the WAL holds frames, once on
    /// the main file alone; rows are compared by (table, rowid).
    static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws
}

/// Reads a whole file of a text or JSON format recognized from its first bytes (never from its name alone).
public protocol FileExtractor: Sendable {
    static var info: ExtractorInfo { get }
    /// True when the first bytes (up to 64 KiB) are in this format; `name` may only narrow, never decide.
    static func probe(head: [UInt8], name: String) -> Bool
    static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws
}

/// Reads databases that hold names or accounts other extractors need (wa.db for msgstore.db), before any
/// extractor runs on the exhibit.
public protocol DirectoryProvider: Sendable {
    static var info: ExtractorInfo { get }
    static var signature: SQLiteSignature { get }
    static func collect(from db: Database, schema: SQLiteSchema, into directory: ExhibitDirectory) throws
}

/// Recognizes a store it cannot open (encrypted), so it is recorded with what opening it would take.
public protocol EncryptedStoreRecognizer: Sendable {
    static var info: ExtractorInfo { get }
    /// What would be needed to open the file, or nil when it is not this store. `isSQLite` is true when the
    /// file starts with the SQLite header (an unencrypted database).
    static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String?
}

/// Names and accounts gathered from the whole exhibit, by app and id.
public final class ExhibitDirectory: @unchecked Sendable {
    private var names: [String: [String: String]] = [:]
    private var owners: [String: String] = [:]
    private let lock = NSLock()

    public init() {}

    /// Records `name` for `id`; the first name recorded wins, so the result does not depend on file order
    /// beyond the (reproducible) exhibit order.
    public func setName(_ name: String, app: String, id: String) {
        guard !name.isEmpty, !id.isEmpty else { return }
        lock.lock(); defer { lock.unlock() }
        if names[app]?[id] == nil { names[app, default: [:]][id] = name }
    }

    public func name(app: String, id: String?) -> String? {
        guard let id else { return nil }
        lock.lock(); defer { lock.unlock() }
        return names[app]?[id]
    }

    public func setAccount(_ id: String, app: String) {
        lock.lock(); defer { lock.unlock() }
        if owners[app] == nil { owners[app] = id }
    }

    public func account(app: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        return owners[app]
    }
}

/// What an extractor knows about the file it reads.
public struct ExtractionContext: Sendable {
    public var exhibitId: Int64
    public var fileId: Int64
    /// Forensic path of the file (`phone.zip/data/…/msgstore.db`).
    public var path: EvidencePath
    public var directory: ExhibitDirectory

    public init(exhibitId: Int64, fileId: Int64, path: EvidencePath, directory: ExhibitDirectory = ExhibitDirectory()) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.path = path
        self.directory = directory
    }
}

/// Where extractors put artifacts; rows go on as they come, so memory does not grow with the database.
public final class ArtifactSink {
    let onMessage: (ChatMessage) throws -> Void
    let onCall: (Call) throws -> Void
    let onContact: (Contact) throws -> Void
    /// Problems with single rows or lines (the file as a whole was read); kept to the first `warningCap`.
    public private(set) var problems: [String] = []
    public private(set) var problemCount = 0
    /// Facts worth recording on the extraction row (a resolved date order, a schema variant).
    public private(set) var notes: [String] = []
    private let warningCap = 50

    public init(onMessage: @escaping (ChatMessage) throws -> Void, onCall: @escaping (Call) throws -> Void = { _ in },
                onContact: @escaping (Contact) throws -> Void = { _ in }) {
        self.onMessage = onMessage
        self.onCall = onCall
        self.onContact = onContact
    }

    public func add(_ message: ChatMessage) throws { try onMessage(message) }
    public func add(_ call: Call) throws { try onCall(call) }
    public func add(_ contact: Contact) throws { try onContact(contact) }

    /// A row or line that could not be read: counted, the first few kept, the extraction marked partial.
    public func problem(_ text: String) {
        problemCount += 1
        if problems.count < warningCap { problems.append(text) }
    }

    public func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }
}

/// Errors of the Extraction module.
public struct ExtractionError: Error, CustomStringConvertible, Sendable {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let openFailed = Code(rawValue: "open-failed")
        public static let malformed = Code(rawValue: "malformed")
        public static let unsupported = Code(rawValue: "unsupported")
    }
    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
