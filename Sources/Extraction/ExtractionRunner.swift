// Runs the registered extractors on one evidence file (a scratch copy): matches them by schema or content,
// reads SQLite databases with and without their WAL to flag WAL-only and WAL-deleted rows, and stamps every
// artifact with its provenance.

import EvidenceModel
import Foundation
import GRDB

public enum Artifact: Sendable {
    case message(ChatMessage)
    case call(Call)
    case contact(Contact)
}

/// One evidence file copied to scratch, with the sidecars that were found beside it.
public struct ExtractionCandidate: Sendable {
    public var fileId: Int64
    public var path: EvidencePath
    /// The scratch copy; SQLite sidecars sit beside it under SQLite's names (`<copy>-wal`, `<copy>-journal`).
    public var localPath: String
    /// A copy of the main file alone, made before anything opened `localPath` (opening applies the WAL and may
    /// checkpoint it into the copy); nil when there is no WAL with frames.
    public private(set) var mainOnlyPath: String?

    /// Prepares a scratch copy for extraction: drops a copied `-shm` (another machine's shared memory, which
    /// SQLite rebuilds from the WAL) and, when the WAL holds frames, copies the main file alone.
    public init(fileId: Int64, path: EvidencePath, localPath: String) {
        self.fileId = fileId
        self.path = path
        self.localPath = localPath
        try? FileManager.default.removeItem(atPath: localPath + "-shm")
        let walSize = ((try? FileManager.default.attributesOfItem(atPath: localPath + "-wal"))?[.size] as? NSNumber)?.int64Value ?? 0
        if walSize > 32, ExtractionRunner.isSQLite(head: ExtractionRunner.readHead(localPath, count: 16)) {
            mainOnlyPath = try? ExtractionRunner.mainOnlyCopy(localPath)
        }
    }

    /// Removes the main-file copy.
    public func cleanUp() {
        if let mainOnlyPath { try? FileManager.default.removeItem(atPath: mainOnlyPath) }
    }
}

/// What applies to a candidate, decided once.
public struct ExtractionPlan {
    public var schema: SQLiteSchema?
    public var sqlite: [any SQLiteExtractor.Type] = []
    public var files: [any FileExtractor.Type] = []
    public var providers: [any DirectoryProvider.Type] = []
    /// Set when the file looked like SQLite but could not be opened.
    public var openError: String?

    public var isEmpty: Bool { sqlite.isEmpty && files.isEmpty && providers.isEmpty && openError == nil }
}

/// One extractor's result on one file: the record for `extractions` and warnings for the file.
public struct ExtractionResult {
    public var record: ExtractionRecord
    public var warnings: [(code: WarningRecord.Code, message: String)]

    public init(record: ExtractionRecord, warnings: [(code: WarningRecord.Code, message: String)]) {
        self.record = record
        self.warnings = warnings
    }
}

public final class ExtractionRunner {
    public let exhibitId: Int64
    public let directory: ExhibitDirectory
    /// Finds the exhibit file an attachment path points to.
    public var resolveAttachment: ((String) -> (fileId: Int64, path: String)?)?

    public init(exhibitId: Int64, directory: ExhibitDirectory = ExhibitDirectory()) {
        self.exhibitId = exhibitId
        self.directory = directory
    }

    static let sqliteMagic = Array("SQLite format 3\u{0}".utf8)

    public static func isSQLite(head: [UInt8]) -> Bool { head.count >= 16 && Array(head[0..<16]) == sqliteMagic }

    /// Whether a file must be copied whole for extraction (SQLite databases and their sidecars are decided by
    /// the reader; this covers file formats).
    public static func wantsFile(head: [UInt8], name: String) -> Bool {
        ExtractorRegistry.files.contains { $0.probe(head: head, name: name) }
    }

    // MARK: - Planning

    public func plan(_ candidate: ExtractionCandidate) -> ExtractionPlan {
        var plan = ExtractionPlan()
        let head = Self.readHead(candidate.localPath)
        if Self.isSQLite(head: head) {
            do {
                let schema = try Self.withDatabase(candidate.localPath, mainOnly: false) { db in try SQLiteSchema.read(db) }
                plan.schema = schema
                plan.sqlite = ExtractorRegistry.sqlite.filter { $0.signature.matches(schema) }
                plan.providers = ExtractorRegistry.directories.filter { $0.signature.matches(schema) }
            } catch {
                plan.openError = "\(error)"
            }
        } else {
            plan.files = ExtractorRegistry.files.filter { $0.probe(head: head, name: candidate.path.lastComponent) }
        }
        return plan
    }

