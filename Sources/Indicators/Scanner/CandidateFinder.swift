// The candidate finders: byte loops over one decoded view (raw bytes, a UTF-16 run, a transcoded text block).

/// ASCII-compatible bytes to scan and the way back to file offsets.
struct ScanView {
    let p: UnsafePointer<UInt8>
    let n: Int
    /// `map[i]`: offset in the scanner's buffer of the source character that view byte `i` belongs to; `map[n]` is
    /// the end of the last character. `nil` when the view is the buffer itself.
    let map: UnsafePointer<Int32>?
    /// File offset of the scanner's buffer.
    let bufferOffset: Int64
    let form: TextForm

    @inline(__always) func fileOffset(_ i: Int) -> Int64 {
        if let map { return bufferOffset + Int64(map[i]) }
        return bufferOffset + Int64(i)
    }
}

/// A word of a seed-alphabet segment and whether it is an index word (0 not looked up yet, 1 yes, -1 no): one
/// array of both, so a word costs one append.
struct SeedToken {
    var range: Range<Int>
    var state: Int8
}

struct CandidateFinder {
    private let view: ScanView
    private let p: UnsafePointer<UInt8>
    private let n: Int
    /// Only candidates starting in this file range are reported (the streaming scanner's settled part).
    private let window: Range<Int64>
    private let options: ScannerOptions
    private(set) var found: [ScanCandidate] = []
    /// Names, URLs, e-mails and phone numbers already consumed end here: their inner words start nothing new.
    private var skipUntil = 0
    /// Words of the current seed-alphabet segment; kept between segments so their storage is reused.
    private var seedTokens: [SeedToken] = []
    /// Wallet keywords found in the view so far (ranges in order of start) and how far the view was searched.
    private var walletHits: [Range<Int>] = []
    private var walletScanned = 0
    private var walletFrom = 0

    init(view: ScanView, window: Range<Int64>, options: ScannerOptions) {
        self.view = view
        p = view.p
        n = view.n
        self.window = window
        self.options = options
    }

    mutating func run() {
        guard n > 0 else { return }
        scanWords()
        if let index = options.seedWords { scanSeedWords(index) }
    }

    // MARK: - Words and triggers

    private mutating func scanWords() {
        let table = ByteClass.table
        let interesting = ByteClass.alnum | ByteClass.trigger
        var i = 0
        while i < n {
            var c = table[Int(p[i])]
            if c & interesting == 0 {
                // In binary, skip 12 bytes at a time while 16 bytes hold no 5 printable ASCII in a row: every
                // candidate is at least that long, and a run cut at the window's end starts in the next window.
                if p[i] &- 0x20 >= 0x5F {
                    i += 1
                    while i + 16 <= n {
                        let bits = Self.printableBits(p, i) | Self.printableBits(p, i + 8) << 8
                        if bits & (bits >> 1) & (bits >> 2) & (bits >> 3) & (bits >> 4) != 0 { break }
                        i += 12
                    }
                } else {
                    i += 1
                }
                continue
            }
            if c & ByteClass.alnum == 0 {
                trigger(at: i)
                i += 1
                continue
            }
            let start = i
            var all: UInt16 = 0xFFFF
            repeat {
                all &= c
                i += 1
                if i == n { break }
                c = table[Int(p[i])]
            } while c & ByteClass.alnum != 0
            word(start, i, all)
        }
    }

