// vCard 2.1, 3.0 and 4.0 files (many cards per file) and jCard (RFC 7095) into contacts: names, phones, e-mail
// addresses, organization, nickname, note and messaging handles (IMPP, X-SKYPE, X-JABBER, X-SOCIALPROFILE…).
// Formats: vCard 2.1 (versit, 1996: bare type parameters, QUOTED-PRINTABLE with "=" soft line breaks, CHARSET),
// RFC 2426 (3.0), RFC 6350 (4.0: line folding CRLF + space/tab, grouped properties `item1.TEL`, escapes \n \, \;),
// RFC 7095 (jCard). Embedded binaries (PHOTO, LOGO, SOUND, KEY; ENCODING=BASE64/b or data: URIs) are skipped,
// never decoded into text. Tested against mangstadt/ez-vcard's real-client samples.

import EvidenceModel
import Foundation

public enum VCardContactsExtractor: FileExtractor {
    public static let info = ExtractorInfo(id: "vcard.contacts", version: 1, app: "vcard",
                                           documentation: "vCard 2.1 (versit); RFC 2426 (3.0); RFC 6350 (4.0); Apple X-ABLabel groups")

    public static func probe(head: [UInt8], name: String) -> Bool {
        var head = head.count > 4096 ? Array(head[0..<4096]) : head
        if head.count % 2 == 1, head.first == 0xFF || head.first == 0xFE { head.removeLast() }
        if let converted = VCardText.fromUTF16(head) { head = converted }
        guard let text = VCardText.utf8(head, partial: true) else { return false }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return start.prefix(11).uppercased() == "BEGIN:VCARD"
    }

    public static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExtractionError(code: .openFailed, message: "cannot read the vCard file")
        }
        var bytes = [UInt8](data)
        if let converted = VCardText.fromUTF16(bytes) { bytes = converted }
        var parser = VCardParser(sink: sink)
        for line in VCardParser.logicalLines(bytes) { try parser.consume(line) }
        if parser.depth > 0 { sink.problem("the last card (line \(parser.cardLine)) has no END:VCARD") }
        if parser.skippedBinaries > 0 { sink.note("\(parser.skippedBinaries) embedded photos or keys skipped") }
    }
}

/// One property line of a card: `group.NAME;PARAM=…:value`, unfolded, with the line it started on.
struct VCardLine {
    var group: String?
    var name: String
    /// Parameter names upper-cased; bare 2.1 parameters (`CELL`) are listed under `TYPE`.
    var parameters: [String: [String]]
    var value: [UInt8]
    var line: Int

    func has(_ key: String, _ value: String) -> Bool {
        parameters[key]?.contains { $0.uppercased() == value } ?? false
    }
}

/// The fields of one card as they are read.
struct VCardCard {
    var line: Int
    var formattedName: String?
    var structuredName: [String] = []
    var nickname: String?
    var organization: String?
    var notes: [String] = []
    var uid: String?
    var phones: [(group: String?, phone: ContactPhone)] = []
    var emails: [(group: String?, email: ContactEmail)] = []
    var handles: [ContactHandle] = []
    var groupLabels: [String: String] = [:]

    func contact() -> Contact {
        func component(_ index: Int) -> String? {
            index < structuredName.count ? ContactText.nonEmpty(structuredName[index]) : nil
        }
        let phones = self.phones.map { entry -> ContactPhone in
            var phone = entry.phone
            if let group = entry.group, let label = groupLabels[group] { phone.label = label }
            return phone
        }
        let emails = self.emails.map { entry -> ContactEmail in
            var email = entry.email
            if let group = entry.group, let label = groupLabels[group] { email.label = label }
            return email
        }
        let name = formattedName ?? ContactText.join([component(3), component(1), component(2), component(0), component(4)])
        return Contact(app: "vcard", contactId: uid, name: name ?? organization, givenName: component(1),
                       middleName: component(2), familyName: component(0), nickname: nickname, organization: organization,
                       phones: phones, emails: emails, handles: handles,
                       note: notes.isEmpty ? nil : notes.joined(separator: "\n"), source: .line(line))
    }
}

struct VCardParser {
    let sink: ArtifactSink
    var depth = 0
    var cardLine = 0
    var card: VCardCard?
    var version = "2.1"
    var skippedBinaries = 0

