// LINE Android contact list from naver_line `contacts`: one row per LINE user the owner has seen (friends,
// recommended, blocked, removed), keyed by the LINE mid. Schema: ALEAPP scripts/artifacts/line.py (contacts m_id,
// name, server_name; later versions add custom_name, addressbook_name, status, relation); status codes are LINE's
// Talk protocol ContactStatus (line.thrift, Matti Virkkunen's LINE-instant-messenger-protocol).

import EvidenceModel
import GRDB

/// The id `line.android.contacts` already names the LINE contact-name directory provider (Chats family), so the
/// contact list takes `line.android.contact-list`, as WhatsApp Android does.
public enum LineAndroidContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "line.android.contact-list", version: 1, app: "line",
                                           documentation: "ALEAPP scripts/artifacts/line.py (naver_line contacts); LINE line.thrift ContactStatus")
    // The same tables the messages extractor and the directory provider require: a bare `contacts (m_id)` table
    // alone is too generic a shape to claim for LINE.
    public static let signature = SQLiteSignature(["contacts": ["m_id"], "chat_history": ["chat_id"]])

    /// ContactStatus (line.thrift): 1 FRIEND, 2 FRIEND_BLOCKED, 3 RECOMMEND, 4 RECOMMEND_BLOCKED, 5 DELETED,
    /// 6 DELETED_BLOCKED. A friend is the ordinary case and gets no status.
    static let statusNames: [Int64: String] = [2: "blocked", 3: "recommended", 4: "recommended, blocked",
                                               5: "removed friend", 6: "removed friend, blocked"]

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let c = ColumnSelection(schema: schema, table: "contacts", alias: "c")
        let columns = c.columns(["m_id", "name", "server_name", "custom_name", "addressbook_name", "phonetic_name", "status"])
        try db.forEachRow("SELECT c.rowid AS row_id, \(columns) FROM contacts c ORDER BY c.rowid") { row in
            guard let mid = row.nonEmptyText("m_id") else {
                sink.problem("contacts row \(row.int("row_id") ?? -1) without an m_id")
                return
            }
            // The name the owner sees: their own rename, else the profile name LINE synced, else the server's.
            let name = row.nonEmptyText("custom_name") ?? row.nonEmptyText("name") ?? row.nonEmptyText("server_name")
                ?? row.nonEmptyText("addressbook_name")
            try sink.add(Contact(app: info.app, account: context.directory.account(app: "line"), contactId: mid, name: name,
                                 nickname: row.nonEmptyText("server_name"),
                                 handles: [ContactHandle(kind: "line", value: mid)],
                                 status: row.int("status").flatMap { statusNames[$0] },
                                 source: .row("contacts", row.int("row_id"))))
        }
    }
}
