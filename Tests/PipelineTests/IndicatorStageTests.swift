// Indicators inside an ingest (issue 4): found in file bytes (with byte offsets), in SQLite cells (table, rowid,
// column) and in extracted message bodies; one indicator per value, many sightings; wallets that link devices.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
@testable import Pipeline
import Testing
import TestSupport

@Suite struct IndicatorStageTests {
    /// The USDT-TRC20 contract address (documented by Tether), and a BIP-39 test vector.
    static let tron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    static let seed = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

    /// Exhibit A: an SMS database whose message carries the wallet; exhibit B: a UTF-16 note with the same wallet
    /// and a numbered seed phrase.
    static func exhibits(in folder: TemporaryFolder) throws -> (String, String) {
        let a = folder.file("phone-A"), b = folder.file("laptop-B")
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: b, withIntermediateDirectories: true)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, type INTEGER, body TEXT)")
            db.execute("INSERT INTO sms VALUES (1, 1, '+85512345678', 1710496800000, 1, ?)", ("请把 5000 USDT 转到 \(Self.tron) 谢谢",))
            db.commit()
            """
        let made = try Tool.run("python3", ["-c", script, a + "/mmssms.db"])
        try #require(made.status == 0, "\(made.stderr)")
        var note = Data([0xFF, 0xFE])
        note.append("wallet: \(tron)\r\n1. abandon 2. abandon 3. abandon 4. abandon 5. abandon 6. abandon\r\n7. abandon 8. abandon 9. abandon 10. abandon 11. abandon 12. about\r\n".data(using: .utf16LittleEndian) ?? Data())
        try note.write(to: URL(fileURLWithPath: b + "/notes.txt"))
        return (a, b)
    }

    @Test func theSameWalletOnTwoDevicesIsOneIndicatorWithSightingsInBoth() throws {
        let folder = TemporaryFolder()
        let (a, b) = try Self.exhibits(in: folder)
        let database = try ingest([a, b], in: folder)
        let wallet = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, validation, network FROM indicators WHERE kind = 'trx' AND value = ?", arguments: [Self.tron])
        }
        let id: Int64 = try #require(wallet?["id"])
        #expect(wallet?["validation"] as String? == "checksum")
        let sightings = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.label, f.name, s.offset, s.encoding, s.artifact_table, s.column_name, s.raw
                FROM indicator_sightings s JOIN exhibits e ON e.id = s.exhibit_id JOIN files f ON f.id = s.file_id
                WHERE s.indicator_id = ? ORDER BY s.id
                """, arguments: [id]).map { row -> String in
                let place = (row["artifact_table"] as String?).map { "\($0) \(row["column_name"] as String? ?? "")" }
                    ?? "offset \(row["offset"] as Int64? ?? -1) \(row["encoding"] as String? ?? "")"
                return "\(row["label"] as String) \(row["name"] as String) \(place)"
            }
        }
        // Exhibit A: the extracted SMS body and the database cell; exhibit B: the UTF-16 text at byte 18
        // (2-byte BOM + 8 characters of "wallet: ").
        #expect(sightings == [
            "phone-A mmssms.db messages body",
            "phone-A mmssms.db sqlite:sms body",
            "laptop-B notes.txt offset 18 utf-16le",
        ])
        let linking = try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT i.value FROM indicators i JOIN indicator_sightings s ON s.indicator_id = i.id
                WHERE i.kind = 'trx' GROUP BY i.id HAVING count(DISTINCT s.exhibit_id) >= 2
                """)
        }
        #expect(linking == [Self.tron])
        // The numbered seed phrase over line breaks, in UTF-16, is found and validated.
        let phrase = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT value, validation FROM indicators WHERE kind = 'bip39'")
        }
        #expect(phrase?["value"] as String? == Self.seed)
        #expect(phrase?["validation"] as String? == "checksum")
        #expect(try ChainVerifier.verify(database).intact)
    }

    @Test func indicatorsCanBeTurnedOff() throws {
        let folder = TemporaryFolder()
        let (a, _) = try Self.exhibits(in: folder)
        let database = try ingest([a], in: folder) { $0.indicators = false }
        #expect(try database.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM indicators") } == 0)
        #expect(try database.read { db in try String.fetchOne(db, sql: "SELECT identifier FROM exhibits") }?.contains("; indicators off; detect off") == true)
    }
}

@Suite struct IndicatorValidationPerSightingTests {
    /// The same Ethereum address written all-lowercase in one file and in its EIP-55 form in another: one
    /// indicator, each sighting with its own validation.
    @Test func eachSightingKeepsItsOwnValidation() throws {
        let folder = TemporaryFolder()
        let source = folder.file("pc")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "send to 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed please\n".write(toFile: source + "/a.txt", atomically: true, encoding: .utf8)
        try "wallet 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n".write(toFile: source + "/b.txt", atomically: true, encoding: .utf8)
        let database = try ingest([source], in: folder)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.value, s.validation, s.raw FROM indicators i JOIN indicator_sightings s ON s.indicator_id = i.id
                WHERE i.kind = 'eth' ORDER BY s.id
                """).map { "\($0["value"] as String) \($0["validation"] as String) \($0["raw"] as String)" }
        }
        #expect(rows == [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed unchecksummed 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed checksum 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ])
    }
}
