// Validates one candidate string as a crypto address or key of any supported chain, the way the chain does.

public enum CryptoValidators {
    /// Every reading of the candidate that validates; usually zero or one. No I/O, no allocation beyond the
    /// decode buffers: the scanner calls this on every candidate token it finds.
    public static func validate<S: StringProtocol>(_ candidate: S) -> [ValidatedIndicator] {
        validate(bytes: Array(candidate.utf8))
    }

    public static func validate(bytes: [UInt8]) -> [ValidatedIndicator] {
        let count = bytes.count
        guard count >= 14, count <= 130 else { return [] }
        var results: [ValidatedIndicator] = []
        if count == 42, bytes[0] == 0x30, bytes[1] == 0x78 {
            if let eth = ethereum(bytes) { results.append(eth) }
            return results
        }
        if bytes.contains(0x31), let segwit = segwit(bytes) {
            results.append(segwit)
            return results
        }
        if let cash = cashAddr(bytes) {
            results.append(cash)
            return results
        }
        guard bytes.allSatisfy({ $0 < 128 && Base58Alphabet.bitcoin.digits[Int($0)] >= 0 }) else { return results }
        if bytes[0] == 0x72, count >= 25, count <= 35, let xrp = rippleClassic(bytes) { results.append(xrp) }
        if count == 47, bytes[0] == 0x58 || bytes[0] == 0x54, let xrp = rippleXAddress(bytes) { results.append(xrp) }
        if count == 95 || count == 106, let xmr = monero(bytes) { results.append(xmr) }
        if let decoded = Base58.decode(bytes) {
            if let payload = Base58.verifyCheck(decoded) {
                switch payload.count {
                case 21: if let legacy = legacyAddress(payload, raw: bytes) { results.append(legacy) }
                case 33, 34: if let wif = wif(payload, raw: bytes) { results.append(wif) }
                case 78: if let key = extendedKey(payload, raw: bytes) { results.append(key) }
                default: break
                }
            } else if decoded.count == 32, count >= 32, count <= 44, results.isEmpty {
                results.append(ValidatedIndicator(kind: .sol, value: string(bytes), raw: string(bytes),
                                                  validation: .none, detail: "32-byte ed25519 public key, no checksum"))
            }
        }
        return results
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}

// MARK: - Ethereum (EIP-55)

extension CryptoValidators {
    /// `0x` + 40 hex digits. Mixed case must match EIP-55; one case carries no checksum. The value is the
    /// EIP-55 form, so every spelling of one address is one identity.
    public static func ethereum<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { ethereum(Array(text.utf8)) }

    static func ethereum(_ bytes: [UInt8]) -> ValidatedIndicator? {
        guard bytes.count == 42, bytes[0] == 0x30, bytes[1] == 0x78 else { return nil }
        let hex = bytes[2...]
        guard hex.allSatisfy(isHexDigit) else { return nil }
        let checksummed = eip55(hex)
        let hasLower = hex.contains { $0 >= 0x61 }, hasUpper = hex.contains { $0 >= 0x41 && $0 <= 0x46 }
        let validation: IndicatorValidation
        if hasLower && hasUpper {
            guard checksummed.elementsEqual(hex) else { return nil }
            validation = .checksum
        } else {
            validation = .unchecksummed
        }
        return ValidatedIndicator(kind: .eth, value: "0x" + string(checksummed), raw: string(bytes),
                                  validation: validation, detail: validation == .checksum ? "eip-55" : nil)
    }

    /// The EIP-55 spelling of 40 hex digits: a letter is upper case where the matching nibble of
    /// Keccak-256(lower-case hex) is 8 or more. Digits past the hash's 64 nibbles (not an address) stay lower case.
    public static func eip55<S: Collection>(_ hex: S) -> [UInt8] where S.Element == UInt8 {
        let lower = hex.map { $0 >= 0x41 && $0 <= 0x46 ? $0 + 0x20 : $0 }
        let hash = Keccak256.hash(lower)
        return lower.enumerated().map { index, byte in
            guard index / 2 < hash.count else { return byte }
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0f
            return byte >= 0x61 && nibble >= 8 ? byte - 0x20 : byte
        }
    }
}

// MARK: - Base58Check legacy addresses: BTC, LTC, DOGE, BCH legacy, TRON

extension CryptoValidators {
    struct LegacyVersion {
        var kind: IndicatorKind
        var network: String?
        var detail: String
        var also: [IndicatorKind]
    }

