// Text of Office Open XML documents (docx, xlsx, pptx): parts streamed from the zip through the XML scanner.

public enum OfficeOpenXMLReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.docx, .xlsx, .pptx]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        try DocumentInput.checkSize(path: path, limits: limits)
        // Password-protected OOXML is a Compound File holding EncryptionInfo and EncryptedPackage streams.
        if let compound = try? CompoundFile(path: path, limits: limits) {
            if compound.hasStream("EncryptionInfo") || compound.hasStream("EncryptedPackage") {
                throw DocumentError(code: .encrypted, message: "\(kind.rawValue) is password-protected (EncryptedPackage)")
            }
            // A binary Office file under an OOXML name (renamed, or saved in the old format): read it as what it is.
            let binary: DocumentKind? = compound.hasStream("WordDocument") ? .doc
                : (compound.hasStream("Workbook") || compound.hasStream("Book")) ? .xls : nil
            guard let binary else {
                throw DocumentError(code: .damaged, message: "a Compound File, not an Office Open XML package")
            }
            var result = try LegacyOfficeReader.read(path: path, kind: binary, limits: limits)
            result.notes.insert("read as \(binary.rawValue): the file is a binary Office document, not \(kind.rawValue)", at: 0)
            return result
        }
        let package = try ZipPackage(path: path, limits: limits)
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        if let damage = package.damage { builder.note(damage) }
        switch kind {
        case .docx: try readWord(package, &builder)
        case .xlsx: try readWorkbook(package, &builder)
        case .pptx: try readPresentation(package, &builder)
        default: throw DocumentError(code: .unsupported, message: "\(kind.rawValue) is not Office Open XML")
        }
        let metadata = try coreProperties(package)
        return builder.finish(kind: kind, metadata: metadata)
    }

    // MARK: Word

    private static func readWord(_ package: ZipPackage, _ builder: inout TextBuilder) throws {
        guard package.contains("word/document.xml") else {
            throw DocumentError(code: .damaged, message: "docx without word/document.xml")
        }
        var parts: [(String, String)] = [("word/document.xml", "body")]
        for (prefix, label) in [("word/header", "header"), ("word/footer", "footer")] {
            let names = package.members.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".xml") && !$0.contains("/_rels/") }
            for name in names.sorted(by: numericOrder) {
                parts.append((name, "\(label) \(trailingNumber(name) ?? 1)"))
            }
        }
        for (name, label) in [("word/footnotes.xml", "footnotes"), ("word/endnotes.xml", "endnotes"),
                              ("word/comments.xml", "comments")] where package.contains(name) {
            parts.append((name, label))
        }
        for (index, (name, label)) in parts.enumerated() {
            if builder.isFull { break }
            if index >= package.limits.maxParts {
                builder.note("part limit of \(package.limits.maxParts) reached; \(parts.count - index) parts not read")
                break
            }
            builder.beginSection(label)
            try streamRuns(package, name, &builder)
        }
    }

    /// WordprocessingML and DrawingML share the shape: text in `t` runs, paragraphs `p`, breaks `br`/`cr`, `tab`.
    /// Deleted text (`delText`) is kept: a forensic reader wants what the author removed too.
    private static func streamRuns(_ package: ZipPackage, _ name: String, _ builder: inout TextBuilder) throws {
        var inText = 0
        var inTabStops = 0
        var skipped = 0
        let note = try package.scanXML(name) { event in
            switch event {
            case .start(let tag):
                switch tag.name {
                case "t", "delText": inText += 1
                case "tabs": inTabStops += 1
                case "tab" where inTabStops == 0 && skipped == 0: builder.append("\t")
                case "br", "cr": builder.append("\n")
                // Phonetic guides and field instructions are not document text.
                case "rPh", "instrText": skipped += 1
                default: break
                }
            case .end(let name):
                switch name {
                case "t", "delText": inText = max(0, inText - 1)
                case "tabs": inTabStops = max(0, inTabStops - 1)
                case "rPh", "instrText": skipped = max(0, skipped - 1)
                case "p": builder.newline()
                default: break
                }
            case .text(let text):
                if inText > 0 && skipped == 0 { builder.append(text) }
            }
            return !builder.isFull
        }
        if let note { builder.note(note) }
    }

    // MARK: Excel

    private static func readWorkbook(_ package: ZipPackage, _ builder: inout TextBuilder) throws {
        let limits = package.limits
        let strings = try sharedStrings(package, &builder)
        var sheets = try workbookSheets(package)
        if sheets.isEmpty {
            sheets = package.members.filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") && !$0.contains("/_rels/") }
                .sorted(by: numericOrder).map { ($0, "sheet\(trailingNumber($0) ?? 0)") }
        }
        for (index, (member, name)) in sheets.enumerated() {
            if builder.isFull { break }
            if index >= limits.maxParts {
                builder.note("sheet limit of \(limits.maxParts) reached; \(sheets.count - index) sheets not read")
                break
            }
            guard package.contains(member) else {
                builder.note("sheet \(name): part \(member) missing")
                continue
            }
            builder.beginSection("sheet \(name)")
            try streamSheet(package, member, strings: strings, &builder)
        }
    }

    /// The shared string table, bounded by the text limit: a table larger than what could ever be kept is cut.
    private static func sharedStrings(_ package: ZipPackage, _ builder: inout TextBuilder) throws -> [String] {
        guard package.contains("xl/sharedStrings.xml") else { return [] }
        var strings: [String] = []
        var current = ""
        var inText = 0
        var phonetic = 0
        var stored = 0
        let budget = package.limits.maxTextBytes
        var cut = false
        let note = try package.scanXML("xl/sharedStrings.xml") { event in
            switch event {
            case .start(let tag):
                if tag.name == "si" { current = "" }
                if tag.name == "t" { inText += 1 }
                if tag.name == "rPh" { phonetic += 1 }
            case .end(let name):
                if name == "t" { inText = max(0, inText - 1) }
                if name == "rPh" { phonetic = max(0, phonetic - 1) }
                if name == "si" {
                    stored += current.utf8.count + 16
                    if stored > budget { cut = true; return false }
                    strings.append(current)
                }
            case .text(let text):
                // One string longer than the whole text budget could never be kept whole.
                if inText > 0 && phonetic == 0 && current.utf8.count < budget { current += text }
            }
            return true
        }
        if let note { builder.note(note) }
        if cut { builder.note("shared strings beyond the text limit not kept; later references read as empty") }
        return strings
    }

    /// (member path, sheet name) in workbook order, resolved through the workbook's relationships.
    private static func workbookSheets(_ package: ZipPackage) throws -> [(String, String)] {
        guard let workbook = try package.smallMember("xl/workbook.xml") else { return [] }
        let targets = try relationships(package, of: "xl/workbook.xml")
        var sheets: [(String, String)] = []
        XMLTextScanner.scan(workbook) { event in
            if case .start(let tag) = event, tag.name == "sheet", let name = tag.attribute("name") {
                let member = tag.attribute("id", prefixed: true).flatMap { targets[$0] } ?? "xl/worksheets/sheet\(tag.attribute("sheetId") ?? "").xml"
                sheets.append((member, name))
            }
            return sheets.count < 1_000_000
        }
        return sheets
    }

    private static func streamSheet(_ package: ZipPackage, _ member: String, strings: [String],
                                     _ builder: inout TextBuilder) throws {
        var cellType = ""
        var inValue = false
        var inInline = 0
        var value = ""
        var cellsInRow = 0
        let note = try package.scanXML(member) { event in
            switch event {
            case .start(let tag):
                switch tag.name {
                case "row": cellsInRow = 0
                case "c":
                    cellType = tag.attribute("t") ?? "n"
                    value = ""
                case "v": inValue = true
                case "is": inInline += 1
                default: break
                }
            case .end(let name):
                switch name {
                case "v": inValue = false
                case "is": inInline = max(0, inInline - 1)
                case "c":
                    var shown = value
                    if cellType == "s" {
                        let index = Int(value.trimmedWhitespace())
                        shown = index.flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
                    } else if cellType == "b" {
                        shown = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
                    }
                    if !shown.isEmpty {
                        if cellsInRow > 0 { builder.append("\t") }
                        builder.append(shown)
                        cellsInRow += 1
                    }
                case "row": if cellsInRow > 0 { builder.newline() }
                default: break
                }
            case .text(let text):
                // Bounded: a cell value longer than the text limit could never be kept whole anyway.
                if (inValue || inInline > 0) && value.utf8.count < package.limits.maxTextBytes { value += text }
            }
            return !builder.isFull
        }
        if let note { builder.note(note) }
    }

    // MARK: PowerPoint

    /// Slides in the order presentation.xml lists them, each followed by its notes; slide parts the presentation
    /// does not list (deleted from the show, or planted) are read after them, labelled as unlisted.
    private static func readPresentation(_ package: ZipPackage, _ builder: inout TextBuilder) throws {
        let limits = package.limits
        let slideFiles = package.members.filter { $0.hasPrefix("ppt/slides/slide") && $0.hasSuffix(".xml") }
            .sorted(by: numericOrder)
        var listed: [String] = []
        if let presentation = try package.smallMember("ppt/presentation.xml") {
            let targets = try relationships(package, of: "ppt/presentation.xml")
            XMLTextScanner.scan(presentation) { event in
                // sldId carries a numeric id and the r:id; only the r:id resolves through the relationships.
                if case .start(let tag) = event, tag.name == "sldId", let id = tag.attribute("id", prefixed: true),
                   let target = targets[id] {
                    listed.append(target)
                }
                return listed.count < 1_000_000
            }
        }
        listed = listed.filter { package.contains($0) }
        if listed.isEmpty { listed = slideFiles }
        var parts: [(String, String)] = []
        var seen = Set<String>()
        for (index, slide) in listed.enumerated() where seen.insert(slide).inserted {
            parts.append((slide, "slide \(index + 1)"))
            let notes = try relationships(package, of: slide, type: "/notesSlide").values.first
            if let notes, package.contains(notes) { parts.append((notes, "notes \(index + 1)")) }
        }
        for slide in slideFiles where !seen.contains(slide) {
            parts.append((slide, "unlisted slide \(trailingNumber(slide) ?? 0)"))
        }
        if slideFiles.isEmpty { builder.note("presentation without slides") }
        for (index, (member, label)) in parts.enumerated() {
            if builder.isFull { break }
            if index >= limits.maxParts {
                builder.note("slide limit of \(limits.maxParts) reached; \(parts.count - index) parts not read")
                break
            }
            builder.beginSection(label)
            try streamRuns(package, member, &builder)
        }
    }

    /// A part's relationships (`dir/_rels/name.rels`): id → target member path, optionally only of one type.
    private static func relationships(_ package: ZipPackage, of part: String, type: String? = nil) throws -> [String: String] {
        let slash = part.lastIndex(of: "/")
        let directory = slash.map { String(part[..<$0]) } ?? ""
        let name = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + name + ".rels"
        guard let rels = try package.smallMember(relsPath) else { return [:] }
        var targets: [String: String] = [:]
        XMLTextScanner.scan(rels) { event in
            if case .start(let tag) = event, tag.name == "Relationship", let id = tag.attribute("Id"),
               let target = tag.attribute("Target"), tag.attribute("TargetMode") != "External",
               type.map({ tag.attribute("Type")?.hasSuffix($0) == true }) ?? true {
                targets[id] = resolve(target, from: directory)
            }
            return targets.count < 100_000
        }
        return targets
    }

    /// A relationship target as a member path: absolute ("/ppt/…") or relative to the source part's folder.
    static func resolve(_ target: String, from directory: String) -> String {
        var segments: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for segment in target.split(separator: "/") {
            if segment == ".." { _ = segments.popLast() } else if segment != "." { segments.append(segment) }
        }
        return segments.joined(separator: "/")
    }

    // MARK: Properties

    private static func coreProperties(_ package: ZipPackage) throws -> [String: String] {
        var metadata: [String: String] = [:]
        let keys = ["title": "title", "subject": "subject", "creator": "author", "lastModifiedBy": "lastModifiedBy",
                    "created": "created", "modified": "modified", "keywords": "keywords", "description": "description",
                    "lastPrinted": "lastPrinted", "Application": "application", "Company": "company"]
        for member in ["docProps/core.xml", "docProps/app.xml"] {
            guard let bytes = try package.smallMember(member, maxBytes: 1 << 20) else { continue }
            metadata.merge(XMLTextScanner.leafProperties(bytes, keys: keys)) { first, _ in first }
        }
        return metadata
    }
}

/// The number at the end of a part name ("slide12.xml" → 12), for numeric rather than lexical order.
func trailingNumber(_ name: String) -> Int? {
    let stem = name.split(separator: "/").last.map { $0.split(separator: ".").first ?? $0 } ?? Substring(name)
    let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count < 10 else { return nil }
    return Int(String(digits.reversed()))
}

func numericOrder(_ left: String, _ right: String) -> Bool {
    let (a, b) = (trailingNumber(left) ?? 0, trailingNumber(right) ?? 0)
    return a == b ? left < right : a < b
}
