// A small streaming XML scanner for OOXML and ODF parts: fed block by block, bounded memory, no tree.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One element start as the scanner saw it: the local name (prefix dropped) and its attribute bytes, parsed only
/// when a reader asks (most elements are never asked, and a sheet has millions).
struct XMLTag {
    var name: String
    fileprivate var body: ArraySlice<UInt8>

    /// The value of the first attribute with this local name (prefix dropped), entities decoded.
    /// Only the first `XMLTextScanner.maxAttributes` attributes are looked at.
    /// `prefixed` asks for a namespaced one (`r:id`, not the `id` beside it on the same element).
    func attribute(_ localName: String, prefixed: Bool = false) -> String? {
        let wanted = Array(localName.utf8)
        var found: String?
        XMLTextScanner.forEachAttribute(body) { name, value in
            let colon = name.lastIndex(of: UInt8(ascii: ":"))
            let local = colon.map { name[(name.index(after: $0))...] } ?? name
            guard local.elementsEqual(wanted), !prefixed || colon != nil else { return true }
            found = XMLTextScanner.decodeEntities(value)
            return false
        }
        return found
    }
}

enum XMLEvent {
    case start(XMLTag)
    case end(String)
    /// Character data with entities decoded; one run of text may arrive as several events.
    case text(String)
}

/// Feeds on raw bytes and reports element starts, ends and text. Memory is bounded by `maxMarkupBytes` and
/// `maxTextRunBytes` whatever the input: an over-long tag keeps its first bytes, a long text run is delivered in
/// pieces, and nesting depth is never tracked here (readers keep counters, not stacks).
struct XMLTextScanner {
    static let maxMarkupBytes = 64 << 10
    static let maxTextRunBytes = 64 << 10
    static let maxAttributes = 32

    private enum State { case text, markup, comment, cdata }
    private var state = State.text
    private var textBuffer: [UInt8] = []
    private var markup: [UInt8] = []
    private var markupOverflowed = false
    private var quote: UInt8 = 0
    /// The last bytes seen inside a comment or CDATA section, to find its end marker.
    private var tail: (UInt8, UInt8) = (0, 0)

    init() {
        textBuffer.reserveCapacity(4096)
        markup.reserveCapacity(256)
    }

