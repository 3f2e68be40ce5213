// Issue 10 end to end on TestEvidence/scam-centre (three phones with known ground truth): document text and the
// wallet only it holds, languages (Thai, Khmer, Burmese incl. Zawgyi), victim indicators, negatives without
// findings, and the script pasted on all three phones grouped with its victims' names as slots.

import Foundation
import GRDB
import Testing
import TestSupport

struct ScamPhoneTruth: Decodable {
    struct Document: Decodable {
        var path: String
        var format: String
        var language: String
        var categories: [String]
        var allowed: [String]
        var text_contains: [String]
        var negative: Bool?
    }
    struct Message: Decodable {
        var path: String
        var table: String
        var row_id: Int64
        var text: String?
        var language: String?
        var script: String?
        var encoding: String?
        var categories: [String]
        var allowed: [String]
        var negative: Bool
        var standalone: Bool
        var role: String?
    }
    struct Wallet: Decodable {
        var value: String
        var kind: String
        var path: String
    }
    struct Scam: Decodable {
        var documents: [Document]
        var messages: [Message]
        var wallets: [Wallet]
    }
    var exhibit: String
    var scam_centre: Scam
}

@Suite(.serialized) struct ScamCentreTests {
    static let phones = ["phone-A.zip", "phone-B.zip", "phone-C.zip"]
    static let folder = TemporaryFolder()
    static let ingest: (casePath: String, result: ToolResult?) = {
        let path = folder.file("scam.sqlite")
        let sources = phones.map { Repo.testEvidence.appendingPathComponent("scam-centre/\($0)").path }
        let result = try? Tool.custody(["ingest"] + sources + ["--case", path, "--quiet", "--jobs", "2"])
        return (path, result)
    }()
    static var casePath: String { ingest.casePath }

    static func truth(_ phone: String) throws -> ScamPhoneTruth {
        let url = Repo.testEvidence.appendingPathComponent("scam-centre/\(phone).truth.json")
        return try JSONDecoder().decode(ScamPhoneTruth.self, from: Data(contentsOf: url))
    }

