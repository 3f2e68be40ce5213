// Text of PDF documents through Poppler, one section per page.

public enum PDFTextReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.pdf]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        try DocumentInput.checkSize(path: path, limits: limits)
        let document = try PopplerDocument(path: path)
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        let pages = document.pageCount
        // Page by page: only one page's text is held at a time.
        for index in 0..<pages {
            if builder.isFull { break }
            if index >= limits.maxParts {
                builder.note("page limit of \(limits.maxParts) reached; \(pages - index) pages not read")
                break
            }
            builder.beginSection("page \(index + 1)")
            if let text = document.pageText(index) { builder.append(text) }
        }
        if pages == 0 { builder.note("the PDF has no pages") }
        var metadata = document.metadata
        metadata["pages"] = String(pages)
        return builder.finish(kind: kind, metadata: metadata)
    }
}
