// Monero's block Base58: 8-byte blocks become 11 characters each, so a fixed-length address has a fixed length.

public enum MoneroBase58 {
    /// Encoded length of a block of n bytes (n = 0…8).
    static let encodedBlockSizes = [0, 2, 3, 5, 6, 7, 9, 10, 11]

    public static func decode<S: Collection>(_ text: S) -> [UInt8]? where S.Element == UInt8 {
        let chars = Array(text)
        let fullBlocks = chars.count / 11
        let lastChars = chars.count % 11
        guard let lastBytes = encodedBlockSizes.firstIndex(of: lastChars) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(fullBlocks * 8 + lastBytes)
        var start = 0
        for blockBytes in Array(repeating: 8, count: fullBlocks) + (lastBytes > 0 ? [lastBytes] : []) {
            let length = encodedBlockSizes[blockBytes]
            var value: UInt64 = 0
            for byte in chars[start..<(start + length)] {
                guard byte < 128 else { return nil }
                let digit = Base58Alphabet.bitcoin.digits[Int(byte)]
                guard digit >= 0 else { return nil }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 58)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
            }
            // The value must fit the block's byte count.
            guard blockBytes == 8 || value >> UInt64(8 * blockBytes) == 0 else { return nil }
            for index in (0..<blockBytes).reversed() { out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
            start += length
        }
        return out
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        var start = 0
        while start < bytes.count {
            let block = bytes[start..<min(start + 8, bytes.count)]
            var value: UInt64 = 0
            for byte in block { value = value << 8 | UInt64(byte) }
            var digits = [UInt8](repeating: Base58Alphabet.bitcoin.characters[0], count: encodedBlockSizes[block.count])
            var position = digits.count - 1
            while value > 0, position >= 0 {
                digits[position] = Base58Alphabet.bitcoin.characters[Int(value % 58)]
                value /= 58
                position -= 1
            }
            out += digits
            start += 8
        }
        return String(decoding: out, as: UTF8.self)
    }
}
