// WhatsApp Android contact names from wa.db `wa_contacts` (jid, display_name = address-book name, wa_name = the
// contact's own push name), recorded under app "whatsapp" by JID so msgstore.db messages and calls of the same
// exhibit get senderName/threadName/peerName. The address-book name wins over the push name, as in
// KnugiHK/WhatsApp-Chat-Exporter android_handler.py contacts() (COALESCE(display_name, wa_name)).

import EvidenceModel
import GRDB

public enum WhatsAppAndroidContactsDirectory: DirectoryProvider {
    public static let info = ExtractorInfo(id: "whatsapp.android.contacts", version: 1, app: WhatsAppAndroid.app,
                                           documentation: "KnugiHK/WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_handler.py contacts() (wa.db wa_contacts); ALEAPP scripts/artifacts/whatsApp.py")
    public static let signature = SQLiteSignature(["wa_contacts": ["jid"]])

    public static func collect(from db: Database, schema: SQLiteSchema, into directory: ExhibitDirectory) throws {
        let w = ColumnSelection(schema: schema, table: "wa_contacts", alias: "w")
        try db.forEachRow("SELECT \(w.columns(["jid", "display_name", "wa_name", "sort_name"])) FROM wa_contacts w ORDER BY w.rowid") { row in
            guard let jid = row.nonEmptyText("jid"),
                  let name = row.nonEmptyText("display_name") ?? row.nonEmptyText("wa_name") ?? row.nonEmptyText("sort_name") else { return }
            directory.setName(name, app: WhatsAppAndroid.app, id: jid)
        }
    }
}
