// The one entry point the ingest calls: bytes of a file or a text in, validated and normalized indicators out.

import Foundation
import Identifiers

/// One validated indicator at one place: what it is, its identity, how it was proven, and where it was.
public struct IndicatorFinding: Sendable, Hashable {
    public var kind: IndicatorKind
    /// The normalized identity (`ValidatedIndicator.value`; e-mail and names lower case; phone E.164 or digits).
    public var value: String
    /// The text as it appeared (decoded to UTF-8).
    public var raw: String
    public var validation: IndicatorValidation
    public var network: String?
    public var detail: String?
    /// Other chains on which the same string is an equally valid address (legacy Base58 versions are shared).
    public var alsoValidOn: [IndicatorKind]
    /// Byte offset of the first byte of `raw` in the file (in the file's own encoding) or in the UTF-8 of the text.
    public var offset: Int64
    /// Bytes `raw` occupies there.
    public var length: Int64
    /// "ascii", "utf-8", "utf-16le", "utf-16be" or a legacy code page ("gb18030", "windows-1252"…).
    public var encoding: String
    /// A short excerpt around the finding, control characters and undecodable bytes escaped.
    public var context: String

    public init(kind: IndicatorKind, value: String, raw: String, validation: IndicatorValidation, network: String? = nil,
                detail: String? = nil, alsoValidOn: [IndicatorKind] = [], offset: Int64, length: Int64,
                encoding: String, context: String) {
        self.kind = kind
        self.value = value
        self.raw = raw
        self.validation = validation
        self.network = network
        self.detail = detail
        self.alsoValidOn = alsoValidOn
        self.offset = offset
        self.length = length
        self.encoding = encoding
        self.context = context
    }
}

public enum IndicatorEngine {
    static let whatsappServers: Set<String> = ["s.whatsapp.net", "g.us", "c.us", "lid", "broadcast", "whatsapp.net", "newsletter"]

    /// Every word of every BIP-39 list (Electrum's new seeds use the same lists), also without accents, as people
    /// type Latin-script phrases.
    public static let seedWords: SeedWordIndex = {
        var words: [String] = []
        for language in Bip39.Language.allCases {
            words += language.words
            if language.isLatin { words += language.words.map(Bip39.stripMarks) }
        }
        return SeedWordIndex(words: words)
    }()

    /// Options for files: the encoding detected from the first block, UTF-16 runs inside binary, the pre-check.
    public static let fileOptions = ScannerOptions(encoding: .detect, seedWords: seedWords, prefilter: prefilter)

    /// Options for texts handed over as strings: UTF-8, no UTF-16 runs to look for.
    public static let textOptions = ScannerOptions(encoding: .form(.raw), seedWords: seedWords, scanUTF16Runs: false,
                                                   prefilter: prefilter)

    /// Message bodies, contact fields, SQLite text cells: offsets are UTF-8 byte offsets in `text`.
    public static func scan(text: String) -> [IndicatorFinding] {
        var text = text
        return text.withUTF8 { utf8 in
            var scanner = CandidateScanner(options: textOptions)
            let candidates = scanner.feed(UnsafeRawBufferPointer(utf8)) + scanner.finish()
            return ordered(candidates.flatMap(findings(for:)))
        }
    }

    /// A whole file already in memory (small files, tests): the same as feeding `IndicatorFileScanner`.
    public static func scan<Bytes: ContiguousBytes>(bytes: Bytes) -> [IndicatorFinding] {
        let scanner = IndicatorFileScanner()
        return bytes.withUnsafeBytes { scanner.feed($0) } + scanner.finish()
    }

    /// The cheap pre-check, on the candidate's bytes before the scanner builds strings for it.
    @Sendable static func prefilter(_ kind: CandidateKind, _ bytes: UnsafeBufferPointer<UInt8>) -> CandidateVerdict {
        switch kind {
        case .base58: return Base58Shapes.verdict(bytes)
        case .hexKey: return .keepIfWalletContext
        default: return .keep
        }
    }