    /// One bit per byte of `p[i..<i+8]` (bit k for byte k): set when the byte is printable ASCII (0x20–0x7E).
    @inline(__always) static func printableBits(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self).littleEndian
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7 = w & ~high
        let atLeast20 = (low7 &+ 0x6060_6060_6060_6060) & high
        let atLeast7F = (low7 &+ 0x0101_0101_0101_0101) & high
        let printable = atLeast20 & ~atLeast7F & ~w & high
        return ((printable >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    @inline(__always) private mutating func word(_ s: Int, _ e: Int, _ all: UInt16) {
        let length = e - s
        if length >= 14 { cryptoWord(s, e, all) }
        guard s >= skipUntil else { return }
        if e + 1 < n && p[e] == UInt8(ascii: ".") && ByteClass.isAlnum(p[e + 1]) {
            if dottedName(s) { return }
        }
        if all & ByteClass.digit != 0 {
            phoneFromDigits(s, e)
        } else if length >= 4 && ByteClass.isUpper(p[s]) && ByteClass.isUpper(p[s + 1])
                    && ByteClass.isDigit(p[s + 2]) && ByteClass.isDigit(p[s + 3]) && all & ByteClass.upperOrDigit != 0 {
            iban(s, e)
        }
    }

    private mutating func trigger(at i: Int) {
        switch p[i] {
        case UInt8(ascii: "@"): atSign(i)
        case UInt8(ascii: ":"): colon(i)
        default: // "+"
            if i + 1 < n && ByteClass.isDigit(p[i + 1]) && i >= skipUntil && (i == 0 || !ByteClass.isAlnum(p[i - 1])) {
                phone(from: i, international: true)
            }
        }
    }

    // MARK: - Crypto-shaped words

    private static let bech32Prefixes: [[UInt8]] = ["bcrt1", "tltc1", "rltc1", "ltc1", "bc1", "tb1"].map { Array($0.utf8) }
    private static let cashAddrPrefixes: [[UInt8]] = ["bitcoincash", "bchtest", "bchreg"].map { Array($0.utf8) }

    private mutating func cryptoWord(_ s: Int, _ e: Int, _ all: UInt16) {
        let length = e - s
        if all & ByteClass.base58 != 0 && length >= 25 && length <= 111 && !base64Neighbour(s, e) {
            // Only Solana's 32–44 characters need the wallet-context test; checksummed kinds stand on their own.
            emit(.base58, s, e, crypto: length >= 32 && length <= 44)
        }
        if length <= 90 { bech32(s, e) }
        if length >= 42 && length <= 112 { cashAddr(s, e) }
        let zeroX = p[s] == UInt8(ascii: "0") && ByteClass.lowercased(p[s + 1]) == UInt8(ascii: "x")
        if length == 42 && zeroX && allHex(s + 2, e) {
            emit(.ethereumHex, s, e)
        } else if (length == 64 && all & ByteClass.hex != 0) || (length == 66 && zeroX && allHex(s + 2, e)) {
            let r = options.keywordRadius
            if KeywordSet.privateKey.occurs(in: p, max(0, s - r)..<min(n, e + r)) { emit(.hexKey, s, e, crypto: true) }
        }
    }

    /// Base64 splits at `+` and `/` into Base58-looking pieces; a piece touching `+` or followed by `=` is one.
    @inline(__always) private func base64Neighbour(_ s: Int, _ e: Int) -> Bool {
        if s > 0 && p[s - 1] == UInt8(ascii: "+") { return true }
        if e < n && (p[e] == UInt8(ascii: "+") || p[e] == UInt8(ascii: "=")) { return true }
        return false
    }

    private func allHex(_ s: Int, _ e: Int) -> Bool {
        for i in s..<e where ByteClass.table[Int(p[i])] & ByteClass.hex == 0 { return false }
        return true
    }

    private func hasPrefix(_ prefix: [UInt8], at s: Int, before e: Int) -> Bool {
        guard e - s >= prefix.count else { return false }
        for k in 0..<prefix.count where ByteClass.lowercased(p[s + k]) != prefix[k] { return false }
        return true
    }

    /// The data part must be one case, in the bech32 charset, with the human-readable part in the same case.
    private func bech32Data(_ s: Int, _ e: Int, upper: Bool) -> Bool {
        let flag = upper ? ByteClass.bech32Upper : ByteClass.bech32Lower
        for i in s..<e where ByteClass.table[Int(p[i])] & flag == 0 { return false }
        return true
    }

    private mutating func bech32(_ s: Int, _ e: Int) {
        for prefix in Self.bech32Prefixes where hasPrefix(prefix, at: s, before: e) {
            let data = s + prefix.count
            guard e - data >= 11 else { return }
            let upper = ByteClass.isUpper(p[s])
            for i in s..<(data - 1) where ByteClass.isUpper(p[i]) != upper { return }
            if bech32Data(data, e, upper: upper) { emit(.bech32, s, e) }
            return
        }
    }

    private mutating func cashAddr(_ s: Int, _ e: Int) {
        let first = ByteClass.lowercased(p[s])
        guard first == UInt8(ascii: "q") || first == UInt8(ascii: "p") else { return }
        let upper = ByteClass.isUpper(p[s])
        guard bech32Data(s, e, upper: upper) else { return }
        if s >= 2 && p[s - 1] == UInt8(ascii: ":") {
            for prefix in Self.cashAddrPrefixes where s - 1 - prefix.count >= 0 {
                let ps = s - 1 - prefix.count
                if hasPrefix(prefix, at: ps, before: s - 1) && (ps == 0 || !ByteClass.isAlnum(p[ps - 1])) {
                    emit(.cashAddr, ps, e)
                    return
                }
            }
        }
        if e - s == 42 { emit(.cashAddr, s, e) }
    }

    // MARK: - Names: domains, IPv4, www. URLs, t.me links

    private struct HostName {
        var end: Int
        var labels: Int
        var lastLabel: Range<Int>
        var numeric: Bool
    }

    /// Labels of alphanumerics and inner hyphens separated by single dots, at most 253 bytes.
    private func hostName(from s: Int) -> HostName? {
        var i = s
        var labels = 0
        var numeric = true
        var last = s..<s
        while true {
            let ls = i
            while i < n && (ByteClass.isAlnum(p[i]) || p[i] == UInt8(ascii: "-")) && i - ls <= 63 {
                if !ByteClass.isDigit(p[i]) { numeric = false }
                i += 1
            }
            if i == ls || i - ls > 63 || p[ls] == UInt8(ascii: "-") || p[i - 1] == UInt8(ascii: "-") { return nil }
            labels += 1
            last = ls..<i
            if i + 1 < n && p[i] == UInt8(ascii: ".") && ByteClass.isAlnum(p[i + 1]) && i - s < 253 {
                i += 1
                continue
            }
            return HostName(end: i, labels: labels, lastLabel: last, numeric: numeric)
        }
    }

    private func knownTopLevel(_ label: Range<Int>) -> Bool {
        guard label.count >= 2, label.count <= 24, ByteClass.isLetter(p[label.lowerBound]) else { return false }
        return TopLevelDomains.hashes.contains(TopLevelDomains.fnvLowercased(p, label))
    }

    /// Returns true when the name was consumed (found or known not to be anything else).
    private mutating func dottedName(_ wordStart: Int) -> Bool {
        var s = wordStart
        while s > 0 && (ByteClass.isAlnum(p[s - 1]) || p[s - 1] == UInt8(ascii: "-")) && wordStart - s < 63 { s -= 1 }
        if s > 0 && (p[s - 1] == UInt8(ascii: "@") || p[s - 1] == UInt8(ascii: ".")) { return true }
        guard let host = hostName(from: s) else { return false }
        skipUntil = host.end
        if host.end < n && p[host.end] == UInt8(ascii: "@") { return true }
        if host.numeric { return ipv4(s, host) }
        guard host.labels >= 2, knownTopLevel(host.lastLabel) else { return true }
        let hasPath = host.end < n && p[host.end] == UInt8(ascii: "/")
        if isTelegramHost(s, host.end) && hasPath {
            let end = urlEnd(from: host.end)
            skipUntil = end
            if end > host.end + 1 { emit(.telegramLink, s, end) }
            return true
        }
        let www = host.end - s > 4 && hasPrefix(Array("www.".utf8), at: s, before: host.end)
        if www || hasPath {
            let end = urlEnd(from: host.end)
            skipUntil = end
            emit(.url, s, end)
            return true
        }
        let tld = TopLevelDomains.fnvLowercased(p, host.lastLabel)
        if host.lastLabel.count == 2 {
            if TopLevelDomains.fileExtensions.contains(tld) { return true }
        } else if !TopLevelDomains.bareGeneric.contains(tld) {
            return true
        }
        // Reverse-DNS identifiers (com.google.android) start with a top-level domain.
        if host.labels >= 3, let firstDot = (s..<host.end).first(where: { p[$0] == UInt8(ascii: ".") }),
           knownTopLevel(s..<firstDot) {
            return true
        }
        guard host.end - s >= 5 else { return true }
        emit(.domain, s, host.end)
        return true
    }

    private static let telegramHosts: [[UInt8]] = ["t.me", "telegram.me", "telegram.dog"].map { Array($0.utf8) }

    private func isTelegramHost(_ s: Int, _ e: Int) -> Bool {
        Self.telegramHosts.contains { $0.count == e - s && hasPrefix($0, at: s, before: e) }
    }

    /// Dotted quad, each 0–255 without leading zeros, not part of a longer dotted number or a version string.
    private mutating func ipv4(_ s: Int, _ host: HostName) -> Bool {
        guard host.labels == 4 else { return true }
        var i = s
        for _ in 0..<4 {
            let ls = i
            var value = 0
            // A label may be 63 digits (planted on purpose to trap `value * 10`): only the first 3 are added up,
            // longer runs are rejected by their length below.
            while i < host.end && ByteClass.isDigit(p[i]) {
                if i - ls < 3 { value = value * 10 + Int(p[i] - 0x30) }
                i += 1
            }
            let length = i - ls
            if length == 0 || length > 3 || value > 255 || (length > 1 && p[ls] == UInt8(ascii: "0")) { return true }
            i += 1
        }
        if s > 0 && (p[s - 1] == UInt8(ascii: ".") || p[s - 1] == UInt8(ascii: "-")) { return true }
        if host.end + 1 < n && p[host.end] == UInt8(ascii: ".") && ByteClass.isDigit(p[host.end + 1]) { return true }
        if KeywordSet.ipVersionLike.occurs(in: p, max(0, s - 12)..<s) { return true }
        emit(.ipv4, s, host.end)
        return true
    }

    // MARK: - URLs, e-mail, Telegram handles

    private static let schemes: [[UInt8]] = ["https", "http", "hxxps", "hxxp", "ftp", "wss", "ws", "tg"].map { Array($0.utf8) }

    private mutating func colon(_ i: Int) {
        guard i >= skipUntil, i + 3 < n, p[i + 1] == UInt8(ascii: "/"), p[i + 2] == UInt8(ascii: "/") else { return }
        var s = i
        while s > 0 && ByteClass.isLetter(p[s - 1]) && i - s < 5 { s -= 1 }
        if s > 0 && ByteClass.isAlnum(p[s - 1]) { return }
        guard let scheme = Self.schemes.first(where: { $0.count == i - s && hasPrefix($0, at: s, before: i) }) else { return }
        if scheme == Array("tg".utf8) {
            let end = urlEnd(from: i + 3)
            skipUntil = end
            if end > i + 3 { emit(.telegramLink, s, end) }
            return
        }
        guard let host = hostName(from: i + 3), host.labels >= 2 || host.end - (i + 3) == 9 /* localhost */ else { return }
        if !host.numeric && !knownTopLevel(host.lastLabel) && host.labels >= 2 { return }
        let end = urlEnd(from: host.end)
        skipUntil = end
        emit(isTelegramHost(i + 3, host.end) ? .telegramLink : .url, s, end)
    }

    /// Extends over URL characters (at most 2048 bytes), then gives back trailing punctuation of the sentence.
    private func urlEnd(from s: Int) -> Int {
        var i = s
        var open = 0
        var close = 0
        let limit = min(n, s + 2048)
        while i < limit && ByteClass.table[Int(p[i])] & ByteClass.urlChar != 0 {
            if p[i] == UInt8(ascii: "(") { open += 1 } else if p[i] == UInt8(ascii: ")") { close += 1 }
            i += 1
        }
        while i > s {
            let b = p[i - 1]
            if ".,;:!?'\"".utf8.contains(b) || (b == UInt8(ascii: ")") && close > open) {
                if b == UInt8(ascii: ")") { close -= 1 }
                i -= 1
            } else {
                break
            }
        }
        return i
    }

    private mutating func atSign(_ i: Int) {
        guard i >= skipUntil else { return }
        var s = i
        while s > 0 && ByteClass.table[Int(p[s - 1])] & (ByteClass.alnum | ByteClass.localPart) != 0 && i - s < 64 { s -= 1 }
        while s < i && p[s] == UInt8(ascii: ".") { s += 1 }
        if s == i {
            telegramHandle(i)
            return
        }
        guard i + 1 < n, p[i - 1] != UInt8(ascii: "."), let host = hostName(from: i + 1),
              host.labels >= 2, !host.numeric, knownTopLevel(host.lastLabel) else { return }
        skipUntil = host.end
        emit(.email, s, host.end)
    }

    private mutating func telegramHandle(_ i: Int) {
        var e = i + 1
        guard e < n, ByteClass.isLetter(p[e]) else { return }
        while e < n && (ByteClass.isAlnum(p[e]) || p[e] == UInt8(ascii: "_")) && e - i <= 33 { e += 1 }
        let length = e - i - 1
        guard length >= 5, length <= 32, e == n || !(ByteClass.isAlnum(p[e]) || p[e] == UInt8(ascii: "_")) else { return }
        if e + 1 < n && p[e] == UInt8(ascii: ".") && ByteClass.isAlnum(p[e + 1]) { return }
        if i > 0 && ByteClass.isAlnum(p[i - 1]) { return }
        let r = options.keywordRadius
        guard KeywordSet.telegram.occurs(in: p, max(0, i - r)..<min(n, e + r)) else { return }
        skipUntil = e
        emit(.telegramHandle, i, e)
    }

    // MARK: - Phone numbers

    private mutating func phoneFromDigits(_ s: Int, _ e: Int) {
        let before = s > 0 ? p[s - 1] : 0x20
        if before == UInt8(ascii: "(") {
            if s >= 2 && (ByteClass.isAlnum(p[s - 2]) || p[s - 2] == UInt8(ascii: "+")) { return }
            phone(from: s - 1, international: false)
            return
        }
        switch before {
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: ":"),
             UInt8(ascii: "_"), UInt8(ascii: "+"): return
        default: if ByteClass.isAlnum(before) { return }
        }
        let after: UInt8 = e < n ? p[e] : 0
        if after == UInt8(ascii: " ") || after == UInt8(ascii: "-") || after == UInt8(ascii: "."), e + 1 < n,
           ByteClass.isDigit(p[e + 1]) || p[e + 1] == UInt8(ascii: "(") {
            phone(from: s, international: false)
        } else if e - s >= 10 && e - s <= 12 && (e == n || !ByteClass.isAlnum(p[e])) {
            if e < n && p[e] == UInt8(ascii: ".") && e + 1 < n && ByteClass.isDigit(p[e + 1]) { return }
            if KeywordSet.phone.occurs(in: p, max(0, s - 40)..<s) { emit(.phone, s, e) }
        }
    }

    /// Digit groups separated by one space, hyphen, dot or slash, or parentheses around a group.
    private mutating func phone(from start: Int, international: Bool) {
        var i = international ? start + 1 : start
        var digits = 0
        var groups: [Int] = []
        var group = 0
        var separators: UInt8 = 0 // bit 0 space, 1 hyphen, 2 dot, 3 parenthesis, 4 slash
        var lastDigitEnd = i
        var pendingSeparators = 0
        var inParens = false
        while i < n {
            let b = p[i]
            if ByteClass.isDigit(b) {
                group += 1
                digits += 1
                if digits > 15 { return }
                lastDigitEnd = i + 1
                pendingSeparators = 0
            } else {
                let kind: UInt8
                switch b {
                case UInt8(ascii: " "): kind = 1
                case UInt8(ascii: "-"): kind = 2
                case UInt8(ascii: "."): kind = 4
                case UInt8(ascii: "("): kind = inParens ? 0 : 8; inParens = true
                case UInt8(ascii: ")"): kind = inParens ? 8 : 0; inParens = false
                case UInt8(ascii: "/"): kind = 16
                default: kind = 0
                }
                if kind == 0 { break }
                pendingSeparators += 1
                if pendingSeparators > 2 { break }
                separators |= kind
                if group > 0 { groups.append(group); group = 0 }
            }
            i += 1
        }
        if group > 0 { groups.append(group) }
        let end = lastDigitEnd
        if end < n && (ByteClass.isAlnum(p[end]) || p[end] == UInt8(ascii: "_")) { return }
        guard digits >= 7, let first = groups.first else { return }
        if !international {
            guard groups.count >= 2 else { return }
            let parenthesised = separators & 8 != 0
            if !parenthesised {
                guard groups.count >= 3, groups.allSatisfy({ $0 >= 2 }) else { return }
                if separators & 16 != 0 { return }
                if separators == 1 && p[start] != UInt8(ascii: "0") { return }
                // Dates and dotted numbers are not phone numbers.
                if groups.count == 3 && ((first == 4 && groups[1] == 2 && groups[2] == 2)
                                          || (first == 2 && groups[1] == 2 && groups[2] == 4)) { return }
                if separators & 4 != 0 && groups.count == 4 && groups.allSatisfy({ $0 <= 3 }) { return }
            }
        }
        skipUntil = end
        emit(.phone, start, end)
    }

    // MARK: - IBAN

    private mutating func iban(_ s: Int, _ e: Int) {
        var chars: [UInt8] = []
        var end = e
        if e - s >= 15 && e - s <= 34 {
            for i in s..<e { chars.append(p[i]) }
        } else if e - s == 4 {
            for i in s..<e { chars.append(p[i]) }
            var i = e
            while i + 1 < n && p[i] == UInt8(ascii: " ") && ByteClass.table[Int(p[i + 1])] & ByteClass.upperOrDigit != 0 {
                var j = i + 1
                while j < n && ByteClass.table[Int(p[j])] & ByteClass.upperOrDigit != 0 && j - i <= 4 { j += 1 }
                if j < n && ByteClass.isAlnum(p[j]) { break }
                for k in (i + 1)..<j { chars.append(p[k]) }
                let groupLength = j - i - 1
                end = j
                i = j
                if chars.count > 34 { return }
                if groupLength < 4 { break }
            }
            guard chars.count >= 15 && chars.count <= 34 else { return }
        } else {
            return
        }
        guard Self.ibanChecksumValid(chars) else { return }
        skipUntil = end
        emit(.iban, s, end)
    }

    /// ISO 13616 mod-97: the first four characters moved to the end, letters as 10–35, remainder 1.
    static func ibanChecksumValid(_ chars: [UInt8]) -> Bool {
        guard chars.count >= 5 else { return false }
        var remainder = 0
        for c in chars[4...] + chars[0..<4] {
            if ByteClass.isDigit(c) {
                remainder = (remainder * 10 + Int(c - 0x30)) % 97
            } else if ByteClass.isUpper(c) {
                remainder = (remainder * 100 + Int(c - 0x41 + 10)) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    // MARK: - Seed words

    /// Seed-alphabet bytes: 1 letter, 2 separator (whitespace, digits and punctuation of numbered lists), 3 UTF-8.
    private static let seedClass: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = 1 }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = 1 }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = 2 }
        for b in " \t\r\n.,;:)(-#\"'".utf8 { table[Int(b)] = 2 }
        for b in 0x80...0xFF { table[b] = 3 }
        return UnsafePointer(table)
    }()

