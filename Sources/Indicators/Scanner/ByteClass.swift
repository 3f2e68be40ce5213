// Byte classes for the scanner's hot loops: one 256-entry table read per byte, no branches on character ranges.

enum ByteClass {
    static let alnum: UInt16 = 1 << 0
    static let base58: UInt16 = 1 << 1
    static let hex: UInt16 = 1 << 2
    /// In the bech32 charset, lowercase (digits count for both cases).
    static let bech32Lower: UInt16 = 1 << 3
    static let bech32Upper: UInt16 = 1 << 4
    static let digit: UInt16 = 1 << 5
    static let lower: UInt16 = 1 << 6
    static let upper: UInt16 = 1 << 7
    /// Uppercase letter or digit (IBAN body).
    static let upperOrDigit: UInt16 = 1 << 8
    /// Bytes that start a finder outside words: `@`, `:`, `+`.
    static let trigger: UInt16 = 1 << 9
    /// Allowed inside an e-mail local part besides alphanumerics.
    static let localPart: UInt16 = 1 << 10
    /// Allowed inside a URL after the host.
    static let urlChar: UInt16 = 1 << 11

    /// Never freed: a process-wide constant, read through a pointer so hot loops pay no bounds check or retain.
    static let table: UnsafePointer<UInt16> = {
        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        let base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
        let bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] |= alnum | digit | hex | upperOrDigit }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] |= alnum | lower }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] |= alnum | upper | upperOrDigit }
        for b in UInt8(ascii: "a")...UInt8(ascii: "f") { table[Int(b)] |= hex }
        for b in UInt8(ascii: "A")...UInt8(ascii: "F") { table[Int(b)] |= hex }
        for b in base58Alphabet.utf8 { table[Int(b)] |= base58 }
        for b in bech32Charset.utf8 {
            table[Int(b)] |= bech32Lower
            let upperByte = (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) ? b - 32 : b
            table[Int(upperByte)] |= bech32Upper
        }
        for b in "@:+".utf8 { table[Int(b)] |= trigger }
        for b in "._%+-".utf8 { table[Int(b)] |= localPart }
        for b in UInt8(0x21)...UInt8(0x7E) where !"\"<>\\^`{|}".utf8.contains(b) { table[Int(b)] |= urlChar }
        return UnsafePointer(table)
    }()

    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { table[Int(b)] & alnum != 0 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
}

/// Case-insensitive (ASCII) search for keywords in a byte window; UTF-8 keywords match exactly.
struct KeywordSet {
    private let keywords: [[UInt8]]
    /// Keyword indices by (lowercased) first byte: one pass over the window, a table load per byte.
    private let byFirstByte: [[Int]]
    /// Keywords this short must stand alone (no ASCII letter on either side): "sol" is not "solution".
    private let wholeWordBelow: Int
    /// Bit per (lowercased) first byte of some keyword: most bytes of a window end at one load and a test,
    /// without touching the arrays.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)
    /// The keywords sorted by first byte, concatenated; keyword k is `flat[flatStarts[k]..<flatStarts[k + 1]]`,
    /// and those starting with byte b are `firstRanges[b]..<firstRanges[b + 1]`.
    private let flat: [UInt8]
    private let flatStarts: [Int32]
    private let firstRanges: [Int32]
    /// Bit per (lowercased) first two bytes of some keyword, 64 Ki bits: on Base58 noise almost every byte passes
    /// the first-byte test, and the pair test drops nearly all of those with one more load. Every keyword has at
    /// least two bytes (a shorter one turns the test off), so a position with no second byte in range starts none.
    private let pairs: UnsafePointer<UInt64>?

    init(_ words: [String], wholeWordBelow: Int = 5) {
        let keywords = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        var byFirstByte = [[Int]](repeating: [], count: 256)
        var bits: [UInt64] = [0, 0, 0, 0]
        for (index, keyword) in keywords.enumerated() {
            byFirstByte[Int(keyword[0])].append(index)
            bits[Int(keyword[0]) >> 6] |= 1 << UInt64(keyword[0] & 63)
            // Uppercase ASCII folds to the keyword's first byte, so its bit must pass too.
            if ByteClass.isLetter(keyword[0]) {
                let upper = keyword[0] & ~0x20
                bits[Int(upper) >> 6] |= 1 << UInt64(upper & 63)
            }
        }
        self.keywords = keywords
        self.byFirstByte = byFirstByte
        let sorted = keywords.sorted { $0[0] < $1[0] }
        var flat: [UInt8] = []
        var flatStarts: [Int32] = []
        var firstRanges = [Int32](repeating: 0, count: 257)
        for keyword in sorted {
            flatStarts.append(Int32(flat.count))
            flat += keyword
        }
        flatStarts.append(Int32(flat.count))
        for b in 0...256 { firstRanges[b] = Int32(sorted.firstIndex { Int($0[0]) >= b } ?? sorted.count) }
        self.flat = flat
        self.flatStarts = flatStarts
        self.firstRanges = firstRanges
        self.wholeWordBelow = wholeWordBelow
        firstBytes = (bits[0], bits[1], bits[2], bits[3])
        if keywords.allSatisfy({ $0.count >= 2 }) {
            // Built once per keyword set; the sets are process-wide constants, so the table is never freed.
            let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
            table.initialize(repeating: 0, count: 1024)
            // Keyed by the two bytes as they are (first byte low), every ASCII case variant set: no folding per byte.
            func variants(_ b: UInt8) -> [UInt8] { ByteClass.isLetter(b) ? [b, b & ~0x20] : [b] }
            for keyword in keywords {
                for first in variants(keyword[0]) {
                    for second in variants(keyword[1]) {
                        let key = Int(first) | Int(second) << 8
                        table[key >> 6] |= 1 << UInt64(key & 63)
                    }
                }
            }
            pairs = UnsafePointer(table)
        } else {
            pairs = nil
        }
    }

