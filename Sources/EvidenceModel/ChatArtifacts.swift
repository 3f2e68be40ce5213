// Chat messages, calls and extractor runs: the normalized artifacts extractors hand to the store.

/// Who a message or call went from, seen from the device that held the database.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case incoming, outgoing, system, unknown
}

/// How a row relates to the database's write-ahead log (see docs/SCHEMA.md, "WAL state").
public enum WALState: String, Sendable, Hashable, Codable {
    /// In the main file, unchanged by the WAL (or the database had no WAL).
    case main
    /// Present only once the WAL is applied: added or changed by WAL frames.
    case wal
    /// In the main file but gone once the WAL is applied: a deleted record the WAL has not yet checkpointed.
    case walDeleted = "wal-deleted"
    /// The main file's older version of a row the WAL changed (the current version is reported as `wal`).
    case walReplaced = "wal-replaced"
}

/// A file a message refers to (photo, voice note, document), with where its bytes are in the exhibit if found.
public struct Attachment: Sendable, Hashable, Codable {
    public var name: String?
    public var mime: String?
    /// The path the app recorded (relative or device-absolute).
    public var sourcePath: String?
    /// Size the app recorded, when it did.
    public var size: Int64?
    /// The media file inside the exhibit, when one was found at that path.
    public var fileId: Int64?
    public var evidencePath: String?

    public init(name: String? = nil, mime: String? = nil, sourcePath: String? = nil, size: Int64? = nil,
                fileId: Int64? = nil, evidencePath: String? = nil) {
        self.name = name
        self.mime = mime
        self.sourcePath = sourcePath
        self.size = size
        self.fileId = fileId
        self.evidencePath = evidencePath
    }

    enum CodingKeys: String, CodingKey {
        case name, mime, size
        case sourcePath = "source_path"
        case fileId = "file_id"
        case evidencePath = "evidence_path"
    }
}

/// Where inside its file an artifact came from: a table and rowid, a line, or a JSON pointer.
public struct SourceLocation: Sendable, Hashable {
    public var table: String?
    public var rowid: Int64?
    /// A line number (`line:42`) or JSON pointer (`/messages/17`) for text sources.
    public var locator: String?

    public init(table: String? = nil, rowid: Int64? = nil, locator: String? = nil) {
        self.table = table
        self.rowid = rowid
        self.locator = locator
    }

    public static func row(_ table: String, _ rowid: Int64?) -> SourceLocation { SourceLocation(table: table, rowid: rowid) }
    public static func line(_ number: Int) -> SourceLocation { SourceLocation(locator: "line:\(number)") }
    public static func pointer(_ pointer: String) -> SourceLocation { SourceLocation(locator: pointer) }
}

/// Provenance every artifact row carries; the runner fills it, extractors leave it alone.
public struct ArtifactProvenance: Sendable, Hashable {
    public var exhibitId: Int64
    public var fileId: Int64
    public var extractor: String
    public var extractorVersion: Int
    public var walState: WALState

    public init(exhibitId: Int64 = 0, fileId: Int64 = 0, extractor: String = "", extractorVersion: Int = 0, walState: WALState = .main) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.extractor = extractor
        self.extractorVersion = extractorVersion
        self.walState = walState
    }
}

/// One chat message, SMS, MMS or e-mail-like note, normalized across apps.
public struct ChatMessage: Sendable, Hashable {
    public var provenance = ArtifactProvenance()
    /// Short app name: `whatsapp`, `sms`, `imessage`, `telegram`, …
    public var app: String
    /// The device owner's own id in this app, when the database says.
    public var account: String?
    /// The conversation's stable id in the app (chat JID, thread id, peer id).
    public var thread: String?
    public var threadName: String?
    /// Sender's id in the app (phone number, JID, user name); for outgoing messages the account when known.
    public var sender: String?
    public var senderName: String?
    /// Recipient ids, when the source names them.
    public var recipients: [String]
    public var direction: Direction
    public var sentAt: Timestamp?
    public var body: String?
    public var attachments: [Attachment]
    /// The app's id of the message this one replies to or quotes.
    public var replyTo: String?
    /// The app's own id for this message (key_id, guid, message id), for reply-to joins.
    public var messageId: String?
    /// App-level state worth keeping: `deleted`, `revoked`, `edited`, `draft`, message type names…
    public var status: String?
    public var source: SourceLocation