    /// Gathers names and accounts for the exhibit; a failure here only costs names, so it is not reported twice
    /// (the extractors' own runs report the file).
    public func collectDirectory(_ candidate: ExtractionCandidate, plan: ExtractionPlan) {
        guard let schema = plan.schema else { return }
        for provider in plan.providers {
            try? Self.withDatabase(candidate.localPath, mainOnly: false) { db in
                try provider.collect(from: db, schema: schema, into: directory)
            }
        }
    }

    // MARK: - Running

    /// Runs one SQLite extractor on a candidate, handing artifacts to `emit` in a reproducible order: the rows of
    /// the database with its WAL applied, then the main-file rows the WAL deleted.
    public func run(_ extractor: any SQLiteExtractor.Type, on candidate: ExtractionCandidate, schema: SQLiteSchema,
                    emit: @escaping (Artifact) throws -> Void) throws -> ExtractionResult {
        let info = extractor.info
        let context = ExtractionContext(exhibitId: exhibitId, fileId: candidate.fileId, path: candidate.path, directory: directory)
        var counts = Counts()
        var warnings: [(WarningRecord.Code, String)] = []
        // The main file alone, read first: fingerprints by source row.
        var mainRows: [String: Int]? = nil
        let mainOnlyPath = candidate.mainOnlyPath
        if let mainOnlyPath {
            do {
                var fingerprints: [String: Int] = [:]
                var keys = KeyCounter()
                let sink = ArtifactSink(onMessage: { fingerprints[keys.key(for: .message($0))] = $0.hashValue },
                                        onCall: { fingerprints[keys.key(for: .call($0))] = $0.hashValue },
                                        onContact: { fingerprints[keys.key(for: .contact($0))] = $0.hashValue })
                try Self.withDatabase(mainOnlyPath, mainOnly: true) { db in
                    let mainSchema = try SQLiteSchema.read(db)
                    if extractor.signature.matches(mainSchema) {
                        try extractor.extract(from: db, schema: mainSchema, context: context, into: sink)
                    }
                }
                mainRows = fingerprints
            } catch {
                // Without a readable main file every row is reported as read with the WAL; say so.
                warnings.append((.extractionPartial, "\(candidate.path): \(info.id): the main file without its WAL could not be read (\(error)); WAL-only rows are not distinguished"))
            }
        }

        var keys = KeyCounter()
        var remaining = mainRows
        var replaced: Set<String> = []
        let stamp = { [self] (artifact: Artifact) throws in
            var state = WALState.main
            // Keys are only needed to compare with the main file (most databases have no WAL frames).
            if remaining != nil {
                let key = keys.key(for: artifact)
                if let fingerprint = remaining?.removeValue(forKey: key) {
                    if fingerprint != artifact.fingerprint {
                        state = .wal
                        replaced.insert(key)
                    }
                } else if artifact.hasRowKey {
                    state = .wal
                }
            }
            try emit(self.stamped(artifact, info: info, fileId: candidate.fileId, state: state, counts: &counts))
        }
        let sink = ArtifactSink(onMessage: { try stamp(.message($0)) }, onCall: { try stamp(.call($0)) },
                                onContact: { try stamp(.contact($0)) })
        var failure: String?
        do {
            try Self.withDatabase(candidate.localPath, mainOnly: false) { db in
                try extractor.extract(from: db, schema: schema, context: context, into: sink)
            }
        } catch {
            failure = "\(error)"
        }
        // Rows the WAL deleted or changed: read again from the main file alone, in its own order.
        if failure == nil, let deleted = remaining, !deleted.isEmpty || !replaced.isEmpty, let mainOnlyPath {
            var mainKeys = KeyCounter()
            let state = { (key: String) -> WALState? in
                deleted[key] != nil ? .walDeleted : replaced.contains(key) ? .walReplaced : nil
            }
            let deletedSink = ArtifactSink(onMessage: { message in
                if let state = state(mainKeys.key(for: .message(message))) {
                    try emit(self.stamped(.message(message), info: info, fileId: candidate.fileId, state: state, counts: &counts))
                }
            }, onCall: { call in
                if let state = state(mainKeys.key(for: .call(call))) {
                    try emit(self.stamped(.call(call), info: info, fileId: candidate.fileId, state: state, counts: &counts))
                }
            }, onContact: { contact in
                if let state = state(mainKeys.key(for: .contact(contact))) {
                    try emit(self.stamped(.contact(contact), info: info, fileId: candidate.fileId, state: state, counts: &counts))
                }
            })
            do {
                try Self.withDatabase(mainOnlyPath, mainOnly: true) { db in
                    let mainSchema = try SQLiteSchema.read(db)
                    try extractor.extract(from: db, schema: mainSchema, context: context, into: deletedSink)
                }
            } catch {
                warnings.append((.extractionPartial, "\(candidate.path): \(info.id): rows deleted by the WAL could not be re-read: \(error)"))
            }
        }
        return finish(info: info, fileId: candidate.fileId, counts: counts, sink: sink, failure: failure, warnings: warnings, path: candidate.path)
    }

