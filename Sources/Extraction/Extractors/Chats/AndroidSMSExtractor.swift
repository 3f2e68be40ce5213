// Android SMS from the telephony provider's mmssms.db `sms` table.
// Schema: AOSP packages/providers/TelephonyProvider (MmsSmsDatabaseHelper); plaso android_sms plugin.

import EvidenceModel
import GRDB

public enum AndroidSMSExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "android.sms.messages", version: 1, app: "sms",
                                           documentation: "AOSP TelephonyProvider MmsSmsDatabaseHelper; plaso parsers/sqlite_plugins/android_sms.py")
    public static let signature = SQLiteSignature(["sms": ["address", "date", "type", "body"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let sms = ColumnSelection(schema: schema, table: "sms", alias: "s")
        let sql = """
            SELECT s.rowid AS rid, \(sms.columns(["_id", "thread_id", "address", "person", "date", "date_sent", "type", "body", "read", "status", "subject", "locked", "sub_id", "creator"]))
            FROM sms s ORDER BY s.rowid
            """
        // The owner's own number, when the exhibit's profile.db names it (AndroidContactsDirectory).
        let account = context.directory.account(app: "sms")
        try db.forEachRow(sql) { row in
            let address = row.nonEmptyText("address")
            let type = row.int("type")
            // Telephony.TextBasedSmsColumns: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
            let direction: Direction
            switch type {
            case 1: direction = .incoming
            case 2, 3, 4, 5, 6: direction = .outgoing
            default: direction = .unknown
            }
            let status: String?
            switch type {
            case 3: status = "draft"
            case 4: status = "outbox"
            case 5: status = "failed"
            case 6: status = "queued"
            default: status = nil
            }
            let name = AndroidPhoneNumber.name(of: address, in: context.directory)
            let message = ChatMessage(
                app: "sms",
                account: account,
                thread: row.text("thread_id"),
                threadName: name ?? address,
                sender: direction == .incoming ? address : (direction == .outgoing ? account : nil),
                senderName: direction == .incoming ? name : nil,
                recipients: direction == .outgoing ? (address.map { [$0] } ?? []) : (account.map { [$0] } ?? []),
                direction: direction,
                sentAt: row.int("date").flatMap(Timestamp.unixMilliseconds),
                body: row.text("body"),
                messageId: row.text("_id"),
                status: status,
                source: .row("sms", row.int("rid")))
            try sink.add(message)
        }
    }
}
