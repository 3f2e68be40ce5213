// A document or a conversation that kills the process during detection costs detection on that document or
// conversation only: the same command completes the exhibit, records the skip, and the chain verifies.

import Foundation
import GRDB
import Testing
import TestSupport

@Suite(.serialized) struct DetectionCrashResumeTests {
    static let source = Repo.testEvidence.appendingPathComponent("scam-centre/phone-A.zip").path

    func custody(_ arguments: [String], crash: String?) throws -> ToolResult { try Tool.custody(arguments, crash: crash) }

    /// Runs the ingest with the crash planted twice: the first run dies, the second completes.
    func crashThenResume(_ hook: String, in folder: TemporaryFolder) throws -> String {
        let casePath = folder.file("case.sqlite")
        let arguments = ["ingest", Self.source, "--case", casePath, "--quiet", "--jobs", "2"]
        let first = try custody(arguments, crash: hook)
        #expect(first.status != 0, "the planted crash must kill the first run")
        let second = try custody(arguments, crash: hook)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("(resumed)"), "\(second.stdout)")
        let verify = try Tool.custody(["verify", "--case", casePath])
        #expect(verify.status == 0, "\(verify.stdout)")
        return casePath
    }

    @Test func aDocumentThatCrashesIsRecordedAsAnErrorAndTheOthersAreRead() throws {
        let folder = TemporaryFolder()
        let casePath = try crashThenResume("document:Script_v3.docx", in: folder)
        try DatabaseQueue(path: casePath).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT f.path, d.status, d.detail FROM documents d JOIN files f ON f.id = d.file_id")
            let crashed = try #require(rows.first { ($0["path"] as String? ?? "").hasSuffix("Script_v3.docx") })
            #expect(crashed["status"] as String? == "error")
            #expect((crashed["detail"] as String? ?? "").contains("document text and detection"))
            // The other documents of the phone were read, and found.
            #expect(rows.filter { $0["status"] as String? == "ok" }.count == rows.count - 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM findings WHERE scope = 'document'") ?? 0 >= 2)
            let warnings = try String.fetchAll(db, sql: "SELECT message FROM warnings WHERE code = 'stage-crashed'")
            #expect(warnings.count == 1 && warnings.first?.contains("Script_v3.docx") == true, "\(warnings)")
        }
    }

    @Test func aConversationThatCrashesLosesOnlyItsDetection() throws {
        let folder = TemporaryFolder()
        // The script conversation of phone-A (the victim's number).
        let casePath = try crashThenResume("detect:12065550134", in: folder)
        try DatabaseQueue(path: casePath).read { db in
            let warnings = try String.fetchAll(db, sql: "SELECT message FROM warnings WHERE code = 'stage-crashed'")
            #expect(warnings.count == 1 && warnings.first?.contains("conversation") == true, "\(warnings)")
            let skipped = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM messages m WHERE m.thread LIKE '%12065550134%' AND m.body IS NOT NULL
                AND m.id NOT IN (SELECT id FROM message_languages)
                """) ?? 0
            #expect(skipped > 0, "the crashed conversation has no languages")
            let others = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM messages m WHERE m.thread NOT LIKE '%12065550134%' AND m.body IS NOT NULL
                AND m.id NOT IN (SELECT id FROM message_languages)
                """) ?? -1
            #expect(others == 0, "every other conversation has its languages")
        }
    }
}
