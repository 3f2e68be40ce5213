// LINE on Android: contact names from naver_line `contacts`, for the messages and the call log (call_history
// is a separate database).

import EvidenceModel
import GRDB

/// LINE contact names (naver_line `contacts`): the examiner-facing name is the one the owner set, else the
/// profile name.
public enum LineContactsDirectory: DirectoryProvider {
    public static let info = ExtractorInfo(id: "line.android.contacts", version: 1, app: "line",
                                           documentation: "ALEAPP scripts/artifacts/line.py (get_line: contacts m_id, server_name)")
    public static let signature = SQLiteSignature(["contacts": ["m_id"], "chat_history": ["chat_id"]])

    public static func collect(from db: Database, schema: SQLiteSchema, into directory: ExhibitDirectory) throws {
        for (mid, name) in try names(db, schema: schema).sorted(by: { $0.key < $1.key }) {
            directory.setName(name, app: "line", id: mid)
        }
    }

    static func names(_ db: Database, schema: SQLiteSchema) throws -> [String: String] {
        let c = ColumnSelection(schema: schema, table: "contacts", alias: "c")
        var result: [String: String] = [:]
        try db.forEachRow("SELECT \(c.columns(["m_id", "custom_name", "name", "server_name", "addressbook_name"])) FROM contacts c ORDER BY c.rowid") { row in
            guard let mid = row.nonEmptyText("m_id"), result[mid] == nil,
                  let name = row.nonEmptyText("custom_name") ?? row.nonEmptyText("name") ?? row.nonEmptyText("server_name")
                    ?? row.nonEmptyText("addressbook_name") else { return }
            result[mid] = name
        }
        return result
    }
}
