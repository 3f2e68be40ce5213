// The extraction stage of an exhibit: while the reader walks the exhibit it keeps the files extractors want
// (SQLite databases with their sidecars, chat exports) in scratch; once every file row is written, the
// extractors run over them in file order and their artifacts join the chain, one transaction per extractor run.

import EvidenceModel
import EvidenceStore
import Extraction
import Foundation
import GRDB
import Indicators
import Documents

/// Decides, in the reader thread, which files extraction needs, and keeps them.
final class ExtractionCollector {
    let runner: ExtractionRunner
    private(set) var candidates: [(candidate: ExtractionCandidate, plan: ExtractionPlan)] = []
    private(set) var encrypted: [Int64: [ExtractionResult]] = [:]

    /// Keep every SQLite database (not only those an extractor reads), for the indicator scan of its cells.
    let keepAllDatabases: Bool

    /// False when only the indicator scan of database cells needs the databases (`--no-extract`).
    let runsExtractors: Bool

    /// Keep documents (PDF, Office, mail, HTML, text…) for text extraction and detection.
    let collectsDocuments: Bool
    /// Documents kept for the detection phase, in the order read.
    private(set) var documents: [DocumentCandidate] = []

    init(exhibitId: Int64, keepAllDatabases: Bool = false, runsExtractors: Bool = true, collectsDocuments: Bool = false) {
        runner = ExtractionRunner(exhibitId: exhibitId)
        self.keepAllDatabases = keepAllDatabases
        self.runsExtractors = runsExtractors
        self.collectsDocuments = collectsDocuments
    }

    /// Whether the reader should copy this (non-SQLite) file whole to scratch.
    func wantsWholeFile(head: UnsafeRawBufferPointer, name: String) -> Bool {
        guard head.count > 0 else { return false }
        if collectsDocuments, DocumentKindDetection.kind(head: Array(head.prefix(4096)), name: name) != nil { return true }
        guard runsExtractors, !ExtractorRegistry.files.isEmpty else { return false }
        return ExtractionRunner.wantsFile(head: Array(head), name: name)
    }

    /// Looks at every file's first bytes for encrypted stores.
    func inspect(fileId: Int64, path: EvidencePath, head: UnsafeRawBufferPointer) {
        guard runsExtractors, !ExtractorRegistry.encrypted.isEmpty else { return }
        let results = runner.recognizeEncrypted(fileId: fileId, path: path, head: Array(head.prefix(4096)))
        if !results.isEmpty { encrypted[fileId, default: []] += results }
    }

    /// Keeps a spilled file when an extractor applies to it; false lets the reader delete it.
    func retain(_ spilled: SpilledDatabase) -> Bool {
        let candidate = ExtractionCandidate(fileId: spilled.fileId, path: spilled.path, localPath: spilled.databasePath)
        var plan = runner.plan(candidate)
        if !runsExtractors {
            plan.sqlite = []
            plan.files = []
            plan.providers = []
            plan.openError = nil
        }
        // A file an extractor reads (a chat export) is evidence of that app, not a document of its own.
        if collectsDocuments, plan.isEmpty, plan.schema == nil, let kind = Self.documentKind(spilled) {
            documents.append(DocumentCandidate(fileId: spilled.fileId, path: spilled.path, localPath: spilled.databasePath,
                                               kind: kind, cleanUp: candidate.cleanUp))
            return true
        }
        guard !plan.isEmpty || (keepAllDatabases && plan.schema != nil) else {
            candidate.cleanUp()
            return false
        }
        candidates.append((candidate, plan))
        return true
    }

    /// The document kind of a spilled file, from its first bytes and name.
    private static func documentKind(_ spilled: SpilledDatabase) -> DocumentKind? {
        guard let handle = FileHandle(forReadingAtPath: spilled.databasePath) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)).map { [UInt8]($0) } ?? []
        return DocumentKindDetection.kind(head: head, name: spilled.path.lastComponent)
    }
}