    private mutating func scanSeedWords(_ index: SeedWordIndex) {
        let minimumRun = options.minimumSeedWords * 3
        let cls = Self.seedClass
        // Runs of at least `minimumRun` seed-alphabet bytes, found Boyer–Moore style: look at a window's last
        // byte first, so binary is crossed in jumps. `i` is always the first byte after a breaking byte.
        var i = 0
        while i + minimumRun <= n {
            let last = i + minimumRun - 1
            if cls[Int(p[last])] == 0 { i = last + 1; continue }
            var blocked = -1
            var j = last - 1
            while j >= i {
                if cls[Int(p[j])] == 0 { blocked = j; break }
                j -= 1
            }
            if blocked >= 0 { i = blocked + 1; continue }
            var e = last + 1
            while e < n && cls[Int(p[e])] != 0 { e += 1 }
            seedRun(i, e, index)
            i = e + 1
        }
    }

    /// CJK symbols and punctuation (U+3000–U+303F: ideographic space, 、。「」) and fullwidth punctuation
    /// (U+FF01–U+FF0F, U+FF1A–U+FF20: ！，：；？) separate words like ASCII spaces and punctuation do.
    @inline(__always) private func wideSeparator(_ i: Int, _ e: Int) -> Bool {
        guard (p[i] == 0xE3 || p[i] == 0xEF) && i + 2 < e else { return false }
        if p[i] == 0xE3 && p[i + 1] == 0x80 { return true }
        guard p[i] == 0xEF && p[i + 1] == 0xBC else { return false }
        let c = p[i + 2]
        return (c >= 0x81 && c <= 0x8F) || (c >= 0x9A && c <= 0xA0)
    }

