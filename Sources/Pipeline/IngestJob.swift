// Runs `custody ingest` for each source: one exhibit at a time, a reader thread, `jobs` identification workers
// and a writer, then seals the exhibit and records the run in the audit log.

import Archive
import EvidenceModel
import EvidenceStore
import Extraction
import Foundation
import Logging
import Magic

public struct IngestOptions: Sendable {
    public var jobs: Int
    public var limits: Limits
    /// Bytes of each file kept for type identification and container detection.
    public var headLimit: Int
    public var examiner: String?
    public var scratchParent: String?
    /// `.fast` names plain text without libmagic; `.full` sends every file to libmagic.
    public var identification: IdentificationMode
    public var toolVersion: String
    public var commandLine: [String]
    /// Run the chat and call extractors over the exhibit (`--no-extract` turns them off).
    public var extract = true
    /// ISO 3166 region for phone numbers written without a country code (`--default-region NA`).
    public var defaultRegion: String?
    /// Scan every file's bytes, message bodies and contact fields for indicators (`--no-indicators` turns it off).
    public var indicators = true
    /// Tests only: stop writing (as a crash would) once this many rows of the exhibit are committed.
    var interruptAfterRows: Int64?
    /// Tests only: stop (as a crash would) once this many extractor runs are committed.
    var interruptExtractionAfterRuns: Int64?
    /// Rows per write transaction at most (smaller in tests, to make many commits).
    var writeBatchSize = 2000
    /// Indicator findings of files read but not yet written (about 0.5 KB each): the reader waits beyond this,
    /// unless nothing is in flight; a file reaching it waits until the others are written before it grows further
    /// (up to `ExhibitReader.maxIndicatorsPerFile`). Smaller in tests.
    var findingsInFlight = 20_000
    /// Document text, languages, rule packs and YARA (`--no-detect` leaves it nil); loaded before the case is touched.
    public var detection: DetectionSettings?

    public init(jobs: Int = 2, limits: Limits = .default, headLimit: Int = 64 << 10, examiner: String? = nil,
                scratchParent: String? = nil, identification: IdentificationMode = .fast,
                toolVersion: String = CustodyVersion.current, commandLine: [String] = []) {
        self.jobs = max(1, jobs)
        self.limits = limits
        self.headLimit = headLimit
        self.examiner = examiner
        self.scratchParent = scratchParent
        self.identification = identification
        self.toolVersion = toolVersion
        self.commandLine = commandLine
    }
}

public enum CustodyVersion {
    public static let current = "0.1.0"
}

/// The outcome of ingesting one source.
public struct ExhibitOutcome: Sendable, Codable {
    public enum State: String, Sendable, Codable { case completed, resumed, alreadyComplete = "already-complete" }
    public var label: String
    public var exhibitId: Int64
    public var state: State
    public var files: Int64
    public var warnings: Int64
    public var bytes: Int64
    public var seconds: Double
    public var sourceSHA256: String?

    enum CodingKeys: String, CodingKey {
        case label, state, files, warnings, bytes, seconds
        case exhibitId = "exhibit_id"
        case sourceSHA256 = "source_sha256"
    }
}

public final class IngestJob {
    private let database: CaseDatabase
    private let options: IngestOptions
    /// Called about twice a second with the progress of the exhibit being read.
    public var onProgress: ((ProgressSnapshot) -> Void)?
    /// Receives each SQLite database spilled to scratch (with its sidecars) while the copy still exists.
    public var onSpilledDatabase: ((SpilledDatabase) -> Void)?
    /// Diagnostics: exhibit start and end at `notice`, each recorded warning at `info`.
    public var logger = Logger(label: "custody.ingest")

    public init(database: CaseDatabase, options: IngestOptions) {
        self.database = database
        self.options = options
        ExhibitReader.prepareProcess()
    }

