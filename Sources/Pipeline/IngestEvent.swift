// What the reader hands down the pipeline: a file (with its head, for identification) or a source-level warning,
// numbered in the order the reader finished them, which is the order the ledger records them.

import EvidenceModel

struct IngestEvent: @unchecked Sendable {
    /// Position in the exhibit's evidence stream; decides the write order whatever the thread count.
    var ordinal: Int64
    var file: FileRecord?
    /// Written right after `file` (or alone, for a warning about the source as a whole).
    var warnings: [WarningRecord]
    /// The file's first bytes, for type identification; nil when there is nothing to identify.
    var head: [UInt8]?
    /// True when `head` holds the whole content, so the content hash can key the identification cache.
    var headIsWholeContent: Bool
    /// Indicators found in the file's bytes, written after the file row in the same transaction.
    var indicators: [PendingIndicator] = []
    /// YARA matches on the file's bytes, written after its indicators.
    var findings: [FindingRecord] = []

    /// Rows this event writes.
    var rowCount: Int64 { Int64((file == nil ? 0 : 1) + warnings.count) }
}
