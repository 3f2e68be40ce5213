// Viber Android contacts from viber_messages `participants_info`: every person Viber knows from a conversation,
// with the number, the address-book name (contact_name), the name the app shows (display_name), the Viber profile
// name (viber_name) and the Viber member id; participant_type 0 is the owner's own row.
// Schema: ALEAPP scripts/artifacts/viber.py (participants_info number, display_name, contact_name; joined to
// participants/messages); Viber's own CREATE TABLE participants_info (participant_type, member_id,
// encrypted_member_id, number, display_name, contact_name, contact_id, native_contact_id, viber_name).
// The address-book mirror in viber_data (phonebookcontact/phonebookdata) is not read: it copies the device address
// book, which the Android contacts extractor reads from its own source.

import EvidenceModel
import GRDB

public enum ViberAndroidContactsExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "viber.android.contacts", version: 1, app: "viber",
                                           documentation: "ALEAPP scripts/artifacts/viber.py (viber_messages participants_info)")
    // The messages extractor's signature: `participants_info (number)` alone is not enough to call a file Viber's.
    public static let signature = SQLiteSignature([
        "messages": ["conversation_id", "send_type", "body"],
        "participants_info": ["number"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let p = ColumnSelection(schema: schema, table: "participants_info", alias: "p")
        // The owner's number names the account every row belongs to (its own row may come after others).
        var account: String?
        if schema.has("participants_info", "participant_type") {
            account = try String.fetchOne(db, sql: "SELECT number FROM participants_info WHERE participant_type = 0 AND number IS NOT NULL AND number <> '' ORDER BY rowid LIMIT 1")
        }
        let columns = p.columns(["_id", "participant_type", "member_id", "number", "display_name", "contact_name",
                                 "viber_name", "contact_id", "native_contact_id"])
        try db.forEachRow("SELECT p.rowid AS row_id, \(columns) FROM participants_info p ORDER BY p.rowid") { row in
            let number = row.nonEmptyText("number")
            let memberId = row.nonEmptyText("member_id")
            let name = row.nonEmptyText("contact_name") ?? row.nonEmptyText("display_name") ?? row.nonEmptyText("viber_name")
            guard number != nil || memberId != nil || name != nil else {
                sink.problem("participants_info row \(row.int("row_id") ?? -1) without a number, member id or name")
                return
            }
            let handles = memberId.map { [ContactHandle(kind: "viber", value: $0)] } ?? []
            try sink.add(Contact(app: info.app, account: account ?? context.directory.account(app: "viber"),
                                 contactId: row.text("_id") ?? row.text("row_id"), name: name,
                                 nickname: row.nonEmptyText("viber_name"),
                                 phones: number.map { [ContactPhone(raw: $0)] } ?? [], handles: handles,
                                 status: row.int("participant_type") == 0 ? "owner" : nil,
                                 source: .row("participants_info", row.int("row_id"))))
        }
    }
}
