// A tolerant, streaming HTML-to-text converter (no DOM): tags dropped, blocks as lines, entities decoded.

/// A struct, not a class: per-scalar state changes then need no runtime exclusivity checks.
/// Feed decoded HTML in pieces of any size; each call returns the text those pieces completed. Memory stays bounded
/// whatever the input: tag, entity and title buffers have fixed caps.
struct HTMLTextStripper {
    private enum State {
        case text, tagStart, tag, declaration, comment, bogus, cdata, rawText
    }

    private static let maxTagScalars = 4096
    private static let maxEntityScalars = 40
    private static let maxTitleScalars = 2048
    /// Elements whose end starts a new line (the start too, for most of them).
    private static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "li", "legend", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "tr", "ul", "br", "option", "frameset", "noscript", "menu", "dir", "listing", "plaintext", "xmp",
    ]

    private var state = State.text
    private var out = ""
    private var atLineStart = true
    private var pendingSpace = false
    private var tag: [Unicode.Scalar] = []
    private var quote: Unicode.Scalar?
    private var entity: [Unicode.Scalar]?
    private var declaration = ""
    private var tail: (Unicode.Scalar?, Unicode.Scalar?) = (nil, nil)
    private var cdataTail: [Unicode.Scalar] = []
    /// While in `.rawText`: the end tag looked for ("</script"), how much of it has matched, whether it is the title.
    private var rawEnd: [Unicode.Scalar] = []
    private var rawMatched = 0
    private var capturingTitle = false
    private var titleScalars: [Unicode.Scalar] = []
    private var preDepth = 0
    private var templateDepth = 0
    private var inHead = false
    private var sawBody = false

    /// The document's <title>, entities decoded and whitespace collapsed.
    private(set) var title: String?

    mutating func feed(_ piece: String) -> String {
        for scalar in piece.unicodeScalars { consume(scalar) }
        defer { out = "" }
        return out
    }

    mutating func finish() -> String {
        if let pending = entity { entity = nil; resolveEntity(pending, terminated: false) }
        if state == .tagStart { emit("<") }
        state = .text
        defer { out = "" }
        return out
    }

    private mutating func consume(_ c: Unicode.Scalar) {
        switch state {
        case .text:
            if entity != nil { entityScalar(c); return }
            if c == "<" { state = .tagStart } else if c == "&" { entity = [] } else { emit(c) }
        case .tagStart:
            if isLetter(c) || c == "/" {
                tag = [c]
                quote = nil
                state = .tag
            } else if c == "!" {
                declaration = ""
                state = .declaration
            } else if c == "?" {
                state = .bogus
            } else {
                state = .text
                emit("<")
                consume(c)
            }
        case .tag:
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                // Only an attribute value opens a quote; a stray quote in a tag name does not.
                if tag.last == "=" || (tag.last.map(isSpace) ?? false) && tag.contains("=") { quote = c }
            } else if c == ">" {
                state = .text
                handleTag()
                return
            }
            if tag.count < HTMLTextStripper.maxTagScalars { tag.append(c) }
        case .declaration:
            declaration.unicodeScalars.append(c)
            if declaration == "--" {
                tail = (nil, nil)
                state = .comment
            } else if declaration == "[CDATA[" {
                cdataTail = []
                state = .cdata
            } else if !"[CDATA[".hasPrefix(declaration) && !"--".hasPrefix(declaration) {
                state = c == ">" ? .text : .bogus
            }
        case .comment:
            if c == ">" && tail.0 == "-" && tail.1 == "-" { state = .text; return }
            tail = (tail.1, c)
        case .bogus:
            if c == ">" { state = .text }
        case .cdata:
            // Held back two scalars: they are the "]]" of "]]>" when a '>' follows.
            if c == ">" && cdataTail == ["]", "]"] {
                cdataTail = []
                state = .text
                return
            }
            cdataTail.append(c)
            if cdataTail.count > 2 { emit(cdataTail.removeFirst()) }
        case .rawText:
            if capturingTitle && titleScalars.count < HTMLTextStripper.maxTitleScalars { titleScalars.append(c) }
            let lower = lowercased(c)
            if lower == rawEnd[rawMatched] {
                rawMatched += 1
            } else {
                rawMatched = lower == "<" ? 1 : 0
            }
            if rawMatched == rawEnd.count {
                if capturingTitle { finishTitle() }
                tag = Array(rawEnd.dropFirst())
                quote = nil
                state = .tag
            }
        }
    }

    // MARK: tags

    private mutating func handleTag() {
        var name = ""
        var index = 0
        let closing = tag.first == "/"
        if closing { index = 1 }
        while index < tag.count, !isSpace(tag[index]), tag[index] != "/", tag[index] != ">" {
            name.unicodeScalars.append(lowercased(tag[index]))
            index += 1
        }
        switch name {
        case "script", "style", "xmp", "iframe", "noembed", "noframes":
            if !closing { startRawText(name, title: false) }
            return
        case "title":
            if !closing { startRawText(name, title: title == nil) }
            return
        case "template":
            templateDepth = closing ? max(0, templateDepth - 1) : min(templateDepth + 1, 1000)
            return
        case "head":
            inHead = !closing && !sawBody
            return
        case "body":
            inHead = false
            sawBody = true
        case "pre", "listing", "textarea":
            preDepth = closing ? max(0, preDepth - 1) : min(preDepth + 1, 1000)
        case "td", "th":
            if !closing && !atLineStart { out += "\t"; pendingSpace = false }
            return
        case "img", "area":
            if !closing, let alt = attribute("alt", in: tag), !alt.isEmpty { emitText("[" + alt + "]") }
            return
        default:
            break
        }
        if HTMLTextStripper.blocks.contains(name) {
            if inHead && !closing { inHead = false }
            newline()
        }
    }

    private mutating func startRawText(_ name: String, title: Bool) {
        rawEnd = Array(("</" + name).unicodeScalars)
        rawMatched = 0
        capturingTitle = title
        titleScalars = []
        state = .rawText
    }

    private mutating func finishTitle() {
        capturingTitle = false
        let raw = titleScalars.dropLast(rawEnd.count)
        var text = String(String.UnicodeScalarView(raw))
        var inner = HTMLTextStripper()
        text = inner.feed(text) + inner.finish()
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        if !collapsed.isEmpty { title = collapsed }
        titleScalars = []
    }

    /// A quoted or bare attribute value, entities decoded.
    private func attribute(_ wanted: String, in tag: [Unicode.Scalar]) -> String? {
        let text = String(String.UnicodeScalarView(tag))
        let lower = text.lowercased()
        guard let range = lower.range(of: " " + wanted + "=") ?? lower.range(of: "\n" + wanted + "=") else { return nil }
        var rest = text[range.upperBound...]
        var value: Substring
        if let first = rest.first, first == "\"" || first == "'" {
            rest = rest.dropFirst()
            value = rest.prefix(while: { $0 != first })
        } else {
            value = rest.prefix(while: { !$0.isWhitespace && $0 != ">" && $0 != "/" })
        }
        value = value.prefix(512)
        var inner = HTMLTextStripper()
        return (inner.feed(String(value)) + inner.finish()).trimmingSpaces()
    }

    // MARK: text

    private var suppressed: Bool { templateDepth > 0 || inHead }

    private mutating func emit(_ c: Unicode.Scalar) {
        // Text cannot be in <head> (its text-bearing elements are raw text): as in browsers, it opens the body.
        if inHead && !isSpace(c) { inHead = false }
        guard !suppressed else { return }
        if preDepth > 0 {
            if c == "\r" { return }
            out.unicodeScalars.append(c)
            atLineStart = c == "\n"
            pendingSpace = false
            return
        }
        if isSpace(c) {
            pendingSpace = true
            return
        }
        if pendingSpace && !atLineStart { out += " " }
        pendingSpace = false
        out.unicodeScalars.append(c == "\u{00A0}" ? " " : c)
        atLineStart = false
    }

    private mutating func emitText(_ text: String) {
        for scalar in text.unicodeScalars { emit(scalar) }
    }

    private mutating func newline() {
        guard !suppressed else { return }
        if !atLineStart { out += "\n" }
        atLineStart = true
        pendingSpace = false
    }

    // MARK: character references

    private mutating func entityScalar(_ c: Unicode.Scalar) {
        guard var pending = entity else { return }
        let numericStart = pending.first == "#"
        let accepts: Bool
        if pending.isEmpty {
            accepts = c == "#" || isLetter(c) || isDigit(c)
        } else if numericStart {
            accepts = isHexDigit(c) || (pending.count == 1 && (c == "x" || c == "X"))
        } else {
            accepts = isLetter(c) || isDigit(c)
        }
        if accepts && pending.count < HTMLTextStripper.maxEntityScalars {
            pending.append(c)
            entity = pending
            return
        }
        entity = nil
        if c == ";" {
            resolveEntity(pending, terminated: true)
        } else {
            resolveEntity(pending, terminated: false)
            consume(c)
        }
    }

    private mutating func resolveEntity(_ body: [Unicode.Scalar], terminated: Bool) {
        let literal = "&" + String(String.UnicodeScalarView(body)) + (terminated ? ";" : "")
        if body.first == "#" {
            guard let scalar = HTMLEntities.numeric(body.dropFirst()) else { emitText(literal); return }
            emit(scalar)
            return
        }
        let name = String(String.UnicodeScalarView(body))
        if terminated, let value = HTMLEntities.named[name + ";"] {
            emitText(value)
            return
        }
        // Legacy references work without ';' and as a prefix ("&copy2024", "&notit;").
        var length = body.count
        while length >= 2 {
            let prefix = String(String.UnicodeScalarView(body.prefix(length)))
            if let value = HTMLEntities.named[prefix] {
                emitText(value + String(String.UnicodeScalarView(body.dropFirst(length))) + (terminated ? ";" : ""))
                return
            }
            length -= 1
        }
        emitText(literal)
    }

    // MARK: character classes (ASCII only: HTML syntax is ASCII)

    private func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private func isHexDigit(_ c: Unicode.Scalar) -> Bool { isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F") }
    private func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
    private func lowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c >= "A" && c <= "Z" ? Unicode.Scalar(c.value + 32) ?? c : c
    }
}

