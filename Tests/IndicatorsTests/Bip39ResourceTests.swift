// The BIP-39 wordlists ship as resources: byte copies of the official lists, all ten loaded.

import Crypto
import Foundation
@testable import Indicators
import Testing
import TestSupport

@Test(arguments: Bip39.Language.allCases)
func shippedWordlistIsTheOfficialList(_ language: Bip39.Language) throws {
    #expect(Bip39.resourceProblem == nil)
    let official = try String(contentsOfFile: Repo.corpusFile("bitcoin+bips/bip-0039/\(language.fileName)"), encoding: .utf8)
    #expect(language.words == official.split(separator: "\n").map(String.init))
    #expect(language.words.count == 2048)
}
