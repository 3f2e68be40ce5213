// The streaming scanner: consecutive blocks of one file in, candidates with exact file offsets out.

import Foundation

public enum EncodingChoice: Sendable, Hashable {
    /// Decide from the first block (`TextEncodingDetector`).
    case detect
    /// Scan as the given form; `.raw` is bulk_extractor's scan: ASCII/UTF-8 bytes plus embedded UTF-16 runs.
    case form(TextForm)
}

public struct ScannerOptions: Sendable {
    public var encoding: EncodingChoice
    /// Seed words to look for; nil turns the `.seedWords` finder off.
    public var seedWords: SeedWordIndex?
    public var minimumSeedWords: Int
    /// Longer runs (a wordlist file) are cut into candidates of this many words.
    public var maximumSeedWords: Int
    /// Bytes of decoded text either side of a candidate in `ScanCandidate.context`.
    public var contextRadius: Int
    /// How far (in decoded bytes) wallet, private-key, Telegram and phone keywords are looked for.
    public var keywordRadius: Int
    /// In `.raw` form, also scan UTF-16 runs (ASCII, and CJK/Hangul/kana text that has spaces) inside the bytes.
    public var scanUTF16Runs: Bool
    /// Shortest UTF-16 run scanned, in characters.
    public var minimumUTF16Run: Int
    /// Judges a candidate from its kind and bytes (in the decoded view) before any string is built: most Base58
    /// noise has a length and first character no chain uses, and costs nothing more once dropped here.
    public var prefilter: (@Sendable (CandidateKind, UnsafeBufferPointer<UInt8>) -> CandidateVerdict)?

    public init(encoding: EncodingChoice = .detect, seedWords: SeedWordIndex? = nil, minimumSeedWords: Int = 12,
                maximumSeedWords: Int = 48, contextRadius: Int = 40, keywordRadius: Int = 160,
                scanUTF16Runs: Bool = true, minimumUTF16Run: Int = 6,
                prefilter: (@Sendable (CandidateKind, UnsafeBufferPointer<UInt8>) -> CandidateVerdict)? = nil) {
        self.encoding = encoding
        self.seedWords = seedWords
        self.minimumSeedWords = minimumSeedWords
        self.maximumSeedWords = maximumSeedWords
        self.contextRadius = contextRadius
        self.keywordRadius = keywordRadius
        self.scanUTF16Runs = scanUTF16Runs
        self.minimumUTF16Run = minimumUTF16Run
        self.prefilter = prefilter
    }
}

/// Feed the blocks of one file in order with `feed(_:)`, then call `finish()`; each candidate is returned once,
/// by the call in which it became certain (a candidate near a block's end waits for the next block). The scanner
/// keeps only a small window of the previous block, never the file.
public struct CandidateScanner {
    public let options: ScannerOptions
    /// The form decided from the first block (or given in the options); nil before the first block.
    public private(set) var form: TextForm?
    /// Every candidate starting before this file offset has been returned; later calls return only candidates
    /// starting at or after it.
    public var settledOffset: Int64 { settled }

    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int64 = 0
    /// Every candidate starting before this file offset has been returned.
    private var settled: Int64 = 0
    private var finished = false
    private var viewBytes: [UInt8] = []
    private var viewMap: [Int32] = []

    /// No candidate, its context or its keywords spans more than this many bytes past its start: candidates
    /// starting in the last `lookahead` bytes of the data seen so far wait for the next block.
    static let lookahead = 8192
    /// Bytes kept before the settled point so words, names and keywords ending there are seen whole.
    static let lookbehind = 2048

    public init(options: ScannerOptions = ScannerOptions()) {
        self.options = options
        if case .form(let form) = options.encoding { self.form = form }
    }

    /// Largest piece of a block taken into the buffer at once: transcoded views map buffer offsets as `Int32`, so
    /// the buffer stays far below 2 GiB whatever block a caller hands over (a whole SQLite cell, a message body).
    static let maxPiece = 16 << 20

