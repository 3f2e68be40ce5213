// Android address book (contacts2.db, and the owner's profile.db): one contact per raw contact, with its phones,
// e-mail addresses, names, organization, nickname, note, IM handles and the handles messaging apps add.
// Schema: AOSP packages/providers/ContactsProvider ContactsDatabaseHelper (raw_contacts, data, mimetypes, accounts;
// older releases keep account_name/account_type on raw_contacts); android.provider.ContactsContract.CommonDataKinds
// (StructuredName data1-data6, Phone data1/data2/data3/data4, Email, Organization, Nickname, Note, Im data5
// protocol / data6 custom protocol, SipAddress). App mimetypes as ALEAPP scripts/artifacts/contacts.py lists them.

import EvidenceModel
import GRDB

public enum AndroidContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "android.contacts", version: 1, app: "contacts",
                                           documentation: "AOSP ContactsProvider ContactsDatabaseHelper (raw_contacts, data, mimetypes, accounts); ContactsContract.CommonDataKinds; ALEAPP scripts/artifacts/contacts.py")
    public static let signature = SQLiteSignature([
        "raw_contacts": ["_id"],
        "data": ["raw_contact_id", "mimetype_id", "data1"],
        "mimetypes": ["_id", "mimetype"],
    ])

    /// ContactsContract.Profile.MIN_ID: the device owner's own raw contacts (profile.db) have ids from here on.
    static let profileMinimumId: Int64 = 9_223_372_034_707_292_160

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let data = ColumnSelection(schema: schema, table: "data", alias: "d")
        var details: [Int64: Details] = [:]
        let sql = """
            SELECT d.raw_contact_id AS raw_contact_id, m.mimetype AS mimetype, \(data.columns(["data1", "data2", "data3", "data4", "data5", "data6"]))
            FROM data d JOIN mimetypes m ON m._id = d.mimetype_id ORDER BY d.rowid
            """
        try db.forEachRow(sql) { row in
            guard let rawId = row.int("raw_contact_id"), let mimetype = row.text("mimetype") else { return }
            details[rawId, default: Details()].add(row, mimetype: mimetype)
        }

        let raw = ColumnSelection(schema: schema, table: "raw_contacts", alias: "r")
        // Newer releases name the account in `accounts` (joined on raw_contacts.account_id); either of its columns
        // may be missing in a damaged or unusual schema, so both are selected through ColumnSelection.
        let accounts = ColumnSelection(schema: schema, table: "accounts", alias: "a")
        let hasAccounts = accounts.has("_id") && raw.has("account_id")
            && (accounts.has("account_name") || accounts.has("account_type"))
        let accountColumns = hasAccounts
            ? "\(accounts.column("account_name")), \(accounts.column("account_type"))"
            : "\(raw.column("account_name")), \(raw.column("account_type"))"
        let join = hasAccounts ? "LEFT JOIN accounts a ON a._id = r.account_id" : ""
        let contactsSQL = """
            SELECT r._id AS raw_id, \(raw.columns(["display_name", "deleted", "starred", "sourceid"])), \(accountColumns)
            FROM raw_contacts r \(join) ORDER BY r.rowid
            """
        try db.forEachRow(contactsSQL) { row in
            guard let rawId = row.int("raw_id") else {
                sink.problem("raw contact without an id")
                return
            }
            let found = details[rawId] ?? Details()
            var account = row.nonEmptyText("account_name")
            if let type = row.nonEmptyText("account_type") { account = account.map { "\($0) (\(type))" } ?? type }
            var status: [String] = []
            if rawId >= profileMinimumId { status.append("owner") }
            if row.bool("starred") == true { status.append("starred") }
            try sink.add(Contact(app: info.app, account: account, contactId: String(rawId),
                                 name: row.nonEmptyText("display_name") ?? found.displayName,
                                 givenName: found.given, middleName: found.middle, familyName: found.family,
                                 nickname: found.nickname, organization: found.organization,
                                 phones: found.phones, emails: found.emails, handles: found.handles, note: found.note,
                                 deleted: row.bool("deleted") ?? false, status: status.isEmpty ? nil : status.joined(separator: ","),
                                 source: .row("raw_contacts", rawId)))
        }
    }

    /// The data rows of one raw contact.
    struct Details {
        var displayName: String?
        var given: String?
        var middle: String?
        var family: String?
        var nickname: String?
        var organization: String?
        var note: String?
        var phones: [ContactPhone] = []
        var emails: [ContactEmail] = []
        var handles: [ContactHandle] = []

        mutating func add(_ row: Row, mimetype: String) {
            let data1 = row.nonEmptyText("data1")
            switch mimetype {
            case "vnd.android.cursor.item/name":
                displayName = displayName ?? data1
                given = given ?? row.nonEmptyText("data2")
                family = family ?? row.nonEmptyText("data3")
                middle = middle ?? row.nonEmptyText("data5")
            case "vnd.android.cursor.item/phone_v2":
                guard let data1 else { return }
                phones.append(ContactPhone(raw: data1, label: AndroidContactsExtractor.phoneLabel(row.int("data2"), custom: row.nonEmptyText("data3")),
                                           sourceNormalized: row.nonEmptyText("data4")))
            case "vnd.android.cursor.item/email_v2":
                guard let data1 else { return }
                emails.append(ContactEmail(raw: data1, label: AndroidContactsExtractor.emailLabel(row.int("data2"), custom: row.nonEmptyText("data3"))))
            case "vnd.android.cursor.item/organization":
                organization = organization ?? data1
            case "vnd.android.cursor.item/nickname":
                nickname = nickname ?? data1
            case "vnd.android.cursor.item/note":
                note = note ?? data1
            case "vnd.android.cursor.item/im":
                guard let data1 else { return }
                let kind = AndroidContactsExtractor.imKind(row.int("data5"), custom: row.nonEmptyText("data6"))
                handles.appendUnique(ContactHandle(kind: kind, value: data1, label: "im"))
            case "vnd.android.cursor.item/sip_address":
                guard let data1 else { return }
                handles.appendUnique(ContactHandle(kind: "sip", value: data1))
            default:
                guard let data1, let kind = AndroidContactsExtractor.appKind(mimetype) else { return }
                handles.appendUnique(ContactHandle(kind: kind, value: data1, label: mimetype))
            }
        }
    }

    /// ContactsContract.CommonDataKinds.Phone TYPE_* codes.
    static func phoneLabel(_ type: Int64?, custom: String?) -> String? {
        let names: [Int64: String] = [1: "home", 2: "mobile", 3: "work", 4: "fax_work", 5: "fax_home", 6: "pager", 7: "other",
                                      8: "callback", 9: "car", 10: "company_main", 11: "isdn", 12: "main", 13: "other_fax",
                                      14: "radio", 15: "telex", 16: "tty_tdd", 17: "work_mobile", 18: "work_pager",
                                      19: "assistant", 20: "mms"]
        guard let type else { return custom }
        return type == 0 ? custom : names[type] ?? custom
    }

    static func emailLabel(_ type: Int64?, custom: String?) -> String? {
        let names: [Int64: String] = [1: "home", 2: "work", 3: "other", 4: "mobile"]
        guard let type else { return custom }
        return type == 0 ? custom : names[type] ?? custom
    }

    /// ContactsContract.CommonDataKinds.Im PROTOCOL_* codes (-1 = custom, name in data6).
    static func imKind(_ proto: Int64?, custom: String?) -> String {
        switch proto {
        case 0: return "aim"
        case 1: return "msn"
        case 2: return "yahoo"
        case 3: return "skype"
        case 4: return "qq"
        case 5: return "jabber"
        case 6: return "icq"
        case 7: return "jabber"
        case 8: return "netmeeting"
        default: return custom.map { appKind(name: $0) ?? $0.lowercased() } ?? "im"
        }
    }

    /// The handle kind of a messaging app's own data row (`vnd.android.cursor.item/vnd.com.whatsapp.profile`).
    static func appKind(_ mimetype: String) -> String? {
        let text = mimetype.lowercased()
        let table: [(String, String)] = [("com.whatsapp", "whatsapp"), ("org.telegram", "telegram"), ("com.viber", "viber"),
                                         ("org.thoughtcrime.securesms", "signal"), ("com.skype", "skype"),
                                         ("jp.naver.line", "line"), ("kik.android", "kik"), ("com.imo", "imo"),
                                         ("com.tencent.mm", "wechat"), ("com.facebook", "facebook")]
        return table.first { text.contains($0.0) }?.1
    }

    /// A custom IM protocol name (`WhatsApp`, `Telegram`) as a handle kind.
    static func appKind(name: String) -> String? {
        let known = ["whatsapp", "telegram", "viber", "signal", "skype", "line", "kik", "imo", "wechat", "facebook"]
        let text = name.lowercased()
        return known.contains(text) ? text : nil
    }
}
