// Contact lists of messaging apps: WhatsApp (Android wa.db, iOS ContactsV2.sqlite), Skype (main.db), Kik (iOS
// kik.sqlite), imo (iOS IMODb2.sqlite). Each row is the app's record of a person: the app handle, the phone number
// it was matched on, the names the app shows.

import EvidenceModel
import GRDB

/// WhatsApp Android `wa.db` `wa_contacts`: jid, number, display_name (address-book name), wa_name (push name),
/// given/family names, status text; groups (`@g.us`) are rows too and are kept with status `group`.
/// Documented by KnugiHK/WhatsApp-Chat-Exporter android_handler.py contacts() and ALEAPP whatsApp.py.
public enum WhatsAppAndroidContactListExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.android.contact-list", version: 1, app: "whatsapp",
                                           documentation: "ALEAPP scripts/artifacts/whatsApp.py (wa.db wa_contacts); KnugiHK/WhatsApp-Chat-Exporter android_handler.py contacts()")
    public static let signature = SQLiteSignature(["wa_contacts": ["jid"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let w = ColumnSelection(schema: schema, table: "wa_contacts", alias: "w")
        let columns = w.columns(["jid", "number", "display_name", "wa_name", "given_name", "family_name", "nickname", "company",
                                 "phone_label", "phone_type", "is_whatsapp_user", "status"])
        try db.forEachRow("SELECT w.rowid AS row_id, \(columns) FROM wa_contacts w ORDER BY w.rowid") { row in
            guard let jid = row.nonEmptyText("jid") else {
                sink.problem("wa_contacts row \(row.int("row_id") ?? -1) without a jid")
                return
            }
            if jid == "status@broadcast" { return }
            var phones: [ContactPhone] = []
            if let number = row.nonEmptyText("number") {
                phones.append(ContactPhone(raw: number, label: row.nonEmptyText("phone_label")))
            }
            var status: String?
            if jid.hasSuffix("@g.us") { status = "group" }
            else if jid.hasSuffix("@broadcast") { status = "broadcast" }
            else if row.int("is_whatsapp_user") == 0 { status = "not a whatsapp user" }
            try sink.add(Contact(app: info.app, account: context.directory.account(app: "whatsapp"), contactId: jid,
                                 name: row.nonEmptyText("display_name") ?? row.nonEmptyText("wa_name"),
                                 givenName: row.nonEmptyText("given_name"), familyName: row.nonEmptyText("family_name"),
                                 nickname: row.nonEmptyText("wa_name") ?? row.nonEmptyText("nickname"),
                                 organization: row.nonEmptyText("company"), phones: phones,
                                 handles: [ContactHandle(kind: "whatsapp", value: jid)], note: row.nonEmptyText("status"),
                                 status: status, source: .row("wa_contacts", row.int("row_id"))))
        }
    }
}

/// WhatsApp iOS `ContactsV2.sqlite` `ZWAADDRESSBOOKCONTACT`: the address book as WhatsApp synced it (ZFULLNAME,
/// ZGIVENNAME, ZPHONENUMBER with ZPHONENUMBERLABEL, ZWHATSAPPID, ZABOUTTEXT, ZIDENTIFIER = the iOS contact id).
/// Documented by iLEAPP scripts/artifacts/whatsApp.py (whatsAppContacts).
public enum WhatsAppIOSContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.ios.contacts", version: 1, app: "whatsapp",
                                           documentation: "iLEAPP scripts/artifacts/whatsApp.py (ContactsV2.sqlite ZWAADDRESSBOOKCONTACT)")
    // Z_PK (rows are read and cited by it) is in every Core Data entity table.
    public static let signature = SQLiteSignature(["ZWAADDRESSBOOKCONTACT": ["Z_PK", "ZFULLNAME", "ZPHONENUMBER", "ZWHATSAPPID"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let c = ColumnSelection(schema: schema, table: "ZWAADDRESSBOOKCONTACT", alias: "c")
        let columns = c.columns(["ZFULLNAME", "ZGIVENNAME", "ZPHONENUMBER", "ZPHONENUMBERLABEL", "ZWHATSAPPID", "ZABOUTTEXT",
                                 "ZIDENTIFIER", "ZBUSINESSNAME", "ZLID"])
        try db.forEachRow("SELECT c.Z_PK AS pk, \(columns) FROM ZWAADDRESSBOOKCONTACT c ORDER BY c.Z_PK") { row in
            var phones: [ContactPhone] = []
            if let number = row.nonEmptyText("ZPHONENUMBER") {
                phones.append(ContactPhone(raw: number, label: ContactText.appleLabel(row.nonEmptyText("ZPHONENUMBERLABEL"))))
            }
            var handles: [ContactHandle] = []
            if let jid = row.nonEmptyText("ZWHATSAPPID") { handles.appendUnique(ContactHandle(kind: "whatsapp", value: jid)) }
            if let lid = row.nonEmptyText("ZLID") { handles.appendUnique(ContactHandle(kind: "whatsapp", value: lid)) }
            try sink.add(Contact(app: info.app, account: context.directory.account(app: "whatsapp"),
                                 contactId: row.nonEmptyText("ZIDENTIFIER"),
                                 name: row.nonEmptyText("ZFULLNAME") ?? row.nonEmptyText("ZBUSINESSNAME"),
                                 givenName: row.nonEmptyText("ZGIVENNAME"), organization: row.nonEmptyText("ZBUSINESSNAME"),
                                 phones: phones, handles: handles, note: row.nonEmptyText("ZABOUTTEXT"),
                                 status: handles.isEmpty ? "not a whatsapp user" : nil,
                                 source: .row("ZWAADDRESSBOOKCONTACT", row.int("pk"))))
        }
    }
}

/// Skype (classic desktop and mobile) `main.db` `Contacts`: skypename, fullname/displayname, phone_home/office/
/// mobile, emails (space-separated), assigned_phone1-3 with labels, isblocked; the account from `Accounts`.
/// Documented by plaso parsers/sqlite_plugins/skype.py and the Skype main.db schema in its test data.
public enum SkypeContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "skype.desktop.contacts", version: 1, app: "skype",
                                           documentation: "plaso parsers/sqlite_plugins/skype.py; Skype main.db Contacts/Accounts tables")
    public static let signature = SQLiteSignature(["Contacts": ["skypename", "fullname"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var account: String?
        if schema.has("Accounts", "skypename") {
            account = try String.fetchOne(db, sql: "SELECT skypename FROM Accounts WHERE skypename IS NOT NULL AND skypename <> '' ORDER BY rowid LIMIT 1")
        }
        let c = ColumnSelection(schema: schema, table: "Contacts", alias: "c")
        let columns = c.columns(["skypename", "fullname", "displayname", "given_displayname", "phone_home", "phone_office",
                                 "phone_mobile", "assigned_phone1", "assigned_phone1_label", "assigned_phone2",
                                 "assigned_phone2_label", "assigned_phone3", "assigned_phone3_label", "emails", "about",
                                 "isblocked", "isauthorized"])
        try db.forEachRow("SELECT c.rowid AS row_id, \(columns) FROM Contacts c ORDER BY c.rowid") { row in
            var phones: [ContactPhone] = []
            for (column, label) in [("phone_home", "home"), ("phone_office", "office"), ("phone_mobile", "mobile")] {
                if let number = row.nonEmptyText(column) { phones.append(ContactPhone(raw: number, label: label)) }
            }
            for index in 1...3 {
                if let number = row.nonEmptyText("assigned_phone\(index)") {
                    phones.append(ContactPhone(raw: number, label: row.nonEmptyText("assigned_phone\(index)_label")))
                }
            }
            let emails = (row.nonEmptyText("emails") ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" })
                .map { ContactEmail(raw: String($0)) }
            var handles: [ContactHandle] = []
            if let name = row.nonEmptyText("skypename") { handles.append(ContactHandle(kind: "skype", value: name)) }
            try sink.add(Contact(app: info.app, account: account, contactId: row.nonEmptyText("skypename"),
                                 name: row.nonEmptyText("given_displayname") ?? row.nonEmptyText("displayname") ?? row.nonEmptyText("fullname"),
                                 phones: phones, emails: emails, handles: handles, note: row.nonEmptyText("about"),
                                 status: row.bool("isblocked") == true ? "blocked" : nil,
                                 source: .row("Contacts", row.int("row_id"))))
        }
    }
}

/// Kik iOS `kik.sqlite` `ZKIKUSER`: ZUSERNAME, ZDISPLAYNAME, ZFIRSTNAME/ZLASTNAME, ZEMAIL, ZJID. Documented by
/// plaso parsers/sqlite_plugins/kik_ios.py and iLEAPP scripts/artifacts/kikUsers… (ZKIKUSER).
public enum KikIOSContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "kik.ios.contacts", version: 1, app: "kik",
                                           documentation: "plaso parsers/sqlite_plugins/kik_ios.py; iLEAPP scripts/artifacts/kikMessages.py (ZKIKUSER)")
    // Z_PK (rows are read and cited by it) is in every Core Data entity table.
    public static let signature = SQLiteSignature(["ZKIKUSER": ["Z_PK", "ZUSERNAME", "ZDISPLAYNAME"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let u = ColumnSelection(schema: schema, table: "ZKIKUSER", alias: "u")
        try db.forEachRow("SELECT u.Z_PK AS pk, \(u.columns(["ZUSERNAME", "ZDISPLAYNAME", "ZFIRSTNAME", "ZLASTNAME", "ZEMAIL", "ZJID"])) FROM ZKIKUSER u ORDER BY u.Z_PK") { row in
            var handles: [ContactHandle] = []
            if let username = row.nonEmptyText("ZUSERNAME") { handles.appendUnique(ContactHandle(kind: "kik", value: username)) }
            else if let jid = row.nonEmptyText("ZJID") { handles.appendUnique(ContactHandle(kind: "kik", value: jid)) }
            let emails = row.nonEmptyText("ZEMAIL").map { [ContactEmail(raw: $0)] } ?? []
            try sink.add(Contact(app: info.app, contactId: row.nonEmptyText("ZJID"),
                                 name: row.nonEmptyText("ZDISPLAYNAME") ?? ContactText.join([row.nonEmptyText("ZFIRSTNAME"), row.nonEmptyText("ZLASTNAME")]),
                                 givenName: row.nonEmptyText("ZFIRSTNAME"), familyName: row.nonEmptyText("ZLASTNAME"),
                                 emails: emails, handles: handles, source: .row("ZKIKUSER", row.int("pk"))))
        }
    }
}

/// imo iOS `IMODb2.sqlite` `ZIMOCONTACT`: ZDISPLAY, ZPHONE, ZBUID (imo user id), ZIS_GROUP, ZBLOCK_STATE.
/// Documented by iLEAPP scripts/artifacts/imoHD_Chat.py; real sample: plaso test_data/ios/IMODb2.sqlite.
public enum ImoIOSContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "imo.ios.contacts", version: 1, app: "imo",
                                           documentation: "iLEAPP scripts/artifacts/imoHD_Chat.py (IMODb2.sqlite ZIMOCONTACT)")
    // Z_PK (rows are read and cited by it) is in every Core Data entity table.
    public static let signature = SQLiteSignature(["ZIMOCONTACT": ["Z_PK", "ZBUID", "ZDISPLAY"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let c = ColumnSelection(schema: schema, table: "ZIMOCONTACT", alias: "c")
        try db.forEachRow("SELECT c.Z_PK AS pk, \(c.columns(["ZBUID", "ZDISPLAY", "ZALIAS", "ZPHONE", "ZIS_GROUP", "ZBLOCK_STATE"])) FROM ZIMOCONTACT c ORDER BY c.Z_PK") { row in
            let phones = row.nonEmptyText("ZPHONE").map { [ContactPhone(raw: $0)] } ?? []
            let handles = row.nonEmptyText("ZBUID").map { [ContactHandle(kind: "imo", value: $0)] } ?? []
            var status: String?
            if row.bool("ZIS_GROUP") == true { status = "group" }
            else if let block = row.int("ZBLOCK_STATE"), block != 0 { status = "blocked" }
            try sink.add(Contact(app: info.app, contactId: row.nonEmptyText("ZBUID"),
                                 name: row.nonEmptyText("ZDISPLAY") ?? row.nonEmptyText("ZALIAS"),
                                 phones: phones, handles: handles, status: status, source: .row("ZIMOCONTACT", row.int("pk"))))
        }
    }
}
