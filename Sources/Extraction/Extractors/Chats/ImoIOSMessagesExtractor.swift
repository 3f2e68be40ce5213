// imo.im on iOS, IMODb2.sqlite (Core Data): ZIMOCHATMSG (ZTS nanoseconds since 1970, ZISSENT 1 = sent by the
// account, ZBUID = the buddy / conversation, ZALIAS = sender's name on received rows), ZIMOCONTACT for names and
// phone numbers, ZIMOKEYVAL (imo_account_uid, imo_account_alias) for the account.
// Schema: iLEAPP scripts/artifacts/imoHD_Chat.py (ZIMOCHATMSG/ZIMOCONTACT, ZTS/1e9, ZISSENT), checked against
// plaso's test_data/ios/IMODb2.sqlite. In that file ZTYPE 12 is the
// placeholder of a message deleted for everyone ("This message was deleted"): status `deleted`.

import EvidenceModel
import GRDB

public enum ImoIOSMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "imo.ios.messages", version: 1, app: "imo",
                                           documentation: "iLEAPP scripts/artifacts/imoHD_Chat.py; plaso test_data/ios/IMODb2.sqlite")
    public static let signature = SQLiteSignature([
        "ZIMOCHATMSG": ["Z_PK", "ZTS", "ZISSENT", "ZBUID", "ZTEXT"],
    ])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        var names: [String: String] = [:]
        if schema.has("ZIMOCONTACT", "ZBUID") {
            let c = ColumnSelection(schema: schema, table: "ZIMOCONTACT", alias: "c")
            try db.forEachRow("SELECT \(c.columns(["ZBUID", "ZDISPLAY", "ZALIAS"])) FROM ZIMOCONTACT c ORDER BY c.rowid") { row in
                guard let buid = row.nonEmptyText("ZBUID"), names[buid] == nil,
                      let name = row.nonEmptyText("ZDISPLAY") ?? row.nonEmptyText("ZALIAS") else { return }
                names[buid] = name
            }
        }
        var account: String?
        if schema.has("ZIMOKEYVAL", "ZKEY") && schema.has("ZIMOKEYVAL", "ZSTRING_VAL") {
            try db.forEachRow("SELECT ZSTRING_VAL AS value FROM ZIMOKEYVAL WHERE ZKEY = 'imo_account_uid' ORDER BY rowid") { row in
                if account == nil { account = row.nonEmptyText("value") }
            }
        }
        let m = ColumnSelection(schema: schema, table: "ZIMOCHATMSG", alias: "m")
        let sql = """
            SELECT m.Z_PK AS pk, \(m.columns(["ZTS", "ZISSENT", "ZTYPE", "ZA_UID", "ZALIAS", "ZBUID", "ZCONTACT_ALIAS", "ZTEXT", "ZBATCH_ID"]))
            FROM ZIMOCHATMSG m ORDER BY m.Z_PK
            """
        try db.forEachRow(sql) { row in
            let buid = row.nonEmptyText("ZBUID")
            let outgoing = row.int("ZISSENT")
            let direction: Direction = outgoing == 1 ? .outgoing : (outgoing == 0 ? .incoming : .unknown)
            let threadName = buid.flatMap { names[$0] } ?? row.nonEmptyText("ZCONTACT_ALIAS")
            let sender = direction == .incoming ? (row.nonEmptyText("ZA_UID") ?? buid) : (direction == .outgoing ? account : nil)
            let senderName = direction == .incoming ? (row.nonEmptyText("ZALIAS") ?? sender.flatMap { names[$0] }) : nil
            var recipients: [String] = []
            if direction == .outgoing, let buid { recipients = [buid] }
            if direction == .incoming, let account { recipients = [account] }
            try sink.add(ChatMessage(
                app: info.app, account: account, thread: buid, threadName: threadName,
                sender: sender, senderName: senderName, recipients: recipients, direction: direction,
                sentAt: row.int("ZTS").flatMap(Timestamp.unixNanoseconds),
                body: row.text("ZTEXT"),
                messageId: row.nonEmptyText("ZBATCH_ID"),
                status: row.int("ZTYPE") == 12 ? "deleted" : nil,
                source: .row("ZIMOCHATMSG", row.int("pk"))))
        }
    }
}
