// Bitcoin Cash CashAddr: prefix, base32 payload (version byte + hash) and a 40-bit BCH-code checksum.

public struct CashAddr: Sendable, Equatable {
    /// Lower-case prefix: bitcoincash (mainnet), bchtest (testnet), bchreg (regtest).
    public var prefix: String
    /// 0 P2PKH, 1 P2SH, 2 token-aware P2PKH, 3 token-aware P2SH (CHIP-2022-02 CashTokens).
    public var type: Int
    public var hash: [UInt8]

    public static let knownPrefixes = ["bitcoincash", "bchtest", "bchreg"]
    /// Hash sizes in bytes, indexed by the size bits of the version byte.
    static let hashSizes = [20, 24, 28, 32, 40, 48, 56, 64]

    public init(prefix: String, type: Int, hash: [UInt8]) {
        self.prefix = prefix
        self.type = type
        self.hash = hash
    }

    /// Parses `prefix:payload` or a bare payload (then each known prefix is tried: the checksum covers it).
    /// Upper or lower case, never mixed. With `anyPrefix`, an explicit prefix need not be a known network.
    public init?<S: Collection>(_ text: S, anyPrefix: Bool = false) where S.Element == UInt8 {
        let bytes = Array(text)
        guard bytes.count >= 10, bytes.count <= 130 else { return nil }
        var hasLower = false, hasUpper = false
        for byte in bytes {
            if byte >= 0x61, byte <= 0x7a { hasLower = true }
            if byte >= 0x41, byte <= 0x5a { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else { return nil }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        let prefixes: [[UInt8]]
        let payloadText: ArraySlice<UInt8>
        if let colon = lower.firstIndex(of: 0x3a) {
            let prefix = Array(lower[..<colon])
            guard !prefix.isEmpty, anyPrefix || Self.knownPrefixes.contains(String(decoding: prefix, as: UTF8.self))
            else { return nil }
            prefixes = [prefix]
            payloadText = lower[(colon + 1)...]
        } else {
            prefixes = Self.knownPrefixes.map { Array($0.utf8) }
            payloadText = lower[...]
        }
        var values = [UInt8]()
        values.reserveCapacity(payloadText.count)
        for byte in payloadText {
            guard byte < 128 else { return nil }
            let value = Bech32.charsetRev[Int(byte)]
            guard value >= 0 else { return nil }
            values.append(UInt8(value))
        }
        guard values.count > 8,
              let prefix = prefixes.first(where: { Self.polymod($0.map { $0 & 31 } + [0] + values) == 0 }),
              let payload = Bech32.convertBits(Array(values.dropLast(8)), from: 5, to: 8, pad: false),
              let version = payload.first, version & 0x80 == 0
        else { return nil }
        let hash = Array(payload.dropFirst())
        guard hash.count == Self.hashSizes[Int(version & 7)] else { return nil }
        self.prefix = String(decoding: prefix, as: UTF8.self)
        type = Int(version >> 3)
        self.hash = hash
    }

    /// Canonical form: lower case, with prefix.
    public var encoded: String {
        let sizeBits = Self.hashSizes.firstIndex(of: hash.count) ?? 0
        let payload = Bech32.convertBits([UInt8(type << 3 | sizeBits)] + hash, from: 8, to: 5, pad: true) ?? []
        let prefixBytes = Array(prefix.utf8)
        let checksum = Self.polymod(prefixBytes.map { $0 & 31 } + [0] + payload + [UInt8](repeating: 0, count: 8))
        let checksumValues = (0..<8).map { UInt8((checksum >> UInt64(5 * (7 - $0))) & 31) }
        return prefix + ":" + String(decoding: (payload + checksumValues).map { Bech32.charset[Int($0)] }, as: UTF8.self)
    }

    static func polymod(_ values: [UInt8]) -> UInt64 {
        let generator: [UInt64] = [0x98_f2bc_8e61, 0x79_b76d_99e2, 0xf3_3e5f_b3c4, 0xae_2eab_e2a8, 0x1e_4f43_e470]
        var checksum: UInt64 = 1
        for value in values {
            let top = checksum >> 35
            checksum = ((checksum & 0x07_ffff_ffff) << 5) ^ UInt64(value)
            for bit in 0..<5 where (top >> UInt64(bit)) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum ^ 1
    }
}
