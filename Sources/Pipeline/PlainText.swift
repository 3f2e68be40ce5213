// The fast path of type identification: names marker-free plain text and troff, which libmagic 5.44 would
// otherwise spend about a millisecond each on (its text rules compile regexes on every call). Anything it is not
// sure of goes to libmagic; a test measures its agreement with libmagic on real text.

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
        "WEBVTT", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "PF", "Pf",
    ].map { Array($0.utf8) }
    /// libmagic's troff rules: these openings at the start of the file.
    private static let troffOpenings: [[UInt8]] = [".\\\"", "'\\\"", "'.\\\"", "\\\"", "''"].map { Array($0.utf8) }

    /// A libmagic-style result for plain text or troff; nil when libmagic should decide.
    static func identify(_ head: [UInt8], isWholeContent: Bool) -> MagicResult? {
        guard !head.isEmpty else { return nil }
        // A byte-order mark is described by libmagic ("with BOM"); leave it to libmagic.
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
        var nonASCII = false
        var index = 0
        let count = head.count
        var crlf = 0, bareLF = 0, bareCR = 0
        var lineLength = 0, longestLine = 0
        while index < count {
            let byte = head[index]
            if byte < 0x80 {
                switch byte {
                case 0x0A:
                    if index > 0 && head[index - 1] == 0x0D { crlf += 1 } else { bareLF += 1 }
                    longestLine = max(longestLine, lineLength)
                    lineLength = 0
                case 0x0D:
                    if index + 1 >= count || head[index + 1] != 0x0A { bareCR += 1 }
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
        // Mixed line endings get a description of their own from libmagic.
        if [crlf, bareLF, bareCR].filter({ $0 > 0 }).count > 1 { return nil }

        var suffix = ""
        if longestLine > 300 { suffix += ", with very long lines (\(longestLine))" }
        if crlf > 0 {
            suffix += ", with CRLF line terminators"
        } else if bareCR > 0 {
            suffix += ", with CR line terminators"
        } else if bareLF == 0 {
            suffix += ", with no line terminators"
        }
        let encoding = nonASCII ? "Unicode text, UTF-8 text" : "ASCII text"

        guard let first = head.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        if isTroff(head, firstNonBlank: first) {
            return MagicResult(mime: "text/troff", description: "troff or preprocessor input, " + encoding + suffix)
        }
        if markerBytes.contains(head[first]) { return nil }
        let rest = head[first...]
        if markerPrefixes.contains(where: { rest.starts(with: $0) }) { return nil }
        if looksLikeCSV(head) || hasTroffRequestLine(head) { return nil }
        return MagicResult(mime: "text/plain", description: encoding + suffix)
    }

    /// troff as libmagic sees it: a troff opening at offset 0, or a request line (".XY ") as the first line.
    private static func isTroff(_ head: [UInt8], firstNonBlank: Int) -> Bool {
        if troffOpenings.contains(where: { head.starts(with: $0) }) { return true }
        // Leading blank lines are allowed by libmagic's request-line rule (regex over the first 20 lines).
        guard head[..<firstNonBlank].allSatisfy({ $0 == 0x0A }) else { return false }
        return isRequestLine(head[firstNonBlank...])
    }

    /// ".XY " or ".XY\t" with X and Y alphanumeric: a troff request.
    private static func isRequestLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= 4 else { return false }
        let start = line.startIndex
        func alnum(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        return line[start] == 0x2E && alnum(line[start + 1]) && alnum(line[start + 2]) && (line[start + 3] == 0x20 || line[start + 3] == 0x09)
    }

    /// Any of the first 20 lines being a troff request makes libmagic say troff: leave such text to it.
    private static func hasTroffRequestLine(_ head: [UInt8]) -> Bool {
        var lineStart = 0
        var lines = 0
        while lineStart < head.count && lines < 20 {
            let end = head[lineStart...].firstIndex(of: 0x0A) ?? head.count
            if isRequestLine(head[lineStart..<end]) { return true }
            lineStart = end + 1
            lines += 1
        }
        return false
    }

    /// Two first lines with the same number of commas (or semicolons, or tabs): libmagic may call it CSV.
    private static func looksLikeCSV(_ head: [UInt8]) -> Bool {
        let lines = head.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count >= 2 else { return false }
        for separator: UInt8 in [0x2C, 0x3B, 0x09] {
            let first = lines[0].filter { $0 == separator }.count
            if first > 0 && first == lines[1].filter({ $0 == separator }).count { return true }
        }
        return false
    }
}
