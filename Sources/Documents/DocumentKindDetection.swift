// Which document kind a file is, from its first bytes and its name (libmagic's MIME type as a hint).

public enum DocumentKindDetection {
    private static let byExtension: [String: DocumentKind] = [
        "txt": .text, "text": .text, "csv": .text, "tsv": .text, "md": .text, "log": .text,
        "htm": .html, "html": .html, "xhtml": .html, "mht": .html, "rtf": .rtf,
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
            return openDocumentKind(head)
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return named == .doc || named == .xls ? named : nil
        }
        if head.starts(with: Array("From ".utf8)) && (named == .mbox || named == nil || named == .text) { return .mbox }
        switch mimeType {
        case "message/rfc822": return .eml
        case "text/html": return .html
        case "text/rtf": return .rtf
        case "application/pdf": return .pdf
        default: break
        }
        return named
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
