// Text of RTF documents: a streaming tokenizer with code-page, Unicode and destination handling (RTF 1.9.1).

public enum RTFTextReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.rtf]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        let blocks = try FileBlocks(path: path, limits: limits)
        let head = blocks.next(16)
        guard head.starts(with: Array("{\\rtf".utf8)) else {
            throw DocumentError(code: .damaged, message: "no {\\rtf header")
        }
        var parser = RTFParser(stream: ByteStream(blocks, prefix: head), limits: limits)
        parser.run()
        return parser.builder.finish(kind: kind, encoding: parser.documentEncoding.name, metadata: parser.metadata)
    }
}

/// RTF's \fcharset numbers to Windows code pages, from the package resource.
enum RTFCharsets {
    static let codePages: [Int: Int] = {
        var table: [Int: Int] = [:]
        for line in MarkupResources.lines("rtf-charsets") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let charset = Int(fields[0]), let page = Int(fields[1]) else { continue }
            table[charset] = page
        }
        return table
    }()
}

struct RTFParser {
    /// What the current group's text is for.
    enum Destination: Equatable {
        case body, skip, fontTable, info(String), infoTime(String)
    }

    struct Group {
        var destination = Destination.body
        var font: Int?
        var unicodeSkip = 1
        var fontTableEntry: Int?
        var fontCharset: Int?
    }

    static let maxDepth = 512
    static let maxWordLetters = 32
    static let maxInfoBytes = 4096

    var stream: ByteStream
    var builder: TextBuilder
    var metadata: [String: String] = [:]
    var documentEncoding = TextEncoding.windows1252
    private var group = Group()
    private var stack: [Group] = []
    /// Groups past the depth bound are counted, not kept: their text is still read in the enclosing state.
    private var overflowDepth = 0
    private var fontCodePages: [Int: Int] = [:]
    private var pendingBytes: [UInt8] = []
    private var pendingEncoding: TextEncoding?
    private var skipCount = 0
    private var highSurrogate: UInt32?
    private var ignorableNext = false
    private var infoText: [UInt8] = []
    private var infoValue = ""
    private var uprDestination: Destination?
    /// Code page → encoding, looked up once per page rather than once per byte.
    private var codePageEncodings: [Int: TextEncoding?] = [:]
    private var infoTime: [String: Int] = [:]
    private var decoders: [String: StreamingTextDecoder] = [:]

    init(stream: ByteStream, limits: DocumentLimits) {
        self.stream = stream
        builder = TextBuilder(maxBytes: limits.maxTextBytes)
    }

    mutating func run() {
        while !builder.isFull, let byte = stream.next() {
            switch byte {
            case UInt8(ascii: "{"):
                flush()
                skipCount = 0
                if stack.count >= RTFParser.maxDepth {
                    if overflowDepth == 0 { builder.note("RTF groups nested deeper than \(RTFParser.maxDepth); deeper structure ignored") }
                    overflowDepth = min(overflowDepth + 1, Int.max - 1)
                } else {
                    stack.append(group)
                    group.fontTableEntry = nil
                }
            case UInt8(ascii: "}"):
                flush()
                skipCount = 0
                if overflowDepth > 0 {
                    overflowDepth -= 1
                } else if let outer = stack.popLast() {
                    endGroup(outer)
                    group = outer
                }
            case UInt8(ascii: "\\"):
                controlSequence()
            case 0x0D, 0x0A:
                break
            default:
                if skipCount > 0 { skipCount -= 1; continue }
                textByte(byte)
            }
        }
        flush()
        if !stack.isEmpty && !builder.isFull { builder.note("RTF ends inside \(stack.count) open groups (truncated file)") }
    }

    // MARK: tokens

    private mutating func controlSequence() {
        guard let first = stream.peek() else { return }
        guard isLetter(first) else {
            _ = stream.next()
            controlSymbol(first)
            return
        }
        var word: [UInt8] = []
        while let c = stream.peek(), isLetter(c) {
            _ = stream.next()
            if word.count < RTFParser.maxWordLetters { word.append(c) }
        }
        var parameter: Int?
        var negative = false
        if stream.peek() == UInt8(ascii: "-") {
            _ = stream.next()
            negative = true
        }
        var digits = 0
        var value = 0
        while let c = stream.peek(), c >= 0x30, c <= 0x39 {
            _ = stream.next()
            digits += 1
            // Saturate: "\u99999999999" is read as a very large number, never as an overflow trap.
            value = min(value &* 10 &+ Int(c - 0x30), 1 << 40)
        }
        if digits > 0 { parameter = negative ? -value : value }
        if stream.peek() == 0x20 { _ = stream.next() }
        controlWord(String(decoding: word, as: UTF8.self), parameter)
    }

