// The fuzz targets: every function that takes evidence bytes, fed the fuzzer's bytes through the production code.

/// One fuzz target: a name for `Scripts/fuzz.sh`, where its seeds come from, and the entry point libFuzzer calls
/// with every input (it must return for every input; a trap, an overflow or a memory error is the finding).
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the target feeds and to which production function.
    public let summary: String
    /// Seed files: the real data the fuzzer starts from.
    public let seeds: [SeedSource]
    /// Longest input worth mutating (`-max_len`); longer seeds are cut to it.
    public let maxLength: Int
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void

    public init(name: String, summary: String, seeds: [SeedSource], maxLength: Int,
                run: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        self.name = name
        self.summary = summary
        self.seeds = seeds
        self.maxLength = maxLength
        self.run = run
    }

    /// The registry, in the order `Scripts/fuzz.sh` runs them.
    public static let all: [FuzzTarget] = [
        IndicatorTargets.scanner, IndicatorTargets.scannerBlocks, IndicatorTargets.scannerText,
        IndicatorTargets.validators, IndicatorTargets.seedPhrases, IndicatorTargets.encodings, IndicatorTargets.utf16Runs,
        ContainerTargets.archive, ContainerTargets.magic,
        FileFormatTargets.whatsappText, FileFormatTargets.telegramJSON, FileFormatTargets.telegramTL,
        FileFormatTargets.vCard, FileFormatTargets.jCard, FileFormatTargets.sqlite,
        ValueTargets.identifiers, ValueTargets.canonicalEncoding, ValueTargets.timestamps,
        DocumentTargets.pdf, DocumentTargets.office, DocumentTargets.legacyOffice, DocumentTargets.markup,
        DocumentTargets.detection,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Reads typed values off the front of a fuzz input, then hands over the rest: lets one input choose parameters
/// (a region, a cut point, an integer) as well as the bytes.
struct FuzzInput {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isEmpty: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint64() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return value
    }

    mutating func int64() -> Int64 { Int64(bitPattern: uint64()) }

    /// Everything not taken yet.
    var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[min(offset, bytes.count)...]) }
}

extension UnsafeRawBufferPointer {
    /// The bytes as the text a validator is handed (invalid UTF-8 repaired, as `String(decoding:)` does).
    var lossyString: String { String(decoding: self, as: UTF8.self) }
}