    /// Ingests one source as one exhibit (label defaults to the source's base name).
    public func ingest(source: String, label: String? = nil) throws -> ExhibitOutcome {
        let started = DispatchTime.now()
        // Where the examiner said the source is (absolute, so verify --sources works from anywhere), and
        // what to read: a source given as a symbolic link is read through it.
        let sourcePath = Self.absolute(source)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sourcePath, isDirectory: &isDirectory) else {
            throw PipelineError(code: .sourceMissing, message: "source not found: \(source)")
        }
        guard FileManager.default.isReadableFile(atPath: sourcePath) else {
            throw PipelineError(code: .sourceUnreadable, message: "source not readable: \(source)")
        }
        let readPath = Self.readablePath(sourcePath)
        let sourceName = (sourcePath as NSString).lastPathComponent
        let label = label ?? sourceName
        let kind = isDirectory.boolValue ? SourceKind.directory : try Self.classify(readPath, name: sourceName)
        let sourceSize = kind == .directory ? nil
            : ((try? FileManager.default.attributesOfItem(atPath: readPath)[.size]) as? NSNumber)?.int64Value
        // What produced the exhibit's records: the type identifier and the extractor set (ids and versions), so
        // a resumed ingest cannot mix settings and a report can say which extractors ran.
        let extractors = options.extract
            ? "extractors \(ExtractorRegistry.fingerprint)" + (options.defaultRegion.map { "; region \($0.uppercased())" } ?? "")
            : "extractors off"
        let scanner = options.indicators ? IndicatorRecorder.scannerName : "indicators off"
        let detection = options.detection.map { "detect: \($0.identifier)" } ?? "detect off"
        let identifier = "libmagic \(MagicIdentifier.libraryVersion / 100).\(MagicIdentifier.libraryVersion % 100); \(options.identification.rawValue); \(extractors); \(scanner); \(detection)"

        var exhibit: ExhibitRecord
        var resumeRows: Int64 = 0
        var state = ExhibitOutcome.State.completed
        if let existing = try database.exhibit(label: label) {
            if let seal = existing.seal {
                guard existing.record.sourceName == sourceName, existing.record.sourceKind == kind, seal.sourceSize == sourceSize else {
                    throw PipelineError(code: .exhibitConflict, message: "exhibit '\(label)' already holds another source (\(existing.record.sourceName), \(existing.record.sourceKind.rawValue)\(seal.sourceSize.map { ", \($0) bytes" } ?? "")); choose another label with --exhibit")
                }
                return ExhibitOutcome(label: label, exhibitId: existing.record.id, state: .alreadyComplete, files: seal.fileCount,
                                      warnings: seal.warningCount, bytes: seal.byteCount, seconds: 0, sourceSHA256: seal.sourceSHA256)
            }
            let record = existing.record
            guard record.sourceName == sourceName, record.sourceKind == kind, record.limits == options.limits.canonicalJSON,
                  record.identifier == identifier else {
                throw PipelineError(code: .exhibitConflict, message: "exhibit '\(label)' was started from \(record.sourceName) (\(record.sourceKind.rawValue)) with other settings; resume it with the same source and options, or choose another --exhibit label")
            }
            exhibit = record
            resumeRows = existing.committedFiles + existing.committedWarnings
            state = .resumed
            try database.updateSourcePath(exhibitId: record.id, sourcePath: sourcePath)
        } else {
            if let open = try database.exhibits().first(where: { !$0.isSealed }) {
                throw PipelineError(code: .exhibitConflict, message: "exhibit '\(open.record.label)' is incomplete (interrupted ingest); run its ingest again to complete it before adding another exhibit")
            }
            let identity = try database.nextExhibitIdentity()
            exhibit = ExhibitRecord(id: identity.id, label: label, sourceName: sourceName, sourceKind: kind,
                                    fileIdBase: identity.fileIdBase, limits: options.limits.canonicalJSON, identifier: identifier)
        }