    private mutating func controlSymbol(_ symbol: UInt8) {
        switch symbol {
        case UInt8(ascii: "'"):
            guard let high = stream.next(), let low = stream.next(), let byte = hexByte(high, low) else { return }
            if skipCount > 0 { skipCount -= 1; return }
            textByte(byte)
        case UInt8(ascii: "*"):
            ignorableNext = true
        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            if skipCount > 0 { skipCount -= 1; return }
            textByte(symbol)
        case UInt8(ascii: "~"):
            if skipCount > 0 { skipCount -= 1; return }
            text("\u{00A0}")
        case UInt8(ascii: "_"):
            if skipCount > 0 { skipCount -= 1; return }
            text("\u{2011}")
        case 0x0A, 0x0D:
            paragraph()
        case UInt8(ascii: "\t"):
            text("\t")
        default:
            if skipCount > 0 { skipCount -= 1 }
        }
    }

    private mutating func controlWord(_ word: String, _ parameter: Int?) {
        let ignorable = ignorableNext
        ignorableNext = false
        if skipCount > 0 && word != "bin" {
            // A control word stands for one character of a \u fallback.
            skipCount -= 1
            return
        }
        guard let action = RTFParser.actions[word] else {
            if ignorable {
                flush()
                group.destination = .skip
            }
            return
        }
        switch action {
        case .paragraph:
            paragraph()
        case .character(let character):
            text(character)
        case .unicode:
            guard let parameter else { return }
            unicode(parameter)
        case .unicodeSkip:
            group.unicodeSkip = min(max(parameter ?? 1, 0), 16)
        case .codePage:
            if let parameter, let encoding = TextEncoding.codePage(parameter) { documentEncoding = encoding }
        case .characterSet(let label):
            documentEncoding = TextEncoding.labelled(label) ?? documentEncoding
        case .font:
            if group.destination == .fontTable {
                group.fontTableEntry = parameter
            } else {
                flush()
                group.font = parameter
            }
        case .fontCharset:
            if group.destination == .fontTable, let entry = group.fontTableEntry, let parameter,
               let page = RTFCharsets.codePages[parameter], fontCodePages.count < 10_000 {
                fontCodePages[entry] = page
            }
        case .binary:
            // Binary data of the given length follows; skipped unread (a negative or absent length skips nothing).
            flush()
            if let parameter, parameter > 0 { stream.skip(Int64(parameter)) }
        case .unicodeAlternatives:
            // \upr holds an ANSI and a Unicode (\ud) spelling of the same text: keep only the Unicode one.
            flush()
            uprDestination = group.destination
            group.destination = .skip
        case .unicodeSpelling:
            if let outer = uprDestination { group.destination = outer }
        case .fontTable:
            flush()
            group.destination = .fontTable
        case .info:
            flush()
            group.destination = .info("")
        case .infoField:
            if case .info = group.destination {
                infoText = []
                infoValue = ""
                group.destination = .info(word)
            } else if ignorable {
                group.destination = .skip
            }
        case .infoTime:
            if case .info = group.destination {
                infoTime = [:]
                group.destination = .infoTime(word)
            } else {
                group.destination = .skip
            }
        case .timePart:
            if case .infoTime = group.destination, let parameter { infoTime[word] = min(max(parameter, 0), 9999) }
        case .skippedDestination:
            flush()
            group.destination = .skip
        case .textDestination:
            if ignorable { group.destination = .skip }
        }
    }

    /// What a control word does; words not listed are formatting, ignored (or skipped with their group after \*).
    enum Action {
        case paragraph, character(String), unicode, unicodeSkip, codePage, characterSet(String), font, fontCharset
        case binary, unicodeAlternatives, unicodeSpelling, fontTable, info, infoField, infoTime, timePart
        case skippedDestination, textDestination
    }

    static let actions: [String: Action] = {
        var table: [String: Action] = [
            "tab": .character("\t"), "cell": .character("\t"), "nestcell": .character("\t"),
            "emdash": .character("\u{2014}"), "endash": .character("\u{2013}"), "bullet": .character("\u{2022}"),
            "lquote": .character("\u{2018}"), "rquote": .character("\u{2019}"), "ldblquote": .character("\u{201C}"),
            "rdblquote": .character("\u{201D}"), "u": .unicode, "uc": .unicodeSkip, "ansicpg": .codePage,
            "mac": .characterSet("macintosh"), "pc": .characterSet("ibm437"), "pca": .characterSet("ibm850"),
            "f": .font, "fcharset": .fontCharset, "bin": .binary, "upr": .unicodeAlternatives, "ud": .unicodeSpelling,
            "fonttbl": .fontTable, "info": .info, "listtext": .textDestination, "shppict": .textDestination,
        ]
        for word in ["par", "sect", "page", "row", "line", "lbr"] { table[word] = .paragraph }
        for word in ["title", "author", "subject", "keywords", "operator", "company", "manager", "category", "doccomm",
                     "comment"] { table[word] = .infoField }
        for word in ["creatim", "revtim", "printim", "buptim"] { table[word] = .infoTime }
        for word in ["yr", "mo", "dy", "hr", "min", "sec"] { table[word] = .timePart }
        for word in ["colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "pict", "objdata",
                     "themedata", "colorschememapping", "datastore", "latentstyles", "xmlnstbl", "generator", "filetbl",
                     "fldinst", "pntxta", "pntxtb", "pn", "ftnsep", "ftnsepc", "aftnsep", "mmathPr", "wgrffmtfilter",
                     "pgdsctbl", "fchars", "lchars", "xe", "tc", "bkmkstart", "bkmkend", "protusertbl", "userprops",
                     "docvar", "private", "nonshppict", "blipuid", "panose", "falt", "fontemb", "fontfile",
                     "passwordhash", "background"] {
            table[word] = .skippedDestination
        }
        return table
    }()

