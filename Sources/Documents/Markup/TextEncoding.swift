// Character encodings of markup and mail: WHATWG labels, BOM sniffing, detection, and iconv-backed decoding.

import EvidenceModel
import Foundation
import Indicators
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A character encoding Custody can decode, named as the WHATWG Encoding standard names it.
public struct TextEncoding: Sendable, Hashable, CustomStringConvertible {
    /// The WHATWG name ("windows-1251", "shift_jis", "utf-8"…), stored as `ExtractedText.encoding`.
    public let name: String
    /// The name iconv knows the encoding by.
    let iconvName: String

    public var description: String { name }

    public static let utf8 = TextEncoding(name: "utf-8", iconvName: "UTF-8")
    public static let windows1252 = TextEncoding(name: "windows-1252", iconvName: "CP1252")
    public static let utf16LE = TextEncoding(name: "utf-16le", iconvName: "UTF-16LE")
    public static let utf16BE = TextEncoding(name: "utf-16be", iconvName: "UTF-16BE")

    /// The encoding a charset label names (case, surrounding whitespace and quotes ignored), or nil when unknown.
    /// Labels outside the table are tried on iconv as they are, so a mail's "cp850" or "iso-8859-9" still decodes.
    public static func labelled(_ label: String) -> TextEncoding? {
        let unwanted: Set<Character> = [" ", "\t", "\r", "\n", "\"", "'"]
        let trimmed = String(label.drop(while: { unwanted.contains($0) }).reversed().drop(while: { unwanted.contains($0) }).reversed())
            .lowercased()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        if let known = EncodingLabels.table[trimmed] { return known }
        guard trimmed.utf8.allSatisfy({ ByteSets.isLabelByte($0) }), IconvConverter.supports(trimmed.uppercased()) else {
            return nil
        }
        return TextEncoding(name: trimmed, iconvName: trimmed.uppercased())
    }

    /// The encoding of a Windows code page number (RTF `\ansicpg`, `\cpg`, `\fcharset`), or nil when unknown.
    public static func codePage(_ number: Int) -> TextEncoding? {
        guard number > 0, number < 100_000 else { return nil }
        return labelled("cp\(number)")
    }

    /// The encoding a byte-order mark at the start of `head` declares, and the mark's length.
    public static func byteOrderMark(_ head: UnsafeRawBufferPointer) -> (TextEncoding, Int)? {
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { return (.utf8, 3) }
        if head.count >= 2 && head[0] == 0xFF && head[1] == 0xFE { return (.utf16LE, 2) }
        if head.count >= 2 && head[0] == 0xFE && head[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// The encoding the project's detector finds in undeclared bytes (UTF-8 when it finds nothing else).
    public static func detect(_ head: UnsafeRawBufferPointer) -> TextEncoding {
        switch TextEncodingDetector.detect(head) {
        case .raw: return .utf8
        case .utf16LE: return .utf16LE
        case .utf16BE: return .utf16BE
        case .legacy(let legacy):
            let detected = labelled(legacy.rawValue) ?? .windows1252
            if legacy != .gb18030 && legacy != .big5 && legacy != .shiftJIS && legacy != .eucKR,
               let chinese = labelled("gb18030"), looksLikeChinese(head, chinese) {
                return chinese
            }
            return detected
        }
    }

    /// A second opinion on a single-byte verdict: the detector scores short Chinese text (a dozen ideographs, as in
    /// chardet's GB2312 sample) as Cyrillic, whose letters cover most byte values. GB2312 text has only even runs
    /// of high bytes and decodes cleanly to ideographs; real single-byte text rarely does both.
    private static func looksLikeChinese(_ head: UnsafeRawBufferPointer, _ encoding: TextEncoding) -> Bool {
        let sample = Array(head.prefix(65536))
        var run = 0
        for byte in sample + [0] {
            if byte >= 0xA1 && byte != 0xFF { run += 1; continue }
            if byte >= 0x80 || run % 2 != 0 { return false }
            run = 0
        }
        var ideographs = 0
        var others = 0
        for scalar in encoding.decode(sample).unicodeScalars where scalar.value >= 0x80 {
            if (0x4E00...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value)
                || (0xFF00...0xFFEF).contains(scalar.value) {
                ideographs += 1
            } else {
                others += 1
            }
        }
        return ideographs >= 4 && others * 10 <= ideographs
    }

    public static func detect(_ head: [UInt8]) -> TextEncoding {
        head.withUnsafeBytes { detect($0) }
    }

    /// Decodes all of `bytes` at once; invalid sequences become U+FFFD.
    public func decode(_ bytes: [UInt8]) -> String {
        let decoder = StreamingTextDecoder(self)
        var text = decoder.decode(bytes)
        text += decoder.finish()
        return text
    }

    /// Decodes `bytes` in the declared encoding when the label is known, else in the detected one.
    public static func decode(_ bytes: [UInt8], declared: String?) -> (text: String, encoding: TextEncoding) {
        let encoding: TextEncoding
        if let declared, let named = labelled(declared) {
            encoding = named
        } else {
            encoding = bytes.withUnsafeBytes { raw in byteOrderMark(raw)?.0 ?? detect(raw) }
        }
        var body = bytes[...]
        if let (mark, length) = bytes.withUnsafeBytes({ byteOrderMark($0) }), mark == encoding {
            body = bytes.dropFirst(length)
        }
        return (encoding.decode(Array(body)), encoding)
    }
}

enum ByteSets {
    static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }
}

/// The label table, read once from the package resource.
enum EncodingLabels {
    static let table: [String: TextEncoding] = {
        var table: [String: TextEncoding] = [:]
        for line in MarkupResources.lines("encoding-labels") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let encoding = TextEncoding(name: String(fields[0]), iconvName: String(fields[1]))
            for label in fields[2].split(separator: " ") { table[String(label)] = encoding }
        }
        return table
    }()
}