    /// Version byte → reading. Versions several chains share are listed once, under Bitcoin, with the others in
    /// `also` (Bitcoin Core chainparams, Litecoin and Dogecoin chainparams, TRON docs).
    static let legacyVersions: [UInt8: LegacyVersion] = [
        0x00: LegacyVersion(kind: .btc, network: IndicatorNetwork.mainnet, detail: "p2pkh", also: [.bch]),
        0x05: LegacyVersion(kind: .btc, network: IndicatorNetwork.mainnet, detail: "p2sh", also: [.bch, .ltc]),
        0x6f: LegacyVersion(kind: .btc, network: IndicatorNetwork.testnet, detail: "p2pkh", also: [.bch, .ltc]),
        0xc4: LegacyVersion(kind: .btc, network: IndicatorNetwork.testnet, detail: "p2sh", also: [.bch, .ltc, .doge]),
        0x30: LegacyVersion(kind: .ltc, network: IndicatorNetwork.mainnet, detail: "p2pkh", also: []),
        0x32: LegacyVersion(kind: .ltc, network: IndicatorNetwork.mainnet, detail: "p2sh", also: []),
        0x3a: LegacyVersion(kind: .ltc, network: IndicatorNetwork.testnet, detail: "p2sh", also: []),
        0x1e: LegacyVersion(kind: .doge, network: IndicatorNetwork.mainnet, detail: "p2pkh", also: []),
        0x16: LegacyVersion(kind: .doge, network: IndicatorNetwork.mainnet, detail: "p2sh", also: []),
        0x71: LegacyVersion(kind: .doge, network: IndicatorNetwork.testnet, detail: "p2pkh", also: []),
        0x41: LegacyVersion(kind: .trx, network: nil, detail: "account", also: []),
    ]

    static func legacyAddress(_ payload: [UInt8], raw: [UInt8]) -> ValidatedIndicator? {
        guard payload.count == 21, let reading = legacyVersions[payload[0]] else { return nil }
        return ValidatedIndicator(kind: reading.kind, value: string(raw), raw: string(raw), validation: .checksum,
                                  network: reading.network, detail: reading.detail, alsoValidOn: reading.also)
    }

    /// Bitcoin-family Base58Check addresses (BTC/LTC/DOGE/BCH legacy/TRX) only.
    public static func base58Address<S: StringProtocol>(_ text: S) -> ValidatedIndicator? {
        let bytes = Array(text.utf8)
        guard let payload = Base58.decodeCheck(bytes) else { return nil }
        return legacyAddress(payload, raw: bytes)
    }
}

// MARK: - Segwit (bech32/bech32m): BTC and LTC

extension CryptoValidators {
    static let segwitPrefixes: [String: (kind: IndicatorKind, network: String)] = [
        "bc": (.btc, IndicatorNetwork.mainnet), "tb": (.btc, IndicatorNetwork.testnet), "bcrt": (.btc, IndicatorNetwork.regtest),
        "ltc": (.ltc, IndicatorNetwork.mainnet), "tltc": (.ltc, IndicatorNetwork.testnet), "rltc": (.ltc, IndicatorNetwork.regtest),
    ]

    public static func segwit<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { segwit(Array(text.utf8)) }

    static func segwit(_ bytes: [UInt8]) -> ValidatedIndicator? {
        guard let address = SegwitAddress(bytes), let reading = segwitPrefixes[address.hrp] else { return nil }
        let detail: String
        switch (address.version, address.program.count) {
        case (0, 20): detail = "p2wpkh"
        case (0, 32): detail = "p2wsh"
        case (1, 32): detail = "p2tr"
        default: detail = "witness v\(address.version)"
        }
        return ValidatedIndicator(kind: reading.kind, value: address.encoded, raw: string(bytes), validation: .checksum,
                                  network: reading.network, detail: detail)
    }
}

// MARK: - Bitcoin Cash CashAddr

extension CryptoValidators {
    static let cashAddrNetworks = ["bitcoincash": IndicatorNetwork.mainnet, "bchtest": IndicatorNetwork.testnet,
                                   "bchreg": IndicatorNetwork.regtest]
    static let cashAddrTypes = [0: "p2pkh", 1: "p2sh", 2: "p2pkh token-aware", 3: "p2sh token-aware"]

    public static func cashAddr<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { cashAddr(Array(text.utf8)) }

    static func cashAddr(_ bytes: [UInt8]) -> ValidatedIndicator? {
        // Bare payloads are 42 (20-byte hash) or 61 (32-byte hash) characters; prefixed ones contain ':'.
        guard bytes.count == 42 || bytes.count == 61 || bytes.contains(0x3a), let address = CashAddr(bytes),
              let typeName = cashAddrTypes[address.type], address.hash.count == 20 || address.hash.count == 32
        else { return nil }
        return ValidatedIndicator(kind: .bch, value: address.encoded, raw: string(bytes), validation: .checksum,
                                  network: cashAddrNetworks[address.prefix],
                                  detail: address.hash.count == 32 ? typeName + "32" : typeName)
    }
}

// MARK: - WIF private keys and BIP-32 extended keys

extension CryptoValidators {
    static let wifVersions: [UInt8: (network: String, chains: String)] = [
        0x80: (IndicatorNetwork.mainnet, "btc, bch"), 0xef: (IndicatorNetwork.testnet, "btc, bch, ltc"),
        0xb0: (IndicatorNetwork.mainnet, "ltc"), 0x9e: (IndicatorNetwork.mainnet, "doge"),
        0xf1: (IndicatorNetwork.testnet, "doge"),
    ]

