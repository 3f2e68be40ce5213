// Text of legacy binary Office documents: Word 97–2003 (.doc) and Excel 97–2003 (.xls), from their Compound File.

import Foundation

public enum LegacyOfficeReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.doc, .xls]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        try DocumentInput.checkSize(path: path, limits: limits)
        // An OOXML package under a binary Office name: read it as what it is.
        if try ReadOnlyFile(path: path).read(at: 0, count: 4) == [0x50, 0x4B, 0x03, 0x04] {
            let modern: DocumentKind = kind == .xls ? .xlsx : .docx
            var result = try OfficeOpenXMLReader.read(path: path, kind: modern, limits: limits)
            result.notes.insert("read as \(modern.rawValue): the file is an Office Open XML package, not \(kind.rawValue)", at: 0)
            return result
        }
        let compound = try CompoundFile(path: path, limits: limits)
        if compound.hasStream("EncryptionInfo") || compound.hasStream("EncryptedPackage") {
            throw DocumentError(code: .encrypted, message: "password-protected Office document (EncryptedPackage)")
        }
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        var metadata: [String: String] = [:]
        switch kind {
        case .doc:
            try WordBinaryText.read(compound, &builder)
        case .xls:
            try ExcelBinaryText.read(compound, &builder)
        default:
            throw DocumentError(code: .unsupported, message: "\(kind.rawValue) is not a legacy Office format")
        }
        if let summary = try? compound.stream("\u{05}SummaryInformation") {
            metadata = SummaryInformation.properties(summary)
        }
        return builder.finish(kind: kind, metadata: metadata)
    }

    /// Last resort for a stream that cannot be parsed: runs of printable UTF-16LE and ASCII text.
    static func textRuns(_ bytes: [UInt8], _ builder: inout TextBuilder, minimum: Int = 5) {
        var run: [UInt16] = []
        func flush() {
            if run.count >= minimum { builder.append(String(decoding: run, as: UTF16.self)); builder.newline() }
            run.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index + 1 < bytes.count && !builder.isFull {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            if (unit >= 0x20 && unit < 0xD800) || unit == 0x09 { run.append(unit); index += 2; continue }
            flush()
            index += 2
        }
        flush()
        var ascii: [UInt8] = []
        for byte in bytes where !builder.isFull {
            if byte >= 0x20 && byte < 0x7F { ascii.append(byte); continue }
            if ascii.count >= minimum * 2 { builder.append(String(decoding: ascii, as: UTF8.self)); builder.newline() }
            ascii.removeAll(keepingCapacity: true)
        }
    }

    /// Windows-1252, the code page of Word's 8-bit pieces and BIFF's compressed strings.
    static func cp1252(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }
}

