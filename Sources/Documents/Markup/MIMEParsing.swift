// Pieces of Internet mail: RFC 5322 headers and dates, RFC 2045 content types and transfer encodings, RFC 2047 words.

/// A message's or body part's header fields, unfolded, values kept as bytes until a charset is known.
struct MailHeaders {
    static let maxFields = 1000
    static let maxValueBytes = 64 << 10

    private(set) var fields: [(name: String, value: [UInt8])] = []

    /// Splits `bytes` into header fields and the body after the first empty line.
    static func split(_ bytes: ArraySlice<UInt8>) -> (MailHeaders, ArraySlice<UInt8>) {
        var headers = MailHeaders()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if line.isEmpty { return (headers, bytes[next...]) }
            if let first = line.first, first == 0x20 || first == 0x09 {
                if var last = headers.fields.popLast() {
                    if last.value.count < maxValueBytes { last.value += line.prefix(maxValueBytes - last.value.count) }
                    headers.fields.append(last)
                }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                if headers.fields.count < maxFields {
                    let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                    var value = line[(colon + 1)...]
                    while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
                    headers.fields.append((name, Array(value.prefix(maxValueBytes))))
                }
            } else if headers.fields.isEmpty && line.starts(with: Array("From ".utf8)) {
                // An mbox separator left at the top of a saved message: not a header, not body.
            } else {
                // Not a header line: the header block is damaged or missing; the rest is body.
                return (headers, bytes[index...])
            }
            index = next
        }
        return (headers, bytes[bytes.endIndex...])
    }

    func raw(_ name: String) -> [UInt8]? {
        fields.first(where: { $0.name == name })?.value
    }

    /// The field's text: 8-bit bytes decoded (UTF-8 when valid, else detected), then RFC 2047 words.
    func text(_ name: String) -> String? {
        guard let raw = raw(name) else { return nil }
        return MailHeaders.decodeText(raw)
    }

    /// Every field of that name, decoded, joined with ", " (several To: or Cc: lines).
    func allText(_ name: String) -> String? {
        let values = fields.filter { $0.name == name }.map { MailHeaders.decodeText($0.value) }
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    static func decodeText(_ raw: [UInt8]) -> String {
        let text: String
        if raw.allSatisfy({ $0 < 0x80 }) {
            text = String(decoding: raw, as: UTF8.self)
        } else {
            text = TextEncoding.decode(raw, declared: nil).text
        }
        return EncodedWords.decode(text).trimmingSpaces()
    }
}

/// RFC 2047 encoded words ("=?charset?B|Q?…?="), tolerant of what real mailers write.
enum EncodedWords {
    private struct Word { var charset: String; var bytes: [UInt8] }

    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        var run: Word?
        var gap = ""
        var i = 0
        func flushRun() {
            if let word = run {
                let encoding = TextEncoding.labelled(word.charset) ?? TextEncoding.detect(word.bytes)
                result += encoding.decode(word.bytes)
            }
            run = nil
        }
        while i < scalars.count {
            if scalars[i] == "=", i + 1 < scalars.count, scalars[i + 1] == "?", let (word, end) = parseWord(scalars, i) {
                if let current = run, current.charset == word.charset {
                    // Adjacent words of one charset are decoded together: a character may be split between them.
                    run?.bytes += word.bytes
                } else {
                    flushRun()
                    run = word
                }
                gap = ""
                i = end
                continue
            }
            if run != nil {
                if scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\r" || scalars[i] == "\n" {
                    // Whitespace between two encoded words is dropped; held until we know what follows.
                    gap.unicodeScalars.append(scalars[i])
                    i += 1
                    continue
                }
                flushRun()
                result += gap
                gap = ""
            }
            result.unicodeScalars.append(scalars[i])
            i += 1
        }
        flushRun()
        result += gap
        return result
    }

    /// The word starting at `start` ("=?"), and the index after its "?=".
    private static func parseWord(_ s: [Unicode.Scalar], _ start: Int) -> (Word, Int)? {
        var i = start + 2
        var charset = ""
        while i < s.count, s[i] != "?" {
            guard charset.unicodeScalars.count < 64, s[i] != " " else { return nil }
            charset.unicodeScalars.append(s[i])
            i += 1
        }
        guard i + 2 < s.count, s[i + 2] == "?" else { return nil }
        let mode = s[i + 1]
        i += 3
        let textStart = i
        while i + 1 < s.count, !(s[i] == "?" && s[i + 1] == "=") {
            guard s[i] != " " && s[i] != "\t" && s[i] != "\n" else { return nil }
            i += 1
        }
        guard i + 1 < s.count else { return nil }
        let payload = Array(String(String.UnicodeScalarView(s[textStart..<i])).utf8)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let bytes: [UInt8]
        switch mode {
        case "B", "b": bytes = TransferEncoding.base64(payload[...]).bytes
        case "Q", "q": bytes = TransferEncoding.quotedPrintable(payload[...], underscoreIsSpace: true)
        default: return nil
        }
        return (Word(charset: charset.lowercased(), bytes: bytes), i + 2)
    }
}

