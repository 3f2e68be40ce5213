// How contacts and the identifiers of people are stored: one contact row per identifier, one identity per
// normalized identifier, and sightings linking identities to exhibits, files and artifacts.

/// One identifier of one contact entry (a contact with two phones and an e-mail gives three rows sharing
/// `contactKey`; a contact with no identifier gives one row with the identifier columns empty). Duplicates within
/// an address book stay rows: they are evidence.
public struct ContactRow: Sendable, Hashable {
    public var provenance: ArtifactProvenance
    public var source: SourceLocation
    /// `<file id>:<source>`: groups the rows of one entry.
    public var contactKey: String
    public var app: String
    public var account: String?
    public var contactId: String?
    public var name: String?
    public var givenName: String?
    public var middleName: String?
    public var familyName: String?
    public var nickname: String?
    public var organization: String?
    public var note: String?
    public var status: String?
    public var deleted: Bool
    /// `phone`, `email`, a handle kind (`whatsapp`, `telegram`, …), or nil for a row without identifier.
    public var kind: String?
    public var label: String?
    public var phoneRaw: String?
    public var phoneE164: String?
    /// Why `phoneE164` is empty (`no country: national number without --default-region`, …).
    public var phoneReason: String?
    public var emailRaw: String?
    public var email: String?
    public var handleKind: String?
    public var handle: String?
    public var identityId: Int64?

    public init(provenance: ArtifactProvenance, source: SourceLocation, contactKey: String, contact: Contact) {
        self.provenance = provenance
        self.source = source
        self.contactKey = contactKey
        app = contact.app
        account = contact.account
        contactId = contact.contactId
        name = contact.displayName
        givenName = contact.givenName
        middleName = contact.middleName
        familyName = contact.familyName
        nickname = contact.nickname
        organization = contact.organization
        note = contact.note
        status = contact.status
        deleted = contact.deleted
    }
}

/// A normalized identifier of a person: `phone` (E.164, or the digits when the country is unknown), `email`,
/// `whatsapp` (JID), `whatsapp-group`, `telegram`, `skype`, `line`, `viber`, `kik`, …
public struct IdentityRecord: Sendable, Hashable {
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// Where an identity was seen. Contacts and calls give one sighting per artifact; messages give one per
/// (identity, file, extractor, role) with the count, first and last time and the first message's id, so a million
/// messages do not make millions of sightings.
public struct IdentitySighting: Sendable, Hashable {
    public var identityId: Int64
    public var exhibitId: Int64
    public var fileId: Int64
    public var extractor: String
    /// `contacts`, `messages` or `calls`.
    public var artifactTable: String
    /// The artifact row (the first one for aggregated message sightings).
    public var artifactId: Int64
    /// `contact`, `sender`, `recipient`, `peer`, `participant`, `account`.
    public var role: String
    /// The identifier as the source wrote it.
    public var raw: String
    /// The name the source gives the person there.
    public var name: String?
    /// Why the value is not fully normalized, when it is not.
    public var note: String?
    public var count: Int64
    public var firstAt: String?
    public var lastAt: String?

    public init(identityId: Int64, exhibitId: Int64, fileId: Int64, extractor: String, artifactTable: String, artifactId: Int64,
                role: String, raw: String, name: String?, note: String?, count: Int64 = 1, firstAt: String? = nil, lastAt: String? = nil) {
        self.identityId = identityId
        self.exhibitId = exhibitId
        self.fileId = fileId
        self.extractor = extractor
        self.artifactTable = artifactTable
        self.artifactId = artifactId
        self.role = role
        self.raw = raw
        self.name = name
        self.note = note
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}
