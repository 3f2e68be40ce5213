// False-positive pressure: the plain text under /usr/share/doc makes few crypto-shaped candidates, each exact.

import Foundation
import Testing
@testable import Indicators

@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/doc"), "needs /usr/share/doc"))
struct ScannerFalsePositiveTests {
    /// Up to CUSTODY_FP_MB (default 50) MB of plain files, scanned file by file in 1 MiB blocks. Stand-in validation
    /// cannot judge checksums, so this bounds candidate counts; the real validators must then accept none of the
    /// checksummed kinds (issue 4's proof, run by the lead).
    @Test func documentationTextMakesFewCryptoCandidates() throws {
        let limit = (Int(ProcessInfo.processInfo.environment["CUSTODY_FP_MB"] ?? "") ?? 50) << 20
        let seedWords = SeedWordlists.index
        var counts: [CandidateKind: Int] = [:]
        var scanned = 0
        var files = 0
        let walker = try #require(FileManager.default.enumerator(at: URL(fileURLWithPath: "/usr/share/doc"),
                                                                 includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in walker where scanned < limit {
            guard url.pathExtension != "gz", (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let data = try? Data(contentsOf: url), !data.isEmpty else { continue }
            files += 1
            scanned += data.count
            let found = CandidateScanner.scan(data, options: ScannerOptions(seedWords: seedWords))
            for candidate in found {
                counts[candidate.kind, default: 0] += 1
                if candidate.form == .raw {
                    let bytes = data[Int(candidate.byteRange.lowerBound)..<Int(candidate.byteRange.upperBound)]
                    #expect(String(decoding: bytes, as: UTF8.self) == candidate.text, "\(url.path) @\(candidate.offset)")
                }
            }
        }
        let megabytes = max(1, scanned >> 20)
        print("false-positive scan: \(files) files, \(scanned >> 20) MiB:",
              counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        #expect(scanned > 1 << 20)
        #expect((counts[.base58] ?? 0) <= 50 * megabytes) // measured 1773 in 50 MiB: long identifiers, base64 pieces
        #expect((counts[.bech32] ?? 0) <= megabytes)
        #expect((counts[.cashAddr] ?? 0) <= megabytes)
        #expect((counts[.ethereumHex] ?? 0) <= megabytes)
        #expect((counts[.hexKey] ?? 0) <= megabytes)
        #expect((counts[.seedWords] ?? 0) <= megabytes)
    }
}
