// iOS call history: CallHistory.storedata (Core Data, table ZCALLRECORD) — cellular calls, FaceTime and the VoIP
// calls apps report through CallKit (WhatsApp, Telegram, Signal… name themselves in ZSERVICE_PROVIDER).
// Schema: iLEAPP scripts/artifacts/callHistory.py; mvt ios/modules/mixed/calls.py.
//
// - ZDATE: seconds since 2001-01-01 (Core Data), often fractional; ZDURATION: seconds.
// - ZORIGINATED 1 = outgoing; ZANSWERED 0 on an incoming call = missed.
// - ZCALLTYPE: 1 phone, 8 FaceTime video, 16 FaceTime audio; CallKit apps use other values — the media is then
//   voice unless the type says video.
// - ZADDRESS: the other party, stored as TEXT or as a BLOB of UTF-8 bytes depending on the iOS version.

import EvidenceModel
import GRDB

public enum AppleCallHistoryExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "apple.callhistory.calls", version: 1, app: "phone",
                                           documentation: "iLEAPP scripts/artifacts/callHistory.py (CallHistory.storedata ZCALLRECORD); mvt ios/modules/mixed/calls.py")
    public static let signature = SQLiteSignature(["ZCALLRECORD": ["ZADDRESS", "ZDATE", "ZDURATION", "ZORIGINATED"]])

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let calls = ColumnSelection(schema: schema, table: "ZCALLRECORD", alias: "c")
        let sql = """
            SELECT c.rowid AS rid, \(calls.columns(["ZADDRESS", "ZDATE", "ZDURATION", "ZORIGINATED", "ZANSWERED", "ZCALLTYPE", "ZSERVICE_PROVIDER", "ZNAME", "ZISO_COUNTRY_CODE", "ZLOCATION", "ZREAD", "ZUNIQUE_ID"]))
            FROM ZCALLRECORD c ORDER BY c.rowid
            """
        try db.forEachRow(sql) { row in
            let address = row.text("ZADDRESS").flatMap { $0.isEmpty ? nil : $0 }
            let outgoing = row.bool("ZORIGINATED") ?? false
            let answered = row.bool("ZANSWERED")
            let callType = row.int("ZCALLTYPE")
            let outcome: CallOutcome
            if outgoing {
                outcome = (row.double("ZDURATION") ?? 0) > 0 ? .answered : .unknown
            } else {
                outcome = answered == false ? .missed : (answered == true ? .answered : .unknown)
            }
            let provider = row.nonEmptyText("ZSERVICE_PROVIDER")
            var status: String?
            if let provider, provider != "com.apple.Telephony" { status = "via \(provider)" }
            if address == nil && row.value("ZADDRESS") != nil { sink.problem("ZCALLRECORD row \(row.int("rid") ?? -1): address is not UTF-8") }
            let call = Call(
                app: "phone",
                peer: address,
                peerName: row.nonEmptyText("ZNAME") ?? context.directory.name(app: "phone", id: address),
                direction: outgoing ? .outgoing : .incoming,
                startedAt: row.double("ZDATE").flatMap(Timestamp.cocoaSeconds),
                durationSeconds: row.double("ZDURATION"),
                media: callType == 8 ? .video : .voice,
                outcome: outcome,
                status: status,
                source: .row("ZCALLRECORD", row.int("rid")))
            try sink.add(call)
        }
    }
}