/// HTML character references: the named table from the package resource, numeric ones bounded.
enum HTMLEntities {
    static let named: [String: String] = {
        var table: [String: String] = [:]
        for line in MarkupResources.lines("html-entities") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }
            var value = ""
            for hex in fields[1].split(separator: " ") {
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) { value.unicodeScalars.append(scalar) }
            }
            table[String(fields[0])] = value
        }
        return table
    }()

    /// The scalar of "#123" / "#x1F600" (given without '#'); out-of-range values become U+FFFD, C1 controls the
    /// windows-1252 characters browsers show for them. Nil when there are no digits.
    static func numeric(_ digits: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
        var rest = digits
        var radix: UInt32 = 10
        if let first = rest.first, first == "x" || first == "X" { radix = 16; rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var value: UInt32 = 0
        for c in rest {
            guard let digit = UInt32(String(c), radix: Int(radix)) else { return nil }
            // Saturate just past the Unicode range: "&#99999999999;" is one replacement character, not an overflow.
            value = min(0x11_0000, value &* radix &+ digit)
            if value == 0x11_0000 { break }
        }
        if value == 0 || value >= 0x11_0000 || (value >= 0xD800 && value <= 0xDFFF) { return "\u{FFFD}" }
        if value >= 0x80 && value <= 0x9F {
            let mapped = TextEncoding.windows1252.decode([UInt8(value)])
            return mapped.unicodeScalars.first.flatMap { $0.value == 0xFFFD ? nil : $0 } ?? Unicode.Scalar(value)
        }
        return Unicode.Scalar(value)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
