// Runs the registry over files outside an ingest (tests, `custody extract-file`): copies each file with its
// sidecars to a temporary folder, as the pipeline's scratch space does, so the originals are never opened.

import EvidenceModel
import Foundation

public struct HarnessOutput {
    public var messages: [ChatMessage] = []
    public var calls: [Call] = []
    public var contacts: [Contact] = []
    public var records: [ExtractionRecord] = []
    public var warnings: [String] = []

    /// Records of one extractor.
    public func record(_ extractor: String) -> ExtractionRecord? { records.first { $0.extractor == extractor } }
    public func messages(from extractor: String) -> [ChatMessage] { messages.filter { $0.provenance.extractor == extractor } }
    public func calls(from extractor: String) -> [Call] { calls.filter { $0.provenance.extractor == extractor } }
    public func contacts(from extractor: String) -> [Contact] { contacts.filter { $0.provenance.extractor == extractor } }
}

public enum ExtractionHarness {
    /// Extracts from `paths` as if they were the files of one exhibit (names gathered from all of them first).
    /// Each path's `-wal` and `-journal` siblings are copied along.
    /// - Parameter keep: false counts artifacts without keeping them (to measure extractors on large files).
    public static func extract(_ paths: [String], exhibitLabel: String = "exhibit", keep: Bool = true) throws -> HarnessOutput {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-harness-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runner = ExtractionRunner(exhibitId: 1)
        var candidates: [(ExtractionCandidate, ExtractionPlan)] = []
        for (index, path) in paths.enumerated() {
            let copy = folder + "/\(index)"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            for suffix in ["-wal", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            let name = (path as NSString).lastPathComponent
            let candidate = ExtractionCandidate(fileId: Int64(index + 1), path: EvidencePath(label: exhibitLabel).appending(name),
                                                localPath: copy)
            candidates.append((candidate, runner.plan(candidate)))
        }
        var output = HarnessOutput()
        for (candidate, plan) in candidates { runner.collectDirectory(candidate, plan: plan) }
        for (candidate, plan) in candidates {
            defer { candidate.cleanUp() }
            let head = ExtractionRunner.readHead(candidate.localPath)
            var results = runner.recognizeEncrypted(fileId: candidate.fileId, path: candidate.path, head: head)
            if let error = plan.openError { results.append(runner.unreadableDatabase(candidate, error: error)) }
            let emit: (Artifact) throws -> Void = { artifact in
                guard keep else { return }
                switch artifact {
                case .message(let message): output.messages.append(message)
                case .call(let call): output.calls.append(call)
                case .contact(let contact): output.contacts.append(contact)
                }
            }
            if let schema = plan.schema {
                for extractor in plan.sqlite { results.append(try runner.run(extractor, on: candidate, schema: schema, emit: emit)) }
            }
            for extractor in plan.files { results.append(try runner.run(extractor, on: candidate, emit: emit)) }
            for result in results {
                output.records.append(result.record)
                output.warnings += result.warnings.map { "\($0.code.rawValue): \($0.message)" }
            }
        }
        return output
    }
}