    /// Sorted by place, then kind; one finding per kind, value and place (a string that is both a Base58 and a
    /// bech32/CashAddr candidate validates once).
    static func ordered(_ findings: [IndicatorFinding]) -> [IndicatorFinding] {
        var findings = findings
        order(&findings)
        return findings
    }

    /// `ordered`, in place: sorted and deduplicated without copying findings (each copy retains its strings).
    static func order(_ findings: inout [IndicatorFinding]) {
        findings.sort { a, b in
            if a.offset != b.offset { return a.offset < b.offset }
            if a.length != b.length { return a.length < b.length }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            return a.value < b.value
        }
        var kept = 0
        for index in findings.indices {
            if kept > 0 {
                let last = findings[kept - 1]
                let finding = findings[index]
                if last.offset == finding.offset && last.length == finding.length && last.kind == finding.kind
                    && last.value == finding.value { continue }
            }
            if kept != index { findings.swapAt(kept, index) }
            kept += 1
        }
        findings.removeLast(findings.count - kept)
    }

    // MARK: - Candidates to findings

    /// Every finding one candidate proves (none for a false candidate).
    public static func findings(for candidate: ScanCandidate) -> [IndicatorFinding] {
        switch candidate.kind {
        case .base58, .bech32, .cashAddr, .ethereumHex:
            return crypto(candidate)
        case .hexKey:
            return hexKey(candidate).map { [$0] } ?? []
        case .seedWords:
            return seeds(candidate)
        case .iban:
            return IBANValidator.validate(candidate.text).map { [finding($0, candidate)] } ?? []
        case .ipv4:
            return IPv4Validator.validate(candidate.text).map { [finding($0, candidate)] } ?? []
        case .email:
            let address = candidate.text.lowercased()
            // WhatsApp JIDs (`491711111111@s.whatsapp.net`, `…@g.us`) have the shape of an address but are app ids:
            // they become identities through the messages and contacts that carry them, not e-mail indicators.
            if let at = address.lastIndex(of: "@"), whatsappServers.contains(String(address[address.index(after: at)...])) { return [] }
            return [typed(.email, address, candidate)]
        case .url:
            return [typed(.url, normalizedURL(candidate.text), candidate)]
        case .domain:
            var name = candidate.text.lowercased()
            while name.hasSuffix(".") { name.removeLast() }
            return [typed(.domain, name, candidate)]
        case .telegramLink, .telegramHandle:
            return telegram(candidate).map { [$0] } ?? []
        case .phone:
            let number = PhoneNumber.parse(candidate.text)
            return [typed(.phone, number.e164 ?? candidate.digits, candidate, detail: number.reason)]
        }
    }

    private static func crypto(_ candidate: ScanCandidate) -> [IndicatorFinding] {
        let results = CryptoValidators.validate(bytes: Array(candidate.text.utf8))
        let otherChain = results.contains { $0.kind != .sol }
        // Solana keys carry no checksum: only where the text speaks of wallets, and never when the same string
        // is a checksummed address of another chain.
        return results.filter { $0.kind != .sol || (candidate.walletContext && !otherChain) }.map { finding($0, candidate) }
    }

