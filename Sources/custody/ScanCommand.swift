// `custody scan`: the indicator scanner on loose files without a case (triage, and to measure the scanner apart
// from the ingest). Files are streamed in 1 MiB blocks, as the ingest streams them; nothing is recorded.

import ArgumentParser
import Detection
import Foundation
import Indicators
import Pipeline

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files for indicators (wallet addresses, keys, seed phrases, e-mails, URLs, phones, IBANs, IPv4) without a case.")

    @Argument(help: "Files to scan.")
    var files: [String]

    @Option(help: "summary (counts per kind) or jsonl (one JSON object per finding).")
    var format: String = "summary"

    @Flag(help: "Do not run the rule packs (scam scripts, lures, victim indicators) over each file's text.")
    var noDetect = false

    @Option(name: .customLong("rules"), help: "Analysts' rule files or folders added to the built-in packs; repeatable.")
    var rulePaths: [String] = []

    func validate() throws {
        guard ["summary", "jsonl"].contains(format) else { throw ValidationError("--format must be summary or jsonl") }
    }

    func run() throws {
        let started = DispatchTime.now()
        var bytes: Int64 = 0
        var counts: [String: Int] = [:]
        var categories: [String: Int] = [:]
        var engine: DetectionEngine?
        if !noDetect {
            do { engine = try TriageDetection.engine(rulePaths: rulePaths) } catch {
                Output.error("rules: \(error)")
                throw ExitCode(65)
            }
        }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { block.deallocate() }
        for path in files {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                Output.error("cannot read \(path)")
                throw ExitCode(1)
            }
            defer { try? handle.close() }
            let scanner = IndicatorFileScanner()
            var findings: [IndicatorFinding] = []
            let fd = handle.fileDescriptor
            while true {
                let count = read(fd, block.baseAddress, block.count)
                if count < 0 { Output.error("read failed: \(path)"); throw ExitCode(1) }
                if count == 0 { break }
                bytes += Int64(count)
                findings += scanner.feed(UnsafeRawBufferPointer(rebasing: block[0..<count]))
                if format == "summary" { tally(&findings, &counts) } else { emit(&findings, path) }
            }
            findings += scanner.finish()
            if format == "summary" { tally(&findings, &counts) } else { emit(&findings, path) }
            if let engine {
                let result = TriageDetection.detect(file: path, engine: engine)
                if let note = result.note { Output.note("\(path): \(note)") }
                for detection in result.detections {
                    if format == "summary" {
                        categories[detection.category, default: 0] += 1
                    } else {
                        print(Output.json(DetectionLine(file: path, language: result.language, detection: detection), pretty: false))
                    }
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) { Output.note("\(kind): \(count)") }
        for (category, count) in categories.sorted(by: { $0.key < $1.key }) { Output.note("finding \(category): \(count)") }
        Output.note(String(format: "%lld bytes in %.2f s (%.1f MB/s)", bytes, seconds, Double(bytes) / 1e6 / max(seconds, 1e-9)))
    }

    private func tally(_ findings: inout [IndicatorFinding], _ counts: inout [String: Int]) {
        for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
        findings.removeAll(keepingCapacity: true)
    }

    private func emit(_ findings: inout [IndicatorFinding], _ path: String) {
        for finding in findings { print(Output.json(FindingLine(file: path, finding), pretty: false)) }
        findings.removeAll(keepingCapacity: true)
    }
}

private struct FindingLine: Encodable {
    var file: String, kind: String, value: String, raw: String, validation: String, network: String?, detail: String?
    var offset: Int64, length: Int64, encoding: String, context: String
    init(file: String, _ f: IndicatorFinding) {
        self.file = file; kind = f.kind.rawValue; value = f.value; raw = f.raw; validation = f.validation.rawValue
        network = f.network; detail = f.detail; offset = f.offset; length = f.length; encoding = f.encoding; context = f.context
    }
}

/// A rule-pack finding on a file's text, as `scan --format jsonl` prints it: `finding` tells it from an indicator.
struct DetectionLine: Encodable {
    var file: String
    var finding: FindingBody
    struct FindingBody: Encodable {
        var category: String, score: Double, language: String?, rules: [RuleMatch], excerpt: String
        var scope: String?, message: String?
    }
    init(file: String, language: String?, detection: Detection, scope: String? = nil, message: String? = nil) {
        self.init(file: file, category: detection.category, score: detection.score, language: detection.language ?? language,
                  rules: detection.matches, excerpt: detection.excerpt, scope: scope, message: message)
    }

    init(file: String, category: String, score: Double, language: String?, rules: [RuleMatch], excerpt: String,
         scope: String?, message: String?) {
        self.file = file
        finding = FindingBody(category: category, score: score, language: language, rules: rules, excerpt: excerpt,
                              scope: scope, message: message)
    }
}
