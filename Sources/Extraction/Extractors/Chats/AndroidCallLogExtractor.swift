// Android call log: the `calls` table of contacts2.db (Android ≤ 6) or calllog.db (Android 7+, CallLogProvider).
// Schema: AOSP packages/providers/ContactsProvider CallLogDatabaseHelper / ContactsDatabaseHelper; column meanings
// from android.provider.CallLog.Calls; plaso parsers/sqlite_plugins/android_calls.py.
//
// - date: ms since 1970; duration: seconds.
// - type: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked, 7 answered externally (on
//   another device of the same account).
// - features: bit 0x1 video, 0x2 pulled externally, 0x4 HD call, 0x8 Wi-Fi, 0x20 RTT (CallLog.Calls.FEATURES_*).
// - name: the contact name cached when the call was logged; the address book (AndroidContactsDirectory) is
//   asked when it is empty.
// - presentation: 1 allowed, 2 restricted (private number), 3 unknown, 4 payphone.
// - subscription_component_name: the ConnectionService that placed the call; anything other than the telephony
//   service (WhatsApp, Telegram, Duo… VoIP calls logged through the system call log) is kept in `status` as
//   `via <package>`.
// - phone_account_address: the device's own number for that SIM (kept as `account`).
// - deleted (Android 7+ sync column): 1 = deleted, awaiting sync; kept as status `deleted`.
// An outgoing call with duration 0 was not (or not known to be) answered: outcome `unknown`.

import EvidenceModel
import GRDB

public enum AndroidCallLogExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "android.calllog.calls", version: 1, app: "phone",
                                           documentation: "AOSP ContactsProvider CallLogDatabaseHelper; android.provider.CallLog.Calls; plaso parsers/sqlite_plugins/android_calls.py")
    // `new` (the unseen-call flag) is in every AOSP version and not in look-alike app tables (Viber's viber_data
    // `calls` has number/date/duration/type too).
    public static let signature = SQLiteSignature(["calls": ["number", "date", "duration", "type", "new"]])

    static let telephonyServices = ["com.android.phone/com.android.services.telephony.TelephonyConnectionService"]

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let calls = ColumnSelection(schema: schema, table: "calls", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(calls.columns(["_id", "number", "presentation", "date", "duration", "type", "features", "name", "countryiso", "geocoded_location", "subscription_component_name", "phone_account_address", "deleted", "normalized_number"]))
            FROM calls c ORDER BY c.rowid
            """
        let ownAccount = context.directory.account(app: "phone")
        try db.forEachRow(sql) { row in
            let number = row.nonEmptyText("number")
            let type = row.int("type")
            let direction: Direction
            let outcome: CallOutcome
            var status: [String] = []
            switch type {
            case 1: direction = .incoming; outcome = .answered
            case 2:
                direction = .outgoing
                outcome = (row.double("duration") ?? 0) > 0 ? .answered : .unknown
            case 3: direction = .incoming; outcome = .missed
            case 4: direction = .incoming; outcome = .voicemail
            case 5: direction = .incoming; outcome = .rejected
            case 6: direction = .incoming; outcome = .blocked
            case 7: direction = .incoming; outcome = .answered; status.append("answered elsewhere")
            default:
                direction = .unknown; outcome = .unknown
                if let type { status.append("type \(type)") }
            }
            let features = row.int("features") ?? 0
            let media: CallMedia = features & 0x1 != 0 ? .video : .voice
            switch row.int("presentation") {
            case 2: status.append("private number")
            case 3: status.append("unknown number")
            case 4: status.append("payphone")
            default: break
            }
            if let component = row.nonEmptyText("subscription_component_name"), !telephonyServices.contains(component) {
                let package = component.split(separator: "/", maxSplits: 1).first.map(String.init) ?? component
                status.append("via \(package)")
            }
            if row.int("deleted") == 1 { status.append("deleted") }
            let name = row.nonEmptyText("name") ?? AndroidPhoneNumber.name(of: number, in: context.directory)
            let call = Call(
                app: "phone",
                account: row.nonEmptyText("phone_account_address") ?? ownAccount,
                peer: number,
                peerName: name,
                direction: direction,
                startedAt: row.int("date").flatMap(Timestamp.unixMilliseconds),
                durationSeconds: row.double("duration"),
                media: media,
                outcome: outcome,
                status: status.isEmpty ? nil : status.joined(separator: "; "),
                source: .row("calls", row.int("rid")))
            try sink.add(call)
        }
    }
}
