// The typed result every validator returns: kind, normalized value, validation strength, network and detail.

/// Stored indicator kinds (the `indicators.kind` column).
public enum IndicatorKind: String, CaseIterable, Sendable, Codable {
    case btc, eth, trx, ltc, doge, bch, xrp, xmr, sol, wif, xkey, bip39, electrum
    case email, phone, url, domain, telegram, iban, ipv4
}

/// How strongly the value was validated (the `indicators.validation` column).
public enum IndicatorValidation: String, Sendable, Codable, Comparable {
    /// A checksum the chain itself verifies matched (Base58Check, Bech32/m, CashAddr, EIP-55, Keccak, BIP-39…).
    case checksum
    /// Well-formed, but the format carries no checksum in this instance (all-lower/all-upper EIP-55).
    case unchecksummed
    /// Structure only (Solana's 32-byte Base58): keep only where the context says "wallet".
    case none

    private var rank: Int { self == .checksum ? 2 : self == .unchecksummed ? 1 : 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Network labels used in `ValidatedIndicator.network`.
public enum IndicatorNetwork {
    public static let mainnet = "mainnet"
    /// Public test networks, which share address prefixes: Bitcoin testnet3/testnet4/signet (legacy Base58
    /// versions 0x6f/0xc4 are also used by regtest), Litecoin/Dogecoin testnet, XRP/BCH testnet.
    public static let testnet = "testnet"
    /// Bitcoin regtest (bcrt1…), Litecoin regtest (rltc1…), BCH regtest (bchreg:).
    public static let regtest = "regtest"
    /// Monero stagenet.
    public static let stagenet = "stagenet"
}

public struct ValidatedIndicator: Sendable, Hashable, Codable {
    public var kind: IndicatorKind
    /// Normalized identity: bech32/CashAddr lower case with prefix, EIP-55 checksummed form, the phrase's
    /// wordlist words joined by single spaces; otherwise the string as found.
    public var value: String
    /// The text as it appeared in the evidence.
    public var raw: String
    public var validation: IndicatorValidation
    /// mainnet/testnet/regtest/stagenet, or nil when the format does not encode a network (ETH, TRX, SOL, XRP classic).
    public var network: String?
    /// Address or key type and other facts, e.g. "p2wpkh", "zpub", "compressed; btc", "tag 123; account r…".
    public var detail: String?
    /// Other chains on which the same string is an equally valid address: legacy Base58 versions are shared
    /// (a 1… address is BTC and BCH legacy; 3… is also Litecoin's old P2SH). The kind holds the most likely one.
    public var alsoValidOn: [IndicatorKind]

    public init(kind: IndicatorKind, value: String, raw: String, validation: IndicatorValidation,
                network: String? = nil, detail: String? = nil, alsoValidOn: [IndicatorKind] = []) {
        self.kind = kind
        self.value = value
        self.raw = raw
        self.validation = validation
        self.network = network
        self.detail = detail
        self.alsoValidOn = alsoValidOn
    }

    /// True when nothing but the structure was checked: the scanner keeps these only in a wallet-like context.
    public var needsContext: Bool { validation == .none }
}