    public mutating func feed<Bytes: ContiguousBytes>(_ block: Bytes) -> [ScanCandidate] {
        guard !finished else { return [] }
        return block.withUnsafeBytes { raw in
            var found: [ScanCandidate] = []
            var start = 0
            repeat {
                let piece = UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + Self.maxPiece)])
                if form == nil { form = TextEncodingDetector.detect(piece) }
                buffer.append(contentsOf: piece)
                found += scanSettled(final: false)
                start += piece.count
            } while start < raw.count
            return found
        }
    }

    /// Reports the candidates of the file's last bytes; the scanner then accepts no more blocks.
    public mutating func finish() -> [ScanCandidate] {
        guard !finished else { return [] }
        finished = true
        let found = scanSettled(final: true)
        buffer = []
        return found
    }

    /// Scans a whole byte string in blocks of `blockSize` (tests, small cells and message bodies).
    public static func scan<Bytes: ContiguousBytes>(_ bytes: Bytes, options: ScannerOptions = ScannerOptions(),
                                                    blockSize: Int = 1 << 20) -> [ScanCandidate] {
        var scanner = CandidateScanner(options: options)
        var found: [ScanCandidate] = []
        bytes.withUnsafeBytes { raw in
            var start = 0
            repeat {
                let end = min(raw.count, start + max(1, blockSize))
                found += scanner.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            } while start < raw.count
        }
        return found + scanner.finish()
    }

    private mutating func scanSettled(final: Bool) -> [ScanCandidate] {
        let end = bufferOffset + Int64(buffer.count)
        let settledEnd = final ? end : end - Int64(Self.lookahead)
        // Small blocks accumulate until a lookahead's worth is settled: rescanning the kept window stays amortized.
        guard settledEnd > settled, final || settledEnd - settled >= Int64(Self.lookahead) else { return [] }
        var found = scanBuffer(window: settled..<settledEnd)
        settled = settledEnd
        if !final {
            let keepFrom = max(0, Int(settledEnd - bufferOffset) - Self.lookbehind)
            let cut = boundary(atOrAfter: keepFrom)
            buffer.removeFirst(cut)
            bufferOffset += Int64(cut)
        }
        found.sort { ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound) }
        return found
    }

    /// Where the kept window may start so it starts on a character of the file's encoding.
    private func boundary(atOrAfter offset: Int) -> Int {
        switch form ?? .raw {
        case .raw:
            return offset
        case .utf16LE, .utf16BE:
            var cut = offset + Int((bufferOffset + Int64(offset)) & 1)
            let bigEndian = form == .utf16BE
            if cut + 1 < buffer.count {
                let high = bigEndian ? buffer[cut] : buffer[cut + 1]
                if high >= 0xDC && high <= 0xDF { cut += 2 }
            }
            return min(cut, buffer.count)
        case .legacy(let encoding):
            return buffer.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return offset }
                return encoding.boundary(atOrAfter: offset, p, buf.count)
            }
        }
    }

    private mutating func scanBuffer(window: Range<Int64>) -> [ScanCandidate] {
        var bytes = viewBytes
        var map = viewMap
        defer { viewBytes = bytes; viewMap = map }
        viewBytes = []
        viewMap = []
        let options = self.options
        let bufferOffset = self.bufferOffset
        let form = self.form ?? .raw
        return buffer.withUnsafeBufferPointer { buf -> [ScanCandidate] in
            guard let p = buf.baseAddress else { return [] }
            let n = buf.count
            func scanRaw() -> [ScanCandidate] {
                var finder = CandidateFinder(view: ScanView(p: p, n: n, map: nil, bufferOffset: bufferOffset, form: .raw),
                                             window: window, options: options)
                finder.run()
                return finder.found
            }
            func scanTranscoded(_ form: TextForm) -> [ScanCandidate] {
                bytes.withUnsafeBufferPointer { view in
                    map.withUnsafeBufferPointer { map in
                        guard let v = view.baseAddress, let m = map.baseAddress else { return [] }
                        var finder = CandidateFinder(view: ScanView(p: v, n: view.count, map: m, bufferOffset: bufferOffset,
                                                                    form: form), window: window, options: options)
                        finder.run()
                        return finder.found
                    }
                }
            }
            switch form {
            case .raw:
                var found = scanRaw()
                if options.scanUTF16Runs {
                    for run in UTF16Runs.find(p, n, fileOffset: bufferOffset, minimumUnits: options.minimumUTF16Run) {
                        bytes.removeAll(keepingCapacity: true)
                        map.removeAll(keepingCapacity: true)
                        UTF16Runs.transcode(p, run.range, bigEndian: run.bigEndian, bytes: &bytes, map: &map)
                        found += scanTranscoded(run.bigEndian ? .utf16BE : .utf16LE)
                    }
                }
                return found
            case .utf16LE, .utf16BE:
                let start = Int(bufferOffset & 1)
                let end = start + (n - start) / 2 * 2
                bytes.removeAll(keepingCapacity: true)
                map.removeAll(keepingCapacity: true)
                UTF16Runs.transcode(p, start..<end, bigEndian: form == .utf16BE, bytes: &bytes, map: &map)
                return scanTranscoded(form)
            case .legacy(let encoding):
                guard encoding.transcode(p, n, bytes: &bytes, map: &map) else { return scanRaw() }
                return scanTranscoded(form)
            }
        }
    }
}

/// UTF-16 text inside raw bytes (bulk_extractor's UTF-16 scan), found from its zero bytes.
enum UTF16Runs {
    struct Run {
        var range: Range<Int>
        var bigEndian: Bool
    }