        try database.audit(AuditEvent(event: state == .resumed ? "ingest-resumed" : "ingest-started", command: "ingest",
                                      arguments: options.commandLine, toolVersion: options.toolVersion, examiner: options.examiner,
                                      detail: "exhibit \(label) from \(sourcePath)" + (state == .resumed ? "; \(resumeRows) rows already committed" : "")))
        if state != .resumed {
            try database.createExhibit(exhibit, sourcePath: sourcePath)
        }
        logger.notice("ingesting exhibit", metadata: ["exhibit": "\(label)", "source": "\(sourcePath)", "kind": "\(kind.rawValue)",
                                                     "state": "\(state == .resumed ? "resumed" : "new")"])

        // Which file and stage each thread is in; after a crash, what the crash was (and so what to skip now).
        let journal: CrashJournal
        do {
            journal = try CrashJournal(casePath: database.path, exhibitId: exhibit.id, resuming: state == .resumed)
        } catch {
            logger.warning("ingesting without crash journal", metadata: ["cause": "\(error)"])
            journal = CrashJournal()
        }
        for crash in journal.newCrashes {
            try database.audit(AuditEvent(event: "stage-crashed", command: "ingest", arguments: options.commandLine,
                                          toolVersion: options.toolVersion, examiner: options.examiner,
                                          detail: "exhibit \(label): the previous run died (signal \(crash.signal)) in stage \(crash.stage.name) on file id \(crash.fileId)"
                                            + (crash.extractor.isEmpty ? "" : " (extractor \(crash.extractor))")
                                            + (crash.stage == .expand ? " after \(crash.detail) entries" : "")
                                            + "; that stage is skipped for that file"))
        }

        let sequencer: EvidenceSequencer
        let digest: ExhibitReader.SourceDigest?
        do {
            (sequencer, digest) = try run(exhibit: exhibit, sourcePath: readPath, kind: kind, resumeRows: resumeRows, journal: journal)
        } catch {
            try? database.audit(AuditEvent(event: "ingest-failed", command: "ingest", arguments: options.commandLine,
                                           toolVersion: options.toolVersion, examiner: options.examiner,
                                           detail: "exhibit \(label): extraction: \(error)"))
            throw error
        }
        if let failure = sequencer.failure {
            try? database.audit(AuditEvent(event: "ingest-failed", command: "ingest", arguments: options.commandLine,
                                           toolVersion: options.toolVersion, examiner: options.examiner,
                                           detail: "exhibit \(label): \(failure)"))
            throw failure
        }

