// Issue 9 in the pipeline: numbers derived from evidence sizes shown or stored without a trap.

@testable import Pipeline
import Testing

@Suite struct HostileNumberTests {
    /// The progress line divides bytes read by the time elapsed: a rate beyond Int64 saturates.
    @Test(arguments: [(Int64.max, 1e-9, Int64.max), (Int64.max, 0.0, 0), (1_000, 0.5, 2_000), (0, 1.0, 0),
                      (Int64.max, 1e-300, Int64.max)])
    func progressRateNeverTraps(_ vector: (Int64, Double, Int64)) {
        let snapshot = ProgressSnapshot(exhibit: "x", files: 0, sourceBytes: vector.0, sourceTotal: nil, expandedBytes: 0,
                                        elapsed: vector.1)
        #expect(snapshot.bytesPerSecond == vector.2)
    }
}