/// Runs the collected extractions and writes their rows.
final class ExtractionPhase {
    private let database: CaseDatabase
    private let exhibitId: Int64
    private let collector: ExtractionCollector
    private let batchSize = 512
    private let resolver = AttachmentResolver()
    private let identities: IdentityRecorder
    private(set) var runs: Int64 = 0
    /// Tests only: fail like a crash once this many runs are committed.
    var interruptAfterRuns: Int64?

    private let indicators: IndicatorRecorder?
    /// Records the (file, extractor) run or scan in flight; knows those that crashed in earlier runs.
    private let journal: CrashJournal
    private var slot = CrashJournal().acquire()

    init(database: CaseDatabase, exhibitId: Int64, collector: ExtractionCollector, defaultRegion: String? = nil,
         indicators: IndicatorRecorder? = nil, journal: CrashJournal = CrashJournal()) {
        self.database = database
        self.exhibitId = exhibitId
        self.collector = collector
        identities = IdentityRecorder(exhibitId: exhibitId, defaultRegion: defaultRegion)
        self.indicators = indicators
        self.journal = journal
    }

    func run() throws {
        slot = journal.acquire()
        defer { slot.release() }
        let runner = collector.runner
        let candidates = collector.candidates.sorted { $0.candidate.fileId < $1.candidate.fileId }
        defer { for item in candidates { item.candidate.cleanUp() } }
        // Names first: wa.db may come after msgstore.db in the exhibit. One provider at a time, each journaled as
        // a run of its own (a crashed one is recorded with the file's runs below).
        for item in candidates {
            for provider in item.plan.providers where journal.crash(.extract, fileId: item.candidate.fileId, extractor: provider.info.id) == nil {
                var one = item.plan
                one.providers = [provider]
                slot.begin(.extract, fileId: item.candidate.fileId, extractor: provider.info.id,
                           subject: "\(item.candidate.path)#\(provider.info.id)")
                runner.collectDirectory(item.candidate, plan: one)
                slot.end()
            }
        }
        let done = try database.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT file_id, extractor FROM extractions WHERE exhibit_id = ?", arguments: [exhibitId])
                .map { "\($0.text("file_id") ?? "")|\($0.text("extractor") ?? "")" })
        }
        let planned = Dictionary(candidates.map { ($0.candidate.fileId, $0) }, uniquingKeysWith: { first, _ in first })
        let fileIds = Set(planned.keys).union(collector.encrypted.keys).sorted()
        for fileId in fileIds {
            if let limit = interruptAfterRuns, runs >= limit {
                throw PipelineError(code: .cancelled, message: "simulated interruption after \(runs) extractor runs")
            }
            for result in collector.encrypted[fileId] ?? [] where !done.contains("\(fileId)|\(result.record.extractor)") {
                try write(result)
            }
            guard let (candidate, plan) = planned[fileId] else { continue }
            if let error = plan.openError, !done.contains("\(fileId)|sqlite.open") {
                try write(runner.unreadableDatabase(candidate, error: error))
            }
            for provider in plan.providers where !done.contains("\(fileId)|\(provider.info.id)") {
                if let crash = journal.crash(.extract, fileId: fileId, extractor: provider.info.id) {
                    let info = provider.info
                    try write(crashed(crash, candidate: candidate, extractor: info.id, version: info.version, app: info.app))
                }
            }
            if let schema = plan.schema {
                for extractor in plan.sqlite where !done.contains("\(fileId)|\(extractor.info.id)") {
                    try stream(candidate, extractor.info) { emit in try runner.run(extractor, on: candidate, schema: schema, emit: emit) }
                }
            }
            for extractor in plan.files where !done.contains("\(fileId)|\(extractor.info.id)") {
                try stream(candidate, extractor.info) { emit in try runner.run(extractor, on: candidate, emit: emit) }
            }
            if indicators != nil, let schema = plan.schema, !done.contains("\(fileId)|\(CellScan.id)") {
                if let crash = journal.crash(.cells, fileId: fileId) {
                    try write(crashed(crash, candidate: candidate, extractor: CellScan.id, version: 1, app: "sqlite"))
                } else {
                    slot.begin(.cells, fileId: fileId, subject: "\(candidate.path)")
                    defer { slot.end() }
                    try scanCells(candidate, schema: schema)
                }
            }
        }
    }

    /// The record of a run (or scan) that killed the process in an earlier run: an error, and a warning.
    private func crashed(_ crash: CrashedStage, candidate: ExtractionCandidate, extractor: String, version: Int, app: String) -> ExtractionResult {
        ExtractionResult(
            record: ExtractionRecord(exhibitId: exhibitId, fileId: candidate.fileId, extractor: extractor, extractorVersion: version,
                                     app: app, status: .error, detail: CrashJournal.reason(crash)),
            warnings: [(.stageCrashed, journal.skipWarning(crash, path: "\(candidate.path)"))])
    }

    /// Runs one extractor under the journal, unless it (or the indicator scan of its artifacts) killed the process
    /// on this file in an earlier run.
    private func stream(_ candidate: ExtractionCandidate, _ info: ExtractorInfo,
                        _ produce: @escaping (@escaping (Artifact) throws -> Void) throws -> ExtractionResult) throws {
        if let crash = journal.crash(.extract, fileId: candidate.fileId, extractor: info.id) {
            try write(crashed(crash, candidate: candidate, extractor: info.id, version: info.version, app: info.app))
            return
        }
        let scanCrash = journal.crash(.messageScan, fileId: candidate.fileId, extractor: info.id)
        let subject = "\(candidate.path)#\(info.id)"
        slot.begin(.extract, fileId: candidate.fileId, extractor: info.id, subject: subject)
        defer { slot.end() }
        try stream(fileId: candidate.fileId, extractor: info.id, subject: subject, scanCrash: scanCrash) { emit in
            var result = try produce(emit)
            if let scanCrash {
                result.warnings.append((.stageCrashed, self.journal.skipWarning(scanCrash, path: "\(candidate.path)")))
            }
            return result
        }
    }

    /// Runs one extractor on a producer thread while this thread appends its artifacts to the chain, all in one
    /// transaction with the run's warnings and extraction record (so a resumed ingest redoes a run whole or not at all).
    private func stream(fileId: Int64, extractor: String, subject: String, scanCrash: CrashedStage?,
                        _ produce: @escaping (@escaping (Artifact) throws -> Void) throws -> ExtractionResult) throws {
        let queue = BlockingQueue<[Item]>(capacity: 8)
        let outcome = OutcomeBox()
        let producerDone = DispatchSemaphore(value: 0)
        // Waited for exactly once: inside the transaction on success, in the catch below when the write failed
        // before that point (a second wait would never return).
        var producerJoined = false
        let size = batchSize
        let scan = indicators != nil && scanCrash == nil
        let journal = self.journal
        let slot = self.slot
        Thread.detachNewThread {
            var batch: [Item] = []
            batch.reserveCapacity(size)
            let producerSlot = journal.acquire()
            producerSlot.begin(.extract, fileId: fileId, extractor: extractor, subject: subject)
            defer {
                producerSlot.end()
                producerSlot.release()
            }
            outcome.value = Result {
                let result = try produce { artifact in
                    // Column values and row hashes are computed here, beside the extractor, so the writer only
                    // binds and inserts; a message whose attachments still need the case to resolve is prepared
                    // by the writer.
                    switch artifact {
                    case .message(let message) where message.attachments.contains(where: { $0.fileId == nil && $0.sourcePath != nil }):
                        batch.append(.raw(artifact))
                    case .message(let message):
                        // Bodies are scanned here too, beside the extractor, not on the writer's thread.
                        var found: [PendingIndicator] = []
                        if scan {
                            producerSlot.begin(.messageScan, fileId: fileId, subject: subject)
                            found = Self.scan(message)
                            producerSlot.end()
                        }
                        let (stored, wholes) = Self.capped(message)
                        batch.append(.prepared(PreparedRecord(stored), artifact, found, wholes))
                    case .call(let call):
                        let (stored, wholes) = Self.capped(call)
                        batch.append(.prepared(PreparedRecord(stored), artifact, [], wholes))
                    case .contact:
                        batch.append(.raw(artifact))
                    }
                    if batch.count >= size {
                        guard queue.push(batch) else { throw PipelineError(code: .cancelled, message: "extraction writer stopped") }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = queue.push(batch) }
                return result
            }
            queue.close()
            producerDone.signal()
        }
        do {
            try database.write { chain in
                let db = chain.database
                var indexed: ClosedRange<Int64>?
                while let batch = queue.pop() {
                    for item in batch {
                        switch item {
                        case .prepared(let record, .message(let message), let found, let wholes):
                            for whole in wholes { try chain.store(whole) }
                            let rowId = try chain.append(record)
                            indexed = indexed.map { min($0.lowerBound, rowId)...max($0.upperBound, rowId) } ?? rowId...rowId
                            identities.note(message, rowId: rowId)
                            for pending in found {
                                try indicators?.record(pending, fileId: message.provenance.fileId, artifactId: rowId, chain: &chain)
                            }
                        case .prepared(let record, .call(let call), _, let wholes):
                            for whole in wholes { try chain.store(whole) }
                            identities.note(call, rowId: try chain.append(record))
                        case .prepared(_, .contact(let contact), _, _), .raw(.contact(let contact)):
                            let contactRow = try identities.record(contact, chain: &chain)
                            if let indicators, scan {
                                slot.begin(.messageScan, fileId: fileId, subject: subject)
                                defer { slot.end() }
                                for pending in Self.scan(contact) {
                                    try indicators.record(pending, fileId: contact.provenance.fileId, artifactId: contactRow, chain: &chain)
                                }
                            }
                        case .raw(.message(var message)):
                            // Attachment paths are resolved here, on the connection's own thread.
                            for index in message.attachments.indices where message.attachments[index].fileId == nil {
                                if let source = message.attachments[index].sourcePath,
                                   let found = resolver.resolve(source, exhibitId: exhibitId, db: db) {
                                    message.attachments[index].fileId = found.fileId
                                    message.attachments[index].evidencePath = found.path
                                }
                            }
                            let (stored, wholes) = Self.capped(message)
                            for whole in wholes { try chain.store(whole) }
                            let rowId = try chain.append(stored).rowId
                            indexed = indexed.map { min($0.lowerBound, rowId)...max($0.upperBound, rowId) } ?? rowId...rowId
                            identities.note(message, rowId: rowId)
                            if let indicators, scan {
                                slot.begin(.messageScan, fileId: fileId, subject: subject)
                                defer { slot.end() }
                                for pending in Self.scan(message) {
                                    try indicators.record(pending, fileId: message.provenance.fileId, artifactId: rowId, chain: &chain)
                                }
                            }
                        case .raw(.call(let call)):
                            let (stored, wholes) = Self.capped(call)
                            for whole in wholes { try chain.store(whole) }
                            identities.note(call, rowId: try chain.append(stored).rowId)
                        }
                    }
                }
                if let indexed { try chain.indexMessages(indexed) }
                producerDone.wait()
                producerJoined = true
                let result = try (outcome.value ?? .failure(PipelineError(code: .internalInconsistency, message: "extractor ended without a result"))).get()
                try identities.flush(fileId: result.record.fileId, extractor: result.record.extractor, chain: &chain)
                try append(result, chain: &chain)
            }
        } catch {
            queue.close()
            if !producerJoined { producerDone.wait() }
            throw error
        }
    }

    /// Scans every text (and text-like BLOB) cell of every table of a database for indicators: the provenance is
    /// table, rowid and column, which the raw bytes of a database file cannot give (a record's cells sit side by
    /// side without separators). One transaction, closed by an `extractions` row that marks it done for a resume.
    private func scanCells(_ candidate: ExtractionCandidate, schema: SQLiteSchema) throws {
        guard let indicators else { return }
        var cells: Int64 = 0
        var found: Int64 = 0
        var problems: [String] = []
        try database.write { chain in
            do {
                try ExtractionRunner.withDatabase(candidate.localPath, mainOnly: false) { db in
                    // Tables only (a view repeats its tables' cells), under their own spelling.
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                    for table in tables where !CellScan.skipped(table) {
                        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                        let hasRowid = (try? Row.fetchOne(db, sql: "SELECT rowid FROM \(quoted) LIMIT 1")) != nil
                            || (try? Row.fetchAll(db, sql: "SELECT rowid FROM \(quoted) LIMIT 0")) != nil
                        let sql = hasRowid ? "SELECT rowid AS \"custody_rowid\", * FROM \(quoted)" : "SELECT * FROM \(quoted)"
                        do {
                            var ordinal: Int64 = 0
                            try db.forEachRow(sql) { row in
                                ordinal += 1
                                let rowid = hasRowid ? row.int("custody_rowid") : ordinal
                                for (column, value) in row where column != "custody_rowid" {
                                    let hits: [IndicatorFinding]
                                    switch value.storage {
                                    case .string(let text) where text.utf8.count >= 5:
                                        hits = IndicatorEngine.scan(text: text)
                                    case .blob(let data) where data.count >= 5:
                                        hits = IndicatorEngine.scan(bytes: data)
                                    default:
                                        continue
                                    }
                                    cells += 1
                                    for hit in hits {
                                        try indicators.record(PendingIndicator(finding: hit, artifactTable: "sqlite:" + table, column: column),
                                                              fileId: candidate.fileId, artifactId: rowid, chain: &chain)
                                        found += 1
                                    }
                                }
                            }
                        } catch {
                            problems.append("\(table): \(error)")
                        }
                    }
                }
            } catch {
                problems.append("\(error)")
            }
            var result = ExtractionResult(
                record: ExtractionRecord(exhibitId: exhibitId, fileId: candidate.fileId, extractor: CellScan.id, extractorVersion: 1,
                                         app: "sqlite", status: problems.isEmpty ? .ok : (cells > 0 ? .partial : .error),
                                         detail: "\(cells) cells scanned, \(found) indicator sightings"
                                            + (problems.isEmpty ? "" : "; \(problems.count) tables unreadable")),
                warnings: [])
            result.warnings = problems.prefix(20).map { (.extractionPartial, "\(candidate.path): indicator cell scan: \($0)") }
            try append(result, chain: &chain)
        }
    }

    /// The message as its row stores it: the texts an extractor joins from another table into every message of a
    /// chat (chat and sender names, the thread and account ids) capped, with the whole values to store once.
    static func capped(_ message: ChatMessage) -> (ChatMessage, [LongValueRecord]) {
        var stored = message
        var capping = CappedTexts()
        stored.threadName = capping.cap(message.threadName)
        stored.senderName = capping.cap(message.senderName)
        stored.thread = capping.cap(message.thread)
        stored.account = capping.cap(message.account)
        return (stored, capping.wholes)
    }

    /// The call as its row stores it (see `capped(_: ChatMessage)`).
    static func capped(_ call: Call) -> (Call, [LongValueRecord]) {
        var stored = call
        var capping = CappedTexts()
        stored.peerName = capping.cap(call.peerName)
        stored.account = capping.cap(call.account)
        return (stored, capping.wholes)
    }

    /// Indicators in a message body (offsets are UTF-8 byte offsets in the body).
    static func scan(_ message: ChatMessage) -> [PendingIndicator] {
        guard let body = message.body, !body.isEmpty else { return [] }
        return IndicatorEngine.scan(text: body).map { PendingIndicator(finding: $0, artifactTable: "messages", column: "body") }
    }

    /// Indicators in the free-text fields of a contact (its phones and e-mails are identities already).
    static func scan(_ contact: Contact) -> [PendingIndicator] {
        var found: [PendingIndicator] = []
        for (column, text) in [("note", contact.note), ("organization", contact.organization), ("name", contact.displayName)] {
            guard let text, !text.isEmpty else { continue }
            found += IndicatorEngine.scan(text: text).map { PendingIndicator(finding: $0, artifactTable: "contacts", column: column) }
        }
        return found
    }

    private func write(_ result: ExtractionResult) throws {
        try database.write { chain in try append(result, chain: &chain) }
    }

    private func append(_ result: ExtractionResult, chain: inout ChainAppender) throws {
        for warning in result.warnings {
            try chain.append(WarningRecord(exhibitId: exhibitId, fileId: result.record.fileId, code: warning.code, message: warning.message))
        }
        try chain.append(result.record)
        runs += 1
    }

}