    init(sink: ArtifactSink) { self.sink = sink }

    /// Physical lines unfolded into logical lines: a line starting with space or tab continues the previous one
    /// (one whitespace character removed); a QUOTED-PRINTABLE value ending in `=` continues on the next line.
    static func logicalLines(_ bytes: [UInt8]) -> [VCardLine] {
        var result: [VCardLine] = []
        var current: [UInt8] = []
        var currentLine = 0
        var isQuotedPrintable = false
        var lineNumber = 0
        func flush() {
            if !current.isEmpty, let parsed = parse(current, line: currentLine) { result.append(parsed) }
            current = []
        }
        var start = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == 0x0A {
                lineNumber += 1
                var end = index
                // Some exporters write CR CR LF; every trailing CR belongs to the line break.
                while end > start, bytes[end - 1] == 0x0D { end -= 1 }
                let physical = bytes[start..<end]
                if let first = physical.first, first == 0x20 || first == 0x09, !current.isEmpty {
                    current.append(contentsOf: physical.dropFirst())
                } else if isQuotedPrintable, current.last == UInt8(ascii: "="), !physical.isEmpty {
                    current.removeLast()
                    current.append(contentsOf: physical)
                } else if physical.isEmpty {
                    // Blank lines separate nothing in vCard; a QP value cannot continue across one.
                    flush()
                    isQuotedPrintable = false
                } else {
                    flush()
                    current = Array(physical)
                    currentLine = lineNumber
                    isQuotedPrintable = VCardParser.declaresQuotedPrintable(current)
                }
                start = index + 1
            }
            index += 1
        }
        flush()
        return result
    }

    /// Whether the parameters before the value say QUOTED-PRINTABLE (`ENCODING=QUOTED-PRINTABLE` or bare 2.1 `QP`).
    static func declaresQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let head = String(decoding: line[..<colon], as: UTF8.self).uppercased()
        return head.contains("QUOTED-PRINTABLE") || head.hasSuffix(";QP") || head.contains(";QP;") || head.contains("=QP")
    }

    static func parse(_ bytes: [UInt8], line: Int) -> VCardLine? {
        // The value starts after the first colon outside double quotes.
        var inQuotes = false
        var colon: Int?
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if byte == UInt8(ascii: ":"), !inQuotes { colon = offset; break }
        }
        guard let colon else { return nil }
        let head = String(decoding: bytes[..<colon], as: UTF8.self)
        var parts: [String] = []
        var part = ""
        inQuotes = false
        for character in head {
            if character == "\"" { inQuotes.toggle(); continue }
            if character == ";", !inQuotes { parts.append(part); part = ""; continue }
            part.append(character)
        }
        parts.append(part)
        guard var name = parts.first?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        var group: String?
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot]).lowercased()
            name = String(name[name.index(after: dot)...])
        }
        var parameters: [String: [String]] = [:]
        for parameter in parts.dropFirst() where !parameter.isEmpty {
            if let equals = parameter.firstIndex(of: "=") {
                let key = parameter[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
                let values = parameter[parameter.index(after: equals)...].split(separator: ",").map { String($0) }
                parameters[key, default: []].append(contentsOf: values)
            } else {
                let bare = parameter.trimmingCharacters(in: .whitespaces)
                let upper = bare.uppercased()
                if ["QUOTED-PRINTABLE", "QP", "BASE64", "B", "8BIT", "7BIT"].contains(upper) {
                    parameters["ENCODING", default: []].append(upper)
                } else {
                    parameters["TYPE", default: []].append(bare)
                }
            }
        }
        return VCardLine(group: group, name: name.uppercased(), parameters: parameters, value: Array(bytes[(colon + 1)...]), line: line)
    }

    mutating func consume(_ line: VCardLine) throws {
        let valueText = { String(decoding: line.value, as: UTF8.self).trimmingCharacters(in: .whitespaces).uppercased() }
        if line.name == "BEGIN", valueText() == "VCARD" {
            depth += 1
            if depth == 1 {
                card = VCardCard(line: line.line)
                cardLine = line.line
                version = "2.1"
            }
            return
        }
        if line.name == "END", valueText() == "VCARD" {
            guard depth > 0 else {
                sink.problem("line \(line.line): END:VCARD without BEGIN")
                return
            }
            depth -= 1
            if depth == 0, let finished = card {
                try sink.add(finished.contact())
                card = nil
            }
            return
        }
        // Properties of an embedded card (2.1 AGENT) belong to that card, not to this one.
        guard depth == 1, card != nil else { return }
        if line.name == "VERSION" {
            version = valueText()
            return
        }
        if ["PHOTO", "LOGO", "SOUND", "KEY"].contains(line.name) || line.has("ENCODING", "BASE64") || line.has("ENCODING", "B") {
            skippedBinaries += 1
            return
        }
        guard let text = decodeValue(line) else { return }
        apply(line, text: text)
    }

    /// The value as text: QUOTED-PRINTABLE decoded, then the CHARSET (UTF-8 when absent; Windows-1252 when the
    /// bytes are not valid UTF-8).
    mutating func decodeValue(_ line: VCardLine) -> String? {
        var bytes = line.value
        if line.has("ENCODING", "QUOTED-PRINTABLE") || line.has("ENCODING", "QP") {
            bytes = VCardText.quotedPrintable(bytes)
        }
        let charset = line.parameters["CHARSET"]?.first
        let (text, problem) = VCardText.decode(bytes, charset: charset)
        if let problem { sink.problem("line \(line.line): \(line.name): \(problem)") }
        return text
    }

    mutating func apply(_ line: VCardLine, text: String) {
        let escaped = version != "2.1" || text.contains("\\")
        func unescape(_ value: String) -> String { escaped ? VCardText.unescape(value) : value }
        func components(_ value: String) -> [String] { VCardText.split(value, on: ";").map(unescape) }
        let types = (line.parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",") }.map { $0.lowercased() }
            .filter { $0 != "pref" && $0 != "internet" && $0 != "x400" }
        let label = types.isEmpty ? nil : types.joined(separator: ",")
        switch line.name {
        case "FN":
            if card?.formattedName == nil { card?.formattedName = ContactText.nonEmpty(unescape(text).trimmingCharacters(in: .whitespaces)) }
        case "N":
            if card?.structuredName.isEmpty == true { card?.structuredName = components(text).map { $0.trimmingCharacters(in: .whitespaces) } }
        case "NICKNAME":
            if card?.nickname == nil { card?.nickname = ContactText.nonEmpty(unescape(text)) }
        case "ORG":
            if card?.organization == nil {
                card?.organization = ContactText.nonEmpty(components(text).filter { !$0.isEmpty }.joined(separator: ", "))
            }
        case "NOTE":
            if let note = ContactText.nonEmpty(unescape(text)) { card?.notes.append(note) }
        case "UID":
            card?.uid = ContactText.nonEmpty(text)
        case "TEL":
            let value = unescape(text).trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { card?.phones.append((line.group, ContactPhone(raw: value, label: label))) }
        case "EMAIL":
            let value = unescape(text).trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { card?.emails.append((line.group, ContactEmail(raw: value, label: label))) }
        case "X-ABLABEL":
            if let group = line.group { card?.groupLabels[group] = ContactText.appleLabel(unescape(text)) }
        case "IMPP":
            // `skype:alice`, `xmpp:bob@example.com`, `sip:…`: the URI scheme names the service.
            let value = unescape(text).trimmingCharacters(in: .whitespaces)
            if let colon = value.firstIndex(of: ":") {
                let scheme = VCardText.handleKind(String(value[..<colon])) ?? value[..<colon].lowercased()
                card?.handles.appendUnique(ContactHandle(kind: scheme, value: String(value[value.index(after: colon)...]), label: label))
            } else if !value.isEmpty {
                card?.handles.appendUnique(ContactHandle(kind: line.parameters["X-SERVICE-TYPE"]?.first?.lowercased() ?? "im", value: value, label: label))
            }
        case "X-SOCIALPROFILE":
            let user = line.parameters["X-USER"]?.first ?? unescape(text)
            let service = types.first ?? "social"
            card?.handles.appendUnique(ContactHandle(kind: VCardText.handleKind(service) ?? service, value: user))
        default:
            if line.name.hasPrefix("X-"), let kind = VCardText.handleKind(line.name) {
                let value = unescape(text).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { card?.handles.appendUnique(ContactHandle(kind: kind, value: value, label: label)) }
            }
        }
    }
}