    /// Splits a run into words (a gap of more than 12 separator bytes ends a segment), then looks for runs of
    /// `minimumSeedWords` index words Boyer–Moore style over the words: the word that would be a run's last is
    /// looked up first, and a miss there skips the whole window, so prose pays a hash for about one word in twelve.
    private mutating func seedRun(_ s: Int, _ e: Int, _ index: SeedWordIndex) {
        let cls = Self.seedClass
        let longest = index.longestWord
        seedTokens.removeAll(keepingCapacity: true)
        var i = s
        while i < e {
            let gapStart = i
            while i < e {
                let c = cls[Int(p[i])]
                if c == 2 { i += 1 } else if c == 3 && wideSeparator(i, e) { i += 3 } else { break }
            }
            if i - gapStart > 12 { seedSegment(index) }
            let ws = i
            while i < e {
                let c = cls[Int(p[i])]
                if c == 2 || (c == 3 && wideSeparator(i, e)) { break }
                i += 1
            }
            guard i > ws else { continue }
            if i - ws <= longest {
                seedTokens.append(SeedToken(range: ws..<i, state: 0))
            } else if p[ws] >= 0xE3 && p[ws] <= 0xE9 && (i - ws) % 3 == 0 && [12, 15, 18, 21, 24].contains((i - ws) / 3) {
                // A Chinese phrase may be written without spaces, then it stands alone between punctuation as
                // exactly 12…24 characters; splitting all Chinese prose into characters would make every sentence
                // of common characters a candidate.
                var k = ws
                while k < i {
                    seedTokens.append(SeedToken(range: k..<(k + 3),
                                                state: index.contains(hash: SeedWordIndex.hash(p, k..<(k + 3))) ? 1 : -1))
                    k += 3
                }
            } else {
                seedTokens.append(SeedToken(range: ws..<i, state: -1))
            }
        }
        seedSegment(index)
    }

