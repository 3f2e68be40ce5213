// `custody extract`: runs the extractors on loose files without a case, for triage and to measure extractor
// speed apart from the case database. Nothing is recorded; the files are copied to scratch before opening.

import ArgumentParser
import Detection
import EvidenceModel
import Extraction
import Foundation
import Pipeline

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Run the chat and call extractors on files without a case (triage; nothing is recorded).",
        discussion: "The files are treated as one exhibit (names from wa.db apply to msgstore.db). Use `ingest` for evidence.")

    @Argument(help: "Files (SQLite databases with their -wal/-journal beside them, chat exports).")
    var files: [String]

    @Option(help: "summary (counts per extractor) or jsonl (one JSON object per message or call).")
    var format: String = "summary"

    @Flag(help: "Do not run the rule packs (scam scripts, lures, victim indicators) over the messages and conversations.")
    var noDetect = false

    @Option(name: .customLong("rules"), help: "Analysts' rule files or folders added to the built-in packs; repeatable.")
    var rulePaths: [String] = []

    func validate() throws {
        guard ["summary", "jsonl"].contains(format) else { throw ValidationError("--format must be summary or jsonl") }
    }

    func run() throws {
        let started = Date()
        var engine: DetectionEngine?
        if !noDetect {
            do { engine = try TriageDetection.engine(rulePaths: rulePaths) } catch {
                Output.error("rules: \(error)")
                throw ExitCode(65)
            }
        }
        let output = try ExtractionHarness.extract(files, keep: format == "jsonl" || engine != nil)
        if format == "jsonl" {
            for message in output.messages { print(Output.json(MessageLine(message), pretty: false)) }
            for call in output.calls { print(Output.json(CallLine(call), pretty: false)) }
            for contact in output.contacts { print(Output.json(ContactLine(contact), pretty: false)) }
        }
        var categories: [String: Int] = [:]
        if let engine {
            for finding in TriageDetection.detect(messages: output.messages, engine: engine) {
                let message = output.messages[finding.index]
                let source = message.source.table.map { "\($0)#\(message.source.rowid ?? -1)" } ?? (message.source.locator ?? "")
                let line: DetectionLine
                if let detection = finding.detection {
                    line = DetectionLine(file: message.provenance.fileId.description, language: nil, detection: detection,
                                         scope: finding.scope, message: source)
                } else if let thread = finding.threadDetection {
                    line = DetectionLine(file: message.provenance.fileId.description, category: thread.category, score: thread.score,
                                         language: nil, rules: thread.matches.map(\.match), excerpt: thread.excerpt,
                                         scope: finding.scope, message: source)
                } else {
                    continue
                }
                if format == "jsonl" {
                    print(Output.json(line, pretty: false))
                } else {
                    categories["\(finding.scope) \(line.finding.category)", default: 0] += 1
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        for record in output.records {
            Output.note("\(record.extractor): \(record.status.rawValue), \(record.messages) messages, \(record.calls) calls, \(record.contacts) contacts" + (record.detail.map { " (\($0))" } ?? ""))
        }
        for warning in output.warnings { Output.note("warning: \(warning)") }
        for (category, count) in categories.sorted(by: { $0.key < $1.key }) { Output.note("finding \(category): \(count)") }
        let total = output.records.reduce(0) { $0 + $1.messages + $1.calls + $1.contacts }
        Output.note(String(format: "%lld artifacts in %.2f s (%.0f per second)", total, seconds, Double(total) / max(seconds, 1e-9)))
    }
}

private struct MessageLine: Encodable {
    var file: String, extractor: String, app: String, thread: String?, sender: String?, recipients: [String]
    var direction: String, sentAt: String?, sentAtRaw: String?, body: String?, walState: String, source: String
    init(_ m: ChatMessage) {
        file = m.provenance.fileId.description; extractor = m.provenance.extractor; app = m.app; thread = m.thread
        sender = m.sender; recipients = m.recipients; direction = m.direction.rawValue; sentAt = m.sentAt?.utc
        sentAtRaw = m.sentAt?.raw; body = m.body; walState = m.provenance.walState.rawValue
        source = m.source.table.map { "\($0)#\(m.source.rowid ?? -1)" } ?? (m.source.locator ?? "")
    }
}

private struct CallLine: Encodable {
    var file: String, extractor: String, app: String, peer: String?, direction: String, startedAt: String?
    var durationSeconds: Double?, kind: String, source: String
    init(_ c: Call) {
        file = c.provenance.fileId.description; extractor = c.provenance.extractor; app = c.app; peer = c.peer
        direction = c.direction.rawValue; startedAt = c.startedAt?.utc; durationSeconds = c.durationSeconds; kind = c.kind
        source = c.source.table.map { "\($0)#\(c.source.rowid ?? -1)" } ?? (c.source.locator ?? "")
    }
}

private struct ContactLine: Encodable {
    var file: String, extractor: String, app: String, name: String?, phones: [String], emails: [String], handles: [String]
    var deleted: Bool, source: String
    init(_ c: Contact) {
        file = c.provenance.fileId.description; extractor = c.provenance.extractor; app = c.app; name = c.displayName
        phones = c.phones.map(\.raw); emails = c.emails.map(\.raw); handles = c.handles.map { "\($0.kind):\($0.value)" }
        deleted = c.deleted
        source = c.source.table.map { "\($0)#\(c.source.rowid ?? -1)" } ?? (c.source.locator ?? "")
    }
}