    public init(app: String, account: String? = nil, thread: String? = nil, threadName: String? = nil,
                sender: String? = nil, senderName: String? = nil, recipients: [String] = [], direction: Direction,
                sentAt: Timestamp?, body: String?, attachments: [Attachment] = [], replyTo: String? = nil,
                messageId: String? = nil, status: String? = nil, source: SourceLocation) {
        self.app = app
        self.account = account
        self.thread = thread
        self.threadName = threadName
        self.sender = sender
        self.senderName = senderName
        self.recipients = recipients
        self.direction = direction
        self.sentAt = sentAt
        self.body = body
        self.attachments = attachments
        self.replyTo = replyTo
        self.messageId = messageId
        self.status = status
        self.source = source
    }
}

/// Whether a call was answered; `kind` folds it with the media for the common query `kind = 'missed'`.
public enum CallOutcome: String, Sendable, Hashable, Codable {
    case answered, missed, rejected, blocked, voicemail, cancelled, unknown
}

public enum CallMedia: String, Sendable, Hashable, Codable {
    case voice, video, unknown
}

/// One call-log entry, normalized across apps.
public struct Call: Sendable, Hashable {
    public var provenance = ArtifactProvenance()
    public var app: String
    public var account: String?
    /// The other party's id (number, JID, user name); for group calls the group or first participant.
    public var peer: String?
    public var peerName: String?
    public var participants: [String]
    public var direction: Direction
    public var startedAt: Timestamp?
    public var durationSeconds: Double?
    public var media: CallMedia
    public var outcome: CallOutcome
    public var status: String?
    public var source: SourceLocation

    /// `voice`, `video` or `missed` (a missed call of either media).
    public var kind: String {
        if outcome == .missed { return "missed" }
        return media == .unknown ? "voice" : media.rawValue
    }

    public init(app: String, account: String? = nil, peer: String?, peerName: String? = nil, participants: [String] = [],
                direction: Direction, startedAt: Timestamp?, durationSeconds: Double?, media: CallMedia = .voice,
                outcome: CallOutcome, status: String? = nil, source: SourceLocation) {
        self.app = app
        self.account = account
        self.peer = peer
        self.peerName = peerName
        self.participants = participants
        self.direction = direction
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.media = media
        self.outcome = outcome
        self.status = status
        self.source = source
    }
}

/// One extractor's run over one file: what it made of it, including stores it recognized but could not open.
public struct ExtractionRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Parsed; `messages`/`calls` say how much it yielded.
        case ok
        /// Parsed in part: some rows or lines could not be read (see `detail`, and the warnings).
        case partial
        /// Recognized as an encrypted store; `detail` says what would be needed to open it.
        case encrypted
        /// Matched, but could not be parsed at all.
        case error
    }
    public var exhibitId: Int64
    public var fileId: Int64
    public var extractor: String
    public var extractorVersion: Int
    public var app: String
    public var status: Status
    public var messages: Int64
    public var calls: Int64
    /// Contacts (address-book entries) read; not yet stored by the case database (issue 5).
    public var contacts: Int64
    /// Rows found only in (or changed by) the WAL, and main-file rows the WAL deleted or replaced.
    public var walRows: Int64
    public var walDeletedRows: Int64
    public var detail: String?

    public init(exhibitId: Int64, fileId: Int64, extractor: String, extractorVersion: Int, app: String, status: Status,
                messages: Int64 = 0, calls: Int64 = 0, contacts: Int64 = 0, walRows: Int64 = 0, walDeletedRows: Int64 = 0, detail: String? = nil) {
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.extractor = extractor
        self.extractorVersion = extractorVersion
        self.app = app
        self.status = status
        self.messages = messages
        self.calls = calls
        self.contacts = contacts
        self.walRows = walRows
        self.walDeletedRows = walDeletedRows
        self.detail = detail
    }
}
