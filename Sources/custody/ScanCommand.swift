// `custody scan`: the indicator scanner on loose files without a case (triage, and to measure the scanner apart
// from the ingest). Files are streamed in 1 MiB blocks, as the ingest streams them; nothing is recorded.

import ArgumentParser
import Foundation
import Indicators

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files for indicators (wallet addresses, keys, seed phrases, e-mails, URLs, phones, IBANs, IPv4) without a case.")

    @Argument(help: "Files to scan.")
    var files: [String]

    @Option(help: "summary (counts per kind) or jsonl (one JSON object per finding).")
    var format: String = "summary"

    func validate() throws {
        guard ["summary", "jsonl"].contains(format) else { throw ValidationError("--format must be summary or jsonl") }
    }

    func run() throws {
        let started = DispatchTime.now()
        var bytes: Int64 = 0
        var counts: [String: Int] = [:]
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
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) { Output.note("\(kind): \(count)") }
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
