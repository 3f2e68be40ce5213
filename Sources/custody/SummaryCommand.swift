// `custody summary`: files by status and type, bytes, warnings and the chain head of a case.

import ArgumentParser
import EvidenceStore
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "Summarise a case database.")

    @OptionGroup var caseOptions: CaseOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        let summary = try database.summary()
        if json { print(Output.json(summary)) } else { Self.printSummary(summary) }
    }

    static func printSummary(_ summary: CaseSummary) {
        print("exhibits:   \(summary.exhibits.joined(separator: ", "))")
        if !summary.incomplete.isEmpty {
            print("INCOMPLETE: \(summary.incomplete.joined(separator: ", ")) (interrupted; run the same ingest again)")
        }
        print("files:      \(summary.files) (\(Output.bytes(summary.bytes)))")
        print("warnings:   \(summary.warnings)")
        print("by status:  " + summary.byStatus.map { "\($0.key)=\($0.count)" }.joined(separator: "  "))
        print("by type:")
        for count in summary.byType {
            print("  " + String(count.count).leftPadded(8) + "  " + Output.bytes(count.bytes).leftPadded(10) + "  " + count.key)
        }
        func line(_ title: String, _ counts: [CaseSummary.Count]) {
            let total = counts.reduce(0) { $0 + $1.count }
            print(title + "\(total)" + (counts.isEmpty ? "" : "  (" + counts.map { "\($0.key)=\($0.count)" }.joined(separator: "  ") + ")"))
        }
        line("messages:   ", summary.messages)
        line("calls:      ", summary.calls)
        line("extractors: ", summary.extractions)
        line("contacts:   ", summary.contacts)
        line("identities: ", summary.identities)
        line("indicators: ", summary.indicators)
        line("documents:  ", summary.documents)
        line("findings:   ", summary.findings)
        print("chain:      \(summary.records) records, head \(summary.head)")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
