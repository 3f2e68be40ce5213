// WhatsApp "Export chat" text files (`WhatsApp Chat with X.txt` on Android, `_chat.txt` on iOS), recognized by
// their first lines, never by name.
// Formats: whatstk whatstk/whatsapp/assets/header_format_support.json (header formats by OS/locale);
// WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/exported_handler.py.
//
// A message starts at a header line, `12/31/19, 9:05 PM - Name: text` (Android) or
// `[31/12/2019, 21:05:33] Name: text` (iOS); lines that are not headers continue the message before them.
// A header without `Name: ` is a system line (direction `.system`). Exports do not say which author is the device
// owner, so authored messages have direction `.unknown`; `senderName` is the author as written and `sender` the
// same text when it is a phone number. The date order (d/m/y, m/d/y, y/m/d, y/d/m) is chosen once for the whole
// file: orders the values rule out (a field > 12 is no month, > 31 no day, 4 digits a year) are dropped, then the
// one under which the headers run most often forwards in time; the choice is recorded with `sink.note`. Times have
// no zone in an export: the wall time is stored as if it were UTC (noted).

import EvidenceModel
import Foundation

public enum WhatsAppExportedChatExtractor: FileExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.export.txt", version: 2, app: "whatsapp",
                                           documentation: "WhatsApp 'Export chat' .txt; whatstk header_format_support.json; WhatsApp-Chat-Exporter exported_handler.py")

    static let space = "[ \\u00A0\\u202F]"
    static let marks = "[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]*"
    // 1 bracket, 2-5 date fields and separator, 6-8 time, 9 AM/PM, 10 separator after the time, 11 rest.
    static let header: NSRegularExpression? = try? NSRegularExpression(pattern:
        "^\(marks)(\\[)?\(marks)(\\d{1,4})([./-])(\\d{1,2})\\3(\\d{1,4})\\.?,?\(space)(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?"
        + "(?:\(space)?([AaPp]\\.?\(space)?[Mm]\\.?))?(\\]\(space)?|\(space)-\(space))(.*)$")

    struct Header {
        var fields: [Substring]
        var hour: Int
        var minute: Int
        var second: Int
        var meridiem: Character?
        var rest: String
        var dateText: String
    }

    static func parseHeader(_ line: String) -> Header? {
        guard let regex = header else { return nil }
        let ns = line as NSString
        guard let match = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        func group(_ index: Int) -> String? {
            let range = match.range(at: index)
            return range.location == NSNotFound ? nil : ns.substring(with: range)
        }
        let bracketed = group(1) != nil
        let separator = group(10) ?? ""
        guard bracketed == separator.hasPrefix("]") else { return nil }
        guard let f1 = group(2), let f2 = group(4), let f3 = group(5), let hour = group(6).flatMap({ Int($0) }),
              let minute = group(7).flatMap({ Int($0) }) else { return nil }
        let second = group(8).flatMap { Int($0) } ?? 0
        let meridiem = group(9)?.lowercased().first
        let start = match.range(at: 2).location
        let end = match.range(at: 10).location
        let dateText = ns.substring(with: NSRange(location: start, length: max(0, end - start)))
        return Header(fields: [Substring(f1), Substring(f2), Substring(f3)], hour: hour, minute: minute, second: second,
                      meridiem: meridiem, rest: group(11) ?? "", dateText: dateText)
    }

    public static func probe(head: [UInt8], name: String) -> Bool {
        // Every file of every exhibit passes here: reject on the first bytes before decoding anything. A header
        // line starts with a digit or "[" after an optional BOM and left-to-right / right-to-left marks.
        var index = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index + 2 < head.count, head[index] == 0xE2, head[index + 1] == 0x80, head[index + 2] == 0x8E || head[index + 2] == 0x8F {
            index += 3
        }
        guard index < head.count, (0x30...0x39).contains(head[index]) || head[index] == UInt8(ascii: "[") else { return false }
        let text = String(decoding: head.prefix(16 << 10), as: UTF8.self)
        var checked = 0, matched = 0
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).prefix(12) {
            let line = String(line)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let isHeader = parseHeader(line) != nil
            if checked == 0 && !isHeader { return false }
            checked += 1
            if isHeader { matched += 1 }
        }
        // The first line is a header, and so is at least a second one when the head has more than one line.
        return matched >= 1 && (checked == 1 || matched >= 2)
    }

    enum Order: String, CaseIterable {
        case dmy = "d/m/y", mdy = "m/d/y", ymd = "y/m/d", ydm = "y/d/m"
        /// Positions of (year, month, day) among the three fields.
        var positions: (Int, Int, Int) {
            switch self {
            case .dmy: return (2, 1, 0)
            case .mdy: return (2, 0, 1)
            case .ymd: return (0, 1, 2)
            case .ydm: return (0, 2, 1)
            }
        }
    }

    /// (year, month, day) for `order`, or nil when the fields cannot be a date in that order.
    static func date(_ fields: [Substring], _ order: Order) -> (Int, Int, Int)? {
        let (yp, mp, dp) = order.positions
        let yearText = fields[yp], monthText = fields[mp], dayText = fields[dp]
        guard monthText.count <= 2, dayText.count <= 2, yearText.count == 2 || yearText.count == 4,
              var year = Int(yearText), let month = Int(monthText), let day = Int(dayText) else { return nil }
        if yearText.count == 2 { year += 2000 }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Seconds of the day, or nil when the clock values are impossible.
    static func secondOfDay(_ header: Header) -> Int64? {
        var hour = header.hour
        if let meridiem = header.meridiem {
            // Exporters write midnight both ways: `12:08 AM` (en) and `00:08 a. m.` (es on Android, whose
            // clock runs 0–11); 0 and 12 are the same hour of either half.
            guard (0...12).contains(hour) else { return nil }
            if hour == 12 { hour = 0 }
            if meridiem == "p" { hour += 12 }
        }
        guard (0...23).contains(hour), (0...59).contains(header.minute), (0...60).contains(header.second) else { return nil }
        return Int64(hour * 3600 + header.minute * 60 + header.second)
    }

    static func unixSeconds(_ header: Header, _ order: Order) -> Int64? {
        guard let (year, month, day) = date(header.fields, order), let seconds = secondOfDay(header) else { return nil }
        return daysFromCivil(year, month, day) * 86_400 + seconds
    }

    /// Chooses the date order for the whole file and says why.
    static func resolveOrder(_ headers: [Header]) -> (Order, String) {
        var valid = Set(Order.allCases)
        var backwards: [Order: Int] = [:]
        var previous: [Order: Int64] = [:]
        var maxima = [0, 0, 0]
        for header in headers {
            for index in 0..<3 { maxima[index] = max(maxima[index], Int(header.fields[index]) ?? 0) }
            for order in valid {
                guard date(header.fields, order) != nil else { valid.remove(order); continue }
                if let seconds = unixSeconds(header, order) {
                    if let last = previous[order], seconds < last { backwards[order, default: 0] += 1 }
                    previous[order] = seconds
                }
            }
        }
        let usesMeridiem = headers.contains { $0.meridiem != nil }
        let usesSlash = headers.first.map { $0.dateText.contains("/") } ?? false
        let preference: [Order] = usesMeridiem && usesSlash ? [.mdy, .dmy, .ymd, .ydm] : [.dmy, .mdy, .ymd, .ydm]
        let maximaText = "largest fields \(maxima[0])/\(maxima[1])/\(maxima[2])"
        let candidates = preference.filter { valid.contains($0) }
        if candidates.isEmpty {
            let order = preference[0]
            return (order, "date order \(order.rawValue) (ambiguous: no order fits every header, \(maximaText); default)")
        }
        if candidates.count == 1 {
            return (candidates[0], "date order \(candidates[0].rawValue) (resolved from the values of \(headers.count) headers, \(maximaText))")
        }
        let fewest = candidates.map { backwards[$0, default: 0] }.min() ?? 0
        let best = candidates.filter { backwards[$0, default: 0] == fewest }
        let others = candidates.map(\.rawValue).joined(separator: ", ")
        if best.count == 1 {
            return (best[0], "date order \(best[0].rawValue) (resolved from the chronological order of \(headers.count) headers; values allow \(others))")
        }
        let reason = usesMeridiem && usesSlash ? "default for 12-hour exports with slashes" : "default"
        return (best[0], "date order \(best[0].rawValue) (ambiguous: values and chronology allow \(best.map(\.rawValue).joined(separator: ", ")); \(reason))")
    }

    public static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ExtractionError(code: .openFailed, message: "cannot read \(context.path): \(error)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.components(separatedBy: "\n")
        for index in lines.indices where lines[index].hasSuffix("\r") { lines[index].removeLast() }
        // Blank lines at the end of the file are the export's trailing newlines, not part of the last message.
        while lines.last?.isEmpty == true { lines.removeLast() }

        // Pass 1: headers only, to choose the date order.
        var parsed: [Int: Header] = [:]
        for (index, line) in lines.enumerated() {
            if let header = parseHeader(line) { parsed[index] = header }
        }
        let ordered = parsed.keys.sorted().compactMap { parsed[$0] }
        guard !ordered.isEmpty else { throw ExtractionError(code: .malformed, message: "no WhatsApp header line in \(context.path)") }
        let (order, reason) = resolveOrder(ordered)
        sink.note(reason)
        sink.note("times are device-local wall time (no zone in export)")

        let fileName = context.path.lastComponent
        var threadName: String?
        if fileName.hasPrefix("WhatsApp Chat with "), fileName.hasSuffix(".txt") {
            threadName = String(fileName.dropFirst("WhatsApp Chat with ".count).dropLast(".txt".count))
        }

        // The message being read and its body, kept apart so continuation lines append in place.
        var pending: ChatMessage?
        var pendingBody: String?
        func flush() throws {
            if var message = pending {
                message.body = pendingBody
                try sink.add(message)
            }
            pending = nil
            pendingBody = nil
        }
        for (index, line) in lines.enumerated() {
            guard let header = parsed[index] else {
                if pending != nil {
                    if pendingBody == nil { pendingBody = "" }
                    pendingBody?.append("\n")
                    pendingBody?.append(line)
                } else if !line.isEmpty {
                    sink.problem("line \(index + 1): text before the first header")
                }
                continue
            }
            try flush()
            var time: Timestamp?
            if let seconds = unixSeconds(header, order) {
                time = Timestamp(unixSeconds: seconds)
                time?.raw = header.dateText
            } else {
                sink.problem("line \(index + 1): date/time '\(header.dateText)' is not valid as \(order.rawValue)")
            }
            var author: String?
            var body: String? = header.rest
            if let range = header.rest.range(of: ": ") {
                author = String(header.rest[..<range.lowerBound])
                body = String(header.rest[range.upperBound...])
            } else if header.rest.hasSuffix(":") {
                author = String(header.rest.dropLast())
                body = ""
            }
            let cleanAuthor = author.map(stripMarks)?.trimmingCharacters(in: .whitespaces)
            var attachments: [Attachment] = []
            var status: String?
            if author != nil, let body {
                (attachments, status) = attachmentMarkers(body)
            }
            pending = ChatMessage(
                app: "whatsapp", thread: nil, threadName: threadName,
                sender: cleanAuthor.flatMap { looksLikePhoneNumber($0) ? $0 : nil }, senderName: cleanAuthor,
                direction: author == nil ? .system : .unknown, sentAt: time, body: body, attachments: attachments,
                status: status, source: .line(index + 1))
            pendingBody = body
        }
        try flush()
    }

    static func stripMarks(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) && $0.value != 0xFEFF
        }))
    }

    static func looksLikePhoneNumber(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber).count
        return digits >= 5 && text.allSatisfy { $0.isNumber || " +-().\u{00A0}".contains($0) }
    }

    /// Attachment markers of the first line of a body: `<attached: NAME>`, `NAME (file attached)`, `<Media omitted>`,
    /// `image omitted` …; and the deleted-message placeholders.
    static func attachmentMarkers(_ body: String) -> ([Attachment], String?) {
        let first = stripMarks(body.components(separatedBy: "\n").first ?? "").trimmingCharacters(in: .whitespaces)
        if first.hasPrefix("<attached: "), let close = first.firstIndex(of: ">") {
            let name = first[first.index(first.startIndex, offsetBy: "<attached: ".count)..<close]
            return ([Attachment(name: String(name), sourcePath: String(name))], nil)
        }
        if let range = first.range(of: " (file attached)") {
            let name = String(first[..<range.lowerBound])
            return ([Attachment(name: name, sourcePath: name)], nil)
        }
        let lower = first.lowercased()
        if lower == "<media omitted>" || lower == "<médias omis>" || lower == "<medien ausgeschlossen>" || lower == "<multimedia omitido>" {
            return ([Attachment()], "media-omitted")
        }
        let omitted = ["image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted", "document omitted"]
        if omitted.contains(lower) || (lower.hasSuffix(" document omitted")) {
            return ([Attachment()], "media-omitted")
        }
        if lower == "this message was deleted" || lower == "you deleted this message" {
            return ([], "deleted")
        }
        return ([], nil)
    }
}