    // MARK: text

    private mutating func textByte(_ byte: UInt8) {
        switch group.destination {
        case .body:
            let encoding = currentEncoding()
            if pendingEncoding != encoding { flush() }
            pendingEncoding = encoding
            pendingBytes.append(byte)
            if pendingBytes.count >= 4096 { flush() }
        case .info:
            if infoText.count < RTFParser.maxInfoBytes { infoText.append(byte) }
        case .skip, .fontTable, .infoTime:
            break
        }
    }

    private mutating func text(_ string: String) {
        switch group.destination {
        case .body:
            flush()
            builder.append(string)
        case .info:
            if infoValue.utf8.count < RTFParser.maxInfoBytes { infoValue += documentEncoding.decode(infoText) + string }
            infoText = []
        default:
            break
        }
    }

    private mutating func paragraph() {
        guard group.destination == .body else { return }
        flush()
        builder.append("\n")
    }

    private mutating func unicode(_ parameter: Int) {
        // \uN is a signed 16-bit value; anything else is out of range and becomes U+FFFD.
        var value = parameter < 0 ? parameter + 65536 : parameter
        if value < 0 || value > 0xFFFF { value = 0xFFFD }
        let code = UInt32(value)
        skipCount = group.unicodeSkip
        if code >= 0xD800 && code <= 0xDBFF {
            highSurrogate = code
            return
        }
        var scalar: Unicode.Scalar?
        if code >= 0xDC00 && code <= 0xDFFF {
            if let high = highSurrogate { scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) }
        } else {
            scalar = Unicode.Scalar(code)
        }
        highSurrogate = nil
        guard group.destination == .body || isInfo else { return }
        text(String(scalar ?? "\u{FFFD}"))
    }

    private var isInfo: Bool {
        if case .info = group.destination { return true }
        return false
    }

    private mutating func currentEncoding() -> TextEncoding {
        guard let font = group.font, let page = fontCodePages[font], page != 0 else { return documentEncoding }
        if let known = codePageEncodings[page] { return known ?? documentEncoding }
        let encoding = TextEncoding.codePage(page)
        codePageEncodings[page] = .some(encoding)
        return encoding ?? documentEncoding
    }

    private mutating func flush() {
        guard !pendingBytes.isEmpty, let encoding = pendingEncoding else { return }
        let decoder: StreamingTextDecoder
        if let known = decoders[encoding.name] {
            decoder = known
        } else {
            decoder = StreamingTextDecoder(encoding)
            decoders[encoding.name] = decoder
        }
        builder.append(decoder.decode(pendingBytes) + decoder.finish())
        pendingBytes.removeAll(keepingCapacity: true)
    }

    private mutating func endGroup(_ outer: Group) {
        switch group.destination {
        case .info(let field) where !field.isEmpty && outer.destination != group.destination:
            let value = (infoValue + documentEncoding.decode(infoText)).prefix(RTFParser.maxInfoBytes).trimmingSpaces()
            if !value.isEmpty && metadata[field] == nil { metadata[field] = value }
            infoText = []
            infoValue = ""
        case .infoTime(let field) where outer.destination != group.destination:
            if let stamp = RTFParser.timestamp(infoTime) {
                let key = ["creatim": "created", "revtim": "modified", "printim": "printed", "buptim": "backed-up"][field] ?? field
                metadata[key] = stamp
            }
        default:
            break
        }
    }

    /// RTF times carry no zone (they are the writer's local clock), so none is claimed: "2004-02-12T10:25:00".
    static func timestamp(_ parts: [String: Int]) -> String? {
        guard let year = parts["yr"], year > 0 else { return nil }
        let fields = [year, parts["mo"] ?? 1, parts["dy"] ?? 1, parts["hr"] ?? 0, parts["min"] ?? 0, parts["sec"] ?? 0]
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(fields[0], 4))-\(pad(fields[1], 2))-\(pad(fields[2], 2))T\(pad(fields[3], 2)):\(pad(fields[4], 2)):\(pad(fields[5], 2))"
    }

    private func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }

    private func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        guard let h = nibble(high), let l = nibble(low) else { return nil }
        return h << 4 | l
    }
}
