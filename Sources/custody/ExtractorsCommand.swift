// `custody extractors`: the registered extractors with their ids, versions, apps and where each format is
// documented — what an examiner cites for how an artifact was read.

import ArgumentParser
import Extraction

struct ExtractorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extractors", abstract: "List the registered extractors.")

    @OptionGroup var output: FormatOptions

    func run() throws {
        func rows(_ kind: String, _ infos: [ExtractorInfo]) -> [[String?]] {
            infos.map { [$0.id, String($0.version), $0.app, kind, $0.documentation] }
        }
        let all = rows("sqlite", ExtractorRegistry.sqlite.map { $0.info }) + rows("file", ExtractorRegistry.files.map { $0.info })
            + rows("names", ExtractorRegistry.directories.map { $0.info }) + rows("encrypted", ExtractorRegistry.encrypted.map { $0.info })
        output.print((columns: ["id", "version", "app", "matches", "documentation"], rows: all))
        if output.format == "table" { print("\nextractor set fingerprint: \(ExtractorRegistry.fingerprint)") }
    }
}