/// Finds the exhibit file an app's attachment path names: same file name, longest matching run of trailing
/// folders; remembers answers, since chats repeat media paths.
final class AttachmentResolver {
    private var cache: [String: (fileId: Int64, path: String)?] = [:]

    func resolve(_ source: String, exhibitId: Int64, db: Database) -> (fileId: Int64, path: String)? {
        if let known = cache[source] { return known }
        let found = Self.lookup(source, exhibitId: exhibitId, db: db)
        if cache.count > 100_000 { cache.removeAll() }
        cache[source] = found
        return found
    }

    static func lookup(_ source: String, exhibitId: Int64, db: Database) -> (fileId: Int64, path: String)? {
        let parts = source.replacingOccurrences(of: "\\", with: "/").split(separator: "/").map(String.init)
        guard let name = parts.last, !name.isEmpty else { return nil }
        guard let rows = try? Row.fetchAll(db, sql: "SELECT id, path FROM files WHERE exhibit_id = ? AND name = ? AND kind = 'file' ORDER BY id LIMIT 1000",
                                           arguments: [exhibitId, name]), !rows.isEmpty else { return nil }
        var best: (Int64, String, Int)?
        for row in rows {
            guard let id = row.int("id"), let path = row.text("path") else { continue }
            let candidate = path.split(separator: "/").map(String.init)
            var matched = 0
            while matched < min(parts.count, candidate.count),
                  parts[parts.count - 1 - matched] == candidate[candidate.count - 1 - matched] { matched += 1 }
            if matched > (best?.2 ?? 0) { best = (id, path, matched) }
        }
        return best.map { ($0.0, $0.1) }
    }
}

/// What the extractor thread hands the writer.
private enum Item: @unchecked Sendable {
    /// The record, the artifact, its indicators and the whole values its capped copies name.
    case prepared(PreparedRecord, Artifact, [PendingIndicator], [LongValueRecord])
    case raw(Artifact)
}

/// The producer's result, handed over after its semaphore is signalled (which orders the accesses).
private final class OutcomeBox: @unchecked Sendable {
    var value: Result<ExtractionResult, Error>?
}

/// The indicator scan of a database's cells, recorded like an extractor run.
enum CellScan {
    static let id = "sqlite.cells.indicators"

    /// SQLite's own tables and the shadow tables of full-text indexes (their text is the indexed tables' text,
    /// tokenized).
    static func skipped(_ table: String) -> Bool {
        let lower = table.lowercased()
        if lower.hasPrefix("sqlite_") { return true }
        return ["_data", "_idx", "_docsize", "_config", "_content", "_segments", "_segdir", "_stat"].contains { lower.hasSuffix($0) }
            && lower.contains("fts")
    }
}
