// Writes indicator findings: one `indicators` row per (kind, value) in the case, created on first sight, and one
// `indicator_sightings` row per place found. Runs on the writer's thread, in the transaction of the rows the
// findings belong to, so a resumed ingest redoes them with their file or artifact, never twice.

import EvidenceModel
import EvidenceStore
import GRDB
import Indicators

/// A finding waiting for its file or artifact row to be written.
struct PendingIndicator: Sendable {
    var finding: IndicatorFinding
    /// `messages`/`contacts` and the column for artifact scans; nil for the bytes of a file.
    var artifactTable: String?
    var column: String?
}

final class IndicatorRecorder {
    static let scannerName = "custody.indicators/1"
    private let exhibitId: Int64
    private var cache = KeyedRowCache(table: "indicators")

    init(exhibitId: Int64) {
        self.exhibitId = exhibitId
    }

    func record(_ pending: PendingIndicator, fileId: Int64, artifactId: Int64? = nil, chain: inout ChainAppender) throws {
        let finding = pending.finding
        let id = try cache.id(kind: finding.kind.rawValue, value: finding.value, chain: &chain) { chain in
            try chain.append(IndicatorRecord(kind: finding.kind.rawValue, value: finding.value, raw: finding.raw,
                                             validation: finding.validation.rawValue, network: finding.network,
                                             detail: finding.detail)).rowId
        }
        try chain.append(IndicatorSighting(indicatorId: id, exhibitId: exhibitId, fileId: fileId, raw: finding.raw,
                                           offset: finding.offset, length: finding.length, encoding: finding.encoding,
                                           artifactTable: pending.artifactTable, artifactId: artifactId, column: pending.column,
                                           context: finding.context, validation: finding.validation.rawValue,
                                           scanner: Self.scannerName))
    }
}