    /// Scans one block; `handle` returns false to stop (the rest of the block is ignored).
    /// Returns false when the handler asked to stop.
    @discardableResult
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ handle: (XMLEvent) -> Bool) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    if !flushText(handle, force: true) { return false }
                    state = .markup
                    markup.removeAll(keepingCapacity: true)
                    markupOverflowed = false
                    quote = 0
                } else {
                    // The whole run up to the next "<" at once: text is most of a document's bytes.
                    let end = Self.next(UInt8(ascii: "<"), in: bytes, from: index)
                    textBuffer.append(byte)
                    textBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    if textBuffer.count >= Self.maxTextRunBytes, !flushText(handle, force: false) { return false }
                }
            case .markup:
                if quote != 0 {
                    appendMarkup(byte)
                    if byte == quote { quote = 0; continue }
                    // An attribute value up to its closing quote at once.
                    let end = Self.next(quote, in: bytes, from: index)
                    for valueByte in UnsafeRawBufferPointer(rebasing: bytes[index..<end]) { appendMarkup(valueByte) }
                    index = end
                    continue
                }
                if byte == UInt8(ascii: ">") {
                    state = .text
                    if !finishMarkup(handle) { return false }
                    continue
                }
                if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && !markup.isEmpty && markup[0] != UInt8(ascii: "!") {
                    quote = byte
                }
                appendMarkup(byte)
                if markup.count == 3 && markup.elementsEqual("!--".utf8) {
                    state = .comment
                    tail = (0, 0)
                } else if markup.count == 8 && markup.elementsEqual("![CDATA[".utf8) {
                    state = .cdata
                    tail = (0, 0)
                }
            case .comment:
                if byte == UInt8(ascii: ">") && tail == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .text
                } else {
                    tail = (tail.1, byte)
                }
            case .cdata:
                if byte == UInt8(ascii: ">") && tail == (UInt8(ascii: "]"), UInt8(ascii: "]")) {
                    // The two "]" were appended as text before the end was known.
                    textBuffer.removeLast(min(2, textBuffer.count))
                    state = .text
                    if !flushRaw(handle) { return false }
                } else {
                    tail = (tail.1, byte)
                    textBuffer.append(byte)
                    if textBuffer.count >= Self.maxTextRunBytes, !flushRaw(handle) { return false }
                }
            }
        }
        return true
    }

    /// Delivers whatever text is still buffered (call once the input ends).
    mutating func finish(_ handle: (XMLEvent) -> Bool) {
        if state == .text { _ = flushText(handle, force: true) }
    }

    /// Index of the next `byte` at or after `from`, or the end of the block.
    private static func next(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        guard let base = bytes.baseAddress, from < bytes.count,
              let found = memchr(base + from, Int32(byte), bytes.count - from) else { return bytes.count }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private mutating func appendMarkup(_ byte: UInt8) {
        if markup.count < Self.maxMarkupBytes { markup.append(byte) } else { markupOverflowed = true }
    }

    /// CDATA: no entities to decode.
    private mutating func flushRaw(_ handle: (XMLEvent) -> Bool) -> Bool {
        guard !textBuffer.isEmpty else { return true }
        let cut = Self.utf8SafeCut(textBuffer, textBuffer.count)
        let piece = String(decoding: textBuffer[..<cut], as: UTF8.self)
        textBuffer.removeFirst(cut)
        return handle(.text(piece))
    }

    /// Text between tags. When not forced (the run is long), cuts before a trailing partial entity or UTF-8
    /// sequence so neither is split across two events.
    private mutating func flushText(_ handle: (XMLEvent) -> Bool, force: Bool) -> Bool {
        guard !textBuffer.isEmpty else { return true }
        var cut = textBuffer.count
        if !force {
            if let amp = textBuffer.lastIndex(of: UInt8(ascii: "&")), textBuffer.count - amp < 12,
               !textBuffer[amp...].contains(UInt8(ascii: ";")) {
                cut = amp
            }
            cut = Self.utf8SafeCut(textBuffer, cut)
            if cut == 0 { cut = textBuffer.count }
        }
        let piece = Self.decodeEntities(textBuffer[..<cut])
        if cut == textBuffer.count { textBuffer.removeAll(keepingCapacity: true) } else { textBuffer.removeFirst(cut) }
        return piece.isEmpty ? true : handle(.text(piece))
    }

    /// The largest cut ≤ `end` that does not split a UTF-8 sequence.
    private static func utf8SafeCut(_ bytes: [UInt8], _ end: Int) -> Int {
        var cut = end
        var back = 0
        while cut > 0 && back < 4 && bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1; back += 1 }
        if cut > 0 && bytes[cut - 1] >= 0xC0 {
            let lead = bytes[cut - 1]
            let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if back + 1 >= need { return end }
            return cut - 1
        }
        return end
    }

    private mutating func finishMarkup(_ handle: (XMLEvent) -> Bool) -> Bool {
        guard let first = markup.first else { return true }
        if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { return true }
        if first == UInt8(ascii: "/") {
            var end = 1
            while end < markup.count && !Self.isSpace(markup[end]) { end += 1 }
            return handle(.end(Self.localName(markup[1..<end])))
        }
        let selfClosing = !markupOverflowed && markup.last == UInt8(ascii: "/")
        let body = selfClosing ? markup[..<(markup.count - 1)] : markup[...]
        let tag = Self.parseTag(body)
        if !handle(.start(tag)) { return false }
        return selfClosing ? handle(.end(tag.name)) : true
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The name after the last ":" (concrete types only: this runs for every tag of a multi-GB part).
    private static func localName(_ qualified: ArraySlice<UInt8>) -> String {
        var start = qualified.startIndex
        var index = qualified.startIndex
        while index < qualified.endIndex {
            if qualified[index] == UInt8(ascii: ":") { start = index + 1 }
            index += 1
        }
        return String(decoding: qualified[start...], as: UTF8.self)
    }

    private static func parseTag(_ body: ArraySlice<UInt8>) -> XMLTag {
        var index = body.startIndex
        while index < body.endIndex && !isSpace(body[index]) { index += 1 }
        return XMLTag(name: localName(body[body.startIndex..<index]), body: body[index...])
    }

    /// Walks `name="value"` pairs; `visit` returns false to stop.
    static func forEachAttribute(_ body: ArraySlice<UInt8>, _ visit: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Bool) {
        var index = body.startIndex
        var seen = 0
        while index < body.endIndex && seen < maxAttributes {
            while index < body.endIndex && isSpace(body[index]) { index += 1 }
            let nameStart = index
            while index < body.endIndex && body[index] != UInt8(ascii: "=") && !isSpace(body[index]) { index += 1 }
            let name = body[nameStart..<index]
            while index < body.endIndex && body[index] != UInt8(ascii: "\"") && body[index] != UInt8(ascii: "'") {
                index += 1
            }
            guard index < body.endIndex else { return }
            let quoteByte = body[index]
            index += 1
            let valueStart = index
            while index < body.endIndex && body[index] != quoteByte { index += 1 }
            let value = body[valueStart..<index]
            if index < body.endIndex { index += 1 }
            seen += 1
            if !name.isEmpty && !visit(name, value) { return }
        }
    }

    /// Decodes the five predefined entities and numeric character references; anything else stays as written.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else { out.append(byte); index += 1; continue }
            let limit = min(bytes.endIndex, index + 12)
            guard let semi = bytes[index..<limit].firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte); index += 1; continue
            }
            let name = bytes[(index + 1)..<semi]
            var replacement: [UInt8]?
            switch String(decoding: name, as: UTF8.self) {
            case "lt": replacement = [UInt8(ascii: "<")]
            case "gt": replacement = [UInt8(ascii: ">")]
            case "amp": replacement = [UInt8(ascii: "&")]
            case "quot": replacement = [UInt8(ascii: "\"")]
            case "apos": replacement = [UInt8(ascii: "'")]
            case let reference where reference.hasPrefix("#"):
                let digits = reference.dropFirst()
                let value = digits.first == "x" || digits.first == "X"
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                if let value, let scalar = Unicode.Scalar(value) {
                    replacement = Array(String(Character(scalar)).utf8)
                }
            default: break
            }
            if let replacement {
                out.append(contentsOf: replacement)
                index = semi + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