    static func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: casePath, configuration: configuration)
    }

    /// The case's message id for a truth message (database path and row id).
    static func messageId(_ db: Database, _ message: ScamPhoneTruth.Message) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT m.id FROM messages m JOIN files f ON f.id = m.file_id
            WHERE f.path = ? AND m.source_table = ? AND m.source_rowid = ?
            """, arguments: [message.path, message.table, message.row_id])
    }

    /// Categories of the findings on a message: its own, and those of conversations whose rules fired on it.
    static func categories(_ db: Database, messageId: Int64) throws -> Set<String> {
        let own = try String.fetchAll(db, sql: "SELECT category FROM findings WHERE message_id = ? AND scope = 'message'", arguments: [messageId])
        let threads = try String.fetchAll(db, sql: """
            SELECT category FROM findings WHERE scope = 'thread' AND EXISTS (SELECT 1 FROM json_each(findings.message_ids) WHERE value = ?)
            """, arguments: [messageId])
        return Set(own + threads)
    }

    @Test func ingestSucceedsAndVerifies() throws {
        #expect(Self.ingest.result?.status == 0, "\(Self.ingest.result?.stderr ?? "no result")")
        let verify = try Tool.custody(["verify", "--case", Self.casePath])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let python = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/verify-chain.py").path, Self.casePath])
        #expect(python.status == 0, "\(python.stdout) \(python.stderr)")
    }

    @Test(arguments: phones) func documentsGiveTheirTextAndCategories(_ phone: String) throws {
        let truth = try Self.truth(phone)
        let queue = try Self.database()
        for document in truth.scam_centre.documents {
            try queue.read { db in
                let row = try Row.fetchOne(db, sql: """
                    SELECT d.id, d.status, t.text, t.language FROM documents d JOIN files f ON f.id = d.file_id
                    LEFT JOIN document_texts t ON t.id = d.text_id WHERE f.path = ?
                    """, arguments: [document.path])
                guard let row else {
                    Issue.record("\(document.path): no document row")
                    return
                }
                let text: String = row["text"] ?? ""
                #expect(row["status"] as String? == "ok", "\(document.path)")
                // A PDF breaks lines where the page does: compare with whitespace runs as single spaces.
                let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                for expected in document.text_contains {
                    #expect(flat.contains(expected), "\(document.path): missing \(expected)")
                }
                #expect(row["language"] as String? == document.language, "\(document.path)")
                let found = Set(try String.fetchAll(db, sql: "SELECT category FROM findings WHERE document_id = ?", arguments: [row["id"] as Int64? ?? 0]))
                if document.negative == true || document.categories.isEmpty {
                    #expect(found.isEmpty, "\(document.path): \(found)")
                } else {
                    #expect(!found.isDisjoint(with: document.categories), "\(document.path): found \(found), expected one of \(document.categories)")
                    #expect(found.isSubset(of: Set(document.categories + document.allowed)), "\(document.path): unexpected \(found)")
                }
            }
        }
    }

    @Test func theWalletInsideTheDocxIsFoundInItsText() throws {
        let truth = try Self.truth("phone-A.zip")
        let queue = try Self.database()
        for wallet in truth.scam_centre.wallets {
            let sightings = try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.artifact_table, f.path FROM indicators i JOIN indicator_sightings s ON s.indicator_id = i.id
                    JOIN files f ON f.id = s.file_id WHERE i.value = ?
                    """, arguments: [wallet.value])
            }
            #expect(!sightings.isEmpty, "\(wallet.value) not found")
            #expect(sightings.allSatisfy { $0["artifact_table"] as String? == "documents" }, "\(wallet.value)")
            #expect(sightings.contains { $0["path"] as String? == wallet.path }, "\(wallet.value): \(sightings)")
        }
    }

    @Test(arguments: phones) func messageLanguagesMatchTheTruth(_ phone: String) throws {
        let truth = try Self.truth(phone)
        let queue = try Self.database()
        var wrong: [String] = []
        try queue.read { db in
            for message in truth.scam_centre.messages {
                guard let id = try Self.messageId(db, message) else {
                    wrong.append("row \(message.row_id): not extracted")
                    continue
                }
                let row = try Row.fetchOne(db, sql: "SELECT language, script, zawgyi FROM message_languages WHERE id = ?", arguments: [id])
                let language: String? = row?["language"]
                if let expected = message.language, language != expected { wrong.append("row \(message.row_id): \(language ?? "nil") ≠ \(expected)") }
                let zawgyi: Int64? = row?["zawgyi"]
                if (zawgyi == 1) != (message.encoding == "zawgyi") { wrong.append("row \(message.row_id): zawgyi \(zawgyi ?? -1)") }
            }
        }
        #expect(wrong.isEmpty, "\(phone): \(wrong)")
    }

    @Test func victimMessagesInEveryLanguageAreVictimIndicators() throws {
        let truth = try Self.truth("phone-C.zip")
        let queue = try Self.database()
        let victims = truth.scam_centre.messages.filter { $0.categories.contains("victim-indicator") }
        #expect(victims.count >= 15)
        var missed: [String] = []
        var languages: Set<String> = []
        try queue.read { db in
            for message in victims {
                guard let id = try Self.messageId(db, message) else { continue }
                if try Self.categories(db, messageId: id).contains("victim-indicator") {
                    languages.insert(message.encoding == "zawgyi" ? "my-zawgyi" : message.language ?? "")
                } else {
                    missed.append("\(message.language ?? "") row \(message.row_id)")
                }
            }
        }
        #expect(languages.isSuperset(of: ["th", "km", "my", "my-zawgyi", "en", "zh"]), "\(languages)")
        // Every victim message is found, on its own or through its conversation.
        #expect(missed.isEmpty, "\(missed)")
    }

    @Test(arguments: phones) func negativesHaveNoFindings(_ phone: String) throws {
        let truth = try Self.truth(phone)
        let queue = try Self.database()
        var flagged: [String] = []
        try queue.read { db in
            for message in truth.scam_centre.messages where message.negative {
                guard let id = try Self.messageId(db, message) else { continue }
                let found = try Self.categories(db, messageId: id)
                if !found.isEmpty { flagged.append("row \(message.row_id) \(found)") }
            }
        }
        #expect(flagged.isEmpty, "\(phone): \(flagged)")
    }

    @Test(arguments: phones) func scriptLinesAreFoundOnEveryPhone(_ phone: String) throws {
        let truth = try Self.truth(phone)
        let queue = try Self.database()
        let lines = truth.scam_centre.messages.filter { $0.categories.contains("pig-butchering-script") }
        #expect(lines.count >= 14)
        var missed: [Int64] = []
        try queue.read { db in
            for message in lines {
                guard let id = try Self.messageId(db, message) else { missed.append(message.row_id); continue }
                let found = try Self.categories(db, messageId: id)
                if found.isDisjoint(with: message.categories) && message.standalone { missed.append(message.row_id) }
            }
            // The conversation as a whole is a pig-butchering thread.
            let thread = try Int64.fetchOne(db, sql: """
                SELECT count(*) FROM findings g JOIN exhibits e ON e.id = g.exhibit_id
                WHERE e.label = ? AND g.scope = 'thread' AND g.category = 'pig-butchering-script'
                """, arguments: [phone]) ?? 0
            #expect(thread >= 1, "\(phone): no pig-butchering conversation")
        }
        #expect(missed.isEmpty, "\(phone): script lines without a finding: \(missed)")
    }

    @Test func theScriptOnThreePhonesIsOneGroupWithTheVictimsAsSlots() throws {
        let result = try Tool.custody(["query", "scripts", "--case", Self.casePath, "--min-exhibits", "3", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let rows = (object["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } }
        // The document group: the docx, the odt and the PDF, one per phone.
        let documents = rows.first { row in (row[6] ?? "").contains("document #") }
        let group = try #require(documents, "no document group in \(rows.count) groups")
        #expect(group[2] == "3")
        #expect(group[3] == "phone-A.zip,phone-B.zip,phone-C.zip")
        let slots = group[5] ?? ""
        for victim in ["Linda", "Michael", "Sarah"] { #expect(slots.contains(victim), "\(slots)") }
    }

    @Test func sameRecordsWhateverTheJobCount() throws {
        let one = Self.folder.file("jobs1.sqlite")
        let sources = Self.phones.map { Repo.testEvidence.appendingPathComponent("scam-centre/\($0)").path }
        let run = try Tool.custody(["ingest"] + sources + ["--case", one, "--quiet", "--jobs", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        func head(_ path: String) throws -> String? {
            let output = try Tool.custody(["verify", "--case", path, "--json"]).stdout
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            return object?["head"] as? String
        }
        let first = try head(one)
        #expect(first?.count == 64)
        #expect(first == (try head(Self.casePath)))
    }
}