        for skipped in journal.skippedStages {
            try database.audit(AuditEvent(event: "stage-skipped", command: "ingest", arguments: options.commandLine,
                                          toolVersion: options.toolVersion, examiner: options.examiner,
                                          detail: "exhibit \(label): \(skipped.path) (file id \(skipped.crash.fileId)): \(CrashJournal.reason(skipped.crash))"))
        }
        // Every warning of the exhibit: the reader's and the extraction stage's (including those a resumed run had
        // already committed).
        let warningCount = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM warnings WHERE exhibit_id = ?", arguments: [exhibit.id]) ?? 0
        }
        let seal = ExhibitSeal(exhibitId: exhibit.id, fileCount: sequencer.filesWritten, warningCount: warningCount,
                               byteCount: sequencer.bytesWritten, sourceSize: digest?.size, sourceSHA256: digest?.sha256, sourceMD5: digest?.md5)
        try database.write { chain in _ = try chain.append(seal) }
        journal.remove()
        let head = try database.chainHead()
        try database.audit(AuditEvent(event: "ingest-completed", command: "ingest", arguments: options.commandLine,
                                      toolVersion: options.toolVersion, examiner: options.examiner,
                                      detail: "exhibit \(label): \(seal.fileCount) files, \(seal.warningCount) warnings; head \(head.head)"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        logger.notice("exhibit sealed", metadata: ["exhibit": "\(label)", "files": "\(seal.fileCount)",
                                                  "warnings": "\(seal.warningCount)", "head": "\(head.head)"])
        return ExhibitOutcome(label: label, exhibitId: exhibit.id, state: state, files: seal.fileCount, warnings: seal.warningCount,
                              bytes: seal.byteCount, seconds: seconds, sourceSHA256: seal.sourceSHA256)
    }

    /// An absolute path with "." and ".." resolved lexically (symbolic links are left as the examiner named them).
    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// What to open for a source: a source given as a symbolic link is read through it.
    static func readablePath(_ sourcePath: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: sourcePath)).map { _ in
            URL(fileURLWithPath: sourcePath).resolvingSymlinksInPath().path
        } ?? sourcePath
    }

    /// An archive if its first bytes (and, for zip-based documents, its name) say so, else a single file.
    static func classify(_ path: String, name: String) throws -> SourceKind {
        signature(path, name: name) != nil ? .archive : .file
    }

    /// The container signature of a file's first 40 KiB (read without updating its access time).
    static func signature(_ path: String, name: String) -> ContainerSignature? {
        guard let input = try? FileArchiveInput(path: path, blockSize: 40 << 10, seekable: false),
              let head = try? input.read() else { return nil }
        return ContainerSignature.detect(head, name: name)
    }

    private func run(exhibit: ExhibitRecord, sourcePath: String, kind: SourceKind, resumeRows: Int64, journal: CrashJournal) throws
        -> (EvidenceSequencer, ExhibitReader.SourceDigest?) {
        let scratch = try ScratchSpace(parent: options.scratchParent)
        defer { scratch.removeAll() }
        let sourceTotal: Int64? = kind == .directory ? nil
            : ((try? FileManager.default.attributesOfItem(atPath: sourcePath)[.size]) as? NSNumber)?.int64Value
        let progress = ProgressCounters(exhibit: exhibit.label, sourceTotal: sourceTotal)
        // Events travel in batches: one hand-off per batch, not per file, keeps threads off the locks. Capacities
        // bound memory: at most (4 + 2 × jobs) batches of heads are in flight.
        let batchSize = 64
        let work = BlockingQueue<[IngestEvent]>(capacity: 4)
        let results = BlockingQueue<[IngestEvent]>(capacity: 64)
        let cache = IdentificationCache()
        let sequencer = EvidenceSequencer(database: database, batchSize: options.writeBatchSize, resumeRows: resumeRows)
        sequencer.interruptAfterRows = options.interruptAfterRows
        if options.indicators { sequencer.indicators = IndicatorRecorder(exhibitId: exhibit.id) }
        let findingBudget = FindingBudget(limit: options.findingsInFlight)
        sequencer.findingBudget = findingBudget
        let identifiers = try (0..<options.jobs).map { _ in try TypeIdentifier(cache: cache, mode: options.identification) }

        let workersDone = DispatchGroup()
        for identifier in identifiers {
            workersDone.enter()
            Thread.detachNewThread {
                let slot = journal.acquire()
                while var batch = work.pop() {
                    for index in batch.indices {
                        Self.identify(&batch[index], with: identifier, journal: journal, slot: slot)
                        // The head has served its purpose; do not carry it to the writer.
                        batch[index].head = nil
                    }
                    results.push(batch)
                }
                slot.release()
                workersDone.leave()
            }
        }
        let writerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            sequencer.run(queue: results, exhibitId: exhibit.id)
            // A failed writer must not leave producers blocked on a full queue.
            results.close()
            work.close()
            findingBudget.close()
            writerDone.signal()
        }
        let stopReporting = DispatchSemaphore(value: 0)
        let reporterDone = DispatchSemaphore(value: 0)
        if let onProgress {
            Thread.detachNewThread {
                while stopReporting.wait(timeout: .now() + 0.5) == .timedOut {
                    onProgress(progress.snapshot())
                }
                onProgress(progress.snapshot())
                reporterDone.signal()
            }
        } else {
            reporterDone.signal()
        }

        let logger = self.logger
        var batch: [IngestEvent] = []
        batch.reserveCapacity(batchSize)
        /// Hands what is batched to the identification workers; false once they have stopped.
        func handOver() -> Bool {
            guard !batch.isEmpty else { return true }
            defer { batch.removeAll(keepingCapacity: true) }
            return work.push(batch)
        }
        let reader = ExhibitReader(exhibit: exhibit, limits: options.limits, headLimit: options.headLimit, scratch: scratch,
                                   progress: progress, emit: { event in
            for warning in event.warnings {
                logger.info("\(warning.message)", metadata: ["code": "\(warning.code.rawValue)"])
            }
            guard !sequencer.hasFailed else { return false }
            let findings = event.indicators.count
            if findings > 0 && !findingBudget.tryAcquire(findings) {
                // Hand over what is batched (its findings are counted), then wait for the writer to commit.
                guard handOver(), findingBudget.acquire(findings, announce: { work.push([]) }) else { return false }
            }
            batch.append(event)
            return batch.count < batchSize || handOver()
        })
        reader.onSpilledDatabase = onSpilledDatabase
        // One file with many findings (a Go binary full of URLs: up to 100,000) must not grow while another such
        // file's findings still wait for the writer: hand over what is batched, and wait until they are committed.
        reader.findingsBeforeDrain = options.findingsInFlight
        reader.onManyFindings = {
            if handOver() { findingBudget.waitUntilEmpty(announce: { work.push([]) }) }
        }
        let collector = options.extract || options.indicators || options.detection != nil
            ? ExtractionCollector(exhibitId: exhibit.id, keepAllDatabases: options.indicators, runsExtractors: options.extract,
                                  collectsDocuments: options.detection != nil) : nil
        reader.collector = collector
        reader.scanIndicators = options.indicators
        reader.yara = options.detection?.yara
        reader.journal = journal
        let digest = reader.readOnLargeStack(sourcePath: sourcePath, kind: kind)
        _ = handOver()
        work.close()
        workersDone.wait()
        results.close()
        writerDone.wait()
        stopReporting.signal()
        reporterDone.wait()
        let detection = options.detection.map {
            DetectionPhase(database: database, exhibitId: exhibit.id, settings: $0,
                           indicators: options.indicators ? IndicatorRecorder(exhibitId: exhibit.id) : nil, journal: journal)
        }
        if let collector, let detection, sequencer.failure == nil {
            logger.notice("reading documents", metadata: ["exhibit": "\(exhibit.label)", "files": "\(collector.documents.count)"])
            try detection.runDocuments(collector.documents)
        }
        // Extraction needs every file row written (artifacts point at them) and the exhibit read to the end.
        if let collector, sequencer.failure == nil {
            let extraction = ExtractionPhase(database: database, exhibitId: exhibit.id, collector: collector,
                                             defaultRegion: options.defaultRegion,
                                             indicators: options.indicators ? IndicatorRecorder(exhibitId: exhibit.id) : nil,
                                             journal: journal)
            extraction.interruptAfterRuns = options.interruptExtractionAfterRuns
            logger.notice("extracting", metadata: ["exhibit": "\(exhibit.label)", "files": "\(collector.candidates.count)"])
            try extraction.run()
        }
        if let detection, sequencer.failure == nil {
            logger.notice("detecting", metadata: ["exhibit": "\(exhibit.label)"])
            try detection.runMessages()
        }
        return (sequencer, digest)
    }

    /// Identifies one file under the journal, unless identification killed the process on it in an earlier run.
    private static func identify(_ event: inout IngestEvent, with identifier: TypeIdentifier, journal: CrashJournal, slot: JournalSlot) {
        guard let file = event.file else { return }
        if let crash = journal.crash(.identify, fileId: file.id) {
            event.file?.mark(.error, CrashJournal.reason(crash))
            event.warnings.append(WarningRecord(exhibitId: file.exhibitId, fileId: file.id, code: .stageCrashed,
                                                message: journal.skipWarning(crash, path: "\(file.path)")))
            return
        }
        slot.begin(.identify, fileId: file.id, subject: "\(file.path)")
        identifier.identify(&event)
        slot.end()
    }
}
