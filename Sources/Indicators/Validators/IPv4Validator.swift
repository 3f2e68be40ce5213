// IPv4 dotted-quad addresses: four decimal octets 0–255 without leading zeros, classified by range.

public enum IPv4Validator {
    /// No checksum: validation is `.none`; the detail says whether the address is public, private, loopback…
    /// so the scanner can keep only what matters (version strings like 1.2.3.4 look the same).
    public static func validate<S: StringProtocol>(_ text: S) -> ValidatedIndicator? {
        var octets: [Int] = []
        var current = -1
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            if byte == 0x2e {
                guard current >= 0, octets.count < 3 else { return nil }
                octets.append(current)
                current = -1
                digits = 0
                leadingZero = false
            } else if (0x30...0x39).contains(byte) {
                // "010" is octal to inet_aton and decimal to humans: not a canonical address.
                guard !leadingZero, digits < 3 else { return nil }
                if current == -1 { current = 0; leadingZero = byte == 0x30 }
                current = current * 10 + Int(byte - 0x30)
                digits += 1
                guard current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard current >= 0, octets.count == 3 else { return nil }
        octets.append(current)
        let value = octets.map(String.init).joined(separator: ".")
        return ValidatedIndicator(kind: .ipv4, value: value, raw: String(text), validation: .none,
                                  detail: classify(octets))
    }

    /// RFC 6890 special-purpose ranges.
    static func classify(_ o: [Int]) -> String {
        switch (o[0], o[1]) {
        case (10, _), (172, 16...31), (192, 168): "private"
        case (127, _): "loopback"
        case (169, 254): "link-local"
        case (100, 64...127): "shared"
        case (0, _): "unspecified"
        case (224...239, _): "multicast"
        case (240...255, _): "reserved"
        case (192, 0) where o[2] == 2, (198, 51) where o[2] == 100, (203, 0) where o[2] == 113: "documentation"
        case (198, 18...19): "benchmarking"
        default: "public"
        }
    }
}