    /// 32 bytes of hex next to a private-key keyword and a wallet keyword: the EVM/TRON private-key form, a
    /// secp256k1 scalar in 1…n-1. Stored as kind `wif` (the private-key kind) with no checksum.
    private static func hexKey(_ candidate: ScanCandidate) -> IndicatorFinding? {
        guard candidate.walletContext else { return nil }
        var hex = Substring(candidate.text)
        if hex.hasPrefix("0x") || hex.hasPrefix("0X") { hex = hex.dropFirst(2) }
        let digits = Array(hex.lowercased().utf8)
        guard digits.count == 64 else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = hexValue(digits[i]), let low = hexValue(digits[i + 1]) else { return nil }
            key.append(high << 4 | low)
        }
        guard CryptoValidators.isValidPrivateKey(key) else { return nil }
        let indicator = ValidatedIndicator(kind: .wif, value: String(decoding: digits, as: UTF8.self), raw: candidate.text,
                                           validation: .none, detail: "hex private key (EVM/TRON form); no checksum")
        return finding(indicator, candidate)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// BIP-39 phrases (12–24 words, any window of the run, as `Bip39` searches) and Electrum seeds. An Electrum
    /// version hash matches one string in ~200, so a seed must be the whole run: a written-down seed stands alone,
    /// while windows cut from longer runs of list words would make prose "validate".
    private static func seeds(_ candidate: ScanCandidate) -> [IndicatorFinding] {
        guard candidate.wordSpans.count == candidate.words.count else { return [] }
        let tokens = candidate.words.map { word in
            Bip39.normalize(String(word.filter { $0.isLetter || $0.unicodeScalars.allSatisfy(Bip39.isMark) }))
        }
        var out: [IndicatorFinding] = []
        for phrase in Bip39.findPhrases(inNormalized: tokens, maxRun: Bip39.defaultMaxRun) {
            // The Chinese lists are the 2048 commonest characters: almost any Chinese sentence is a run of list
            // words, and a 12-word window passes the 4-bit checksum one time in 16. Only a phrase that is the
            // whole run (a seed written down on its own) is kept.
            if !phrase.standalone && (phrase.language == .chineseSimplified || phrase.language == .chineseTraditional) { continue }
            let raw = rawText(candidate, phrase.tokens)
            out.append(finding(Bip39.indicator(phrase, raw: raw), candidate, tokens: phrase.tokens))
        }
        for seed in ElectrumSeed.findSeeds(inNormalized: tokens, maxRun: Bip39.defaultMaxRun)
        where seed.tokens == 0..<tokens.count {
            out.append(finding(ElectrumSeed.indicator(seed, raw: rawText(candidate, seed.tokens)), candidate,
                               tokens: seed.tokens))
        }
        return out
    }

    private static func rawText(_ candidate: ScanCandidate, _ tokens: Range<Int>) -> String {
        let utf8 = Array(candidate.text.utf8)
        let start = candidate.wordSpans[tokens.lowerBound].textRange.lowerBound
        let end = candidate.wordSpans[tokens.upperBound - 1].textRange.upperBound
        guard start <= end, end <= utf8.count else { return candidate.text }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// Telegram: a username (from `t.me/name`, `t.me/s/name`, `tg://resolve?domain=name` or `@name`) in lower case,
    /// as Telegram treats usernames; invite links keep their case-sensitive hash as `+hash`.
    private static func telegram(_ candidate: ScanCandidate) -> IndicatorFinding? {
        let text = candidate.text
        if candidate.kind == .telegramHandle {
            let name = text.dropFirst().lowercased()
            return name.isEmpty ? nil : typed(.telegram, name, candidate, detail: "handle")
        }
        if text.lowercased().hasPrefix("tg://") {
            let query = text.drop { $0 != "?" }.dropFirst()
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                switch parts[0].lowercased() {
                case "domain": return typed(.telegram, parts[1].lowercased(), candidate, detail: "username")
                case "invite": return typed(.telegram, "+" + parts[1], candidate, detail: "invite link")
                default: continue
                }
            }
            return typed(.telegram, text.lowercased(), candidate, detail: "tg link")
        }
        var rest = Substring(text)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let path = rest.drop { $0 != "/" }.dropFirst().prefix { $0 != "?" && $0 != "#" }
        let segments = path.split(separator: "/").map(String.init)
        guard let first = segments.first else { return nil }
        switch first.lowercased() {
        case "joinchat":
            guard segments.count > 1 else { return nil }
            return typed(.telegram, "+" + segments[1], candidate, detail: "invite link")
        case "s":
            guard segments.count > 1 else { return nil }
            return typed(.telegram, segments[1].lowercased(), candidate, detail: "username")
        case "c":
            guard segments.count > 1 else { return nil }
            return typed(.telegram, "c/" + segments[1], candidate, detail: "private channel")
        default:
            if first.hasPrefix("+") { return typed(.telegram, first, candidate, detail: "invite link") }
            return typed(.telegram, first.lowercased(), candidate, detail: "username")
        }
    }

