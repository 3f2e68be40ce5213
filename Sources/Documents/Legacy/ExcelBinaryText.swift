// Text of Excel 97–2003 workbooks: BIFF8 records of the Workbook stream (sheet names, shared strings, cells).

import Foundation

enum ExcelBinaryText {
    private enum Record {
        static let bof: UInt16 = 0x0809, eof: UInt16 = 0x000A, filePass: UInt16 = 0x002F
        static let boundSheet: UInt16 = 0x0085, sst: UInt16 = 0x00FC, continueRecord: UInt16 = 0x003C
        static let labelSST: UInt16 = 0x00FD, label: UInt16 = 0x0204, richString: UInt16 = 0x00D6
        static let number: UInt16 = 0x0203, rk: UInt16 = 0x027E, mulRK: UInt16 = 0x00BD
        static let formula: UInt16 = 0x0006, string: UInt16 = 0x0207
    }

    static func read(_ compound: CompoundFile, _ builder: inout TextBuilder) throws {
        guard let stream = try compound.stream("Workbook") ?? compound.stream("Book") else {
            throw DocumentError(code: .damaged, message: "xls without a Workbook stream")
        }
        var sheets: [(offset: Int, name: String)] = []
        var strings: [String] = []
        var stringBytes = 0
        var sheetIndex = -1
        var inGlobals = true
        var row = -1
        var cellsInRow = 0
        var pendingFormulaRow: Int?
        var parsedAny = false

        func emit(_ rowNumber: Int, _ value: String) {
            guard !value.isEmpty else { return }
            if rowNumber != row { builder.newline(); row = rowNumber; cellsInRow = 0 }
            if cellsInRow > 0 { builder.append("\t") }
            builder.append(value)
            cellsInRow += 1
        }

        var offset = 0
        while offset + 4 <= stream.count && !builder.isFull {
            let type = stream.u16(offset)
            let length = Int(stream.u16(offset + 2))
            let start = offset + 4
            guard start + length <= stream.count else {
                builder.note("Workbook stream ends inside a record at offset \(offset)")
                break
            }
            let data = Array(stream[start..<(start + length)])
            let recordOffset = offset
            offset = start + length
            switch type {
            case Record.filePass:
                throw DocumentError(code: .encrypted, message: "xls is password-protected (FILEPASS)")
            case Record.bof:
                parsedAny = true
                // A BOF after the globals' EOF opens the next sheet's substream; its stream offset names the sheet.
                // Charts embedded in a worksheet have BOFs of their own that no BOUNDSHEET points at.
                if !inGlobals {
                    if let named = sheets.firstIndex(where: { $0.offset == recordOffset }) {
                        sheetIndex = named
                    } else if sheets.isEmpty && data.u16(2) == 0x0010 {
                        sheetIndex += 1
                    } else {
                        continue
                    }
                    if sheetIndex >= compound.limits.maxParts {
                        builder.note("sheet limit of \(compound.limits.maxParts) reached")
                        return
                    }
                    let name = sheetIndex < sheets.count ? sheets[sheetIndex].name : "\(sheetIndex + 1)"
                    builder.beginSection("sheet \(name)")
                    row = -1
                }
            case Record.eof:
                inGlobals = false
            case Record.boundSheet where inGlobals:
                sheets.append((Int(data.u32(0)), shortString(data, at: 6)))
            case Record.sst where inGlobals:
                // The SST and its CONTINUE records are one logical record split at 8224 bytes.
                var segments = [data]
                while offset + 4 <= stream.count && stream.u16(offset) == Record.continueRecord {
                    let size = Int(stream.u16(offset + 2))
                    guard offset + 4 + size <= stream.count else { break }
                    segments.append(Array(stream[(offset + 4)..<(offset + 4 + size)]))
                    offset += 4 + size
                }
                strings = sharedStrings(segments, budget: compound.limits.maxTextBytes, used: &stringBytes)
            case Record.labelSST where !inGlobals:
                let index = Int(data.u32(6))
                emit(Int(data.u16(0)), index < strings.count ? strings[index] : "")
            case Record.label where !inGlobals, Record.richString where !inGlobals:
                var cursor = SegmentCursor([data], at: 6)
                emit(Int(data.u16(0)), cursor.unicodeString(lengthBytes: 2) ?? "")
            case Record.number where !inGlobals:
                guard data.count >= 14 else { continue }
                emit(Int(data.u16(0)), number(Double(bitPattern: data.u64(6))))
            case Record.rk where !inGlobals:
                emit(Int(data.u16(0)), number(rkValue(data.u32(6))))
            case Record.mulRK where !inGlobals:
                let cells = (data.count - 6) / 6
                for cell in 0..<max(0, cells) { emit(Int(data.u16(0)), number(rkValue(data.u32(4 + cell * 6 + 2)))) }
            case Record.formula where !inGlobals:
                // A string result follows in a STRING record; other results are in the formula's first 8 bytes.
                guard data.count >= 14 else { continue }
                let special = data.u16(12) == 0xFFFF
                pendingFormulaRow = special && data[6] == 0 ? Int(data.u16(0)) : nil
                if !special { emit(Int(data.u16(0)), number(Double(bitPattern: data.u64(6)))) }
            case Record.string where !inGlobals:
                guard let formulaRow = pendingFormulaRow else { continue }
                pendingFormulaRow = nil
                var cursor = SegmentCursor([data], at: 0)
                emit(formulaRow, cursor.unicodeString(lengthBytes: 2) ?? "")
            default:
                continue
            }
        }
        if !parsedAny {
            builder.note("no BIFF8 records in the Workbook stream; text recovered from raw runs")
            LegacyOfficeReader.textRuns(stream, &builder)
        }
    }