/// Content-Transfer-Encoding decoders; they read what they can and never fail.
enum TransferEncoding {
    /// Decoded bytes, and whether the input ended inside a quantum or held bytes outside the alphabet.
    static func base64(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], damaged: Bool) {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var quantum: UInt32 = 0
        var count = 0
        var damaged = false
        for byte in input {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                // Padding ends the quantum; what follows is another encoded run (concatenated parts) or junk.
                flush(&output, quantum, count)
                quantum = 0
                count = 0
                continue
            case 0x20, 0x09, 0x0D, 0x0A: continue
            default: damaged = true; continue
            }
            quantum = quantum << 6 | value
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                output.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                count = 0
            }
        }
        if count != 0 { damaged = true }
        flush(&output, quantum, count)
        return (output, damaged)
    }

    /// The decoded size of a body without decoding it (base64: its alphabet characters; others: as sent).
    static func decodedSize(_ body: ArraySlice<UInt8>, transfer: String) -> Int {
        guard transfer == "base64" else { return body.count }
        var symbols = 0
        for byte in body {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "/"): symbols += 1
            default: break
            }
        }
        return symbols / 4 * 3 + max(0, symbols % 4 - 1)
    }

    private static func flush(_ output: inout [UInt8], _ quantum: UInt32, _ count: Int) {
        switch count {
        case 2: output.append(UInt8(truncatingIfNeeded: quantum >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: quantum >> 10))
            output.append(UInt8(truncatingIfNeeded: quantum >> 2))
        default: break
        }
    }

    static func quotedPrintable(_ input: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var i = input.startIndex
        while i < input.endIndex {
            let byte = input[i]
            if byte == UInt8(ascii: "_") && underscoreIsSpace {
                output.append(0x20)
                i += 1
            } else if byte == UInt8(ascii: "=") {
                if i + 2 < input.endIndex, let high = hex(input[i + 1]), let low = hex(input[i + 2]) {
                    output.append(high << 4 | low)
                    i += 3
                    continue
                }
                // A soft line break, possibly with trailing blanks a gateway added.
                var j = i + 1
                while j < input.endIndex, input[j] == 0x20 || input[j] == 0x09 { j += 1 }
                if j < input.endIndex, input[j] == 0x0D { j += 1 }
                if j < input.endIndex, input[j] == 0x0A {
                    i = j + 1
                } else if j == input.endIndex {
                    i = j
                } else {
                    output.append(byte)
                    i += 1
                }
            } else {
                output.append(byte)
                i += 1
            }
        }
        return output
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// A Content-Type or Content-Disposition value: the token before ';' and the parameters (RFC 2045, 2231).
struct HeaderParameters {
    var value: String
    var parameters: [String: String]

    static func parse(_ raw: [UInt8]?) -> HeaderParameters? {
        guard let raw else { return nil }
        let text = MailHeaders.decodeText(raw)
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in text.unicodeScalars {
            if escaped { current.unicodeScalars.append(c); escaped = false; continue }
            if quoted && c == "\\" { escaped = true; continue }
            if c == "\"" { quoted.toggle(); continue }
            if c == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.unicodeScalars.append(c)
        }
        pieces.append(current)
        let value = pieces[0].trimmingSpaces().lowercased()
        var simple: [String: String] = [:]
        var extended: [String: [(Int, String, Bool)]] = [:]
        for piece in pieces.dropFirst().prefix(100) {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingSpaces().lowercased()
            let parameterValue = String(piece[piece.index(after: equals)...]).trimmingSpaces()
            // RFC 2231: name*=charset'lang'%XX, name*0=…, name*1*=…
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.trimmingCharacters(in: ["*"])) ?? 0
                if extended[base, default: []].count < 100 { extended[base, default: []].append((min(number, 1000), parameterValue, encoded)) }
            } else {
                simple[name] = parameterValue
            }
        }
        for (name, pieces) in extended {
            let ordered = pieces.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (index, piece) in ordered.enumerated() {
                var text = piece.1
                if piece.2 && index == 0 {
                    let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if parts.count == 3 { charset = String(parts[0]); text = String(parts[2]) }
                }
                bytes += piece.2 ? percentDecoded(text) : Array(text.utf8)
            }
            let encoding = charset.flatMap { TextEncoding.labelled($0) } ?? .utf8
            simple[name] = encoding.decode(bytes)
        }
        return HeaderParameters(value: value, parameters: simple)
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                output.append(value)
                i += 3
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return output
    }
}

/// RFC 5322 dates (with the obsolete forms: two-digit years, named zones) as UTC ISO 8601.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4 * 60, "est": -5 * 60, "cdt": -5 * 60, "cst": -6 * 60,
        "mdt": -6 * 60, "mst": -7 * 60, "pdt": -7 * 60, "pst": -8 * 60,
    ]

    static func iso8601(_ raw: String) -> String? {
        let tokens = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?, offset = 0
        for token in tokens.prefix(12) {
            if let m = months.firstIndex(where: { token.hasPrefix($0) }), month == nil, token.count <= 9 {
                month = m + 1
            } else if token.contains(":"), time == nil {
                let parts = token.split(separator: ":").map { Int($0) }
                guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
                time = parts.compactMap { $0 }
            } else if (token.hasPrefix("+") || token.hasPrefix("-")), token.count == 5, let value = Int(token.dropFirst()) {
                let minutes = value / 100 * 60 + value % 100
                offset = token.hasPrefix("-") ? -minutes : minutes
            } else if let zone = zones[token] {
                offset = zone
            } else if token.count <= 4, let number = Int(token), number >= 0 {
                // "26 Sep 2025" and asctime's "Jun  3 12:50:27 1996" alike: the first short number is the day.
                if day == nil && token.count <= 2 {
                    day = number
                } else if year == nil {
                    year = token.count <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : (token.count == 3 ? 1900 + number : number)
                }
            }
        }
        guard let day, let month, let year, day >= 1, day <= 31, year >= 1000, year <= 9999 else { return nil }
        let clock = time ?? [0, 0, 0]
        let hour = clock[0], minute = clock[1], second = clock.count > 2 ? clock[2] : 0
        guard hour >= 0, hour < 24, minute >= 0, minute < 60, second >= 0, second <= 60 else { return nil }
        var seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        seconds -= days * 86400
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds % 3600 / 60, 2)):\(pad(seconds % 60, 2))Z"
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian), on bounded values.
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