    /// Some keyword may start at `i` (with `i + 1 < end`, the bytes read are in range).
    @inline(__always) private func mayStartPair(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        guard let pairs else { return mayStart(p[i]) }
        guard i + 1 < end else { return false }
        let key = Int(UnsafeRawPointer(p + i).loadUnaligned(as: UInt16.self).littleEndian)
        return pairs[key >> 6] & (1 << UInt64(key & 63)) != 0
    }

    @inline(__always) private func mayStart(_ b: UInt8) -> Bool {
        let word: UInt64
        switch b >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        return word & (1 << UInt64(b & 63)) != 0
    }

    func occurs(in p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where mayStartPair(p, i, range.upperBound) {
            let first = ByteClass.lowercased(p[i])
            let candidates = byFirstByte[Int(first)]
            if candidates.isEmpty { continue }
            for index in candidates {
                let keyword = keywords[index]
                guard i + keyword.count <= range.upperBound, matches(keyword, p, i) else { continue }
                if keyword.count >= wholeWordBelow || first >= 0x80 { return true }
                let before = i > range.lowerBound ? p[i - 1] : 0x20
                let afterIndex = i + keyword.count
                let after = afterIndex < range.upperBound ? p[afterIndex] : 0x20
                if !ByteClass.isLetter(before) && !ByteClass.isLetter(after) { return true }
            }
        }
        return false
    }

    /// Appends every keyword occurrence starting in `from..<to` (whole-word rule judged against the view
    /// `0..<n`), in order of start. Reads the keywords through flat buffers: no array is retained per byte.
    func collect(in p: UnsafePointer<UInt8>, _ n: Int, from: Int, to: Int, into hits: inout [Range<Int>]) {
        let end = min(to, n)
        guard from < end else { return }
        flat.withUnsafeBufferPointer { flat in
            flatStarts.withUnsafeBufferPointer { starts in
                firstRanges.withUnsafeBufferPointer { firstRanges in
                    for i in from..<end where mayStartPair(p, i, n) {
                        let first = Int(ByteClass.lowercased(p[i]))
                        for k in Int(firstRanges[first])..<Int(firstRanges[first + 1]) {
                            let ks = Int(starts[k])
                            let length = Int(starts[k + 1]) - ks
                            guard i + length <= n else { continue }
                            var same = true
                            for m in 1..<max(1, length) where ByteClass.lowercased(p[i + m]) != flat[ks + m] {
                                same = false
                                break
                            }
                            guard same else { continue }
                            if length < wholeWordBelow && first < 0x80 {
                                let before = i > 0 ? p[i - 1] : 0x20
                                let after = i + length < n ? p[i + length] : 0x20
                                if ByteClass.isLetter(before) || ByteClass.isLetter(after) { continue }
                            }
                            hits.append(i..<(i + length))
                        }
                    }
                }
            }
        }
    }

    private func matches(_ keyword: [UInt8], _ p: UnsafePointer<UInt8>, _ at: Int) -> Bool {
        for k in 1..<keyword.count where ByteClass.lowercased(p[at + k]) != keyword[k] { return false }
        return true
    }

    static let wallet = KeywordSet([
        "wallet", "address", "addr", "usdt", "usdc", "sol", "solana", "phantom", "send to", "send", "deposit",
        "withdraw", "transfer", "trc20", "erc20", "bep20", "spl", "pay", "payment", "receive", "crypto", "btc",
        "eth", "trx", "tron", "binance", "okx", "钱包", "錢包", "地址", "转账", "轉帳", "充值", "提币", "提现", "收款",
        "付款", "ウォレット", "アドレス", "送金", "지갑", "주소", "송금", "кошелек", "кошелёк", "адрес", "portefeuille",
        "adresse", "billetera", "cartera", "dirección", "carteira", "endereço", "peněženka", "adresa", "indirizzo",
    ])
    static let privateKey = KeywordSet([
        "private", "privkey", "priv key", "secret", "key", "私钥", "私鑰", "秘密鍵", "개인키", "개인 키", "ключ",
    ])
    static let telegram = KeywordSet([
        "telegram", "tg", "t.me", "telegram.me", "电报", "電報", "飞机", "飛機", "纸飞机", "телеграм", "텔레그램", "テレグラム",
    ], wholeWordBelow: 4)
    static let phone = KeywordSet([
        "tel", "phone", "mobile", "cell", "call", "whatsapp", "wechat", "sms", "contact", "电话", "電話", "手机", "手機",
        "联系", "聯繫", "微信", "телефон", "전화", "携帯", "téléphone", "teléfono", "telefone", "telefon",
    ])
    static let ipVersionLike = KeywordSet(["version", "ver", "release", "build", "v."])
}
