// Base58 and Base58Check (Bitcoin and Ripple alphabets): the encodings of legacy addresses, WIF and extended keys.

import Crypto

public struct Base58Alphabet: Sendable {
    public let characters: [UInt8]
    /// ASCII byte → digit value, or -1.
    let digits: [Int8]

    init(_ alphabet: String) {
        characters = Array(alphabet.utf8)
        var digits = [Int8](repeating: -1, count: 128)
        for (value, byte) in characters.enumerated() { digits[Int(byte)] = Int8(value) }
        self.digits = digits
    }

    public static let bitcoin = Base58Alphabet("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    /// XRP Ledger: the same 58 symbols in a different order, so 'r' encodes a leading zero byte.
    public static let ripple = Base58Alphabet("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")
}

public enum Base58 {
    /// Longest input decoded: bounds the quadratic work a hostile candidate can cause (an xprv is 111 chars;
    /// Bitcoin Core's longest base58 vector is 344).
    public static let maxEncodedLength = 512

    /// Decodes a Base58 string; nil on a character outside the alphabet or an over-long input.
    public static func decode<S: Collection>(_ text: S, alphabet: Base58Alphabet = .bitcoin) -> [UInt8]?
    where S.Element == UInt8 {
        guard text.count <= maxEncodedLength else { return nil }
        let zeroDigit = alphabet.characters[0]
        var leadingZeros = 0
        var index = text.startIndex
        while index != text.endIndex, text[index] == zeroDigit {
            leadingZeros += 1
            index = text.index(after: index)
        }
        // log(58)/log(256) ≈ 0.733: bytes needed for the remaining digits.
        var number = [UInt8](repeating: 0, count: (text.count - leadingZeros) * 733 / 1000 + 1)
        var used = 0
        while index != text.endIndex {
            let byte = text[index]
            guard byte < 128 else { return nil }
            let digit = alphabet.digits[Int(byte)]
            guard digit >= 0 else { return nil }
            var carry = Int(digit)
            var position = number.count - 1
            var processed = 0
            while carry != 0 || processed < used {
                guard position >= 0 else { return nil }
                carry += 58 * Int(number[position])
                number[position] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
                position -= 1
                processed += 1
            }
            used = processed
            index = text.index(after: index)
        }
        let significant = number.drop { $0 == 0 }
        return [UInt8](repeating: 0, count: leadingZeros) + significant
    }

    public static func encode(_ bytes: [UInt8], alphabet: Base58Alphabet = .bitcoin) -> String {
        let leadingZeros = bytes.prefix { $0 == 0 }.count
        // log(256)/log(58) ≈ 1.38: digits needed.
        var digits = [UInt8](repeating: 0, count: (bytes.count - leadingZeros) * 138 / 100 + 1)
        var used = 0
        for byte in bytes.dropFirst(leadingZeros) {
            var carry = Int(byte)
            var position = digits.count - 1
            var processed = 0
            while carry != 0 || processed < used {
                carry += 256 * Int(digits[position])
                digits[position] = UInt8(carry % 58)
                carry /= 58
                position -= 1
                processed += 1
            }
            used = processed
        }
        let significant = digits.drop { $0 == 0 }
        var out = [UInt8](repeating: alphabet.characters[0], count: leadingZeros)
        out.reserveCapacity(leadingZeros + significant.count)
        for digit in significant { out.append(alphabet.characters[Int(digit)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The payload of a Base58Check string (version byte included), or nil when the checksum does not match.
    public static func decodeCheck<S: Collection>(_ text: S, alphabet: Base58Alphabet = .bitcoin) -> [UInt8]?
    where S.Element == UInt8 {
        guard let bytes = decode(text, alphabet: alphabet) else { return nil }
        return verifyCheck(bytes)
    }

    /// Splits decoded bytes into payload and checksum; nil unless the last 4 bytes are SHA-256d of the rest.
    public static func verifyCheck(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 5 else { return nil }
        let payload = Array(bytes.dropLast(4))
        let checksum = doubleSHA256(payload).prefix(4)
        return checksum.elementsEqual(bytes.suffix(4)) ? payload : nil
    }

    public static func encodeCheck(_ payload: [UInt8], alphabet: Base58Alphabet = .bitcoin) -> String {
        encode(payload + doubleSHA256(payload).prefix(4), alphabet: alphabet)
    }

    static func doubleSHA256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(SHA256.hash(data: bytes))))
    }
}