    /// Runs one file extractor on a candidate.
    public func run(_ extractor: any FileExtractor.Type, on candidate: ExtractionCandidate,
                    emit: @escaping (Artifact) throws -> Void) throws -> ExtractionResult {
        let info = extractor.info
        let context = ExtractionContext(exhibitId: exhibitId, fileId: candidate.fileId, path: candidate.path, directory: directory)
        var counts = Counts()
        let sink = ArtifactSink(onMessage: { [self] in try emit(stamped(.message($0), info: info, fileId: candidate.fileId, state: .main, counts: &counts)) },
                                onCall: { [self] in try emit(stamped(.call($0), info: info, fileId: candidate.fileId, state: .main, counts: &counts)) },
                                onContact: { [self] in try emit(stamped(.contact($0), info: info, fileId: candidate.fileId, state: .main, counts: &counts)) })
        var failure: String?
        do {
            try extractor.extract(fileAt: candidate.localPath, context: context, into: sink)
        } catch {
            failure = "\(error)"
        }
        return finish(info: info, fileId: candidate.fileId, counts: counts, sink: sink, failure: failure, warnings: [], path: candidate.path)
    }

    /// The record for a file that looked like a database but could not be opened.
    public func unreadableDatabase(_ candidate: ExtractionCandidate, error: String) -> ExtractionResult {
        let record = ExtractionRecord(exhibitId: exhibitId, fileId: candidate.fileId, extractor: "sqlite.open", extractorVersion: 1,
                                      app: "sqlite", status: .error, detail: error)
        return ExtractionResult(record: record, warnings: [(.extractionFailed, "\(candidate.path): SQLite database could not be opened: \(error)")])
    }

    /// Recognizes encrypted stores from a file's head and name.
    public func recognizeEncrypted(fileId: Int64, path: EvidencePath, head: [UInt8]) -> [ExtractionResult] {
        let isSQLite = Self.isSQLite(head: head)
        return ExtractorRegistry.encrypted.compactMap { recognizer in
            guard let needed = recognizer.recognize(head: head, name: path.lastComponent, path: path.description, isSQLite: isSQLite) else { return nil }
            let info = recognizer.info
            let record = ExtractionRecord(exhibitId: exhibitId, fileId: fileId, extractor: info.id, extractorVersion: info.version,
                                          app: info.app, status: .encrypted, detail: needed)
            return ExtractionResult(record: record, warnings: [(.encryptedStore, "\(path): encrypted \(info.app) store; \(needed)")])
        }
    }

    // MARK: - Helpers

    struct Counts {
        var messages: Int64 = 0
        var calls: Int64 = 0
        var contacts: Int64 = 0
        var wal: Int64 = 0
        var walDeleted: Int64 = 0
    }

    private func stamped(_ artifact: Artifact, info: ExtractorInfo, fileId: Int64, state: WALState, counts: inout Counts) -> Artifact {
        let provenance = ArtifactProvenance(exhibitId: exhibitId, fileId: fileId, extractor: info.id,
                                            extractorVersion: info.version, walState: state)
        switch state {
        case .wal: counts.wal += 1
        case .walDeleted, .walReplaced: counts.walDeleted += 1
        case .main: break
        }
        switch artifact {
        case .message(var message):
            counts.messages += 1
            message.provenance = provenance
            if resolveAttachment != nil {
                for index in message.attachments.indices where message.attachments[index].fileId == nil {
                    if let source = message.attachments[index].sourcePath, let found = resolveAttachment?(source) {
                        message.attachments[index].fileId = found.fileId
                        message.attachments[index].evidencePath = found.path
                    }
                }
            }
            return .message(message)
        case .call(var call):
            counts.calls += 1
            call.provenance = provenance
            return .call(call)
        case .contact(var contact):
            counts.contacts += 1
            contact.provenance = provenance
            return .contact(contact)
        }
    }

