// `custody detect`: the rule engine on loose UTF-8 text files (triage, and the evaluation of rule packs against
// labelled texts); `RuleOptions`, the rule selection shared with `custody rules list`.

import ArgumentParser
import Detection
import Foundation
import Indicators

/// Which rules: the built-in packs, plus analysts' files or folders.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: "A rule file or folder of *.yaml files added to the built-in packs (repeatable).")
    var paths: [String] = []

    @Flag(name: .customLong("no-builtin"), help: "Use only the --rules files, not the built-in packs.")
    var noBuiltIn = false

    func pack() throws -> RulePack {
        do {
            let base = noBuiltIn ? nil : try RulePack.builtIn()
            if paths.isEmpty { return base ?? .empty }
            return try RulePack.load(paths: paths, base: base)
        } catch let error as DetectionError {
            // Issues as FILE:LINE:COL lines, like `custody rules check`.
            if error.issues.isEmpty { Output.error(error.message) } else { error.issues.forEach { Output.note($0.description) } }
            throw ExitCode(1)
        }
    }
}

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect scam scripts, recruitment lures and victim indicators in UTF-8 text files.",
        discussion: "Each file is one text; with --lines each line is one text; with --thread the lines of a file are the messages of one conversation. See docs/RULES.md.")

    @OptionGroup var rules: RuleOptions

    @Option(help: "ISO 639-1 language of the texts: runs that language's rules and the `any` rules (default: every rule).")
    var language: String?

    @Flag(help: "Each line of each file is one text.")
    var lines = false

    @Flag(help: "The lines of each file are the messages of one thread, scored over a sliding window.")
    var thread = false

    @Option(help: "Messages in the sliding window of --thread.")
    var window = 200

    @Flag(name: .customLong("no-indicators"), help: "Do not scan the texts for indicators (rules with `requires` then never fire).")
    var noIndicators = false

    @Flag(help: "With --format jsonl, also list every rule that fired in each text, whatever the thresholds (for evaluating rules).")
    var explain = false

    @Option(help: "table or jsonl (one JSON object per text, with every text's result, for evaluation).")
    var format: String = "table"

    @Argument(help: "UTF-8 text files.")
    var files: [String]

    /// Files larger than this are refused: texts for triage, not disk images.
    static let maxFileBytes = 256 << 20

    func validate() throws {
        guard ["table", "jsonl"].contains(format) else { throw ValidationError("--format must be table or jsonl") }
        guard !(lines && thread) else { throw ValidationError("--lines and --thread cannot be combined") }
        guard window >= 1 else { throw ValidationError("--window must be at least 1") }
    }

    func run() throws {
        let engine = DetectionEngine(pack: try rules.pack())
        let started = DispatchTime.now()
        var bytes = 0
        var failed = false
        var printer = DetectionPrinter(format: format, engine: engine, explain: explain)
        for path in files {
            guard let text = Self.readText(path) else { failed = true; continue }
            bytes += text.utf8.count
            if thread {
                let messages = Self.lines(of: text).enumerated().map { index, line in
                    ThreadMessage(id: Int64(index + 1), text: String(line), indicators: indicatorKinds(String(line)))
                }
                printer.thread(file: path, language: language, engine.detectThread(messages, language: language, window: window))
            } else if lines {
                for (index, line) in Self.lines(of: text).enumerated() {
                    let line = String(line)
                    if line.isEmpty { continue }
                    printer.text(file: path, line: index + 1, language: language, text: line, indicators: indicatorKinds(line))
                }
            } else {
                printer.text(file: path, line: nil, language: language, text: text, indicators: indicatorKinds(text))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if format == "table" {
            Output.note("rules: \(engine.packVersion) sha256 \(engine.packSHA256) (\(engine.pack.rules.count) rules)")
            Output.note(String(format: "%ld texts, %ld detections, %ld bytes in %.2f s (%.1f MB/s)", printer.texts,
                               printer.detections, bytes, seconds, Double(bytes) / 1e6 / max(seconds, 1e-9)))
        }
        if failed { throw ExitCode(1) }
    }

    private func indicatorKinds(_ text: String) -> Set<String> {
        noIndicators ? [] : IndicatorKinds.of(IndicatorEngine.scan(text: text))
    }

    /// Lines split at LF and CRLF only (Swift reads CRLF as one character), so line numbers agree with editors.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    static func readText(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Output.error("cannot read \(path)")
            return nil
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxFileBytes + 1) ?? Data() else {
            Output.error("read failed: \(path)")
            return nil
        }
        guard data.count <= maxFileBytes else {
            Output.error("\(path) is larger than \(maxFileBytes) bytes; detect reads text files only")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            Output.error("\(path) is not UTF-8 text; detect reads text files only")
            return nil
        }
        return text
    }
}

