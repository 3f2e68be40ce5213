// Bech32 (BIP-173) and Bech32m (BIP-350) strings, and segwit addresses built on them.

public enum Bech32 {
    public enum Encoding: Sendable, Equatable {
        case bech32, bech32m

        /// The value the polymod of a valid string equals (BIP-173: 1; BIP-350: 0x2bc830a3).
        var constant: UInt32 { self == .bech32 ? 1 : 0x2bc8_30a3 }
    }

    public struct Decoded: Sendable, Equatable {
        /// Lowercased human-readable part.
        public var hrp: String
        /// 5-bit values between the separator and the checksum.
        public var data: [UInt8]
        public var encoding: Encoding
    }

    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let charsetRev: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, byte) in charset.enumerated() { table[Int(byte)] = Int8(value) }
        // Upper case letters map like lower case; digits have no case.
        for (value, byte) in charset.enumerated() where byte >= 0x61 { table[Int(byte) - 0x20] = Int8(value) }
        return table
    }()

    static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> bit) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum
    }

    static func expandHRP(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Decodes per BIP-173/350: printable-ASCII HRP of 1…83 chars, one case, at most `maxLength` chars,
    /// a checksum of 6 characters matching either constant.
    public static func decode<S: Collection>(_ text: S, maxLength: Int = 90) -> Decoded? where S.Element == UInt8 {
        let bytes = Array(text)
        guard bytes.count <= maxLength, bytes.count >= 8 else { return nil }
        var hasLower = false, hasUpper = false
        for byte in bytes {
            guard byte >= 33, byte <= 126 else { return nil }
            if byte >= 0x61, byte <= 0x7a { hasLower = true }
            if byte >= 0x41, byte <= 0x5a { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else { return nil }
        guard let separator = bytes.lastIndex(of: 0x31), separator >= 1, separator + 7 <= bytes.count else { return nil }
        let hrp = bytes[..<separator].map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        var values = [UInt8]()
        values.reserveCapacity(bytes.count - separator - 1)
        for byte in bytes[(separator + 1)...] {
            let value = charsetRev[Int(byte)]
            guard value >= 0 else { return nil }
            values.append(UInt8(value))
        }
        let check = polymod(expandHRP(hrp) + values)
        let encoding: Encoding
        switch check {
        case Encoding.bech32.constant: encoding = .bech32
        case Encoding.bech32m.constant: encoding = .bech32m
        default: return nil
        }
        return Decoded(hrp: String(decoding: hrp, as: UTF8.self), data: Array(values.dropLast(6)), encoding: encoding)
    }

    public static func encode(hrp: String, data: [UInt8], encoding: Encoding) -> String {
        let hrpBytes = Array(hrp.lowercased().utf8)
        let polymodValue = polymod(expandHRP(hrpBytes) + data + [0, 0, 0, 0, 0, 0]) ^ encoding.constant
        let checksum = (0..<6).map { UInt8((polymodValue >> (5 * (5 - UInt32($0)))) & 31) }
        return String(decoding: hrpBytes + [0x31] + (data + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }

    /// Regroups bits (8→5 with padding, 5→8 strictly: at most 4 zero padding bits, BIP-173).
    public static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0, bits = 0
        var out = [UInt8]()
        out.reserveCapacity(data.count * from / to + 1)
        let maxValue = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || (accumulator << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }
}

/// A segwit address: witness version 0 uses Bech32 with a 20- or 32-byte program, versions 1–16 use Bech32m
/// with 2–40 bytes (BIP-141, BIP-173, BIP-350).
public struct SegwitAddress: Sendable, Equatable {
    public var hrp: String
    public var version: Int
    public var program: [UInt8]

    public init?<S: Collection>(_ text: S) where S.Element == UInt8 {
        guard let decoded = Bech32.decode(text), let first = decoded.data.first, first <= 16,
              let program = Bech32.convertBits(Array(decoded.data.dropFirst()), from: 5, to: 8, pad: false),
              program.count >= 2, program.count <= 40
        else { return nil }
        if first == 0 {
            guard decoded.encoding == .bech32, program.count == 20 || program.count == 32 else { return nil }
        } else {
            guard decoded.encoding == .bech32m else { return nil }
        }
        hrp = decoded.hrp
        version = Int(first)
        self.program = program
    }

    public init(hrp: String, version: Int, program: [UInt8]) {
        self.hrp = hrp
        self.version = version
        self.program = program
    }

    /// The scriptPubKey: OP_0 or OP_1…OP_16, then a push of the program.
    public var scriptPubKey: [UInt8] {
        [version == 0 ? 0 : UInt8(0x50 + version), UInt8(program.count)] + program
    }

    /// Canonical lower-case form.
    public var encoded: String {
        Bech32.encode(hrp: hrp, data: [UInt8(version)] + (Bech32.convertBits(program, from: 8, to: 5, pad: true) ?? []),
                      encoding: version == 0 ? .bech32 : .bech32m)
    }
}
