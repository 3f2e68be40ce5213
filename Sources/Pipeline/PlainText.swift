// The fast path of type identification: recognises plain text that carries no format marker, which libmagic 5.44
// would otherwise spend about a millisecond on (its text rules compile regexes on every call).

import Magic

enum PlainText {
    /// Bytes at the start of text that some format may claim (markup, scripts, mail, PEM, PostScript…):
    /// such text goes to libmagic.
    private static let markerBytes: Set<UInt8> = Set("<{[#%\\@.!/;:$-*=(\"'`".utf8)
    private static let markerPrefixes: [[UInt8]] = [
        "BEGIN:", "From ", "From:", "Return-Path:", "Received:", "MIME-Version:", "Content-", "Subject:", "Date:", "To:",
        "Message-ID", "Path:", "Article ", "Newsgroups:", "Relay-Version:", "X-", "import ", "package ", "module ",
        "function ", "def ", "class ", "var ", "const ", "let ", "use ", "program ", "PROGRAM", "SUBROUTINE",
        "begin", "BEGIN", "This is TeX", "PK", "MZ", "%PDF", "{\\rtf", "Index:", "diff ", "commit ", "---", "***",
    ].map { Array($0.utf8) }

    /// A libmagic-style result for marker-free plain text; nil when libmagic should decide.
    static func identify(_ head: [UInt8], isWholeContent: Bool) -> MagicResult? {
        guard !head.isEmpty else { return nil }
        var nonASCII = false
        var index = 0
        let count = head.count
        var sawCR = false, sawLF = false, sawCRLF = false
        var lineLength = 0, longestLine = 0
        while index < count {
            let byte = head[index]
            if byte < 0x80 {
                switch byte {
                case 0x0A:
                    sawLF = true
                    if index > 0 && head[index - 1] == 0x0D { sawCRLF = true }
                    longestLine = max(longestLine, lineLength)
                    lineLength = 0
                case 0x0D:
                    sawCR = true
                    longestLine = max(longestLine, lineLength)
                    lineLength = 0
                case 0x09, 0x0C:
                    lineLength += 1
                case 0x20..<0x7F:
                    lineLength += 1
                default:
                    // NUL, escape, backspace and other controls: binary, or text with effects libmagic names.
                    return nil
                }
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return nil
            }
            if index + length > count {
                // A character cut by the end of the head is fine; cut by the end of the file it is not UTF-8.
                if isWholeContent { return nil }
                break
            }
            for offset in 1..<length where head[index + offset] & 0xC0 != 0x80 { return nil }
            nonASCII = true
            lineLength += 1
            index += length
        }
        longestLine = max(longestLine, lineLength)
        guard let first = head.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        if markerBytes.contains(head[first]) { return nil }
        let rest = head[first...]
        if markerPrefixes.contains(where: { rest.starts(with: $0) }) { return nil }

        var description = nonASCII ? "Unicode text, UTF-8 text" : "ASCII text"
        if longestLine > 300 { description += ", with very long lines (\(longestLine))" }
        if sawCRLF && !(sawCR && !sawLF) {
            description += ", with CRLF line terminators"
        } else if sawCR && !sawLF {
            description += ", with CR line terminators"
        } else if !sawLF && !sawCR {
            description += ", with no line terminators"
        }
        return MagicResult(mime: "text/plain", description: description)
    }
}