/// The indicator kinds rules name in `requires` (docs/RULES.md): each scanner kind (`btc`, `eth`, `email`…) and
/// the families `crypto-address`, `seed-phrase`, `private-key`.
enum IndicatorKinds {
    static func of(_ findings: [IndicatorFinding]) -> Set<String> {
        var kinds = Set<String>()
        for finding in findings {
            kinds.insert(finding.kind.rawValue)
            switch finding.kind {
            case .btc, .eth, .trx, .ltc, .doge, .bch, .xrp, .xmr, .sol: kinds.insert("crypto-address")
            case .bip39, .electrum: kinds.insert("seed-phrase")
            case .wif, .xkey: kinds.insert("private-key")
            default: break
            }
        }
        return kinds
    }
}

/// Table rows for people, or one JSON object per text for evaluation scripts.
struct DetectionPrinter {
    let format: String
    let engine: DetectionEngine
    let explain: Bool
    var texts = 0
    var detections = 0

    mutating func text(file: String, line: Int?, language: String?, text: String, indicators: Set<String>) {
        let found = engine.detect(text, language: language, indicators: indicators)
        texts += 1
        detections += found.count
        if format == "jsonl" {
            let matches = explain ? engine.matches(text, language: language, indicators: indicators) : nil
            print(Output.json(TextLine(file: file, line: line, language: language, pack: engine.packVersion,
                                       pack_sha256: engine.packSHA256, detections: found, matches: matches), pretty: false))
            return
        }
        let place = line.map { "\(file):\($0)" } ?? file
        for detection in found {
            let rules = detection.matches.map(\.ruleId).joined(separator: ",")
            print("\(place)\t\(detection.category)\t\(String(format: "%.2f", detection.score))\t\(rules)\t\(detection.excerpt)")
        }
    }

    mutating func thread(file: String, language: String?, _ found: [ThreadDetection]) {
        texts += 1
        detections += found.count
        if format == "jsonl" {
            print(Output.json(ThreadLine(file: file, language: language, pack: engine.packVersion,
                                         pack_sha256: engine.packSHA256, detections: found), pretty: false))
            return
        }
        for detection in found {
            let lines = detection.messageIds.map(String.init).joined(separator: ",")
            print("\(file)\t\(detection.category)\t\(String(format: "%.2f", detection.score))\tlines \(lines)\t\(detection.excerpt)")
        }
    }

    // Keys present even when null, so evaluation scripts read every line the same way.
    private struct TextLine: Encodable {
        let file: String
        let line: Int?
        let language: String?
        let pack: String
        let pack_sha256: String
        let detections: [Detection]
        let matches: [RuleMatch]?

        enum CodingKeys: String, CodingKey { case file, line, language, pack, pack_sha256, detections, matches }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(language, forKey: .language)
            try container.encode(pack, forKey: .pack)
            try container.encode(pack_sha256, forKey: .pack_sha256)
            try container.encode(detections, forKey: .detections)
            try container.encodeIfPresent(matches, forKey: .matches)
        }
    }

    private struct ThreadLine: Encodable {
        let file: String
        let language: String?
        let pack: String
        let pack_sha256: String
        let detections: [ThreadDetection]

        enum CodingKeys: String, CodingKey { case file, language, pack, pack_sha256, detections }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(language, forKey: .language)
            try container.encode(pack, forKey: .pack)
            try container.encode(pack_sha256, forKey: .pack_sha256)
            try container.encode(detections, forKey: .detections)
        }
    }
}
