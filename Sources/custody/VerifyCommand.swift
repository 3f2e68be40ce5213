// `custody verify`: recompute the hash chains (and optionally re-read the sources) and report the first mismatch.

import ArgumentParser
import EvidenceStore
import Foundation
import Pipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a case: recompute every record's hash and the chain; optionally re-read the sources."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Flag(help: "Also re-read each exhibit's original source and confirm every file's hashes still match.")
    var sources = false

    func run() throws {
        let database: CaseDatabase
        do {
            database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        let report = try ChainVerifier.verify(database)
        var sourceChecks: [SourceCheck] = []
        if sources {
            sourceChecks = try SourceVerifier.verifyAll(database)
        }
        let sourcesIntact = sourceChecks.allSatisfy(\.intact)
        try? database.audit(AuditEvent(event: "verify", command: "verify", arguments: Array(CommandLine.arguments.dropFirst()),
                                       toolVersion: CustodyVersion.current,
                                       detail: "intact=\(report.intact) records=\(report.records) head=\(report.head)" + (sources ? " sources_intact=\(sourcesIntact)" : "")))
        if json {
            print(Output.json(VerifyOutput(report: report, sources: sources ? sourceChecks : nil)))
        } else {
            if let failure = report.firstFailure {
                print("NOT INTACT: \(failure.chain) chain, \(failure.table) id \(failure.id): \(failure.kind.rawValue) — \(failure.detail)")
            } else {
                print("intact: \(report.records) records, \(report.auditEntries) audit entries")
            }
            print("head: \(report.head)")
            if database.isReadOnly { print("(case opened read-only: this verification is not recorded in its audit log)") }
            for check in sourceChecks {
                print("source \(check.exhibit): " + (check.intact ? "matches (\(check.filesChecked) files)" : "DOES NOT MATCH — \(check.problems.first ?? "")"))
            }
        }
        if !report.intact || !sourcesIntact { throw ExitCode(1) }
    }
}

struct VerifyOutput: Encodable {
    var report: VerificationReport
    var sources: [SourceCheck]?

    enum CodingKeys: String, CodingKey { case intact, head, records, audit_entries, first_failure, sources }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(report.intact && (sources ?? []).allSatisfy(\.intact), forKey: .intact)
        try container.encode(report.head, forKey: .head)
        try container.encode(report.records, forKey: .records)
        try container.encode(report.auditEntries, forKey: .audit_entries)
        if let failure = report.firstFailure {
            try container.encode(failure, forKey: .first_failure)
        } else {
            try container.encodeNil(forKey: .first_failure)
        }
        if let sources { try container.encode(sources, forKey: .sources) }
    }
}