/// Package resources of the markup readers: tab-separated tables, '#' lines being comments.
enum MarkupResources {
    static func lines(_ name: String) -> [Substring] {
        guard let url = PackageResources.url(module: "Documents", name + ".tsv", sourceFolder: URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources")),
              let data = try? Data(contentsOf: url) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }
}

/// Decodes a byte stream block by block: a character cut between two blocks is completed by the next one.
public final class StreamingTextDecoder {
    public let encoding: TextEncoding
    private let converter: IconvConverter?
    private var pending: [UInt8] = []

    public init(_ encoding: TextEncoding) {
        self.encoding = encoding
        converter = IconvConverter(from: encoding.iconvName) ?? IconvConverter(from: "UTF-8")
    }

    /// The text of the next block.
    public func decode(_ block: [UInt8]) -> String {
        guard let converter else { return String(decoding: block, as: UTF8.self) }
        pending.append(contentsOf: block)
        let (text, used) = converter.convert(pending, final: false)
        pending.removeFirst(min(used, pending.count))
        // A hostile stream of never-completed sequences must not grow the carry-over.
        if pending.count > 16 { pending.removeAll(); return text + "\u{FFFD}" }
        return text
    }

    /// The text of bytes still held back (an incomplete last character becomes U+FFFD).
    public func finish() -> String {
        guard let converter else { return "" }
        var text = ""
        if !pending.isEmpty {
            text = converter.convert(pending, final: true).0
            pending.removeAll()
        }
        // iconv may hold the last character back (CP1255 waits for a combining mark): flush it.
        return text + converter.flush()
    }
}

/// Owns one iconv conversion descriptor to UTF-8; invalid input becomes U+FFFD and conversion goes on.
final class IconvConverter {
    private let descriptor: iconv_t
    /// Bytes skipped per invalid sequence: a UTF-16 code unit is two bytes.
    private let unit: Int

    private static let invalid = iconv_t(bitPattern: -1)

    init?(from name: String) {
        let opened = iconv_open("UTF-8", name)
        guard let opened, opened != IconvConverter.invalid else { return nil }
        descriptor = opened
        unit = name.hasPrefix("UTF-16") ? 2 : 1
    }

    deinit { iconv_close(descriptor) }

    /// Characters iconv holds back for composition or shift state, and a reset for the next stream.
    func flush() -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let produced = buffer.withUnsafeMutableBufferPointer { out -> Int in
            guard let outBase = out.baseAddress else { return 0 }
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
            var outLeft = out.count
            _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            return out.count - outLeft
        }
        return String(decoding: buffer[0..<produced], as: UTF8.self)
    }

    static func supports(_ name: String) -> Bool { IconvConverter(from: name) != nil }

    /// Converts `input`; returns the text and how many bytes were used. Without `final`, an incomplete sequence at
    /// the end is left for the next call.
    func convert(_ input: [UInt8], final: Bool) -> (String, Int) {
        var output = [UInt8]()
        output.reserveCapacity(input.count + input.count / 2 + 16)
        var used = 0
        // Sized to the input: RTF decodes many short runs, and a fixed 16 KiB buffer per run dominated its time.
        var buffer = [UInt8](repeating: 0, count: min(16384, input.count * 4 + 16))
        input.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            var inPointer = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
            var inLeft = source.count
            while inLeft > 0 {
                let (status, produced, error) = buffer.withUnsafeMutableBufferPointer { out -> (Int, Int, Int32) in
                    guard let outBase = out.baseAddress else { return (0, 0, 0) }
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                    let result = iconv(descriptor, &inOptional, &inLeft, &outPointer, &outLeft)
                    let code = result == -1 ? errno : 0
                    if let moved = inOptional { inPointer = moved }
                    return (result, out.count - outLeft, code)
                }
                output.append(contentsOf: buffer[0..<produced])
                if status != -1 { break }
                if error == E2BIG { continue }
                if error == EINVAL && !final { break }
                // EILSEQ, or an incomplete sequence at the very end: one replacement character, skip a unit.
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                let skip = min(unit, inLeft)
                inPointer += skip
                inLeft -= skip
                if final && error == EINVAL { inPointer += inLeft; inLeft = 0 }
            }
            used = source.count - inLeft
        }
        return (String(decoding: output, as: UTF8.self), used)
    }
}
