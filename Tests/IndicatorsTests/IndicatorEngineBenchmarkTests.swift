// Throughput of the whole engine (scanner + validators) over mixed data; runs only with CUSTODY_BENCH=1, in release:
// CUSTODY_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter IndicatorEngineBenchmark

import Foundation
import Testing
@testable import Indicators

enum EngineBenchCorpus {
    /// Real addresses of several chains, planted in the text chunks so the validators run on hits too.
    static let planted = [
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "LQTpS3VaYTjCr4s9Y1t5zbeY26zevf7Fb3", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L",
    ]

    /// Chinese chat text of the kind scams leave (generated from fixed sentences, deterministic order).
    static let chineseSentences = [
        "您好，欢迎加入我们的投资群，每天收益百分之五。", "请把USDT转到下面的钱包地址，到账后截图发给客服。",
        "平台最近在做活动，充值一万送两千，名额有限。", "老师说今天的行情很好，大家抓紧时间跟单。",
        "提现需要先缴纳百分之二十的保证金，这是规定。", "如果有任何问题，请联系在线客服，我们二十四小时为您服务。",
        "我已经转了五千块，为什么还没有到账？", "系统正在维护，请耐心等待，明天就可以提现了。",
    ]

    /// `size` bytes of 64 KiB chunks: 45% random binary, 45% text (four parts /usr/share/doc, one part Chinese
    /// chat, with a real address planted every 4 KiB), 10% Base58-like noise words.
    static func make(size: Int) -> (bytes: [UInt8], planted: Int) {
        var noise = NoiseGenerator(state: 0x1d1c_a70e)
        let documentation = MixedCorpus.documentationText(limit: 16 << 20)
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        let chinese = chineseSentences.map { Array($0.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(size + 65536)
        var textPosition = 0
        var plantedCount = 0
        while out.count < size {
            let pick = noise.next() % 20
            if pick < 9 {
                out += noise.bytes(65536)
            } else if pick < 18 {
                var chunk: [UInt8] = []
                chunk.reserveCapacity(66000)
                while chunk.count < 65536 {
                    if noise.next() % 5 == 0 || documentation.isEmpty {
                        for _ in 0..<8 { chunk += chinese[Int(noise.next() % UInt64(chinese.count))] }
                        chunk.append(0x0A)
                    } else {
                        let end = min(documentation.count, textPosition + 3072)
                        chunk += documentation[textPosition..<end]
                        textPosition = end == documentation.count ? 0 : end
                    }
                    chunk += Array(" 地址 \(planted[plantedCount % planted.count]) \n".utf8)
                    plantedCount += 1
                }
                out += chunk
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
        return (out, plantedCount)
    }
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["CUSTODY_BENCH"] == "1",
                "benchmark: CUSTODY_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter IndicatorEngineBenchmark"))
struct IndicatorEngineBenchmarkTests {
    @Test func engineThroughputOnMixedData() {
        let megabytes = Int(ProcessInfo.processInfo.environment["CUSTODY_BENCH_MB"] ?? "") ?? 256
        let (data, planted) = EngineBenchCorpus.make(size: megabytes << 20)
        _ = IndicatorEngine.seedWords
        _ = Base58Shapes.admitted

        func timed(_ body: () -> Int) -> (seconds: Double, count: Int) {
            let start = DispatchTime.now().uptimeNanoseconds
            let count = body()
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, count)
        }
        func blocks(_ feed: (UnsafeRawBufferPointer) -> Void) {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(raw.count, offset + (1 << 20))
                    feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
        }
        let candidates = timed {
            var scanner = CandidateScanner(options: IndicatorEngine.fileOptions)
            var count = 0
            blocks { count += scanner.feed($0).count }
            return count + scanner.finish().count
        }
        var kinds: [IndicatorKind: Int] = [:]
        let engine = timed {
            let scanner = IndicatorFileScanner()
            var findings: [IndicatorFinding] = []
            blocks { findings += scanner.feed($0) }
            findings += scanner.finish()
            for finding in findings { kinds[finding.kind, default: 0] += 1 }
            return findings.count
        }
        func rate(_ seconds: Double) -> String {
            String(format: "%.0f MB/s (%.0f MiB/s)", Double(data.count) / 1e6 / seconds, Double(data.count) / 1_048_576 / seconds)
        }
        print("engine benchmark: \(data.count >> 20) MiB mixed; candidate scanner \(String(format: "%.2f", candidates.seconds)) s = \(rate(candidates.seconds)), \(candidates.count) candidates; full engine \(String(format: "%.2f", engine.seconds)) s = \(rate(engine.seconds)), \(engine.count) findings; planted \(planted)")
        print("engine benchmark findings:", kinds.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        let plantedKinds: [IndicatorKind] = [.trx, .btc, .eth, .ltc, .doge]
        #expect(plantedKinds.reduce(0) { $0 + (kinds[$1] ?? 0) } >= planted)
        #expect(Double(data.count) / 1e6 / engine.seconds >= 300, "below the 300 MB/s per core of issue 4")
    }
}
