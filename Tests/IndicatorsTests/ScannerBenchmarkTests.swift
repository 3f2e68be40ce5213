// Scanner throughput over mixed binary, prose and Base58 noise; runs only with CUSTODY_BENCH=1, in release mode.

import Foundation
import Testing
@testable import Indicators

enum MixedCorpus {
    /// Plain-text files under /usr/share/doc (prose, changelogs, licences), read up to `limit` bytes.
    static func documentationText(limit: Int) -> [UInt8] {
        var text: [UInt8] = []
        let root = URL(fileURLWithPath: "/usr/share/doc")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        for case let url as URL in walker where text.count < limit {
            guard url.pathExtension != "gz", (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let data = try? Data(contentsOf: url), data.count > 0 else { continue }
            text += data.prefix(limit - text.count)
        }
        return text
    }

    /// `size` bytes of 64 KiB chunks: 45% random binary, 45% documentation text, 10% Base58 noise words.
    static func make(size: Int) -> [UInt8] {
        var noise = NoiseGenerator(state: 0xbe_9c_4)
        let text = documentationText(limit: 8 << 20)
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(size + 65536)
        var textPosition = 0
        while out.count < size {
            let pick = noise.next() % 20
            if pick < 9 {
                out += noise.bytes(65536)
            } else if pick < 18, !text.isEmpty {
                let end = min(text.count, textPosition + 65536)
                out += text[textPosition..<end]
                textPosition = end == text.count ? 0 : end
            } else {
                var chunk: [UInt8] = []
                while chunk.count < 65536 {
                    let length = Int(noise.next() % 50) + 20
                    for _ in 0..<length { chunk.append(alphabet[Int(noise.next() % 58)]) }
                    chunk.append(noise.next() % 4 == 0 ? 0x0A : 0x20)
                }
                out += chunk
            }
        }
        return out
    }
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["CUSTODY_BENCH"] == "1",
                "benchmark: CUSTODY_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ScannerBenchmarkTests"))
struct ScannerBenchmarkTests {
    @Test func throughputOnMixedData() {
        let megabytes = Int(ProcessInfo.processInfo.environment["CUSTODY_BENCH_MB"] ?? "") ?? 200
        let data = MixedCorpus.make(size: megabytes << 20)
        let seedWords = SeedWordIndex(words: SeedWordlists.languages.flatMap(SeedWordlists.words))
        var scanner = CandidateScanner(options: ScannerOptions(encoding: .form(.raw), seedWords: seedWords))
        var found = 0
        let start = DispatchTime.now().uptimeNanoseconds
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let end = min(raw.count, offset + (1 << 20))
                found += scanner.feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end])).count
                offset = end
            }
        }
        found += scanner.finish().count
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(data.count) / 1_048_576 / seconds
        print("scanner: \(data.count / 1_048_576) MiB in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", rate)) MiB/s, \(found) candidates")
        #expect(found > 0)
        #expect(rate >= 300, "below the 300 MB/s per core of issue 4")
    }
}
