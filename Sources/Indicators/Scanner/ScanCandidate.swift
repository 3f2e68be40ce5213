// What the byte scanner hands to validators: a typed candidate with its exact byte range in the file and its context.

/// The shape a candidate was found by. A shape is a hint, not a verdict: validators decide the chain and kind.
public enum CandidateKind: String, Sendable, Hashable, CaseIterable {
    /// A run of 25–111 Base58 characters: btc/ltc/doge/bch-legacy/trx/xrp/xmr/sol/wif/xkey candidates.
    case base58
    /// A bech32/bech32m string with a known human-readable part (bc1, tb1, bcrt1, ltc1, tltc1, rltc1).
    case bech32
    /// A CashAddr, with (`bitcoincash:`, `bchtest:`, `bchreg:`) or without prefix.
    case cashAddr
    /// `0x` followed by 40 hex digits.
    case ethereumHex
    /// 64 hex digits (optionally `0x`-prefixed), only next to a private-key keyword.
    case hexKey
    /// A run of 12 or more words that are all in the seed-word index (any BIP-39 language).
    case seedWords
    case email
    case url
    /// A bare domain name with a known top-level domain.
    case domain
    /// `t.me/…`, `telegram.me/…`, `telegram.dog/…` or `tg://…`.
    case telegramLink
    /// `@handle` of 5–32 characters next to a Telegram keyword.
    case telegramHandle
    /// An international (`+CC…`) or common local phone number; raw text kept, digits in `digits`.
    case phone
    /// An IBAN whose mod-97 check passed (printed in groups or compact).
    case iban
    case ipv4
}

/// How the bytes of a candidate are encoded in the file.
public enum TextForm: Sendable, Hashable, CustomStringConvertible {
    /// Bytes as they are: ASCII runs and UTF-8 (bulk_extractor's raw scan).
    case raw
    case utf16LE
    case utf16BE
    case legacy(LegacyEncoding)

    public var description: String {
        switch self {
        case .raw: return "raw"
        case .utf16LE: return "utf-16le"
        case .utf16BE: return "utf-16be"
        case .legacy(let encoding): return encoding.rawValue
        }
    }
}

/// One candidate found in one file.
public struct ScanCandidate: Sendable, Hashable {
    public var kind: CandidateKind
    /// The candidate text, decoded (for `.raw` the bytes as UTF-8).
    public var text: String
    /// Byte range in the file: the first byte of the candidate to one past its last byte, in the file's own encoding.
    public var byteRange: Range<Int64>
    public var form: TextForm
    /// Up to `ScannerOptions.contextRadius` bytes of decoded text either side, control characters escaped.
    public var context: String
    /// A wallet keyword (wallet, address, USDT, solana, 钱包, 地址…) is within `keywordRadius`: required for the
    /// low-confidence kind sol. Computed for Base58 of 32–44 characters, hex keys and seed words; false otherwise.
    public var walletContext: Bool
    /// For `.seedWords`: the words in order as they appear.
    public var words: [String]
    /// For `.seedWords`: where each word of `words` is, in `text` and in the file (so a phrase cut out of a longer
    /// run gets its own exact offset and raw text).
    public var wordSpans: [WordSpan]

    public var offset: Int64 { byteRange.lowerBound }

    /// For `.phone`: the digits of the raw text (with a leading `+` when the text has one).
    public var digits: String {
        let body = text.filter { $0.isASCII && $0.isNumber }
        return text.first == "+" ? "+" + body : body
    }

    public init(kind: CandidateKind, text: String, byteRange: Range<Int64>, form: TextForm, context: String,
                walletContext: Bool, words: [String] = [], wordSpans: [WordSpan] = []) {
        self.kind = kind
        self.text = text
        self.byteRange = byteRange
        self.form = form
        self.context = context
        self.walletContext = walletContext
        self.words = words
        self.wordSpans = wordSpans
    }
}

/// One word of a `.seedWords` candidate.
public struct WordSpan: Sendable, Hashable {
    /// UTF-8 byte range in the candidate's `text`.
    public var textRange: Range<Int>
    /// Byte range in the file, in the file's own encoding.
    public var byteRange: Range<Int64>

    public init(textRange: Range<Int>, byteRange: Range<Int64>) {
        self.textRange = textRange
        self.byteRange = byteRange
    }
}

/// What a cheap pre-check says about a candidate before the scanner builds its text and context.
public enum CandidateVerdict: Sendable, Hashable {
    case keep
    /// Keep only when a wallet keyword is near (Solana-length Base58, hex private keys).
    case keepIfWalletContext
    case drop
}