/// The Word binary format: the FIB in the WordDocument stream and the piece table (CLX) in the table stream.
enum WordBinaryText {
    static func read(_ compound: CompoundFile, _ builder: inout TextBuilder) throws {
        guard let word = try compound.stream("WordDocument") else {
            throw DocumentError(code: .damaged, message: "doc without a WordDocument stream")
        }
        guard word.count >= 0x1A2 + 8, word.u16(0) == 0xA5EC else {
            builder.note("WordDocument FIB unreadable; text recovered from raw runs")
            LegacyOfficeReader.textRuns(word, &builder)
            return
        }
        let flags = word.u16(0x0A)
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            throw DocumentError(code: .encrypted, message: "doc is password-protected (FIB fEncrypted)")
        }
        // FibBase (32) + csw + fibRgW; then cslw + fibRgLw; then cbRgFcLcb + fibRgFcLcb.
        let csw = Int(word.u16(32))
        let lwStart = 34 + csw * 2 + 2
        let cslw = Int(word.u16(34 + csw * 2))
        let fcLcbStart = lwStart + cslw * 4 + 2
        guard cslw >= 11, fcLcbStart + 34 * 8 <= word.count else {
            builder.note("WordDocument FIB truncated; text recovered from raw runs")
            LegacyOfficeReader.textRuns(word, &builder)
            return
        }
        // Story lengths in characters: main text, footnotes, headers, macros, comments, endnotes, text boxes.
        let stories: [(String, Int)] = [("body", 3), ("footnotes", 4), ("headers", 5), ("macro", 6),
                                        ("comments", 7), ("endnotes", 8), ("text boxes", 9), ("header text boxes", 10)]
            .map { ($0.0, Int(word.u32(lwStart + $0.1 * 4))) }
        let tableName = flags & 0x0200 != 0 ? "1Table" : "0Table"
        let fcClx = Int(word.u32(fcLcbStart + 33 * 8))
        let lcbClx = Int(word.u32(fcLcbStart + 33 * 8 + 4))
        var pieces: [Piece] = []
        if lcbClx > 0, let table = try compound.stream(tableName), fcClx >= 0, lcbClx <= table.count,
           fcClx <= table.count - lcbClx {
            pieces = pieceTable(Array(table[fcClx..<(fcClx + lcbClx)]))
        }
        if pieces.isEmpty {
            // No piece table: the main text is stored contiguously as 8-bit text after the FIB.
            builder.note("no piece table in the \(tableName) stream; main text read from the FIB's ccpText range")
            let length = min(max(0, stories[0].1), max(0, word.count - 0x800))
            pieces = [Piece(cpStart: 0, cpEnd: length, offset: 0x800, compressed: true)]
        }
        var decoder = SpecialCharacters()
        var storyStart = 0
        for (label, length) in stories where length > 0 && length < Int(Int32.max) {
            if builder.isFull { break }
            let storyEnd = storyStart.addingReportingOverflow(length)
            guard !storyEnd.overflow else { break }
            builder.beginSection(label)
            decoder = SpecialCharacters()
            for piece in pieces where piece.cpEnd > storyStart && piece.cpStart < storyEnd.partialValue {
                if builder.isFull { break }
                let from = max(piece.cpStart, storyStart)
                let to = min(piece.cpEnd, storyEnd.partialValue)
                builder.append(decoder.clean(text(of: piece, from: from, to: to, in: word)))
            }
            storyStart = storyEnd.partialValue
        }
    }

    struct Piece {
        var cpStart: Int
        var cpEnd: Int
        /// Byte offset in the WordDocument stream.
        var offset: Int
        var compressed: Bool
    }

    /// CLX: Prc records (0x01, skipped) then one Pcdt (0x02) holding the PlcPcd.
    private static func pieceTable(_ clx: [UInt8]) -> [Piece] {
        var index = 0
        while index < clx.count {
            switch clx[index] {
            case 0x01:
                let size = Int(Int16(bitPattern: clx.u16(index + 1)))
                guard size >= 0 else { return [] }
                index += 3 + size
            case 0x02:
                let lcb = Int(clx.u32(index + 1))
                let start = index + 5
                guard lcb >= 16, lcb <= clx.count - start, (lcb - 4) % 12 == 0 else { return [] }
                let count = (lcb - 4) / 12
                var pieces: [Piece] = []
                for piece in 0..<count {
                    let cpStart = Int(clx.u32(start + piece * 4)), cpEnd = Int(clx.u32(start + (piece + 1) * 4))
                    let fc = clx.u32(start + (count + 1) * 4 + piece * 8 + 2)
                    let compressed = fc & 0x4000_0000 != 0
                    let raw = Int(fc & 0x3FFF_FFFF)
                    guard cpEnd >= cpStart else { continue }
                    pieces.append(Piece(cpStart: cpStart, cpEnd: cpEnd, offset: compressed ? raw / 2 : raw,
                                        compressed: compressed))
                }
                return pieces
            default:
                return []
            }
        }
        return []
    }

    /// The characters [from, to) of a piece, cut at the stream's end.
    private static func text(of piece: Piece, from: Int, to: Int, in word: [UInt8]) -> String {
        let width = piece.compressed ? 1 : 2
        let start = piece.offset + (from - piece.cpStart) * width
        let end = min(word.count, start + (to - from) * width)
        guard start >= 0, start < end else { return "" }
        if piece.compressed { return LegacyOfficeReader.cp1252(word[start..<end]) }
        var units: [UInt16] = []
        units.reserveCapacity((end - start) / 2)
        for index in stride(from: start, to: end - 1, by: 2) {
            units.append(UInt16(word[index]) | UInt16(word[index + 1]) << 8)
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Word's control characters: paragraph and cell marks become line breaks and tabs; field codes (between
    /// 0x13 and 0x14) are dropped and field results kept.
    struct SpecialCharacters {
        private var fieldDepth = 0
        private var inCode = false

        mutating func clean(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x13: fieldDepth += 1; inCode = true
                case 0x14: inCode = false
                case 0x15: fieldDepth = max(0, fieldDepth - 1); inCode = false
                default:
                    if inCode { continue }
                    switch scalar.value {
                    case 0x0D, 0x0B, 0x0C: out.append("\n")
                    case 0x07: out.append("\t")
                    case 0x1E: out.append("-")
                    case 0x09, 0x0A: out.append(scalar)
                    case 0x00..<0x20, 0x1F: continue
                    default: out.append(scalar)
                    }
                }
            }
            return String(out)
        }
    }
}

/// The OLE property set "\u{05}SummaryInformation": title, subject, author, dates.
enum SummaryInformation {
    static func properties(_ bytes: [UInt8]) -> [String: String] {
        guard bytes.count >= 48, bytes.u16(0) == 0xFFFE else { return [:] }
        let sectionOffset = Int(bytes.u32(44))
        guard sectionOffset >= 0, sectionOffset <= bytes.count - 8 else { return [:] }
        let count = min(Int(bytes.u32(sectionOffset + 4)), 256)
        let names: [UInt32: String] = [2: "title", 3: "subject", 4: "author", 5: "keywords", 6: "comments",
                                       8: "lastModifiedBy", 12: "created", 13: "modified", 18: "application"]
        var result: [String: String] = [:]
        for index in 0..<count {
            let entry = sectionOffset + 8 + index * 8
            guard entry <= bytes.count - 8 else { break }
            guard let name = names[bytes.u32(entry)] else { continue }
            let offset = sectionOffset.addingReportingOverflow(Int(bytes.u32(entry + 4)))
            guard !offset.overflow, offset.partialValue >= 0, offset.partialValue <= bytes.count - 8 else { continue }
            let at = offset.partialValue
            switch bytes.u32(at) {
            case 0x1E: // VT_LPSTR: code-page string with a length including the terminator
                let length = min(Int(bytes.u32(at + 4)), 4096, bytes.count - at - 8)
                guard length > 0 else { continue }
                let value = LegacyOfficeReader.cp1252(bytes[(at + 8)..<(at + 8 + length)])
                    .split(separator: "\0", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                if !value.isEmpty { result[name] = value }
            case 0x40: // VT_FILETIME: 100 ns ticks since 1601
                let ticks = bytes.u64(at + 4)
                guard ticks > 0, let date = fileTime(ticks) else { continue }
                result[name] = date
            default: continue
            }
        }
        return result
    }

    /// UTC ISO 8601 from a FILETIME, or nil when out of any plausible range.
    static func fileTime(_ ticks: UInt64) -> String? {
        let seconds = Int64(ticks / 10_000_000) - 11_644_473_600
        guard seconds > 0, seconds < 32_503_680_000 else { return nil }
        return iso8601(seconds)
    }
}

/// Seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
func iso8601(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
