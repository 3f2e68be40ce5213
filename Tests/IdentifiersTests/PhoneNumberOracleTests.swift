// Differential test against libphonenumber (Python port): every number both sides consider possible must give
// the same E.164. Install the oracle with `pip install phonenumbers==9.0.43`.

import Foundation
import Testing
import TestSupport
@testable import Identifiers

let phonenumbersAvailable: Bool = (try? Tool.python("import phonenumbers").status) == 0

@Suite(.enabled(if: phonenumbersAvailable, "pip install phonenumbers==9.0.43"))
struct PhoneNumberOracleTests {
    @Test func agreesWithLibphonenumber() throws {
        // The vectors plus a generated sweep: for each region, its example-like national forms.
        var inputs: [(String, String?)] = PhoneVectors.normalized.map { ($0.raw, $0.region) }
        // Colombia's carrier-selection codes after the trunk 0 are not modelled (see PhoneMetadata).
        for (code, region) in PhoneMetadata.regions.sorted(by: { $0.key < $1.key }) where code != "CO" {
            for length in region.nationalLengths.sorted() {
                let national = String(String(repeating: "923456789", count: 3).prefix(length))
                inputs.append(((region.trunkPrefixes.first.map { $0.filter(\.isNumber) } ?? "") + national, code))
                inputs.append(("+\(region.callingCode) \(national)", nil))
            }
        }
        let script = """
            import json, sys, phonenumbers as p
            out = []
            for raw, region in json.load(sys.stdin):
                try:
                    n = p.parse(raw, region)
                    out.append(p.format_number(n, p.PhoneNumberFormat.E164) if p.is_possible_number(n) else None)
                except Exception:
                    out.append(None)
            print(json.dumps(out))
            """
        let folder = TemporaryFolder()
        let input = folder.file("in.json")
        let payload = inputs.map { [$0.0, $0.1 as Any? ?? NSNull()] }
        try JSONSerialization.data(withJSONObject: payload).write(to: URL(fileURLWithPath: input))
        let result = try Tool.run("sh", ["-c", "python3 -c \"$0\" < \"$1\"", script, input])
        #expect(result.status == 0, "\(result.stderr)")
        let oracle = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any])
        #expect(oracle.count == inputs.count)
        var compared = 0
        var disagreements: [String] = []
        for (index, expected) in oracle.enumerated() {
            guard let expected = expected as? String else { continue }
            let ours = PhoneNumber.parse(inputs[index].0, defaultRegion: inputs[index].1)
            // NANP numbers libphonenumber finds possible but whose area code starts 0/1 are refused on purpose.
            if ours.reason?.hasPrefix("not a NANP number") == true { continue }
            // libphonenumber allows 17-digit national numbers; E.164 caps the whole number at 15 digits.
            if ours.reason == "longer than E.164's 15 digits" { continue }
            compared += 1
            if ours.e164 != expected { disagreements.append("\(inputs[index]) ours \(ours.e164 ?? ours.reason ?? "-") oracle \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(compared > 400)
    }
}
