// Text of OpenDocument files (odt, ods, odp): content.xml streamed through the XML scanner, meta.xml properties.

public enum OpenDocumentReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.odt, .ods, .odp]
    /// Repeated rows and cells with text are written out at most this often: a hostile repeat count of 2^31
    /// must not multiply the text (empty repeats, which spreadsheets write to pad sheets, write nothing).
    static let maxRepeats = 256

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        try DocumentInput.checkSize(path: path, limits: limits)
        let package = try ZipPackage(path: path, limits: limits)
        if let manifest = try package.smallMember("META-INF/manifest.xml") {
            var encrypted = false
            XMLTextScanner.scan(manifest) { event in
                if case .start(let tag) = event, tag.name == "encryption-data" { encrypted = true }
                return !encrypted
            }
            if encrypted {
                throw DocumentError(code: .encrypted, message: "\(kind.rawValue) is password-protected (manifest encryption-data)")
            }
        }
        guard package.contains("content.xml") else {
            throw DocumentError(code: .damaged, message: "\(kind.rawValue) without content.xml")
        }
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        if let damage = package.damage { builder.note(damage) }
        var body = BodyState(kind: kind, maxParts: limits.maxParts)
        if kind == .odt { builder.beginSection("body") }
        let note = try package.scanXML("content.xml") { event in
            body.handle(event, &builder)
            return !builder.isFull && !body.stopped
        }
        if let note { builder.note(note) }
        if body.stopped { builder.note("part limit of \(limits.maxParts) reached") }
        var metadata: [String: String] = [:]
        if let meta = try package.smallMember("meta.xml", maxBytes: 1 << 20) {
            metadata = XMLTextScanner.leafProperties(meta, keys: [
                "title": "title", "subject": "subject", "description": "description", "keyword": "keywords",
                "initial-creator": "author", "creator": "lastModifiedBy", "creation-date": "created",
                "date": "modified", "generator": "application",
            ])
        }
        var result = builder.finish(kind: kind, metadata: metadata)
        // Tracked changes come first in content.xml and leave the opening body section empty.
        result.sections.removeAll { $0.label == "body" && $0.length == 0 }
        return result
    }

    /// What content.xml's body has open: counters and small buffers only, whatever the nesting depth.
    private struct BodyState {
        let kind: DocumentKind
        let maxParts: Int
        var stopped = false
        private var inBody = 0
        private var parts = 0
        /// Inside elements whose text is not document text (sequence declarations, forms).
        private var skipped = 0
        // Spreadsheet cells: text buffered per cell and per row so repeats can be written out bounded.
        private var tableDepth = 0
        private var cell: String?
        private var cellRepeat = 1
        private var row = ""
        private var rowCells = 0
        private var rowRepeat = 1
        private var paragraphsInCell = 0
        private var inParagraph = 0

        init(kind: DocumentKind, maxParts: Int) {
            self.kind = kind
            self.maxParts = maxParts
        }

        private var spreadsheet: Bool { kind == .ods && tableDepth > 0 }

        private mutating func text(_ piece: String, _ builder: inout TextBuilder) {
            if spreadsheet {
                if var current = cell, current.utf8.count < 1 << 16 {
                    current += piece
                    cell = current
                }
            } else {
                builder.append(piece)
            }
        }

        private mutating func beginPart(_ label: String, _ builder: inout TextBuilder) {
            parts += 1
            if parts > maxParts { stopped = true; return }
            builder.beginSection(label)
        }

        mutating func handle(_ event: XMLEvent, _ builder: inout TextBuilder) {
            switch event {
            case .start(let tag):
                if tag.name == "body" { inBody += 1 }
                guard inBody > 0 else { return }
                switch tag.name {
                case "sequence-decls", "variable-decls", "forms", "user-field-decls", "named-expressions": skipped += 1
                // Deleted text kept by change tracking: evidence of what was removed, apart from the body.
                case "tracked-changes" where kind == .odt: builder.beginSection("tracked changes")
                case "s" where skipped == 0:
                    let count = Int(tag.attribute("c") ?? "1").map { min(max($0, 1), 1024) } ?? 1
                    text(String(repeating: " ", count: count), &builder)
                case "tab" where skipped == 0: text("\t", &builder)
                case "line-break" where skipped == 0: text("\n", &builder)
                case "table":
                    if kind == .ods && tableDepth == 0 {
                        beginPart("sheet \(tag.attribute("name") ?? String(parts + 1))", &builder)
                    }
                    tableDepth += 1
                case "page" where kind == .odp:
                    beginPart("slide \(parts + 1)", &builder)
                case "table-row" where spreadsheet:
                    row = ""
                    rowCells = 0
                    rowRepeat = repeats(tag.attribute("number-rows-repeated"))
                case "table-cell", "covered-table-cell":
                    if spreadsheet {
                        cell = ""
                        paragraphsInCell = 0
                        cellRepeat = repeats(tag.attribute("number-columns-repeated"))
                    }
                case "p", "h":
                    inParagraph += 1
                    if spreadsheet {
                        if paragraphsInCell > 0 { text(" ", &builder) }
                        paragraphsInCell += 1
                    }
                default: break
                }
            case .end(let name):
                if name == "body" { inBody = max(0, inBody - 1) }
                guard inBody > 0 else { return }
                switch name {
                case "sequence-decls", "variable-decls", "forms", "user-field-decls", "named-expressions":
                    skipped = max(0, skipped - 1)
                case "p", "h":
                    inParagraph = max(0, inParagraph - 1)
                    if !spreadsheet { builder.newline() }
                case "tracked-changes" where kind == .odt: builder.beginSection("body")
                case "table":
                    tableDepth = max(0, tableDepth - 1)
                    builder.newline()
                case "table-cell" where spreadsheet, "covered-table-cell" where spreadsheet:
                    if let value = cell, !value.isEmpty {
                        for _ in 0..<cellRepeat where row.utf8.count < 1 << 20 {
                            if rowCells > 0 { row += "\t" }
                            row += value
                            rowCells += 1
                        }
                    } else if rowCells > 0 {
                        // Empty cells between filled ones keep the columns apart; trailing ones are dropped below.
                        row += String(repeating: "\t", count: min(cellRepeat, 64))
                    }
                    cell = nil
                case "table-row" where spreadsheet:
                    let trimmed = String(row.reversed().drop { $0 == "\t" }.reversed())
                    if !trimmed.isEmpty {
                        for _ in 0..<rowRepeat where !builder.isFull {
                            builder.append(trimmed)
                            builder.append("\n")
                        }
                    }
                    row = ""
                case "table-cell", "covered-table-cell": builder.append("\t")
                case "table-row": builder.newline()
                default: break
                }
            case .text(let piece):
                // Text outside paragraphs is layout whitespace between elements.
                guard inBody > 0, skipped == 0, inParagraph > 0 else { return }
                text(piece, &builder)
            }
        }

        private func repeats(_ value: String?) -> Int {
            guard let value, let count = Int(value) else { return 1 }
            return min(max(count, 1), OpenDocumentReader.maxRepeats)
        }
    }
}