    /// High bytes of UTF-16 units that count as text: Latin Extended-A, Cyrillic, Thai, punctuation, CJK symbols
    /// and kana, CJK ideographs, Hangul syllables, fullwidth forms. ASCII and Latin-1 (high byte 0) are checked apart.
    private static let textHigh: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for h in [0x01, 0x04, 0x0E, 0x20, 0x30, 0xFF] { table[h] = true }
        for h in 0x4E...0x9F { table[h] = true }
        for h in 0xAC...0xD7 { table[h] = true }
        return table
    }()

    @inline(__always) static func isASCIIText(_ b: UInt8) -> Bool { (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D }

    @inline(__always) private static func unit(_ p: UnsafePointer<UInt8>, _ i: Int, _ bigEndian: Bool) -> (low: UInt8, high: UInt8) {
        bigEndian ? (p[i + 1], p[i]) : (p[i], p[i + 1])
    }

    @inline(__always) private static func isText(_ u: (low: UInt8, high: UInt8)) -> Bool {
        u.high == 0 ? isASCIIText(u.low) || u.low >= 0xA0 : textHigh[Int(u.high)]
    }

    /// The text run through the unit at `u` and how many of its units are ASCII.
    private static func expand(_ p: UnsafePointer<UInt8>, _ n: Int, _ u: Int, _ bigEndian: Bool) -> (Range<Int>, ascii: Int) {
        var s = u
        while s >= 2 && isText(unit(p, s - 2, bigEndian)) { s -= 2 }
        var e = s
        var ascii = 0
        while e + 1 < n {
            let v = unit(p, e, bigEndian)
            guard isText(v) else { break }
            if (v.high == 0 && isASCIIText(v.low)) || (v.high == 0x30 && v.low == 0) { ascii += 1 }
            e += 2
        }
        return (s..<e, ascii)
    }

    /// Runs of at least `minimumUnits` text units of which at least an eighth are ASCII (spaces, digits, Latin) or
    /// U+3000: random binary almost never has those, and text in any script written with spaces does.
    /// ASCII in UTF-16 reads as both LE and BE one byte apart; when the two readings are about as long, the one
    /// starting at an even file offset wins, as strings in files and memory are 2-byte aligned.
    static func find(_ p: UnsafePointer<UInt8>, _ n: Int, fileOffset: Int64, minimumUnits: Int) -> [Run] {
        var runs: [Run] = []
        var z = 0
        while z < n {
            guard let hit = memchr(p + z, 0, n - z) else { break }
            let zero = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var zeroEnd = zero + 1
            while zeroEnd < n && p[zeroEnd] == 0 { zeroEnd += 1 }
            var best: (range: Range<Int>, ascii: Int, bigEndian: Bool)?
            // A zero is the high byte of an ASCII unit or the low byte of U+3000 (the separator of Japanese text);
            // every reading it allows is tried and the longest kept.
            for reading in 0..<4 {
                let unitStart: Int
                let bigEndian = reading >= 2
                switch reading {
                case 0: unitStart = zero >= 1 && isASCIIText(p[zero - 1]) ? zero - 1 : -1
                case 1: unitStart = zero + 1 < n && p[zero + 1] == 0x30 ? zero : -1
                case 2: unitStart = zeroEnd < n && isASCIIText(p[zeroEnd]) ? zeroEnd - 1 : -1
                default: unitStart = zero >= 1 && p[zero - 1] == 0x30 ? zero - 1 : -1
                }
                if unitStart < 0 { continue }
                let (range, ascii) = expand(p, n, unitStart, bigEndian)
                if let other = best, abs(other.range.count - range.count) <= 4 {
                    if other.bigEndian != bigEndian && (fileOffset + Int64(range.lowerBound)) & 1 == 0 {
                        best = (range, ascii, bigEndian)
                    }
                } else if range.count > (best?.range.count ?? 0) {
                    best = (range, ascii, bigEndian)
                }
            }
            z = zeroEnd
            if let best {
                z = max(z, best.range.upperBound)
                let units = best.range.count / 2
                if units >= minimumUnits && best.ascii * 8 >= units {
                    runs.append(Run(range: best.range, bigEndian: best.bigEndian))
                }
            }
        }
        return runs
    }

    /// Appends the UTF-8 of the UTF-16 units in `range` (unpaired surrogates become U+FFFD) and, per UTF-8 byte,
    /// the buffer offset of its unit; `map` ends with the range's end.
    static func transcode(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, bigEndian: Bool,
                          bytes: inout [UInt8], map: inout [Int32]) {
        var i = range.lowerBound
        while i + 1 < range.upperBound {
            let u = unit(p, i, bigEndian)
            var value = UInt32(u.high) << 8 | UInt32(u.low)
            var length = 2
            if value >= 0xD800 && value <= 0xDBFF, i + 3 < range.upperBound {
                let next = unit(p, i + 2, bigEndian)
                let low = UInt32(next.high) << 8 | UInt32(next.low)
                if low >= 0xDC00 && low <= 0xDFFF {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    length = 4
                }
            }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            if let encoded = UTF8.encode(scalar) {
                for b in encoded { bytes.append(b); map.append(Int32(i)) }
            }
            i += length
        }
        map.append(Int32(i))
    }
}