    /// Reports the maximal runs of index words among `seedTokens` (runs longer than `maximumSeedWords` are dropped), then
    /// empties the segment.
    private mutating func seedSegment(_ index: SeedWordIndex) {
        defer {
            seedTokens.removeAll(keepingCapacity: true)
        }
        let m = options.minimumSeedWords
        let count = seedTokens.count
        guard m > 0, count >= m else { return }
        func hit(_ k: Int) -> Bool {
            if seedTokens[k].state == 0 {
                seedTokens[k].state = index.contains(hash: SeedWordIndex.hash(p, seedTokens[k].range)) ? 1 : -1
            }
            return seedTokens[k].state == 1
        }
        // `i` is always the segment's start or the word after a miss, so a run found from it is maximal.
        var i = 0
        while i + m <= count {
            let j = i + m - 1
            if !hit(j) { i = j + 1; continue }
            var k = j - 1
            while k >= i && hit(k) { k -= 1 }
            if k >= i { i = k + 1; continue }
            var end = j + 1
            while end < count && hit(end) { end += 1 }
            // A run longer than any seed phrase plus its surroundings is a wordlist or prose made of list words
            // (a wallet app ships the wordlists): cutting it into pieces would make its last piece "validate".
            if end - i <= max(1, options.maximumSeedWords) {
                var run = seedTokens[i..<end].map(\.range)
                flushSeedRun(&run)
            }
            i = end + 1
        }
    }

