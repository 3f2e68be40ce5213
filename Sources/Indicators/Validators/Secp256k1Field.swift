// Arithmetic modulo the secp256k1 field prime, just enough to tell whether an x coordinate lies on the curve.

/// BIP-32 requires an imported extended public key's x coordinate to be on y² = x³ + 7; an xpub whose key is
/// not a point is invalid (BIP-32 test vector 5).
enum Secp256k1Field {
    typealias Element = [UInt64]  // 4 limbs, little-endian

    /// p = 2^256 - 2^32 - 977.
    static let p: Element = [0xFFFF_FFFE_FFFF_FC2F, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF]
    /// 2^256 mod p.
    static let c: UInt64 = 0x1_0000_03D1

    /// True when x (32 bytes, big-endian) is the x coordinate of a curve point: x < p and x³ + 7 is a square
    /// (Euler's criterion).
    static func isOnCurve(x bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == 32 else { return false }
        var x: Element = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            let limb = 3 - index / 8
            x[limb] = x[limb] << 8 | UInt64(byte)
        }
        guard lessThan(x, p) else { return false }
        let rhs = add(multiply(multiply(x, x), x), [7, 0, 0, 0])
        if rhs == [0, 0, 0, 0] { return true }
        // (p - 1) / 2
        let exponent: Element = [0xFFFF_FFFF_7FFF_FE17, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF]
        return power(rhs, exponent) == [1, 0, 0, 0]
    }

    static func lessThan(_ a: Element, _ b: Element) -> Bool {
        for limb in (0..<4).reversed() where a[limb] != b[limb] { return a[limb] < b[limb] }
        return false
    }

    static func subtractP(_ a: inout Element) {
        var borrow: UInt64 = 0
        for limb in 0..<4 {
            let (d1, o1) = a[limb].subtractingReportingOverflow(p[limb])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            a[limb] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    static func add(_ a: Element, _ b: Element) -> Element {
        var out: Element = [0, 0, 0, 0]
        var carry: UInt64 = 0
        for limb in 0..<4 {
            let (s1, o1) = a[limb].addingReportingOverflow(b[limb])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[limb] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return normalize(out, overflow: carry)
    }

    /// Folds an overflow above 2^256 back in (2^256 ≡ c) and brings the value below p.
    static func normalize(_ value: Element, overflow: UInt64) -> Element {
        var out = value
        var top = overflow
        while top != 0 {
            let (high, low) = top.multipliedFullWidth(by: c)
            var carry: UInt64 = 0
            var addend: [UInt64] = [low, high, 0, 0]
            top = 0
            for limb in 0..<4 {
                let (s1, o1) = out[limb].addingReportingOverflow(addend[limb])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[limb] = s2
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            addend = [0, 0, 0, 0]
            top = carry
        }
        while !lessThan(out, p) { subtractP(&out) }
        return out
    }

    static func multiply(_ a: Element, _ b: Element) -> Element {
        // Schoolbook 256×256 → 512 bits.
        var wide = [UInt64](repeating: 0, count: 8)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = wide[i + j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                wide[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            wide[i + 4] = carry
        }
        // lo + hi·c, where hi·c fits in 5 limbs.
        var out: Element = Array(wide[0..<4])
        var carry: UInt64 = 0
        var mulCarry: UInt64 = 0
        for limb in 0..<4 {
            let (high, low) = wide[limb + 4].multipliedFullWidth(by: c)
            let (product, o0) = low.addingReportingOverflow(mulCarry)
            mulCarry = high &+ (o0 ? 1 : 0)
            let (s1, o1) = out[limb].addingReportingOverflow(product)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[limb] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return normalize(out, overflow: mulCarry &+ carry)
    }

    static func power(_ base: Element, _ exponent: Element) -> Element {
        var result: Element = [1, 0, 0, 0]
        for limb in (0..<4).reversed() {
            for bit in (0..<64).reversed() {
                result = multiply(result, result)
                if (exponent[limb] >> UInt64(bit)) & 1 == 1 { result = multiply(result, base) }
            }
        }
        return result
    }
}