    private func finish(info: ExtractorInfo, fileId: Int64, counts: Counts, sink: ArtifactSink, failure: String?,
                        warnings: [(WarningRecord.Code, String)], path: EvidencePath) -> ExtractionResult {
        var warnings = warnings.map { (code: $0.0, message: $0.1) }
        var status = ExtractionRecord.Status.ok
        var details = sink.notes
        if let failure {
            status = counts.messages + counts.calls + counts.contacts > 0 ? .partial : .error
            details.append("failed: \(failure)")
            warnings.append((.extractionFailed, "\(path): \(info.id) stopped: \(failure)"))
        }
        if sink.problemCount > 0 {
            if status == .ok { status = .partial }
            details.append("\(sink.problemCount) unreadable rows or lines")
            for problem in sink.problems { warnings.append((.extractionPartial, "\(path): \(info.id): \(problem)")) }
            if sink.problemCount > sink.problems.count {
                warnings.append((.extractionPartial, "\(path): \(info.id): \(sink.problemCount - sink.problems.count) more unreadable rows or lines"))
            }
        }
        let record = ExtractionRecord(exhibitId: exhibitId, fileId: fileId, extractor: info.id, extractorVersion: info.version,
                                      app: info.app, status: status, messages: counts.messages, calls: counts.calls,
                                      contacts: counts.contacts,
                                      walRows: counts.wal, walDeletedRows: counts.walDeleted,
                                      detail: details.isEmpty ? nil : details.joined(separator: "; "))
        return ExtractionResult(record: record, warnings: warnings)
    }

    static func readHead(_ path: String, count: Int = 64 << 10) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }

    /// Opens a scratch copy (never evidence) read-only, as an app reader would see it: SQLite applies a WAL
    /// in memory (building its -shm beside the copy) without checkpointing it. A hot rollback journal can only be
    /// rolled back by a writer, so when one is present and the read-only reading fails, the copy is opened
    /// read-write with writes refused at the SQL level and SQLite rolls the journal back as the app would.
    public static func withDatabase<T>(_ path: String, mainOnly: Bool, _ body: (Database) throws -> T) throws -> T {
        do {
            return try open(path, readonly: true, body)
        } catch {
            guard !mainOnly, FileManager.default.fileExists(atPath: path + "-journal") else { throw error }
            return try open(path, readonly: false, body)
        }
    }

    private static func open<T>(_ path: String, readonly: Bool, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.label = "evidence"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ExtractionError(code: .openFailed, message: "cannot open: \(error)")
        }
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// A copy of the main file that SQLite reads without any WAL: the header's WAL-mode bytes set to legacy
    /// (a change to the copy's header only, which SQLite then reads as a rollback-journal database).
    static func mainOnlyCopy(_ path: String) throws -> String {
        let target = path + ".main-only"
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: path, toPath: target)
        guard let handle = FileHandle(forUpdatingAtPath: target) else {
            throw ExtractionError(code: .openFailed, message: "cannot prepare the main-file copy")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: 18)
        let bytes = [UInt8](try handle.read(upToCount: 2) ?? Data())
        if bytes == [2, 2] {
            try handle.seek(toOffset: 18)
            try handle.write(contentsOf: Data([1, 1]))
        }
        return target
    }
}

/// Keys artifacts by their source row and the number of artifacts that row produced before it.
struct KeyCounter {
    private var seen: [String: Int] = [:]

    mutating func key(for artifact: Artifact) -> String {
        let base = artifact.baseKey
        let index = seen[base, default: 0]
        seen[base] = index + 1
        return "\(base)#\(index)"
    }
}

extension Artifact {
    var source: SourceLocation {
        switch self {
        case .message(let message): return message.source
        case .call(let call): return call.source
        case .contact(let contact): return contact.source
        }
    }

    var hasRowKey: Bool { source.table != nil && source.rowid != nil }

    var baseKey: String {
        let kind: String
        switch self {
        case .message: kind = "m"
        case .call: kind = "c"
        case .contact: kind = "k"
        }
        return "\(kind)|\(source.table ?? "")|\(source.rowid.map(String.init) ?? "")|\(source.locator ?? "")"
    }

    var fingerprint: Int {
        switch self {
        case .message(let message): return message.hashValue
        case .call(let call): return call.hashValue
        case .contact(let contact): return contact.hashValue
        }
    }
}