    @inline(__always) private mutating func flushSeedRun(_ run: inout [Range<Int>]) {
        guard !run.isEmpty else { return }
        defer { run.removeAll(keepingCapacity: true) }
        guard run.count >= options.minimumSeedWords, let first = run.first, let last = run.last else { return }
        let words = run.map { String(decoding: UnsafeBufferPointer(start: p + $0.lowerBound, count: $0.count), as: UTF8.self) }
        let spans = run.map { range in
            WordSpan(textRange: (range.lowerBound - first.lowerBound)..<(range.upperBound - first.lowerBound),
                     byteRange: view.fileOffset(range.lowerBound)..<view.fileOffset(range.upperBound))
        }
        emit(.seedWords, first.lowerBound, last.upperBound, crypto: true, words: words, wordSpans: spans)
    }

    // MARK: - Output

    private mutating func emit(_ kind: CandidateKind, _ s: Int, _ e: Int, crypto: Bool = false, words: [String] = [],
                               wordSpans: [WordSpan] = []) {
        let start = view.fileOffset(s)
        guard window.contains(start) else { return }
        let verdict = options.prefilter?(kind, UnsafeBufferPointer(start: p + s, count: e - s)) ?? .keep
        if verdict == .drop { return }
        let k = options.keywordRadius
        let wallet = (crypto || verdict == .keepIfWalletContext) && walletKeyword(in: max(0, s - k)..<min(n, e + k))
        if verdict == .keepIfWalletContext && !wallet { return }
        // Strings and the escaped context only for candidates that survived: building them is most of the cost.
        let end = view.fileOffset(e)
        let text = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
        let r = options.contextRadius
        let context = Self.escaped(p, max(0, s - r)..<min(n, e + r))
        found.append(ScanCandidate(kind: kind, text: text, byteRange: start..<end, form: view.form, context: context,
                                   walletContext: wallet, words: words, wordSpans: wordSpans))
    }

