// What document text extraction and detection store (issue 10): each document's text once per distinct content,
// the document row that points at it, a language per message, and findings (rule packs and YARA).

/// One distinct extracted text, stored once however many documents hold it (keyed by the SHA-256 of its UTF-8).
public struct DocumentTextRecord: Sendable, Hashable {
    public var sha256: String
    public var size: Int64
    public var language: String?
    public var script: String
    public var reliable: Bool
    public var text: String

    public init(sha256: String, size: Int64, language: String?, script: String, reliable: Bool, text: String) {
        self.sha256 = sha256
        self.size = size
        self.language = language
        self.script = script
        self.reliable = reliable
        self.text = text
    }
}

/// A file whose text was read (or could not be): the reader, the outcome, the text it gave and where each part was.
public struct DocumentRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Text read in full.
        case ok
        /// A limit cut the text (`detail` says which).
        case truncated
        /// The document holds no text (a scanned PDF without a text layer, an empty sheet).
        case empty
        /// Password-protected: no text without the key.
        case encrypted
        /// Larger than the document size limit: not read.
        case limit
        /// Damaged beyond reading.
        case error
    }
    public var exhibitId: Int64
    public var fileId: Int64
    /// `pdf`, `docx`, `eml`… (DocumentKind).
    public var kind: String
    /// The reader and its version, as `documents 1`.
    public var reader: String
    public var status: Status
    public var detail: String?
    public var textId: Int64?
    public var textSize: Int64?
    public var encoding: String?
    /// JSON array of {label, start, length}: pages, sheets, slides, mail messages (UTF-8 byte offsets into the text).
    public var sections: String?
    /// JSON object of document properties (title, author, from, subject, created…), keys sorted.
    public var metadata: String?

    public init(exhibitId: Int64, fileId: Int64, kind: String, reader: String, status: Status, detail: String?, textId: Int64?,
                textSize: Int64?, encoding: String?, sections: String?, metadata: String?) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.kind = kind
        self.reader = reader
        self.status = status
        self.detail = detail
        self.textId = textId
        self.textSize = textSize
        self.encoding = encoding
        self.sections = sections
        self.metadata = metadata
    }
}

/// The language of one message's body; the row id is the message's.
public struct MessageLanguageRecord: Sendable, Hashable {
    public var messageId: Int64
    public var exhibitId: Int64
    public var language: String?
    public var script: String
    public var reliable: Bool
    /// `text` (the body decided it) or `thread` (too short to tell: the thread's language).
    public var basis: String
    /// The body is Burmese in the Zawgyi encoding (rules matched its Unicode form).
    public var zawgyi: Bool

    public init(messageId: Int64, exhibitId: Int64, language: String?, script: String, reliable: Bool, basis: String, zawgyi: Bool) {
        self.messageId = messageId
        self.exhibitId = exhibitId
        self.language = language
        self.script = script
        self.reliable = reliable
        self.basis = basis
        self.zawgyi = zawgyi
    }
}

/// A scam script, lure or victim indicator found by the rule packs, or an analyst's YARA rule matching.
public struct FindingRecord: Sendable, Hashable {
    public enum Scope: String, Sendable, Codable {
        /// One message's body.
        case message
        /// A conversation: the rules fired across its messages (`messageIds`).
        case thread
        /// A document's extracted text.
        case document
        /// A file's bytes (YARA).
        case file
    }
    public var exhibitId: Int64
    /// The document, or the database a message came from.
    public var fileId: Int64?
    public var messageId: Int64?
    public var documentId: Int64?
    public var scope: Scope
    /// `app|account|thread` for thread findings.
    public var thread: String?
    /// JSON array of the message ids whose rules fired (thread findings).
    public var messageIds: String?
    public var category: String
    public var score: Double
    public var language: String?
    /// JSON array of the rules that fired with their spans (UTF-8 byte offsets in the text), or YARA matches.
    public var rules: String
    public var excerpt: String?
    /// The rule pack and its version and SHA-256 (`custody-core 1 sha256:…`), or the YARA rule set's.
    public var rulePack: String
    /// `rules` or `yara`.
    public var engine: String

    public init(exhibitId: Int64, fileId: Int64?, messageId: Int64?, documentId: Int64?, scope: Scope, thread: String?,
                messageIds: String?, category: String, score: Double, language: String?, rules: String, excerpt: String?,
                rulePack: String, engine: String) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.messageId = messageId
        self.documentId = documentId
        self.scope = scope
        self.thread = thread
        self.messageIds = messageIds
        self.category = category
        self.score = score
        self.language = language
        self.rules = rules
        self.excerpt = excerpt
        self.rulePack = rulePack
        self.engine = engine
    }
}
