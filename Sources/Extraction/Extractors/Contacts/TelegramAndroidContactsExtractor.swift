// Telegram Android contact list from cache4.db: the `contacts` table (uid, mutual) names who is in the owner's
// Telegram contacts; names, username and phone come from the TL-serialized User in `users.data` (decoded by
// TLUser), else from the lower-cased search column `users.name` ("first last;;;username").
// Schema: DrKLO/Telegram MessagesStorage.java (CREATE TABLE contacts(uid INTEGER PRIMARY KEY, mutual INTEGER),
// users(uid, name, status, data)); TL layer `user` constructor.

import EvidenceModel
import GRDB

public enum TelegramAndroidContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "telegram.android.contacts", version: 1, app: "telegram",
                                           documentation: "DrKLO/Telegram TMessagesProj MessagesStorage.java (contacts, users tables); TL schema user#…")
    public static let signature = SQLiteSignature([
        "contacts": ["uid", "mutual"],
        "users": ["uid", "name", "data"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let sql = """
            SELECT c.rowid AS row_id, c.uid AS uid, c.mutual AS mutual, u.name AS name, u.data AS data
            FROM contacts c LEFT JOIN users u ON u.uid = c.uid ORDER BY c.rowid
            """
        var fallbacks = 0
        try db.forEachRow(sql) { row in
            guard let uid = row.int("uid") else {
                sink.problem("contacts row without a uid")
                return
            }
            var name: String?, given: String?, family: String?, username: String?, phone: String?
            if let blob = row.blob("data"), let user = TLUser.decode(blob, uid: uid) {
                given = user.firstName.flatMap(ContactText.nonEmpty)
                family = user.lastName.flatMap(ContactText.nonEmpty)
                name = user.displayName
                username = user.username.flatMap(ContactText.nonEmpty)
                phone = user.phone.flatMap(ContactText.nonEmpty)
            } else if let search = row.nonEmptyText("name") {
                fallbacks += 1
                let parts = search.components(separatedBy: ";;;")
                name = ContactText.nonEmpty(parts.first)
                username = parts.count > 1 ? ContactText.nonEmpty(parts[1]) : nil
            }
            var handles = [ContactHandle(kind: "telegram", value: String(uid))]
            if let username { handles.appendUnique(ContactHandle(kind: "telegram", value: "@" + username)) }
            // Telegram stores phone numbers as international digits without `+`: the raw digits are kept, their
            // international meaning goes in `sourceNormalized`.
            let phones = phone.map { [ContactPhone(raw: $0, label: "telegram", sourceNormalized: $0.hasPrefix("+") ? $0 : "+" + $0)] } ?? []
            try sink.add(Contact(app: info.app, account: context.directory.account(app: "telegram"), contactId: String(uid),
                                 name: name, givenName: given, familyName: family, phones: phones, handles: handles,
                                 status: row.bool("mutual") == true ? "mutual" : nil, source: .row("contacts", row.int("row_id"))))
        }
        if fallbacks > 0 { sink.note("\(fallbacks) contacts named from the lower-cased search column (TL object unreadable)") }
    }
}