    /// A wallet keyword lies wholly inside `range`. The view is searched for keywords once, front to back, as
    /// far as queries reach; each query is then a binary search. (Searching each candidate's ±160 bytes anew cost
    /// a fifth of the scan time on Base58-heavy data.)
    private mutating func walletKeyword(in range: Range<Int>) -> Bool {
        // Only the stretch queries cover is searched: a query far past the searched part starts a new stretch
        // (text between candidates is never searched), one before it (the seed pass) searches its own range.
        if range.lowerBound < walletFrom { return KeywordSet.wallet.occurs(in: p, range) }
        if range.lowerBound > walletScanned {
            walletHits.removeAll(keepingCapacity: true)
            walletFrom = range.lowerBound
            walletScanned = range.lowerBound
        }
        if walletScanned < range.upperBound {
            KeywordSet.wallet.collect(in: p, n, from: walletScanned, to: range.upperBound, into: &walletHits)
            walletScanned = range.upperBound
        }
        var low = 0
        var high = walletHits.count
        while low < high {
            let middle = (low + high) / 2
            if walletHits[middle].lowerBound < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        while low < walletHits.count && walletHits[low].lowerBound < range.upperBound {
            if walletHits[low].upperBound <= range.upperBound { return true }
            low += 1
        }
        return false
    }

    /// Decodes UTF-8 where it is valid; escapes control characters, backslashes and undecodable bytes (`\xNN`).
    static func escaped(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> String {
        // Written into a temporary buffer (an escape is 4 bytes per source byte at most), then copied once into a
        // string of exactly its length: a finding may wait in memory with 100,000 others of its file, and a string
        // built in place would keep the 4x capacity.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count * 4 + 1) { out -> String in
            guard let o = out.baseAddress else { return "" }
            var w = 0
            @inline(__always) func put(_ b: UInt8) { o[w] = b; w += 1 }
            @inline(__always) func escape(_ b: UInt8) {
                let digits: StaticString = "0123456789abcdef"
                let d = digits.utf8Start
                put(UInt8(ascii: "\\")); put(UInt8(ascii: "x")); put(d[Int(b >> 4)]); put(d[Int(b & 15)])
            }
            var i = range.lowerBound
            while i < range.upperBound {
                let b = p[i]
                if b < 0x80 {
                    switch b {
                    case 0x0A: put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
                    case 0x0D: put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
                    case 0x09: put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
                    case 0x5C: put(UInt8(ascii: "\\")); put(UInt8(ascii: "\\"))
                    case 0..<0x20, 0x7F: escape(b)
                    default: put(b)
                    }
                    i += 1
                    continue
                }
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
                var value = UInt32(b) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                var valid = length > 0 && i + length <= range.upperBound
                if valid {
                    for k in 1..<length {
                        let c = p[i + k]
                        if c & 0xC0 != 0x80 { valid = false; break }
                        value = value << 6 | UInt32(c & 0x3F)
                    }
                }
                let minimum: UInt32 = length == 4 ? 0x10000 : length == 3 ? 0x800 : 0x80
                // Overlong forms, surrogates, values past U+10FFFF and C1 controls are escaped byte by byte.
                if valid, value >= minimum, value >= 0xA0, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) {
                    for k in 0..<length { put(p[i + k]) }
                    i += length
                } else {
                    escape(b)
                    i += 1
                }
            }
            return String(decoding: UnsafeBufferPointer(start: o, count: w), as: UTF8.self)
        }
    }
}
