// The analyst's queries through the binary: messages (full-text and WAL rows), calls, contacts, identities and
// indicators, each as JSON with the values the TestEvidence generator planted.

import Foundation
import Testing
import TestSupport

private func rows(_ result: ToolResult) throws -> [[String?]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not JSON: \(result.stdout.prefix(300)) \(result.stderr)")
    return (object["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } }
}

@Suite(.serialized) struct QueryCommandTests {
    static let folder = TemporaryFolder()
    static let casePath: String = {
        let path = folder.file("case.sqlite")
        let sources = ["android-ffs.zip", "PC-07.tar.gz", "handset-B.zip"].map { Repo.testEvidence.appendingPathComponent($0).path }
        _ = try? Tool.custody(["ingest"] + sources + ["--case", path, "--quiet"])
        return path
    }()

    @Test func messagesByFullTextSearchAndWALState() throws {
        let search = try rows(Tool.custody(["query", "messages", "--case", Self.casePath, "--search", "verification", "--format", "json"]))
        #expect(search.map { $0[8] } == ["Your verification code is 482913"])
        let wal = try rows(Tool.custody(["query", "messages", "--case", Self.casePath, "--wal-only", "--format", "json"]))
        #expect(wal.map { $0[8] } == ["WAL-ONLY: bring the documents", "WAL-ONLY: transfer confirmed"])
        #expect(wal.allSatisfy { $0[9] == "wal" })
    }

    @Test func missedCallsAcrossApps() throws {
        let missed = try rows(Tool.custody(["query", "calls", "--case", Self.casePath, "--kind", "missed", "--format", "json"]))
        #expect(!missed.isEmpty)
        #expect(missed.allSatisfy { $0[4] == "missed" && $0[3] == "incoming" })
    }

    @Test func indicatorsByKind() throws {
        let eth = try rows(Tool.custody(["query", "indicators", "--case", Self.casePath, "--kind", "eth", "--format", "json"]))
        #expect(eth.map { $0[1] } == ["0x000000000000000000000000000000000000dEaD"])
        #expect(eth.first?[2] == "checksum")
        let seeds = try rows(Tool.custody(["query", "indicators", "--case", Self.casePath, "--kind", "bip39", "--sightings", "--format", "json"]))
        #expect(seeds.map { $0[5] } == ["PC-07.tar.gz/Users/a/Documents/wallets.7z/seed-phrase.txt"])
    }

    @Test func identitiesAndContacts() throws {
        let linking = try rows(Tool.custody(["query", "identities", "--case", Self.casePath, "--min-exhibits", "2", "--format", "json"]))
        // +15550199 is in the vCard of android-ffs.zip's backup and in PC-07's contacts.csv — but a CSV is not an
        // address book: only the vCard makes it an identity, so it links nothing. What links two exhibits is Alice's
        // "+1 555 0100" in handset-B's Telegram Desktop contact list, the number android-ffs.zip's SMS use.
        #expect(linking == [["phone", "15550100", "2", "android-ffs.zip,handset-B.zip", "Alice",
                             "messages:sender,messages:recipient,contacts:contact", "4"]])
        let contacts = try rows(Tool.custody(["query", "contacts", "--case", Self.casePath, "--exhibit", "android-ffs.zip", "--format", "json"]))
        #expect(contacts.map { $0[2] } == ["Bob Example"])
        #expect(contacts.map { $0[5] } == ["+15550199"])
        let bad = try Tool.custody(["query", "identities", "--case", Self.casePath, "--min-exhibits", "0"])
        #expect(bad.status != 0)
    }
}
