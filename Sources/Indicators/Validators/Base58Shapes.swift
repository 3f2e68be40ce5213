// Which (length, first character) pairs a Base58 string of each supported chain can have: a pre-check that
// drops Base58-shaped noise before any decode, checksum or string is paid for.

enum Base58Shapes {
    /// Longest Base58 candidate the scanner emits.
    static let maximumLength = 112

    /// `admitted[length * 128 + firstByte]`: some checksummed reading has that length and first character.
    /// Derived from the validators' own version tables, so a version added there is admitted here.
    static let admitted: [Bool] = {
        var table = [Bool](repeating: false, count: (maximumLength + 1) * 128)
        func admit(_ length: Int, _ byte: UInt8) {
            if length <= maximumLength && byte < 128 { table[length * 128 + Int(byte)] = true }
        }
        // A payload is `prefix` + any bytes, `total` bytes with the checksum: its numbers form one interval, so its
        // strings are those between the encodings of the interval's ends (shorter strings rank lower).
        func shape(_ prefix: [UInt8], total: Int, alphabet: Base58Alphabet) {
            let zero = alphabet.characters[0]
            if prefix.first == 0 {
                // A leading zero byte is the zero digit; what follows is any number of the remaining bytes.
                let longest = Array(Base58.encode([UInt8](repeating: 0xFF, count: total - 1), alphabet: alphabet).utf8).count + 1
                for length in 25...longest { admit(length, zero) }
                return
            }
            let low = Array(Base58.encode(prefix + [UInt8](repeating: 0, count: total - prefix.count), alphabet: alphabet).utf8)
            let high = Array(Base58.encode(prefix + [UInt8](repeating: 0xFF, count: total - prefix.count), alphabet: alphabet).utf8)
            let digit = { (byte: UInt8) in Int(alphabet.digits[Int(byte)]) }
            for length in low.count...high.count {
                for value in 1..<58 {
                    let above = length > low.count || value >= digit(low[0])
                    let below = length < high.count || value <= digit(high[0])
                    if above && below { admit(length, alphabet.characters[value]) }
                }
            }
        }
        for version in CryptoValidators.legacyVersions.keys { shape([version], total: 25, alphabet: .bitcoin) }
        for version in CryptoValidators.wifVersions.keys {
            shape([version], total: 37, alphabet: .bitcoin)
            shape([version], total: 38, alphabet: .bitcoin)
        }
        for version in CryptoValidators.extendedKeyVersions.keys {
            let bytes = [UInt8(version >> 24), UInt8(version >> 16 & 0xFF), UInt8(version >> 8 & 0xFF), UInt8(version & 0xFF)]
            shape(bytes, total: 82, alphabet: .bitcoin)
        }
        shape([0], total: 25, alphabet: .ripple)
        shape([0x05, 0x44], total: 35, alphabet: .ripple)
        shape([0x04, 0x93], total: 35, alphabet: .ripple)
        // Monero's block Base58 has fixed lengths: 95 (standard, subaddress) and 106 (integrated).
        for byte in Base58Alphabet.bitcoin.characters {
            admit(95, byte)
            admit(106, byte)
        }
        return table
    }()

    /// Solana public keys: 32 bytes, no checksum, no version.
    static let solanaLengths = 32...44

    static func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> CandidateVerdict {
        let length = bytes.count
        guard length > 0, length <= maximumLength else { return .drop }
        let first = bytes[0]
        if first < 128 && admitted[length * 128 + Int(first)] { return .keep }
        return solanaLengths.contains(length) ? .keepIfWalletContext : .drop
    }
}
