// The UTF-16 run finder the file scanner uses inside binary, callable on its own (fuzzing, tests).

public enum UTF16RunFinder {
    /// The UTF-16 text runs of `bytes` (byte ranges, and whether each reads big-endian), as `CandidateScanner`
    /// finds them in binary blocks.
    public static func runs(in bytes: UnsafeRawBufferPointer, minimumUnits: Int = IndicatorEngine.fileOptions.minimumUTF16Run)
        -> [(range: Range<Int>, bigEndian: Bool)] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        return UTF16Runs.find(base.assumingMemoryBound(to: UInt8.self), bytes.count, fileOffset: 0, minimumUnits: minimumUnits)
            .map { ($0.range, $0.bigEndian) }
    }
}
