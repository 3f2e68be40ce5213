// A wallet app ships the BIP-39 wordlists: scanning the lists themselves must not report seed phrases (a run of
// 2048 list words contains windows that pass the checksum).

import Foundation
import Indicators
import Testing
import TestSupport

@Suite struct WordlistFileTests {
    @Test(arguments: ["english", "spanish", "french", "italian", "czech", "portuguese", "japanese", "korean",
                      "chinese_simplified", "chinese_traditional"])
    func aWordlistFileIsNoSeedPhrase(language: String) throws {
        let path = Repo.corpusFile("bitcoin+bips/bip-0039/\(language).txt")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let seeds = IndicatorEngine.scan(bytes: bytes).filter { $0.kind == .bip39 || $0.kind == .electrum }
        #expect(seeds.isEmpty, "\(seeds.map(\.raw))")
    }
}
