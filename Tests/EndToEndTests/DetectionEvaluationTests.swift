// The built-in rule packs on real labelled text (../shared/corpus/scamtext): Scripts/detect-eval.py --check fails
// when precision, recall or the share of ordinary texts flagged falls below what docs/DETECTION-EVAL.md reports.

import Foundation
import Testing
import TestSupport

@Test func rulePacksKeepTheirPrecisionRecallAndFalsePositiveTargets() throws {
    let script = Repo.root.appendingPathComponent("Scripts/detect-eval.py").path
    let result = try Tool.run("python3", [script, "--binary", Repo.binary, "--check"])
    #expect(result.status == 0, "\(result.stdout.suffix(3000))\n\(result.stderr.suffix(2000))")
    #expect(result.stderr.contains("check: OK"))
}
