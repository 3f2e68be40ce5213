// Which document kind a file is, from its first bytes and its name (libmagic's MIME type as a hint).

public enum DocumentKindDetection {
    private static let byExtension: [String: DocumentKind] = [
        "txt": .text, "text": .text, "csv": .text, "tsv": .text, "md": .text, "log": .text,
        "htm": .html, "html": .html, "xhtml": .html, "mht": .eml, "mhtml": .eml, "rtf": .rtf,
        "docx": .docx, "docm": .docx, "dotx": .docx, "xlsx": .xlsx, "xlsm": .xlsx, "xltx": .xlsx,
        "pptx": .pptx, "pptm": .pptx, "potx": .pptx, "odt": .odt, "ods": .ods, "odp": .odp,
        "pdf": .pdf, "eml": .eml, "mbox": .mbox, "mbx": .mbox, "doc": .doc, "dot": .doc, "xls": .xls, "xlt": .xls,
    ]

    /// The kind, or nil when the file is not a document Custody reads text from.
    public static func kind(head: [UInt8], name: String, mimeType: String? = nil) -> DocumentKind? {
        let ext = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
        let named = byExtension[ext]
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: Array("{\\rtf".utf8)) { return .rtf }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            if let named, [.docx, .xlsx, .pptx, .odt, .ods, .odp].contains(named) { return named }
            return openDocumentKind(head) ?? officeOpenXMLKind(head)
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return named == .doc || named == .xls ? named : compoundFileKind(head)
        }
        if head.starts(with: Array("From ".utf8)) && (named == .mbox || named == nil || named == .text) { return .mbox }
        if named == nil || named == .text {
            if looksLikeHTML(head) { return .html }
            if looksLikeMail(head) { return .eml }
        }
        switch mimeType {
        case "message/rfc822": return .eml
        case "text/html": return .html
        case "text/rtf": return .rtf
        case "application/pdf": return .pdf
        default: break
        }
        return named
    }

    /// A page that opens with a doctype or an <html> tag (after a BOM and blanks), whatever it is called.
    private static func looksLikeHTML(_ head: [UInt8]) -> Bool {
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, [0x20, 0x09, 0x0D, 0x0A].contains(head[start]) { start += 1 }
        let opening = head[start..<min(head.count, start + 14)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        return opening.starts(with: Array("<!doctype html".utf8)) || opening.starts(with: Array("<html".utf8))
    }

    private static let mailHeaders: Set<String> = [
        "received", "return-path", "from", "to", "cc", "subject", "date", "message-id", "mime-version",
        "delivered-to", "reply-to", "sender", "x-mailer", "user-agent", "in-reply-to", "references", "content-type",
        "x-original-to", "dkim-signature", "authentication-results", "thread-index", "x-gm-thrid",
    ]

    /// A saved message without an extension: its first lines are header fields, two or more of them mail's own.
    private static func looksLikeMail(_ head: [UInt8]) -> Bool {
        var known: Set<String> = []
        for (number, line) in head.prefix(8192).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(64).enumerated() {
            if line.isEmpty || line == [0x0D] { break }
            if let first = line.first, first == 0x20 || first == 0x09 { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                if number == 0 { return false }
                break
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            if mailHeaders.contains(name) { known.insert(name) }
        }
        return known.count >= 2
    }

    /// An OOXML package names its parts in the local headers: package parts (`[Content_Types].xml`, `_rels/`,
    /// `docProps/`) beside `word/`, `xl/` or `ppt/` tell Word from Excel from PowerPoint when the head reaches them.
    private static func officeOpenXMLKind(_ head: [UInt8]) -> DocumentKind? {
        let localHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        var isPackage = false
        var kind: DocumentKind?
        for start in 0..<max(0, head.count - 34) where head[start..<(start + 4)].elementsEqual(localHeader) {
            let name = head[(start + 30)...]
            if name.starts(with: "[Content_Types].xml".utf8) || name.starts(with: "_rels/".utf8)
                || name.starts(with: "docProps/".utf8) {
                isPackage = true
            } else if kind == nil {
                if name.starts(with: "word/".utf8) { kind = .docx }
                if name.starts(with: "xl/".utf8) { kind = .xlsx }
                if name.starts(with: "ppt/".utf8) { kind = .pptx }
            }
            if isPackage, let kind { return kind }
        }
        return nil
    }

    /// A Compound File's directory names its streams in UTF-16LE; in small files it lies within the head.
    private static func compoundFileKind(_ head: [UInt8]) -> DocumentKind? {
        func has(_ name: String) -> Bool {
            let needle = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            guard head.count >= needle.count else { return false }
            return (0...(head.count - needle.count)).contains { head[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        if has("EncryptedPackage") { return nil }
        if has("WordDocument") { return .doc }
        if has("Workbook") { return .xls }
        return nil
    }

    /// ODF stores its MIME type uncompressed as the first member, `mimetype`.
    private static func openDocumentKind(_ head: [UInt8]) -> DocumentKind? {
        guard head.count > 38, head[30..<38].elementsEqual(Array("mimetype".utf8)) else { return nil }
        let rest = String(decoding: head[38..<min(head.count, 120)], as: UTF8.self)
        if rest.hasPrefix("application/vnd.oasis.opendocument.text") { return .odt }
        if rest.hasPrefix("application/vnd.oasis.opendocument.spreadsheet") { return .ods }
        if rest.hasPrefix("application/vnd.oasis.opendocument.presentation") { return .odp }
        return nil
    }
}