    /// secp256k1 group order n: a private key must be in 1…n-1.
    static let curveOrder: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ]

    static func isValidPrivateKey<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        key.count == 32 && key.contains { $0 != 0 } && key.lexicographicallyPrecedes(curveOrder)
    }

    static func wif(_ payload: [UInt8], raw: [UInt8]) -> ValidatedIndicator? {
        guard let reading = wifVersions[payload[0]] else { return nil }
        let compressed: Bool
        switch payload.count {
        case 33: compressed = false
        case 34 where payload[33] == 0x01: compressed = true
        default: return nil
        }
        guard isValidPrivateKey(payload[1..<33]) else { return nil }
        return ValidatedIndicator(kind: .wif, value: string(raw), raw: string(raw), validation: .checksum,
                                  network: reading.network,
                                  detail: (compressed ? "compressed; " : "uncompressed; ") + reading.chains)
    }

    struct ExtendedKeyVersion {
        var name: String
        var network: String
        var isPrivate: Bool
    }

    /// BIP-32 version bytes (BIP-32, BIP-49, BIP-84, SLIP-132; Litecoin Ltub/Mtub, Dogecoin dgub).
    static let extendedKeyVersions: [UInt32: ExtendedKeyVersion] = {
        let table: [(UInt32, String, String, Bool)] = [
            (0x0488_B21E, "xpub", IndicatorNetwork.mainnet, false), (0x0488_ADE4, "xprv", IndicatorNetwork.mainnet, true),
            (0x049D_7CB2, "ypub", IndicatorNetwork.mainnet, false), (0x049D_7878, "yprv", IndicatorNetwork.mainnet, true),
            (0x04B2_4746, "zpub", IndicatorNetwork.mainnet, false), (0x04B2_430C, "zprv", IndicatorNetwork.mainnet, true),
            (0x0295_B43F, "Ypub", IndicatorNetwork.mainnet, false), (0x0295_B005, "Yprv", IndicatorNetwork.mainnet, true),
            (0x02AA_7ED3, "Zpub", IndicatorNetwork.mainnet, false), (0x02AA_7A99, "Zprv", IndicatorNetwork.mainnet, true),
            (0x0435_87CF, "tpub", IndicatorNetwork.testnet, false), (0x0435_8394, "tprv", IndicatorNetwork.testnet, true),
            (0x044A_5262, "upub", IndicatorNetwork.testnet, false), (0x044A_4E28, "uprv", IndicatorNetwork.testnet, true),
            (0x045F_1CF6, "vpub", IndicatorNetwork.testnet, false), (0x045F_18BC, "vprv", IndicatorNetwork.testnet, true),
            (0x0242_89EF, "Upub", IndicatorNetwork.testnet, false), (0x0242_85B5, "Uprv", IndicatorNetwork.testnet, true),
            (0x0257_5483, "Vpub", IndicatorNetwork.testnet, false), (0x0257_5048, "Vprv", IndicatorNetwork.testnet, true),
            (0x019D_A462, "Ltub", IndicatorNetwork.mainnet, false), (0x019D_9CFE, "Ltpv", IndicatorNetwork.mainnet, true),
            (0x01B2_6EF6, "Mtub", IndicatorNetwork.mainnet, false), (0x01B2_6792, "Mtpv", IndicatorNetwork.mainnet, true),
            (0x02FA_CAFD, "dgub", IndicatorNetwork.mainnet, false), (0x02FA_C398, "dgpv", IndicatorNetwork.mainnet, true),
        ]
        var versions: [UInt32: ExtendedKeyVersion] = [:]
        for (version, name, network, isPrivate) in table {
            versions[version] = ExtendedKeyVersion(name: name, network: network, isPrivate: isPrivate)
        }
        return versions
    }()

    /// 78-byte payload: version, depth, parent fingerprint, child number, chain code, key (BIP-32 "Serialization
    /// format"); a depth-0 key has no parent and index 0; a private key is 0x00 + a scalar in 1…n-1, a public
    /// key a compressed point (02/03 + an x on the curve).
    static func extendedKey(_ payload: [UInt8], raw: [UInt8]) -> ValidatedIndicator? {
        guard payload.count == 78 else { return nil }
        let version = payload[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let reading = extendedKeyVersions[version] else { return nil }
        let depth = payload[4]
        if depth == 0 {
            guard payload[5..<9].allSatisfy({ $0 == 0 }), payload[9..<13].allSatisfy({ $0 == 0 }) else { return nil }
        }
        if reading.isPrivate {
            guard payload[45] == 0, isValidPrivateKey(payload[46..<78]) else { return nil }
        } else {
            guard payload[45] == 2 || payload[45] == 3, Secp256k1Field.isOnCurve(x: payload[46..<78]) else { return nil }
        }
        return ValidatedIndicator(kind: .xkey, value: string(raw), raw: string(raw), validation: .checksum,
                                  network: reading.network,
                                  detail: "\(reading.name); \(reading.isPrivate ? "private" : "public"); depth \(depth)")
    }
}

