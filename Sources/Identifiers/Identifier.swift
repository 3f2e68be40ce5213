// Typed identifiers of people — phone numbers, e-mail addresses, app user ids and handles — normalized so the same
// person's identifier written differently on different devices resolves to one identity.

/// What an identifier names: a phone number, an e-mail address or an account of one app.
public struct IdentifierKind: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// E.164 (`+264811234567`) or, when it could not be normalized, the digits kept.
    public static let phone = IdentifierKind(rawValue: "phone")
    public static let email = IdentifierKind(rawValue: "email")
    /// A WhatsApp user JID (`264811234567@s.whatsapp.net`) or LID (`…@lid`).
    public static let whatsapp = IdentifierKind(rawValue: "whatsapp")
    /// A WhatsApp group JID (`…@g.us`): a conversation, not a person, kept apart from `whatsapp`.
    public static let whatsappGroup = IdentifierKind(rawValue: "whatsapp-group")
    /// A Telegram numeric user id (`123456789`) or `@username`.
    public static let telegram = IdentifierKind(rawValue: "telegram")
    public static let skype = IdentifierKind(rawValue: "skype")
    /// A LINE mid (`u` + 32 hex digits) or LINE id.
    public static let line = IdentifierKind(rawValue: "line")
    public static let viber = IdentifierKind(rawValue: "viber")
    public static let kik = IdentifierKind(rawValue: "kik")
    public static let imo = IdentifierKind(rawValue: "imo")
    public static let facebook = IdentifierKind(rawValue: "facebook")
    public static let signal = IdentifierKind(rawValue: "signal")
    public static let wechat = IdentifierKind(rawValue: "wechat")
    public static let jabber = IdentifierKind(rawValue: "jabber")
    public static let sip = IdentifierKind(rawValue: "sip")

    public static let all: [IdentifierKind] = [.phone, .email, .whatsapp, .whatsappGroup, .telegram, .skype, .line, .viber,
                                               .kik, .imo, .facebook, .signal, .wechat, .jabber, .sip]

    /// The kind for a service name as address books and vCards write it (`X-SKYPE`, `IMPP:skype:`, Android IM
    /// protocol names, iOS social-profile services); nil for services without a kind.
    public static func service(_ name: String) -> IdentifierKind? {
        var key = name.lowercased()
        for prefix in ["x-", "im-"] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        for suffix in ["-username", "-id", "username", "-userid"] where key.hasSuffix(suffix) && key.count > suffix.count {
            key.removeLast(suffix.count)
        }
        switch key {
        case "whatsapp", "wa": return .whatsapp
        case "telegram", "tg": return .telegram
        case "skype", "msn", "skype-username", "callto": return .skype
        case "line", "naver-line": return .line
        case "viber": return .viber
        case "kik": return .kik
        case "imo": return .imo
        case "facebook", "fb", "messenger", "fb-messenger", "facebookmessenger": return .facebook
        case "signal": return .signal
        case "wechat", "weixin": return .wechat
        case "jabber", "xmpp", "gtalk", "google talk", "googletalk", "hangouts": return .jabber
        case "sip": return .sip
        case "tel", "phone": return .phone
        case "mailto", "email": return .email
        default: return nil
        }
    }

    public static func < (lhs: IdentifierKind, rhs: IdentifierKind) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// A normalized identifier: the `identities` row's (kind, value).
public struct Identifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var kind: IdentifierKind
    public var value: String

    public init(_ kind: IdentifierKind, _ value: String) {
        self.kind = kind
        self.value = value
    }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        (lhs.kind.rawValue, lhs.value) < (rhs.kind.rawValue, rhs.value)
    }

    public var description: String { "\(kind.rawValue):\(value)" }
}

/// An identifier as seen in one source: the normalized identity, the raw text, and what normalization could not do.
public struct ResolvedIdentifier: Hashable, Sendable {
    public var identifier: Identifier
    public var raw: String
    /// For phone numbers kept as digits: why they are not E.164. Otherwise nil.
    public var note: String?
    /// The parsed phone number, for phone identities.
    public var phone: PhoneNumber?

