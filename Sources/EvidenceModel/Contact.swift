// Address-book and app contacts: one person or entry as a source stored it, identifiers kept raw (normalization
// into identities happens when the case database stores them, with the exhibit's default region).

/// A phone number of a contact, exactly as stored, with the source's label (`mobile`, `_$!<Mobile>!$_`, `CELL`).
public struct ContactPhone: Sendable, Hashable {
    public var raw: String
    public var label: String?
    /// A normalized form the source itself stored (Android `data4`), kept as evidence, not trusted over `raw`.
    public var sourceNormalized: String?

    public init(raw: String, label: String? = nil, sourceNormalized: String? = nil) {
        self.raw = raw
        self.label = label
        self.sourceNormalized = sourceNormalized
    }
}

public struct ContactEmail: Sendable, Hashable {
    public var raw: String
    public var label: String?

    public init(raw: String, label: String? = nil) {
        self.raw = raw
        self.label = label
    }
}

/// An app account or messaging handle of a contact: `kind` is an identity kind name (`whatsapp`, `telegram`,
/// `skype`, `line`, `viber`, `kik`, `imo`, `facebook`, `jabber`…) or, for services without one, the service name
/// as the source wrote it (`X-AIM`).
public struct ContactHandle: Sendable, Hashable {
    public var kind: String
    public var value: String
    public var label: String?

    public init(kind: String, value: String, label: String? = nil) {
        self.kind = kind
        self.value = value
        self.label = label
    }
}

/// One contact entry: an Android raw contact, an iOS ABPerson, a vCard, an app's contact row.
public struct Contact: Sendable, Hashable {
    public var provenance = ArtifactProvenance()
    /// Short app name: `contacts` (the device address book), `vcard`, `whatsapp`, `telegram`, `skype`…
    public var app: String
    /// The address-book account or store the entry belongs to (`cfttmobile1@gmail.com (com.google)`, `SIM`,
    /// an iOS store name), or the app account that holds the contact list.
    public var account: String?
    /// The source's id for the entry (raw contact `_id`, ABPerson ROWID, JID, user id), for joins and dedup.
    public var contactId: String?
    /// Display name as the source shows it.
    public var name: String?
    public var givenName: String?
    public var middleName: String?
    public var familyName: String?
    public var nickname: String?
    public var organization: String?
    public var phones: [ContactPhone]
    public var emails: [ContactEmail]
    public var handles: [ContactHandle]
    public var note: String?
    /// Marked deleted by the source (Android `raw_contacts.deleted`); WAL-deleted rows are told by provenance.
    public var deleted: Bool
    /// Source-specific state worth keeping (`owner` for the device owner's own card, `blocked`, `starred`…).
    public var status: String?
    public var source: SourceLocation

    public init(app: String, account: String? = nil, contactId: String? = nil, name: String?, givenName: String? = nil,
                middleName: String? = nil, familyName: String? = nil, nickname: String? = nil, organization: String? = nil,
                phones: [ContactPhone] = [], emails: [ContactEmail] = [], handles: [ContactHandle] = [], note: String? = nil,
                deleted: Bool = false, status: String? = nil, source: SourceLocation) {
        self.app = app
        self.account = account
        self.contactId = contactId
        self.name = name
        self.givenName = givenName
        self.middleName = middleName
        self.familyName = familyName
        self.nickname = nickname
        self.organization = organization
        self.phones = phones
        self.emails = emails
        self.handles = handles
        self.note = note
        self.deleted = deleted
        self.status = status
        self.source = source
    }

    /// The name to show: the source's display name, else given/family names, else organization, nickname.
    public var displayName: String? {
        if let name, !name.isEmpty { return name }
        let parts = [givenName, middleName, familyName].compactMap { $0 }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        if let organization, !organization.isEmpty { return organization }
        if let nickname, !nickname.isEmpty { return nickname }
        return nil
    }
}
