// Counters the reader updates and a display thread samples: files, bytes, rate, ETA.

import Foundation

public struct ProgressSnapshot: Sendable {
    public var exhibit: String
    public var files: Int64
    /// Bytes of the source read so far (compressed side for archives).
    public var sourceBytes: Int64
    /// Size of the source when known (archive or single file), for the ETA.
    public var sourceTotal: Int64?
    public var expandedBytes: Int64
    public var elapsed: Double

    public var rate: Double { elapsed > 0 ? Double(sourceBytes) / elapsed : 0 }
    /// `rate` as whole bytes per second for display; saturates instead of trapping when a tiny elapsed time makes
    /// the rate larger than Int64 holds.
    public var bytesPerSecond: Int64 { Int64(exactly: rate.rounded(.down)) ?? (rate > 0 ? .max : 0) }
    public var eta: Double? {
        guard let sourceTotal, rate > 0, sourceTotal >= sourceBytes else { return nil }
        return Double(sourceTotal - sourceBytes) / rate
    }
}

public final class ProgressCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var files: Int64 = 0
    private var sourceBytes: Int64 = 0
    private var expandedBytes: Int64 = 0
    private let start = DispatchTime.now()
    let exhibit: String
    let sourceTotal: Int64?

    init(exhibit: String, sourceTotal: Int64?) {
        self.exhibit = exhibit
        self.sourceTotal = sourceTotal
    }

    func addFile() { lock.lock(); files += 1; lock.unlock() }
    func addSourceBytes(_ count: Int64) { lock.lock(); sourceBytes += count; lock.unlock() }
    func addExpandedBytes(_ count: Int64) { lock.lock(); expandedBytes += count; lock.unlock() }

    public func snapshot() -> ProgressSnapshot {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return ProgressSnapshot(exhibit: exhibit, files: files, sourceBytes: sourceBytes, sourceTotal: sourceTotal,
                                expandedBytes: expandedBytes, elapsed: elapsed)
    }
}