    /// Scheme and host in lower case (they are case-insensitive); path, query and fragment kept as written.
    static func normalizedURL(_ text: String) -> String {
        var prefix = ""
        var rest = Substring(text)
        if let scheme = text.range(of: "://") {
            prefix = text[..<scheme.lowerBound].lowercased() + "://"
            rest = text[scheme.upperBound...]
        }
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var host = rest[..<hostEnd].lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return prefix + host + rest[hostEnd...]
    }

    // MARK: - Building findings

    private static func encoding(_ candidate: ScanCandidate) -> String {
        switch candidate.form {
        case .raw: return candidate.text.utf8.allSatisfy { $0 < 0x80 } ? "ascii" : "utf-8"
        default: return candidate.form.description
        }
    }

    /// A validated finding at the candidate's place, or at the place of `tokens` (words of a seed candidate).
    private static func finding(_ indicator: ValidatedIndicator, _ candidate: ScanCandidate,
                                tokens: Range<Int>? = nil) -> IndicatorFinding {
        var range = candidate.byteRange
        if let tokens, !tokens.isEmpty, tokens.upperBound <= candidate.wordSpans.count {
            range = candidate.wordSpans[tokens.lowerBound].byteRange.lowerBound
                ..< candidate.wordSpans[tokens.upperBound - 1].byteRange.upperBound
        }
        // Most raw texts equal their normalized value: one shared string, not two, while a file's findings wait.
        let raw = indicator.raw == indicator.value ? indicator.value : indicator.raw
        return IndicatorFinding(kind: indicator.kind, value: indicator.value, raw: raw,
                                validation: indicator.validation, network: indicator.network, detail: indicator.detail,
                                alsoValidOn: indicator.alsoValidOn, offset: range.lowerBound,
                                length: Int64(range.count), encoding: encoding(candidate), context: candidate.context)
    }

    /// A typed, normalized finding of a kind without a checksum.
    private static func typed(_ kind: IndicatorKind, _ value: String, _ candidate: ScanCandidate,
                              detail: String? = nil) -> IndicatorFinding {
        finding(ValidatedIndicator(kind: kind, value: value, raw: candidate.text, validation: .none, detail: detail),
                candidate)
    }
}

/// Scans one file fed in blocks of any size: each finding is returned once, in offset order, the same whatever
/// the block sizes. Not thread-safe; one per file.
public final class IndicatorFileScanner {
    private var scanner: CandidateScanner
    /// Findings at or after the scanner's settled offset: a seed phrase cut from a run that started earlier can
    /// lie past candidates the next block returns, so they wait until nothing can come before them.
    private var pending: [IndicatorFinding] = []

    public init(options: ScannerOptions = IndicatorEngine.fileOptions) {
        scanner = CandidateScanner(options: options)
    }

    /// The encoding the file is scanned as (known after the first block).
    public var form: TextForm? { scanner.form }

    public func feed(_ block: UnsafeRawBufferPointer) -> [IndicatorFinding] {
        let candidates = scanner.feed(block)
        return release(candidates, before: scanner.settledOffset)
    }

    /// The findings of the file's last bytes; the scanner then accepts no more blocks.
    public func finish() -> [IndicatorFinding] {
        release(scanner.finish(), before: .max)
    }

    private func release(_ candidates: [ScanCandidate], before settled: Int64) -> [IndicatorFinding] {
        guard !candidates.isEmpty || !pending.isEmpty else { return [] }
        var all: [IndicatorFinding] = []
        swap(&all, &pending)
        for candidate in candidates { all.append(contentsOf: IndicatorEngine.findings(for: candidate)) }
        IndicatorEngine.order(&all)
        // Findings are in offset order: the ones still pending are a (usually empty) tail.
        var cut = all.count
        while cut > 0 && all[cut - 1].offset >= settled { cut -= 1 }
        if cut < all.count {
            pending = Array(all[cut...])
            all.removeSubrange(cut...)
        }
        return all
    }
}
