// A small streaming XML scanner for OOXML and ODF parts: fed block by block, bounded memory, no tree.

/// One element start as the scanner saw it: the local name (prefix dropped) and a bounded set of attributes.
struct XMLTag {
    var name: String
    /// Attributes by local name (prefix dropped). Only the first `XMLTextScanner.maxAttributes` are kept.
    var attributes: [String: String]
    /// Qualified names kept as written where prefixes matter (r:id vs id).
    var qualifiedAttributes: [String: String]
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
                    textBuffer.append(byte)
                    if textBuffer.count >= Self.maxTextRunBytes, !flushText(handle, force: false) { return false }
                }
            case .markup:
                if quote != 0 {
                    if byte == quote { quote = 0 }
                    appendMarkup(byte)
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
            let name = Self.localName(markup[1...].prefix { !Self.isSpace($0) })
            return handle(.end(name))
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

    private static func localName<C: BidirectionalCollection>(_ qualified: C) -> String where C.Element == UInt8 {
        if let colon = qualified.lastIndex(of: UInt8(ascii: ":")) {
            return String(decoding: qualified[qualified.index(after: colon)...], as: UTF8.self)
        }
        return String(decoding: qualified, as: UTF8.self)
    }

    private static func parseTag(_ body: ArraySlice<UInt8>) -> XMLTag {
        var index = body.startIndex
        while index < body.endIndex && !isSpace(body[index]) { index += 1 }
        var tag = XMLTag(name: localName(body[body.startIndex..<index]), attributes: [:], qualifiedAttributes: [:])
        while index < body.endIndex && tag.attributes.count < maxAttributes {
            while index < body.endIndex && isSpace(body[index]) { index += 1 }
            let nameStart = index
            while index < body.endIndex && body[index] != UInt8(ascii: "=") && !isSpace(body[index]) { index += 1 }
            let qualified = body[nameStart..<index]
            while index < body.endIndex && body[index] != UInt8(ascii: "\"") && body[index] != UInt8(ascii: "'") {
                index += 1
            }
            guard index < body.endIndex else { break }
            let quoteByte = body[index]
            index += 1
            let valueStart = index
            while index < body.endIndex && body[index] != quoteByte { index += 1 }
            let value = decodeEntities(body[valueStart..<index])
            if index < body.endIndex { index += 1 }
            guard !qualified.isEmpty else { continue }
            tag.attributes[localName(qualified)] = value
            tag.qualifiedAttributes[String(decoding: qualified, as: UTF8.self)] = value
        }
        return tag
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
