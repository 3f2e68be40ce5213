// `custody ingest`: read each source as one exhibit into the case database.

import ArgumentParser
import EvidenceModel
import EvidenceStore
import Foundation
import Identifiers
import Logging
import Pipeline

extension IdentificationMode: ExpressibleByArgument {}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest device extractions (folders, archives, single files) as exhibits.",
        discussion: "Each SOURCE becomes one exhibit. Running the same command again after an interruption completes the exhibit."
    )

    @Argument(help: "Extractions to ingest: folders, archives (zip, tar[.gz|.bz2|.xz|.zst], 7z, cpio, iso…) or single files.")
    var sources: [String]

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "Exhibit label (default: the source's base name); only with a single SOURCE.")
    var exhibit: String?

    @Option(help: "Examiner's name, recorded in the audit log.")
    var examiner: String?

    @Option(help: "Type-identification workers.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Deepest container nesting to expand.")
    var maxDepth: Int = Limits.default.maxDepth

    @Option(help: "Largest expansion ratio (expanded bytes per container byte) before expansion stops.")
    var maxRatio: Int = Limits.default.maxExpansionRatio

    @Option(help: "Bytes a container may expand before the ratio limit applies.")
    var ratioFloor: Int64 = Limits.default.expansionRatioFloor

    @Option(help: "Most bytes expanded from containers in one exhibit.")
    var maxExpanded: Int64 = Limits.default.maxExpandedBytes

    @Option(help: "Most entries read from one container.")
    var maxEntries: Int64 = Limits.default.maxEntriesPerContainer

    @Option(help: "Type identification: fast (gzip, bzip2, xz, PNG, plain text and troff named without libmagic, as libmagic names them) or full (libmagic for every file).")
    var magic: IdentificationMode = .fast

    @Option(help: "Folder for scratch copies (databases for extractors, archives that must be read with seeking; default: the system temporary folder).")
    var scratch: String?

    @Option(help: "ISO 3166 region (e.g. NA, KH, MM) for phone numbers written without a country code: where the device was used. Recorded with the exhibit.")
    var defaultRegion: String?

    @Flag(help: "Do not run the chat and call extractors (files are still hashed and identified).")
    var noExtract = false

    @Flag(help: "Do not scan for indicators (wallet addresses, seed phrases, e-mails, URLs, phone numbers, IBANs…).")
    var noIndicators = false

    @Flag(help: "Do not read document text or run detection (languages, scam-script, lure and victim rules, YARA).")
    var noDetect = false

    @Option(name: .customLong("rules"), help: "Analysts' rule files or folders (YAML, see docs/RULES.md), added to the built-in packs; repeatable.")
    var rulePaths: [String] = []

    @Option(name: .customLong("yara"), help: "YARA rule files or folders run over every file's bytes and every extracted text; repeatable.")
    var yaraPaths: [String] = []

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Do not show progress.")
    var quiet = false

    @Flag(help: "Log each exhibit and every recorded warning to standard error.")
    var verbose = false

    func validate() throws {
        if exhibit != nil && sources.count != 1 {
            throw ValidationError("--exhibit names one exhibit: give exactly one SOURCE with it.")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let defaultRegion, PhoneMetadata.region(defaultRegion) == nil {
            throw ValidationError("--default-region \(defaultRegion): not a region Custody has phone-number metadata for (ISO 3166 alpha-2, e.g. NA, KH, MM, PH, TH, US).")
        }
        if noDetect && (!rulePaths.isEmpty || !yaraPaths.isEmpty) {
            throw ValidationError("--rules and --yara need detection: leave out --no-detect.")
        }
        if maxDepth < 0 || maxRatio < 1 || maxExpanded < 1 || maxEntries < 1 {
            throw ValidationError("limits must be positive.")
        }
        // Every source is checked before the case file is opened or created: a mistyped path must leave no new,
        // empty case behind and no trace in an existing one.
        let problems = sources.compactMap(Self.sourceProblem)
        if !problems.isEmpty {
            Output.error(problems.joined(separator: "; ") + "; nothing was ingested and the case file was not touched")
            throw ExitCode(66)
        }
    }

    /// Why a source cannot be read, or nil when it can (the existence and permission checks only; its content
    /// is the pipeline's business).
    static func sourceProblem(_ source: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            return "source \(source) not found"
        }
        let manager = FileManager.default
        let readable = manager.isReadableFile(atPath: source) && (!isDirectory.boolValue || manager.isExecutableFile(atPath: source))
        return readable ? nil : "source \(source) cannot be read (permission denied)"
    }

    func run() throws {
        do { try PipelineResources.check() } catch {
            Output.error("\(error); nothing was ingested and the case file was not touched")
            throw ExitCode(1)
        }
        // Rules are loaded before the case is opened: a rule file with a mistake must leave no trace.
        var detection: DetectionSettings?
        if !noDetect {
            do {
                detection = try DetectionSettings(rulePaths: rulePaths, yaraPaths: yaraPaths)
            } catch {
                Output.error("rules: \(error); nothing was ingested and the case file was not touched")
                throw ExitCode(65)
            }
        }
        let database: CaseDatabase
        do {
            database = try CaseDatabase(path: caseOptions.casePath, create: true)
        } catch {
            Output.error("cannot use case file \(caseOptions.casePath): \(error)")
            throw ExitCode(2)
        }
        let limits = Limits(maxDepth: maxDepth, maxExpansionRatio: maxRatio, expansionRatioFloor: ratioFloor,
                            maxExpandedBytes: maxExpanded, maxEntriesPerContainer: maxEntries)
        var options = IngestOptions(jobs: jobs, limits: limits, examiner: examiner, scratchParent: scratch,
                                    identification: magic, commandLine: Array(CommandLine.arguments.dropFirst()))
        options.extract = !noExtract
        options.defaultRegion = defaultRegion?.uppercased()
        options.indicators = !noIndicators
        options.detection = detection
        let job = IngestJob(database: database, options: options)
        let level: Logger.Level = verbose ? .info : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        job.logger = Logger(label: "custody.ingest")
        let showProgress = !quiet && !json && Output.stderrIsTerminal
        if showProgress {
            job.onProgress = { snapshot in
                var line = "\r\(snapshot.exhibit): \(snapshot.files) files, \(Output.bytes(snapshot.sourceBytes)) read, \(Output.bytes(snapshot.bytesPerSecond))/s"
                if let eta = snapshot.eta { line += String(format: ", ETA %.0fs", eta) }
                FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
            }
        }
        var outcomes: [ExhibitOutcome] = []
        var failed = false
        for source in sources {
            do {
                let outcome = try job.ingest(source: source, label: exhibit)
                if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
                outcomes.append(outcome)
            } catch {
                if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
                Output.error("\(source): \(error)")
                failed = true
            }
        }
        let summary = try database.summary(exhibitIds: outcomes.map(\.exhibitId))
        if json {
            print(Output.json(IngestReport(exhibits: outcomes, summary: summary)))
        } else {
            for outcome in outcomes {
                let state = outcome.state == .alreadyComplete ? " (already complete; nothing to do)"
                    : outcome.state == .resumed ? " (resumed)" : ""
                print("exhibit \(outcome.label)\(state): \(outcome.files) files, \(Output.bytes(outcome.bytes)), \(outcome.warnings) warnings, \(String(format: "%.2f", outcome.seconds)) s")
            }
            SummaryCommand.printSummary(summary)
        }
        if failed { throw ExitCode(1) }
    }
}

struct IngestReport: Encodable {
    var exhibits: [ExhibitOutcome]
    var summary: CaseSummary
}