// MARK: - XRP Ledger: classic and X-addresses

extension CryptoValidators {
    /// Classic address: Ripple-alphabet Base58Check of 0x00 + 20-byte account id ("r…").
    public static func rippleClassic<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { rippleClassic(Array(text.utf8)) }

    static func rippleClassic(_ bytes: [UInt8]) -> ValidatedIndicator? {
        guard let payload = Base58.decodeCheck(bytes, alphabet: .ripple), payload.count == 21, payload[0] == 0
        else { return nil }
        return ValidatedIndicator(kind: .xrp, value: string(bytes), raw: string(bytes), validation: .checksum,
                                  detail: "classic")
    }

    /// X-address (XLS-5d): prefix 0x05 0x44 (main, "X…") or 0x04 0x93 (test, "T…"), account id, a flag (0 no tag,
    /// 1 32-bit tag), the tag little-endian in 8 bytes whose upper 4 must be zero.
    public static func rippleXAddress<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { rippleXAddress(Array(text.utf8)) }

    static func rippleXAddress(_ bytes: [UInt8]) -> ValidatedIndicator? {
        guard let payload = Base58.decodeCheck(bytes, alphabet: .ripple), payload.count == 31 else { return nil }
        let network: String
        switch (payload[0], payload[1]) {
        case (0x05, 0x44): network = IndicatorNetwork.mainnet
        case (0x04, 0x93): network = IndicatorNetwork.testnet
        default: return nil
        }
        let flag = payload[22]
        guard flag <= 1, payload[27..<31].allSatisfy({ $0 == 0 }) else { return nil }
        let tag = payload[23..<27].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard flag == 1 || tag == 0 else { return nil }
        let classic = Base58.encodeCheck([0] + payload[2..<22], alphabet: .ripple)
        return ValidatedIndicator(kind: .xrp, value: string(bytes), raw: string(bytes), validation: .checksum,
                                  network: network,
                                  detail: "x-address; account \(classic); " + (flag == 1 ? "tag \(tag)" : "no tag"))
    }
}

// MARK: - Monero

extension CryptoValidators {
    static let moneroNetworkBytes: [UInt8: (network: String, type: String)] = [
        18: (IndicatorNetwork.mainnet, "standard"), 19: (IndicatorNetwork.mainnet, "integrated"),
        42: (IndicatorNetwork.mainnet, "subaddress"),
        53: (IndicatorNetwork.testnet, "standard"), 54: (IndicatorNetwork.testnet, "integrated"),
        63: (IndicatorNetwork.testnet, "subaddress"),
        24: (IndicatorNetwork.stagenet, "standard"), 25: (IndicatorNetwork.stagenet, "integrated"),
        36: (IndicatorNetwork.stagenet, "subaddress"),
    ]

    /// Network byte, public spend key, public view key (and an 8-byte payment id when integrated), then the
    /// first 4 bytes of Keccak-256 of all that.
    public static func monero<S: StringProtocol>(_ text: S) -> ValidatedIndicator? { monero(Array(text.utf8)) }

    static func monero(_ bytes: [UInt8]) -> ValidatedIndicator? {
        guard let decoded = MoneroBase58.decode(bytes), decoded.count == 69 || decoded.count == 77,
              let reading = moneroNetworkBytes[decoded[0]],
              (reading.type == "integrated") == (decoded.count == 77)
        else { return nil }
        let body = decoded.dropLast(4)
        guard Keccak256.hash(body).prefix(4).elementsEqual(decoded.suffix(4)) else { return nil }
        var detail = reading.type
        if reading.type == "integrated" {
            detail += "; payment id " + decoded[65..<73].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
        return ValidatedIndicator(kind: .xmr, value: string(bytes), raw: string(bytes), validation: .checksum,
                                  network: reading.network, detail: detail)
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
