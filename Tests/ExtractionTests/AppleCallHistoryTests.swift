// iOS CallHistory.storedata (ZCALLRECORD). No public sample is in the corpus: the fixture follows the schema as
// iLEAPP scripts/artifacts/callHistory.py reads it (ZADDRESS as BLOB on iOS 11+, as TEXT before).

import EvidenceModel
import Extraction
import Testing
import TestSupport

@Suite struct AppleCallHistoryTests {
    static func fixture(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("CallHistory.storedata")
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR)")
            rows = [
              (1, 2, 1, 1, 1, 0, 1, 700000000.5, 62.0, '+264811234567'.encode(), 'na', 'Namibia', None, 'com.apple.Telephony', 'A'),
              (2, 2, 1, 0, 1, 0, 0, 700000100.0, 0.0, b'+85512345678', 'kh', 'Cambodia', None, 'com.apple.Telephony', 'B'),
              (3, 2, 1, 1, 8, 1, 1, 700000200.0, 300.25, 'boss@example.com', None, None, 'Boss', 'com.apple.FaceTime', 'C'),
              (4, 2, 1, 0, 1, 1, 1, 700000300.0, 0.0, '+66812345678', 'th', None, None, 'net.whatsapp.WhatsApp', 'D'),
            ]
            db.executemany("INSERT INTO ZCALLRECORD VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            db.commit()
            """
        let result = try Tool.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    @Test func callsWithDirectionOutcomeMediaAndProvider() throws {
        let folder = TemporaryFolder()
        let output = try ExtractionHarness.extract([try Self.fixture(folder)])
        let calls = output.calls(from: "apple.callhistory.calls")
        #expect(calls.map(\.peer) == ["+264811234567", "+85512345678", "boss@example.com", "+66812345678"])
        #expect(calls.map(\.direction) == [.incoming, .incoming, .outgoing, .outgoing])
        #expect(calls.map(\.kind) == ["voice", "missed", "video", "voice"])
        #expect(calls.map(\.outcome) == [.answered, .missed, .answered, .unknown])
        #expect(calls.map(\.status) == [nil, nil, "via com.apple.FaceTime", "via net.whatsapp.WhatsApp"])
        // 700000000.5 s after 2001-01-01 = 2023-03-08T20:26:40.5Z.
        #expect(calls.first?.startedAt?.utc == "2023-03-08T20:26:40.5Z")
        #expect(calls.first?.startedAt?.raw == "700000000.5")
        #expect(calls[2].durationSeconds == 300.25)
        #expect(calls[2].peerName == "Boss")
        #expect(output.warnings.isEmpty)
    }
}
