// Document text extraction (issue 10): one shape for every document format, and the registry of readers.

/// The document formats Custody reads text from.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case text, html, rtf, docx, xlsx, pptx, odt, ods, odp, pdf, eml, mbox, doc, xls
}

/// Bounds on one document's extraction; reaching one is recorded in `ExtractedText.notes` and `truncated`.
public struct DocumentLimits: Sendable, Equatable {
    /// Larger files are not read at all (recorded as a limit).
    public var maxInputBytes: Int64
    /// UTF-8 bytes of text kept per document; the rest is dropped and the document marked truncated.
    public var maxTextBytes: Int
    /// Pages (PDF), slides, sheets, mail messages or parts read per document.
    public var maxParts: Int
    /// Uncompressed bytes read from one member of a zip-based document (an XML part) or one CFB stream.
    public var maxMemberBytes: Int64

    public init(maxInputBytes: Int64 = 4 << 30, maxTextBytes: Int = 4 << 20, maxParts: Int = 100_000,
                maxMemberBytes: Int64 = 1 << 30) {
        self.maxInputBytes = maxInputBytes
        self.maxTextBytes = maxTextBytes
        self.maxParts = maxParts
        self.maxMemberBytes = maxMemberBytes
    }

    public static let `default` = DocumentLimits()
}

/// A labelled part of the extracted text: a page, a sheet, a slide, a mail message or body part.
public struct TextSection: Sendable, Equatable, Codable {
    /// "page 3", "sheet Sheet1", "slide 2", "message 4", "body", "attachment notes.txt"…
    public var label: String
    /// UTF-8 byte offset of the section in `ExtractedText.text`, and its length in bytes.
    public var start: Int
    public var length: Int

    public init(label: String, start: Int, length: Int) {
        self.label = label
        self.start = start
        self.length = length
    }
}

/// The text of one document, with where each part came from and what limits cut.
public struct ExtractedText: Sendable, Equatable {
    public var kind: DocumentKind
    public var text: String
    public var sections: [TextSection]
    /// True when a limit dropped text (`notes` says which).
    public var truncated: Bool
    /// The character encoding the text was decoded from, where the format leaves it open (plain text, HTML, mail).
    public var encoding: String?
    /// Limits reached, parts skipped or damaged: each becomes a warning on the file.
    public var notes: [String]
    /// Document properties where the format has them: title, author, subject, from, to, date, created, modified.
    public var metadata: [String: String]

    public init(kind: DocumentKind, text: String = "", sections: [TextSection] = [], truncated: Bool = false,
                encoding: String? = nil, notes: [String] = [], metadata: [String: String] = [:]) {
        self.kind = kind
        self.text = text
        self.sections = sections
        self.truncated = truncated
        self.encoding = encoding
        self.notes = notes
        self.metadata = metadata
    }
}

/// One reader per family of formats; each declares the kinds it reads.
public protocol DocumentTextReader {
    static var kinds: [DocumentKind] { get }
    /// Reads the document at `path` (a scratch copy of evidence, never the source itself). Throws only when no
    /// text at all could be read; partial damage is a note on the result.
    static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText
}

public enum DocumentText {
    /// Every reader, in the order the formats are tried.
    public static let readers: [any DocumentTextReader.Type] = [
        PlainTextReader.self, HTMLTextReader.self, RTFTextReader.self, MailTextReader.self,
        PDFTextReader.self, OfficeOpenXMLReader.self, OpenDocumentReader.self, LegacyOfficeReader.self,
    ]

    /// Extracts the text of a document of a known kind.
    public static func extract(path: String, kind: DocumentKind, limits: DocumentLimits = .default) throws -> ExtractedText {
        guard let reader = readers.first(where: { $0.kinds.contains(kind) }) else {
            throw DocumentError(code: .unsupported, message: "no reader for \(kind.rawValue)")
        }
        do {
            return try reader.read(path: path, kind: kind, limits: limits)
        } catch let error as DocumentError {
            throw error
        } catch {
            throw DocumentError(code: .unreadable, message: "\(kind.rawValue): \(error)")
        }
    }
}