    private static func shortString(_ data: [UInt8], at: Int) -> String {
        var cursor = SegmentCursor([data], at: at)
        return cursor.unicodeString(lengthBytes: 1) ?? ""
    }

    private static func sharedStrings(_ segments: [[UInt8]], budget: Int, used: inout Int) -> [String] {
        var cursor = SegmentCursor(segments, at: 8)
        let unique = Int(segments[0].u32(4))
        var strings: [String] = []
        // Never more strings than bytes could hold (3 bytes each at least): a hostile count cannot allocate.
        strings.reserveCapacity(min(unique, segments.reduce(0) { $0 + $1.count } / 3))
        while strings.count < unique, let value = cursor.unicodeString(lengthBytes: 2) {
            used += value.utf8.count
            // Kept strings never exceed what the text could ever hold; the rest read as empty.
            strings.append(used <= budget ? value : "")
        }
        return strings
    }

    /// RK: a 30-bit integer or the top of an IEEE double, optionally divided by 100.
    private static func rkValue(_ raw: UInt32) -> Double {
        var value: Double
        if raw & 0x02 != 0 {
            value = Double(Int32(bitPattern: raw) >> 2)
        } else {
            value = Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        }
        if raw & 0x01 != 0 { value /= 100 }
        return value
    }

    /// Numbers as a reader would write them: integers without a decimal point.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Reads BIFF8 strings across CONTINUE boundaries, where character data resumes with a fresh flags byte.
    struct SegmentCursor {
        private let segments: [[UInt8]]
        private var segment = 0
        private var position: Int

        init(_ segments: [[UInt8]], at position: Int) {
            self.segments = segments
            self.position = position
        }

        private mutating func advanceIfAtEnd() -> Bool {
            while segment < segments.count && position >= segments[segment].count {
                segment += 1
                position = 0
            }
            return segment < segments.count
        }

        private mutating func byte() -> UInt8? {
            guard advanceIfAtEnd() else { return nil }
            defer { position += 1 }
            return segments[segment][position]
        }

        private mutating func integer(_ size: Int) -> Int? {
            var value = 0
            for shift in 0..<size {
                guard let next = byte() else { return nil }
                value |= Int(next) << (8 * shift)
            }
            return value
        }

        private mutating func skip(_ count: Int) {
            var left = count
            while left > 0, advanceIfAtEnd() {
                let step = min(left, segments[segment].count - position)
                position += step
                left -= step
            }
        }

        /// XLUnicodeString / XLUnicodeRichExtendedString: length, flags, optional run and phonetic sizes,
        /// characters (8-bit or UTF-16LE, switching per segment), then the skipped runs and phonetic block.
        mutating func unicodeString(lengthBytes: Int) -> String? {
            guard let count = integer(lengthBytes), let flags = byte() else { return nil }
            var wide = flags & 0x01 != 0
            let runs = flags & 0x08 != 0 ? (integer(2) ?? 0) : 0
            let phonetic = flags & 0x04 != 0 ? (integer(4) ?? 0) : 0
            var units: [UInt16] = []
            units.reserveCapacity(min(count, 8224))
            var left = count
            while left > 0 {
                guard advanceIfAtEnd() else { break }
                let available = segments[segment].count - position
                if available == 0 { continue }
                let take = min(left, wide ? available / 2 : available)
                if take == 0 { position = segments[segment].count; continue }
                let data = segments[segment]
                for index in 0..<take {
                    units.append(wide ? UInt16(data[position + index * 2]) | UInt16(data[position + index * 2 + 1]) << 8
                                      : UInt16(data[position + index]))
                }
                position += take * (wide ? 2 : 1)
                left -= take
                // Characters continued in the next CONTINUE record start with their own flags byte.
                if left > 0, position >= data.count, segment + 1 < segments.count {
                    segment += 1
                    position = 0
                    guard let next = byte() else { break }
                    wide = next & 0x01 != 0
                }
            }
            skip(runs * 4)
            skip(phonetic)
            // "Compressed" characters are UTF-16 code units with the zero high byte left out (Latin-1).
            return String(decoding: units, as: UTF16.self)
        }
    }
}
