// How indicators (wallet addresses, keys, seed phrases, e-mails, URLs, phone numbers…) are stored: one row per
// validated value in the case, and one sighting per place it was found.

/// One indicator value: a `btc` address, an `eth` address, a `bip39` phrase, an `email`…, as the validator
/// normalized it, with the raw text of its first sighting.
public struct IndicatorRecord: Sendable, Hashable {
    public var kind: String
    public var value: String
    public var raw: String
    /// `checksum` (the chain's own check passed), `unchecksummed` (valid form without checksum information, e.g. an
    /// all-lowercase Ethereum address) or `none` (no check exists: typed and normalized only).
    public var validation: String
    /// `mainnet`, `testnet`, `regtest`, … when the format encodes a network.
    public var network: String?
    public var detail: String?

    public init(kind: String, value: String, raw: String, validation: String, network: String?, detail: String?) {
        self.kind = kind
        self.value = value
        self.raw = raw
        self.validation = validation
        self.network = network
        self.detail = detail
    }
}

/// Where an indicator was found: a byte range of a file (with the text encoding it was read in), a column of a
/// row of an app database, or a message or contact extracted by an extractor.
public struct IndicatorSighting: Sendable, Hashable {
    public var indicatorId: Int64
    public var exhibitId: Int64
    public var fileId: Int64
    /// The text as found.
    public var raw: String
    /// Byte offset and length in the file (raw scans) or in the text (artifact scans).
    public var offset: Int64?
    public var length: Int64?
    /// `ascii`, `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, …
    public var encoding: String?
    /// `messages` or `contacts` when found in an extracted artifact, with its row id and column.
    public var artifactTable: String?
    public var artifactId: Int64?
    public var column: String?
    /// A short excerpt around the hit, control characters escaped.
    public var context: String?
    /// This sighting's own validation (an address written all-lowercase is `unchecksummed` where another sighting
    /// of the same address in EIP-55 form is `checksum`).
    public var validation: String
    public var scanner: String

    public init(indicatorId: Int64, exhibitId: Int64, fileId: Int64, raw: String, offset: Int64?, length: Int64?, encoding: String?,
                artifactTable: String? = nil, artifactId: Int64? = nil, column: String? = nil, context: String?,
                validation: String, scanner: String) {
        self.indicatorId = indicatorId
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.raw = raw
        self.offset = offset
        self.length = length
        self.encoding = encoding
        self.artifactTable = artifactTable
        self.artifactId = artifactId
        self.column = column
        self.context = context
        self.validation = validation
        self.scanner = scanner
    }
}
