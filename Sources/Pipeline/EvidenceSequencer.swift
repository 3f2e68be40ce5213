// Puts identified events back in reader order and writes them to the case in batched transactions, so the
// ledger order (and so the chain head) never depends on which worker finished first.

import EvidenceModel
import EvidenceStore
import Foundation

final class EvidenceSequencer {
    private let database: CaseDatabase
    private let batchSize: Int
    /// Rows already committed by an interrupted run of this exhibit: recomputed, checked, not written again.
    private var rowsToSkip: Int64
    private var skippedHashes: [String: String] = [:]
    private var nextOrdinal: Int64 = 0
    private var held: [Int64: IngestEvent] = [:]
    private(set) var filesWritten: Int64 = 0
    private(set) var warningsWritten: Int64 = 0
    private(set) var bytesWritten: Int64 = 0
    private let failureLock = NSLock()
    private var storedFailure: Error?
    private(set) var failure: Error? {
        get { failureLock.lock(); defer { failureLock.unlock() }; return storedFailure }
        set { failureLock.lock(); storedFailure = newValue; failureLock.unlock() }
    }
    /// Read by the reader thread to stop early once writing has failed.
    var hasFailed: Bool { failure != nil }

    /// Tests only: fail like a crash once this many rows are committed.
    var interruptAfterRows: Int64?
    /// Writes the indicators found in each file's bytes after its row.
    var indicators: IndicatorRecorder?
    /// The findings the reader may have in flight; released here once written.
    var findingBudget: FindingBudget?
    private(set) var indicatorSightingsWritten: Int64 = 0

    init(database: CaseDatabase, batchSize: Int = 2000, resumeRows: Int64) {
        self.database = database
        self.batchSize = batchSize
        self.rowsToSkip = resumeRows
    }

    /// Consumes `queue` until it closes; returns normally even when a write fails (see `failure`).
    func run(queue: BlockingQueue<[IngestEvent]>, exhibitId: Int64) {
        var ready: [IngestEvent] = []
        var lastCommit = DispatchTime.now()
        func flush() {
            lastCommit = DispatchTime.now()
            let findings = ready.reduce(0) { $0 + $1.indicators.count }
            defer { findingBudget?.release(findings) }
            guard !ready.isEmpty, failure == nil else { ready.removeAll(); return }
            do {
                try write(ready, exhibitId: exhibitId)
            } catch {
                failure = error
            }
            ready.removeAll(keepingCapacity: true)
        }
        while let first = queue.pop() {
            for batch in [first] + queue.popAvailable(max: 64) {
                for event in batch { held[event.ordinal] = event }
            }
            while let event = held.removeValue(forKey: nextOrdinal) {
                nextOrdinal += 1
                ready.append(event)
                if ready.count >= batchSize { flush() }
            }
            // Large transactions, but at least twice a second, so an interruption loses little. Where the
            // boundaries fall changes nothing recorded: ids, order and hashes come from the reader.
            if !ready.isEmpty && DispatchTime.now().uptimeNanoseconds - lastCommit.uptimeNanoseconds > 500_000_000 { flush() }
            // The reader waits for findings held here: commit them (it sent an empty batch to wake this loop).
            if !ready.isEmpty, findingBudget?.hasWaiter == true { flush() }
        }
        flush()
        if failure == nil && !held.isEmpty {
            failure = PipelineError(code: .internalInconsistency, message: "\(held.count) events never became writable (ordinal \(nextOrdinal) missing)")
        }
    }

    private func write(_ events: [IngestEvent], exhibitId: Int64) throws {
        var pending = events[...]
        // Events of an interrupted run are recomputed and compared with what was committed, never rewritten.
        while let event = pending.first, rowsToSkip > 0 {
            try checkAlreadyWritten(event, exhibitId: exhibitId)
            rowsToSkip -= event.rowCount
            pending = pending.dropFirst()
        }
        guard !pending.isEmpty else { return }
        if let limit = interruptAfterRows, filesWritten + warningsWritten >= limit {
            throw PipelineError(code: .cancelled, message: "simulated interruption after \(filesWritten + warningsWritten) rows")
        }
        try database.write { chain in
            for event in pending {
                if let file = event.file {
                    if let parent = file.path.cappedParent { try chain.store(LongValueRecord(parent)) }
                    try chain.append(file)
                    filesWritten += 1
                    bytesWritten += file.size ?? 0
                }
                for warning in event.warnings {
                    try chain.append(warning)
                    warningsWritten += 1
                }
                if let file = event.file, let indicators {
                    for pending in event.indicators {
                        try indicators.record(pending, fileId: file.id, chain: &chain)
                        indicatorSightingsWritten += 1
                    }
                }
                if event.file != nil {
                    for finding in event.findings { _ = try chain.append(finding) }
                }
            }
        }
    }

    private func checkAlreadyWritten(_ event: IngestEvent, exhibitId: Int64) throws {
        guard let file = event.file else {
            warningsWritten += Int64(event.warnings.count)
            return
        }
        let stored = try database.read { db in
            try String.fetchOne(db, sql: "SELECT row_hash FROM ledger WHERE table_name = 'files' AND row_id = ?", arguments: [file.id])
        }
        let recomputed = ChainAppender.rowHash(of: file)
        guard stored == recomputed else {
            throw StoreError(code: .sourceChanged, message: "\(file.path): the source no longer matches what the interrupted ingest recorded (file id \(file.id)); the partial exhibit stays in this case as recorded; ingest the source into a new case file")
        }
        filesWritten += 1
        warningsWritten += Int64(event.warnings.count)
        bytesWritten += file.size ?? 0
    }
}
