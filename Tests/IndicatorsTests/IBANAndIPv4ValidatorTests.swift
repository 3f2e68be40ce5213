// IBAN (mod-97, per-country lengths; differential against python-stdnum when installed) and IPv4 validation.

import Foundation
import Testing
import TestSupport
@testable import Indicators

@Suite("IBAN and IPv4 validators")
struct IBANAndIPv4ValidatorTests {
    /// IBAN registry / ECBS examples.
    @Test(arguments: [
        ("GB82WEST12345698765432", "GB"), ("GB82 WEST 1234 5698 7654 32", "GB"), ("DE89370400440532013000", "DE"),
        ("FR1420041010050500013M02606", "FR"), ("NL91ABNA0417164300", "NL"), ("BE68539007547034", "BE"),
        ("CH9300762011623852957", "CH"), ("NO9386011117947", "NO"), ("de89 3704 0044 0532 0130 00", "DE"),
    ])
    func validIBANs(_ text: String, _ country: String) throws {
        let found = try #require(IBANValidator.validate(text))
        #expect(found.kind == .iban)
        #expect(found.detail == country)
        #expect(found.value == text.uppercased().replacingOccurrences(of: " ", with: ""))
        #expect(found.raw == text)
    }

    @Test(arguments: [
        "GB82WEST12345698765433",   // check digits
        "GB28WEST12345698765432",   // swapped check digits
        "GB82WEST1234569876543",    // length for GB
        "XX82WEST12345698765432",   // no such country
        "GB82-WEST-1234-5698-7654-32",
        "DE8937040044053201300",
    ])
    func invalidIBANs(_ text: String) {
        #expect(IBANValidator.validate(text) == nil)
    }

    static let stdnumAvailable = (try? Tool.python("import stdnum.iban").status) == 0

    /// For every country python-stdnum knows: the length table agrees, a generated IBAN validates, and each
    /// one-digit change of it is rejected by both (national check digits, which stdnum checks for a few
    /// countries, are out of scope: check_country=False). Install: pip install python-stdnum==2.2
    @Test(.enabled(if: stdnumAvailable, "pip install python-stdnum==2.2"))
    func differentialAgainstStdnum() throws {
        let script = #"""
        import json, os, random, re, stdnum, stdnum.iban as iban
        random.seed(4)
        path = os.path.join(os.path.dirname(stdnum.__file__), "iban.dat")
        out = []
        for line in open(path, encoding="utf-8"):
            m = re.match(r'^([A-Z]{2}) .*bban="([^"]+)"', line)
            if not m: continue
            country, bban = m.groups()
            body = ""
            for count, kind in re.findall(r"(\d+)!?([nac])", bban):
                pool = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}[kind]
                body += "".join(random.choice(pool) for _ in range(int(count)))
            check = 98 - int("".join(str(int(c, 36)) for c in body + country + "00")) % 97
            value = f"{country}{check:02d}{body}"
            mutated = value[:-1] + ("0" if value[-1] != "0" else "1")
            out.append({"country": country, "length": len(value), "value": value, "valid": iban.is_valid(value, check_country=False),
                        "mutated": mutated, "mutatedValid": iban.is_valid(mutated, check_country=False)})
        print(json.dumps(out))
        """#
        let result = try Tool.python(script)
        try #require(result.status == 0, "\(result.stderr)")
        struct Row: Decodable { var country: String; var length: Int; var value: String; var valid: Bool; var mutated: String; var mutatedValid: Bool }
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        #expect(rows.count == IBANValidator.lengths.count)
        for row in rows {
            #expect(IBANValidator.lengths[row.country] == row.length, "\(row.country)")
            #expect((IBANValidator.validate(row.value) != nil) == row.valid, "\(row.value)")
            #expect((IBANValidator.validate(row.mutated) != nil) == row.mutatedValid, "\(row.mutated)")
        }
    }

    @Test(arguments: [
        ("8.8.8.8", "public"), ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("172.32.0.1", "public"),
        ("192.168.1.1", "private"), ("127.0.0.1", "loopback"), ("169.254.1.1", "link-local"), ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"), ("255.255.255.255", "reserved"), ("192.0.2.7", "documentation"), ("100.64.0.1", "shared"),
    ])
    func validIPv4(_ text: String, _ detail: String) throws {
        let found = try #require(IPv4Validator.validate(text))
        #expect(found.kind == .ipv4)
        #expect(found.value == text)
        #expect(found.detail == detail)
        #expect(found.validation == .none)
    }

    @Test(arguments: ["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.a", "1234.1.1.1", ""])
    func invalidIPv4(_ text: String) {
        #expect(IPv4Validator.validate(text) == nil)
    }
}