    public init(identifier: Identifier, raw: String, note: String? = nil, phone: PhoneNumber? = nil) {
        self.identifier = identifier
        self.raw = raw
        self.note = note
        self.phone = phone
    }

    public var isNormalized: Bool { note == nil }
}

public enum Identifiers {
    /// A phone identity: E.164 when the country is known, else the digits kept with the reason in `note`; nil when
    /// there are no digits at all.
    public static func phone(_ raw: String, defaultRegion: String? = nil) -> ResolvedIdentifier? {
        let number = PhoneNumber.parse(raw, defaultRegion: defaultRegion)
        guard !number.key.isEmpty else { return nil }
        return ResolvedIdentifier(identifier: Identifier(.phone, number.key), raw: raw, note: number.reason, phone: number)
    }

    public static func email(_ raw: String) -> ResolvedIdentifier? {
        EmailAddress.normalize(raw).map { ResolvedIdentifier(identifier: Identifier(.email, $0), raw: raw) }
    }

    /// The identities of an app handle of `kind`. A WhatsApp user JID also yields its phone number (JIDs carry
    /// the international number without `+`; a JID whose digits are not a possible number yields no phone); a
    /// Viber id is a phone number; a handle that is plainly an e-mail address or phone number yields that too.
    public static func handle(_ kind: IdentifierKind, _ raw: String, defaultRegion: String? = nil) -> [ResolvedIdentifier] {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { return [] }
        let lower = text.lowercased()
        func one(_ kind: IdentifierKind, _ value: String) -> [ResolvedIdentifier] {
            value.isEmpty ? [] : [ResolvedIdentifier(identifier: Identifier(kind, value), raw: raw)]
        }
        switch kind {
        case .phone:
            return phone(text, defaultRegion: defaultRegion).map { [$0] } ?? []
        case .email:
            return email(text).map { [$0] } ?? []
        case .whatsapp, .whatsappGroup:
            return whatsapp(jid: lower, raw: raw)
        case .telegram:
            var name = Substring(lower)
            for prefix in ["https://", "http://", "t.me/", "telegram.me/", "tg://resolve?domain="] where name.hasPrefix(prefix) {
                name = name.dropFirst(prefix.count)
            }
            if name.hasPrefix("+"), let number = phone(String(name), defaultRegion: defaultRegion) { return [number] }
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isNumber }) { return one(.telegram, String(name)) }
            if name.hasPrefix("@") { name = name.dropFirst() }
            return one(.telegram, name.isEmpty ? "" : "@" + name)
        case .skype:
            var name = Substring(lower)
            for prefix in ["skype:", "callto:", "8:"] where name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
            if let query = name.firstIndex(of: "?") { name = name[..<query] }
            return one(.skype, String(name))
        case .viber:
            var result = phone(text, defaultRegion: defaultRegion).map { [$0] } ?? []
            if let number = result.first {
                result.insert(ResolvedIdentifier(identifier: Identifier(.viber, number.identifier.value), raw: raw, note: number.note,
                                                  phone: number.phone), at: 0)
            } else {
                result = one(.viber, lower)
            }
            return result
        case .kik:
            var name = lower
            // Kik JIDs are `<username>_<3 random characters>@talk.kik.com`.
            if name.hasSuffix("@talk.kik.com") {
                name.removeLast("@talk.kik.com".count)
                if let underscore = name.lastIndex(of: "_"), name.distance(from: underscore, to: name.endIndex) == 4 {
                    name = String(name[..<underscore])
                }
            }
            return one(.kik, name)
        case .line:
            // LINE mids are lowercase hex after `u`/`c`/`r`; LINE ids are case-insensitive.
            return one(.line, lower)
        case .facebook:
            var name = Substring(lower)
            for prefix in ["facebook:", "fb:", "https://www.facebook.com/", "https://facebook.com/", "www.facebook.com/", "facebook.com/"]
                where name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
            return one(.facebook, String(name))
        case .jabber, .sip:
            var name = Substring(lower)
            for prefix in ["xmpp:", "sip:", "sips:"] where name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
            return one(kind, String(name))
        case .imo, .wechat:
            // imo buids and WeChat wxids are case-sensitive opaque ids.
            return one(kind, text)
        default:
            return one(kind, lower)
        }
    }

    /// The identities of a chat or call participant id as an extractor stored it (`messages.sender`,
    /// `calls.peer`), by the app's short name.
    public static func participant(app: String, id: String, defaultRegion: String? = nil) -> [ResolvedIdentifier] {
        let text = id.trimmingWhitespace()
        guard !text.isEmpty else { return [] }
        switch app.lowercased() {
        case "whatsapp": return handle(.whatsapp, text)
        case "telegram": return handle(.telegram, text, defaultRegion: defaultRegion)
        case "skype": return handle(.skype, text)
        case "line": return handle(.line, text)
        case "viber": return handle(.viber, text, defaultRegion: defaultRegion)
        case "kik": return handle(.kik, text)
        case "imo": return handle(.imo, text)
        case "messenger", "facebook": return handle(.facebook, text)
        case "wechat": return handle(.wechat, text)
        case "signal": return handle(.phone, text, defaultRegion: defaultRegion)
        default:
            // SMS, call log, iMessage, Burner: an e-mail address or a phone number. Anything else (a Hangouts
            // gaia id, an SMS sender name like "HDFC-BANK") is an id of that app, never read as digits.
            if let address = email(text) { return [address] }
            if looksLikePhoneNumber(text) { return phone(text, defaultRegion: defaultRegion).map { [$0] } ?? [] }
            // A call log's non-numbers are presentation markers (withheld, payphone, "-2"), not anyone's id.
            if app.lowercased() == "phone" { return [] }
            return [ResolvedIdentifier(identifier: Identifier(IdentifierKind(rawValue: app.lowercased()), text), raw: id)]
        }
    }

    /// Digits with the separators people write (+, spaces, dots, dashes, brackets, a `tel:` prefix), 3 to 17
    /// digits, and not longer than E.164 allows once a leading international prefix is dropped.
    static func looksLikePhoneNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.lowercased().hasPrefix("tel:") { body = body.dropFirst(4) }
        var digits = 0
        for character in body {
            if character.isNumber { digits += 1; continue }
            if " +-.()/\u{00A0}".contains(character) { continue }
            return false
        }
        return (3...17).contains(digits)
    }

    static func whatsapp(jid: String, raw: String) -> [ResolvedIdentifier] {
        guard let at = jid.lastIndex(of: "@") else {
            // A bare number as some exports write it.
            let digits = jid.filter { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count == jid.filter({ !PhoneNumber.Scan.separators.contains($0) && $0 != "+" }).count else {
                return [ResolvedIdentifier(identifier: Identifier(.whatsapp, jid), raw: raw)]
            }
            return whatsapp(jid: digits + "@s.whatsapp.net", raw: raw)
        }
        let user = jid[..<at]
        let server = jid[jid.index(after: at)...]
        switch server {
        case "g.us":
            return [ResolvedIdentifier(identifier: Identifier(.whatsappGroup, jid), raw: raw)]
        case "broadcast":
            return []
        case "s.whatsapp.net", "c.us", "whatsapp.net":
            // The device part (`:12`) and agent (`.0`) of multi-device JIDs name the same user.
            let userOnly = user.split(separator: ":").first.map { $0.split(separator: ".").first ?? $0 } ?? user
            let canonical = userOnly + "@s.whatsapp.net"
            var result = [ResolvedIdentifier(identifier: Identifier(.whatsapp, String(canonical)), raw: raw)]
            if userOnly.allSatisfy({ $0.isASCII && $0.isNumber }) {
                let number = PhoneNumber.parse("+" + userOnly)
                if let e164 = number.e164 {
                    result.append(ResolvedIdentifier(identifier: Identifier(.phone, e164), raw: raw, phone: number))
                }
            }
            return result
        default:
            // `@lid` and other servers: opaque ids, no phone number.
            return [ResolvedIdentifier(identifier: Identifier(.whatsapp, jid), raw: raw)]
        }
    }
}
