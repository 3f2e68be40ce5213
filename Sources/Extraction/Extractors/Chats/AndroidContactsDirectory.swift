// Names of the Android address book (contacts2.db, and the owner's profile.db) for the phone-number based
// extractors (SMS, MMS, call log).
// Schema: AOSP packages/providers/ContactsProvider ContactsDatabaseHelper (raw_contacts, data, mimetypes);
// android.provider.ContactsContract.CommonDataKinds.Phone (mimetype vnd.android.cursor.item/phone_v2, data1 =
// number as typed, data4 = normalized E.164 number); ContactsContract.Profile.MIN_ID for the owner's profile.

import EvidenceModel
import GRDB

public enum AndroidContactsDirectory: DirectoryProvider {
    public static let info = ExtractorInfo(id: "android.contacts.directory", version: 1, app: "phone",
                                           documentation: "AOSP ContactsProvider ContactsDatabaseHelper (raw_contacts, data, mimetypes); ContactsContract.CommonDataKinds.Phone")
    public static let signature = SQLiteSignature([
        "raw_contacts": ["_id", "display_name"],
        "data": ["raw_contact_id", "mimetype_id", "data1"],
        "mimetypes": ["_id", "mimetype"],
    ])

    /// ContactsContract.Profile.MIN_ID: raw contacts of the device owner's profile have ids from here on.
    static let profileMinimumId: Int64 = 9_223_372_034_707_292_160

    public static func collect(from db: Database, schema: SQLiteSchema, into directory: ExhibitDirectory) throws {
        let raw = ColumnSelection(schema: schema, table: "raw_contacts", alias: "r")
        let data = ColumnSelection(schema: schema, table: "data", alias: "d")
        // Live contacts first so a deleted contact's name never shadows a live one for the same number.
        let sql = """
            SELECT r._id AS raw_id, r.display_name AS display_name, \(raw.column("deleted")),
                   d.data1 AS number, \(data.column("data4", as: "normalized"))
            FROM data d JOIN mimetypes m ON m._id = d.mimetype_id JOIN raw_contacts r ON r._id = d.raw_contact_id
            WHERE m.mimetype = 'vnd.android.cursor.item/phone_v2'
            ORDER BY COALESCE("deleted", 0), d.rowid
            """
        try db.forEachRow(sql) { row in
            guard let number = row.nonEmptyText("number") else { return }
            let normalized = row.nonEmptyText("normalized")
            if let rawId = row.int("raw_id"), rawId >= profileMinimumId {
                // The owner's own number (profile.db).
                directory.setAccount(normalized ?? number, app: "phone")
                directory.setAccount(normalized ?? number, app: "sms")
                return
            }
            guard let name = row.nonEmptyText("display_name") else { return }
            for key in [number, normalized].compactMap({ $0 }) {
                directory.setName(name, app: "phone", id: key)
                directory.setName(name, app: "phone", id: AndroidPhoneNumber.digits(key))
            }
        }
    }
}

/// Phone-number keys shared by the Android telephony extractors.
enum AndroidPhoneNumber {
    /// The ASCII digits of a number (`+1 (540) 456-1685` → `15404561685`).
    static func digits(_ number: String) -> String {
        String(number.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }.map(Character.init))
    }

    /// The contact name for a number: as stored, then by its digits, then by its digits without a leading
    /// country code 1 or with one (NANP numbers are stored either way).
    static func name(of number: String?, in directory: ExhibitDirectory) -> String? {
        guard let number, !number.isEmpty else { return nil }
        if let name = directory.name(app: "phone", id: number) { return name }
        let digits = digits(number)
        guard !digits.isEmpty else { return nil }
        if let name = directory.name(app: "phone", id: digits) { return name }
        if digits.count == 11, digits.hasPrefix("1") { return directory.name(app: "phone", id: String(digits.dropFirst())) }
        if digits.count == 10 { return directory.name(app: "phone", id: "1" + digits) }
        return nil
    }
}
