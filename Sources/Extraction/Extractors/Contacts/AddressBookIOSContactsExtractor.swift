// iOS address book (AddressBook.sqlitedb, read with its WAL): one contact per ABPerson with its multi-values —
// phones (property 3), e-mail addresses (4), URLs (22), instant-messaging (13) and social profiles (46), the
// last two as key/value entries (service, username).
// Schema: iLEAPP scripts/artifacts/addressBook.py (ABPerson, ABMultiValue, ABMultiValueLabel); property numbers
// are the AddressBook framework's kABPerson…Property constants; ABStore/ABAccount name the account of each person
// (StoreID) and the store's MeIdentifier the owner's card.

import EvidenceModel
import GRDB

public enum AddressBookIOSContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "ios.addressbook.contacts", version: 1, app: "contacts",
                                           documentation: "iLEAPP scripts/artifacts/addressBook.py (ABPerson, ABMultiValue, ABMultiValueLabel, ABMultiValueEntry); AddressBook framework kABPersonPhoneProperty=3, Email=4, InstantMessage=13, URL=22, SocialProfile=46")
    public static let signature = SQLiteSignature([
        "ABPerson": ["ROWID", "First", "Last"],
        "ABMultiValue": ["record_id", "property", "value"],
    ])

    static let phoneProperty: Int64 = 3
    static let emailProperty: Int64 = 4
    static let instantMessageProperty: Int64 = 13
    static let socialProfileProperty: Int64 = 46

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var labels: [Int64: String] = [:]
        if schema.has("ABMultiValueLabel", "value") {
            try db.forEachRow("SELECT rowid AS id, value FROM ABMultiValueLabel") { row in
                if let id = row.int("id"), let value = row.text("value") { labels[id] = value }
            }
        }
        // Key/value entries of IM and social-profile values: (multivalue UID) → [key: value].
        var entries: [Int64: [String: String]] = [:]
        if schema.has("ABMultiValueEntry", "parent_id"), schema.has("ABMultiValueEntry", "key"), schema.has("ABMultiValueEntry", "value"),
           schema.has("ABMultiValueEntryKey", "value") {
            try db.forEachRow("""
                SELECT e.parent_id AS parent, k.value AS key, e.value AS value
                FROM ABMultiValueEntry e JOIN ABMultiValueEntryKey k ON k.rowid = e.key ORDER BY e.rowid
                """) { row in
                if let parent = row.int("parent"), let key = row.text("key"), let value = row.nonEmptyText("value") {
                    entries[parent, default: [:]][key.lowercased()] = value
                }
            }
        }
        var stores: [Int64: String] = [:]
        var owners: Set<Int64> = []
        if schema.has("ABStore", "Name") {
            let store = ColumnSelection(schema: schema, table: "ABStore", alias: "s")
            let accountJoin = schema.has("ABAccount", "AccountIdentifier") && store.has("AccountID")
            let sql = """
                SELECT s.ROWID AS id, s.Name AS name, \(store.column("MeIdentifier")),
                       \(accountJoin ? "a.AccountIdentifier" : "NULL") AS account
                FROM ABStore s \(accountJoin ? "LEFT JOIN ABAccount a ON a.ROWID = s.AccountID" : "")
                """
            try db.forEachRow(sql) { row in
                guard let id = row.int("id") else { return }
                if let name = row.nonEmptyText("name") ?? row.nonEmptyText("account") { stores[id] = name }
                if let me = row.int("MeIdentifier"), me > 0 { owners.insert(me) }
            }
        }

        var values: [Int64: Values] = [:]
        let multi = ColumnSelection(schema: schema, table: "ABMultiValue", alias: "m")
        try db.forEachRow("SELECT m.rowid AS uid, m.record_id AS record, m.property AS property, \(multi.column("label")), m.value AS value FROM ABMultiValue m ORDER BY m.rowid") { row in
            guard let record = row.int("record"), let property = row.int("property") else { return }
            let label = ContactText.appleLabel(row.int("label").flatMap { labels[$0] })
            let value = row.nonEmptyText("value")
            switch property {
            case phoneProperty:
                if let value { values[record, default: Values()].phones.append(ContactPhone(raw: value, label: label)) }
            case emailProperty:
                if let value { values[record, default: Values()].emails.append(ContactEmail(raw: value, label: label)) }
            case instantMessageProperty, socialProfileProperty:
                let entry = row.int("uid").flatMap { entries[$0] } ?? [:]
                guard let user = entry["username"] ?? entry["identifier"] ?? value else { return }
                let service = entry["service"] ?? (property == socialProfileProperty ? "social" : "im")
                values[record, default: Values()].handles.appendUnique(ContactHandle(kind: service.lowercased(), value: user, label: label))
            default:
                break
            }
        }

        let person = ColumnSelection(schema: schema, table: "ABPerson", alias: "p")
        let columns = person.columns(["First", "Last", "Middle", "Organization", "Nickname", "Note", "StoreID", "DisplayName",
                                      "Prefix", "Suffix", "guid"])
        try db.forEachRow("SELECT p.ROWID AS id, \(columns) FROM ABPerson p ORDER BY p.ROWID") { row in
            guard let id = row.int("id") else {
                sink.problem("ABPerson row without a ROWID")
                return
            }
            let found = values[id] ?? Values()
            let first = row.nonEmptyText("First"), last = row.nonEmptyText("Last"), middle = row.nonEmptyText("Middle")
            let organization = row.nonEmptyText("Organization")
            let name = row.nonEmptyText("DisplayName") ?? ContactText.join([row.nonEmptyText("Prefix"), first, middle, last, row.nonEmptyText("Suffix")])
                ?? organization ?? row.nonEmptyText("Nickname")
            try sink.add(Contact(app: info.app, account: row.int("StoreID").flatMap { stores[$0] }, contactId: String(id),
                                 name: name, givenName: first, middleName: middle, familyName: last,
                                 nickname: row.nonEmptyText("Nickname"), organization: organization,
                                 phones: found.phones, emails: found.emails, handles: found.handles,
                                 note: row.nonEmptyText("Note"), status: owners.contains(id) ? "owner" : nil,
                                 source: .row("ABPerson", id)))
        }
    }

    struct Values {
        var phones: [ContactPhone] = []
        var emails: [ContactEmail] = []
        var handles: [ContactHandle] = []
    }
}