/// Text decoding for vCard values.
enum VCardText {
    /// Messaging services by vCard property or URI scheme (`X-SKYPE-USERNAME`, `X-JABBER`, `xmpp`).
    static func handleKind(_ name: String) -> String? {
        var key = name.lowercased()
        if key.hasPrefix("x-") { key.removeFirst(2) }
        for suffix in ["-username", "-userid", "-id"] where key.hasSuffix(suffix) { key.removeLast(suffix.count) }
        let table: [String: String] = [
            "skype": "skype", "callto": "skype", "jabber": "jabber", "xmpp": "jabber", "gtalk": "jabber", "google-talk": "jabber",
            "aim": "aim", "icq": "icq", "msn": "msn", "yahoo": "yahoo", "ymsgr": "yahoo", "qq": "qq", "whatsapp": "whatsapp",
            "telegram": "telegram", "line": "line", "viber": "viber", "wechat": "wechat", "kik": "kik", "signal": "signal",
            "facebook": "facebook", "fb-messenger": "facebook", "twitter": "twitter", "sip": "sip", "imo": "imo",
        ]
        return table[key]
    }

    /// Decodes `=XX` escapes; a malformed escape is kept as written.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "="), index + 2 < bytes.count,
               let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                result.append(high << 4 | low)
                index += 3
            } else if byte == UInt8(ascii: "="), index == bytes.count - 1 {
                index += 1
            } else {
                result.append(byte)
                index += 1
            }
        }
        return result
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Bytes as text in `charset`; invalid UTF-8 falls back to Windows-1252 (what 2.1 exports without CHARSET hold).
    static func decode(_ bytes: [UInt8], charset: String?) -> (String?, String?) {
        let name = (charset ?? "UTF-8").uppercased()
        let encoding: String.Encoding?
        switch name {
        case "UTF-8", "UTF8": encoding = .utf8
        case "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1", "US-ASCII", "ASCII": encoding = .isoLatin1
        case "WINDOWS-1252", "CP1252": encoding = .windowsCP1252
        case "WINDOWS-1251", "CP1251": encoding = .windowsCP1251
        case "WINDOWS-1250", "CP1250": encoding = .windowsCP1250
        case "ISO-8859-2": encoding = .isoLatin2
        case "SHIFT_JIS", "SHIFT-JIS", "SJIS", "CP932": encoding = .shiftJIS
        case "EUC-JP": encoding = .japaneseEUC
        case "UTF-16", "UTF-16LE": encoding = .utf16LittleEndian
        case "UTF-16BE": encoding = .utf16BigEndian
        default: encoding = nil
        }
        if let encoding, let text = String(data: Data(bytes), encoding: encoding) { return (text, nil) }
        if encoding == .utf8, charset != nil {
            // Declared UTF-8 but broken (a cut sequence): keep what is valid, mark the rest.
            return (String(decoding: bytes, as: UTF8.self), "not valid UTF-8; invalid bytes replaced with U+FFFD")
        }
        if let text = utf8(bytes, partial: false) {
            return (text, encoding == nil ? "charset \(name) not supported; the bytes were valid UTF-8" : nil)
        }
        let fallback = String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
        return (fallback, charset == nil ? nil : "not valid \(name); decoded as Windows-1252")
    }

    /// Strict UTF-8; with `partial`, a sequence cut at the end (a 64 KiB head) is tolerated.
    static func utf8(_ bytes: [UInt8], partial: Bool) -> String? {
        if let text = String(bytes: bytes, encoding: .utf8) { return text }
        guard partial else { return nil }
        for cut in 1...3 where bytes.count > cut {
            if let text = String(bytes: bytes.dropLast(cut), encoding: .utf8) { return text }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A UTF-16 file (with BOM, as Windows and some phones export) as UTF-8 bytes; nil when not UTF-16.
    static func fromUTF16(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 2 else { return nil }
        let encoding: String.Encoding
        if bytes[0] == 0xFF, bytes[1] == 0xFE { encoding = .utf16LittleEndian }
        else if bytes[0] == 0xFE, bytes[1] == 0xFF { encoding = .utf16BigEndian }
        else { return nil }
        guard let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) else { return nil }
        return Array(text.utf8)
    }

    /// Splits on `separator` where it is not escaped with a backslash.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped { current.append("\\"); current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == separator { parts.append(current); current = ""; continue }
            current.append(character)
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// RFC 6350 §3.4 escapes: `\n` `\N` newline, `\,` `\;` `\\`, and `\:` as clients write it.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n", "N": result.append("\n")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}

/// jCard (RFC 7095): `["vcard", [[name, {params}, type, value…], …]]`, or an array of them.
public enum JCardContactsExtractor: FileExtractor {
    public static let info = ExtractorInfo(id: "jcard.contacts", version: 1, app: "vcard",
                                           documentation: "RFC 7095 jCard")

    public static func probe(head: [UInt8], name: String) -> Bool {
        let text = String(decoding: head.prefix(512), as: UTF8.self)
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard start.first == "[" else { return false }
        let compact = start.filter { !$0.isWhitespace }
        return compact.hasPrefix("[\"vcard\"") || compact.hasPrefix("[[\"vcard\"")
    }

    public static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExtractionError(code: .openFailed, message: "cannot read the jCard file")
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw ExtractionError(code: .malformed, message: "not valid JSON: \(error)")
        }
        guard let array = json as? [Any] else { throw ExtractionError(code: .malformed, message: "not a jCard array") }
        if array.first as? String == "vcard" {
            if let contact = card(array, pointer: "") { try sink.add(contact) } else { sink.problem("/: not a jCard") }
            return
        }
        for (index, element) in array.enumerated() {
            guard let item = element as? [Any], let contact = card(item, pointer: "/\(index)") else {
                sink.problem("/\(index): not a jCard")
                continue
            }
            try sink.add(contact)
        }
    }

    static func card(_ item: [Any], pointer: String) -> Contact? {
        guard item.count >= 2, item[0] as? String == "vcard", let properties = item[1] as? [Any] else { return nil }
        var card = VCardCard(line: 0)
        for case let property as [Any] in properties {
            guard property.count >= 4, let name = property[0] as? String else { continue }
            let parameters = property[1] as? [String: Any] ?? [:]
            let values = property[3...]
            let text: String = values.map { value -> String in
                if let string = value as? String { return string }
                if let list = value as? [Any] { return list.map { "\($0)" }.joined(separator: ";") }
                return "\(value)"
            }.joined(separator: ",")
            let types: [String] = {
                if let one = parameters["type"] as? String { return [one.lowercased()] }
                return (parameters["type"] as? [Any] ?? []).compactMap { ($0 as? String)?.lowercased() }
            }().filter { $0 != "pref" }
            let label = types.isEmpty ? nil : types.joined(separator: ",")
            switch name.lowercased() {
            case "fn": card.formattedName = card.formattedName ?? ContactText.nonEmpty(text)
            case "n":
                if let list = values.first as? [Any] {
                    card.structuredName = list.map { ($0 as? String) ?? (($0 as? [Any])?.compactMap { $0 as? String }.joined(separator: " ") ?? "") }
                }
            case "nickname": card.nickname = card.nickname ?? ContactText.nonEmpty(text)
            case "org": card.organization = card.organization ?? ContactText.nonEmpty(text.replacingOccurrences(of: ";", with: ", "))
            case "note": if let note = ContactText.nonEmpty(text) { card.notes.append(note) }
            case "uid": card.uid = ContactText.nonEmpty(text)
            case "tel": if !text.isEmpty { card.phones.append((nil, ContactPhone(raw: text, label: label))) }
            case "email": if !text.isEmpty { card.emails.append((nil, ContactEmail(raw: text, label: label))) }
            case "impp":
                if let colon = text.firstIndex(of: ":") {
                    let scheme = VCardText.handleKind(String(text[..<colon])) ?? text[..<colon].lowercased()
                    card.handles.appendUnique(ContactHandle(kind: scheme, value: String(text[text.index(after: colon)...]), label: label))
                }
            default:
                if let kind = VCardText.handleKind(name), name.lowercased().hasPrefix("x-"), !text.isEmpty {
                    card.handles.appendUnique(ContactHandle(kind: kind, value: text, label: label))
                }
            }
        }
        var contact = card.contact()
        contact.source = .pointer(pointer.isEmpty ? "/" : pointer)
        return contact
    }
}
