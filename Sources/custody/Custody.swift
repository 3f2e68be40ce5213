// The `custody` command: the root and its subcommands; all logic lives in the libraries.

import ArgumentParser
import Pipeline

@main
struct Custody: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody",
        abstract: "Turn seized-device extractions into a hash-chained, court-ready SQLite case database.",
        version: CustodyVersion.current,
        subcommands: [IngestCommand.self, VerifyCommand.self, ManifestCommand.self, SummaryCommand.self, QueryCommand.self, ExtractCommand.self, ExtractorsCommand.self, ScanCommand.self, DetectCommand.self, RulesCommand.self]
    )
}

/// The case database every subcommand works on.
struct CaseOptions: ParsableArguments {
    @Option(name: .customLong("case"), help: "The case database (SQLite).")
    var casePath: String
}
