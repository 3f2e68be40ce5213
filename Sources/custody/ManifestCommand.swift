// `custody manifest`: export the file inventory as CSV, JSON or DFXML.

import ArgumentParser
import EvidenceModel
import EvidenceStore
import Export
import Foundation
import Pipeline

extension ManifestFormat: ExpressibleByArgument {}

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "manifest", abstract: "Export a manifest of every file (path, size, hashes, type, status).")

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "csv, json or dfxml.")
    var format: ManifestFormat = .csv

    @Option(help: "Only this exhibit.")
    var exhibit: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var handle = FileHandle.standardOutput
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                Output.error("cannot write \(output)")
                throw ExitCode(2)
            }
            handle = file
        }
        var buffer = Data()
        let now = Timestamp.iso8601(seconds: Int64(Date().timeIntervalSince1970))
        try ManifestWriter.write(database, format: format, exhibitLabel: exhibit, toolVersion: CustodyVersion.current,
                                 generatedAt: now) { text in
            buffer.append(contentsOf: text.utf8)
            if buffer.count > 1 << 20 {
                handle.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        if output != nil { try handle.close() }
        try? database.audit(AuditEvent(event: "manifest", command: "manifest", arguments: Array(CommandLine.arguments.dropFirst()),
                                       toolVersion: CustodyVersion.current, detail: "format=\(format.rawValue) exhibit=\(exhibit ?? "all")"))
    }
}
