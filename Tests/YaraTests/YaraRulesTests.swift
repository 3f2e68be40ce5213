// YaraRules: what analysts' rules find, where libyara says they went wrong, and agreement with the `yara` command.

import Foundation
import Testing
import TestSupport
@testable import Yara

private func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

private let scamRules = """
rule WireTransferScript : scam finance
{
    meta:
        author = "unit 7"
        author = "case review"
        severity = 3
        confirmed = true
    strings:
        $greeting = "dear customer" nocase
        $amount = /USD ?[0-9]{3,6}/
        $wallet = { 62 63 31 71 [4-8] 70 }
        $wide = "refund" wide
    condition:
        $greeting and #amount >= 2 and ($wallet or $wide)
}

rule NotThere
{
    strings:
        $x = "never in the buffer"
    condition:
        $x
}

rule NoStrings : meta_only
{
    condition:
        filesize > 10
}
"""

@Test func stringsRegexesHexTagsAndMetaAreReportedWhereTheyMatch() throws {
    let folder = TemporaryFolder()
    try write(scamRules, to: folder.file("scam.yar"))
    let rules = try YaraRules(paths: [folder.file("scam.yar")])
    #expect(rules.ruleCount == 3)

    var text = Array("Dear Customer, pay USD 450 now, then USD 1200. Address bc1qxyz0p. ".utf8)
    text += Array("refund".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let matches = try rules.scan(text)

    #expect(matches.map(\.rule) == ["WireTransferScript", "NoStrings"])
    let scam = try #require(matches.first)
    #expect(scam.namespace == "default")
    #expect(scam.tags == ["scam", "finance"])
    #expect(scam.meta == ["author": "unit 7\ncase review", "severity": "3", "confirmed": "true"])
    let found = scam.strings.map { "\($0.identifier)@\($0.offset)+\($0.length)" }
    #expect(found == ["$greeting@0+13", "$amount@19+7", "$amount@37+8", "$wallet@55+9", "$wide@66+12"])
    #expect(scam.strings[3].data == Array("bc1qxyz0p".utf8))
    #expect(matches[1].tags == ["meta_only"] && matches[1].strings.isEmpty)
}

@Test func aSyntaxErrorNamesTheFileAndLine() throws {
    let folder = TemporaryFolder()
    try write("rule Good { condition: true }\n", to: folder.file("a.yar"))
    try write("rule Broken\n{\n    strings:\n        $a = \"wallet\"\n    condition:\n        $a and and\n}\n",
              to: folder.file("b.yar"))
    do {
        _ = try YaraRules(paths: [folder.path])
        Issue.record("a broken rule compiled")
    } catch let error as YaraError {
        #expect(error.code == .compileFailed)
        #expect(error.message == folder.file("b.yar") + ":6: syntax error (rule \"Broken\")")
    }
}

@Test func anUnreferencedStringIsAnErrorAsInTheYaraCommand() throws {
    let folder = TemporaryFolder()
    try write("rule R {\n strings:\n  $a = \"x\"\n  $b = \"y\"\n condition:\n  $a\n}\n", to: folder.file("r.yar"))
    #expect { try YaraRules(paths: [folder.file("r.yar")]) } throws: { error in
        (error as? YaraError)?.message.hasSuffix("r.yar:7: unreferenced string \"$b\" (rule \"R\")") == true
    }
}

@Test func includesAreRefusedSoTheHashCoversEveryCompiledByte() throws {
    let folder = TemporaryFolder()
    try write("rule Inner { condition: true }\n", to: folder.file("inner.txt"))
    try write("include \"inner.txt\"\nrule Outer { condition: Inner }\n", to: folder.file("outer.yar"))
    #expect { try YaraRules(paths: [folder.file("outer.yar")]) } throws: { error in
        (error as? YaraError)?.code == .compileFailed
    }
}

@Test func directoriesAreSearchedRecursivelyInPathOrderAndHashedByContent() throws {
    let first = TemporaryFolder(), second = TemporaryFolder()
    for folder in [first, second] {
        try write("rule B { condition: true }\n", to: folder.file("pack/b.yar"))
        try write("rule A { condition: true }\n", to: folder.file("pack/sub/a.YARA"))
        try write("rule NotARuleFile { condition: true }\n", to: folder.file("pack/readme.txt"))
    }
    let rules = try YaraRules(paths: [first.file("pack")])
    #expect(rules.files == [first.file("pack/b.yar"), first.file("pack/sub/a.YARA")])
    #expect(rules.ruleCount == 2)
    #expect(try rules.scan([UInt8]()).map(\.rule) == ["B", "A"])

    // The same pack elsewhere has the same hash; one changed byte changes it.
    let moved = try YaraRules(paths: [second.file("pack")])
    #expect(moved.sha256 == rules.sha256 && rules.sha256.count == 64)
    try write("rule B { condition: false }\n", to: second.file("pack/b.yar"))
    #expect(try YaraRules(paths: [second.file("pack")]).sha256 != rules.sha256)

    #expect { try YaraRules(paths: [first.file("pack/readme.txt") + ".missing"]) } throws: { error in
        (error as? YaraError)?.code == .unreadableRuleFile
    }
    let empty = TemporaryFolder()
    #expect { try YaraRules(paths: [empty.path]) } throws: { error in (error as? YaraError)?.code == .noRuleFiles }
}

@Test func matchesPerRuleAreCappedAndTheRestCounted() throws {
    let folder = TemporaryFolder()
    try write("rule Many { strings: $a = \"ab\" condition: $a }\n", to: folder.file("many.yar"))
    let rules = try YaraRules(paths: [folder.path])
    let matches = try rules.scan(Array(repeating: Array("ab".utf8), count: 5_000).flatMap { $0 })
    let many = try #require(matches.first)
    #expect(many.strings.count == YaraRules.maximumStringMatchesPerRule)
    #expect(many.stringMatchesOmitted == 5_000 - YaraRules.maximumStringMatchesPerRule)
    #expect(many.strings.first?.offset == 0 && many.strings.last?.offset == 2 * 999)
}

@Test func aSlowConditionEndsInATimeoutError() throws {
    let folder = TemporaryFolder()
    try write("""
    rule Quadratic {
        condition:
            for any i in (0..filesize) : ( for any j in (0..filesize) : ( uint8(i) == 1 and uint8(j) == 2 ) )
    }
    """, to: folder.file("slow.yar"))
    let rules = try YaraRules(paths: [folder.path])
    let start = Date()
    #expect { try rules.scan([UInt8](repeating: 0, count: 200_000), timeoutSeconds: 1) } throws: { error in
        (error as? YaraError)?.code == .scanTimeout
    }
    #expect(Date().timeIntervalSince(start) < 30)
}

@Test func threadsScanningWithTheSameRulesGetTheSameAnswers() throws {
    let folder = TemporaryFolder()
    try write(scamRules, to: folder.file("scam.yar"))
    let rules = try YaraRules(paths: [folder.path])
    let buffers: [[UInt8]] = (0..<16).map { index in
        Array("dear customer USD \(100 + index) and USD 999 bc1q1234p refund \(String(repeating: "x", count: index))".utf8)
    }
    let expected = try buffers.map { try rules.scan($0) }
    let results = ResultBox(count: buffers.count * 4)
    DispatchQueue.concurrentPerform(iterations: buffers.count * 4) { index in
        results.set(index, try? rules.scan(buffers[index % buffers.count]))
    }
    for index in 0..<(buffers.count * 4) {
        #expect(results.get(index) == expected[index % buffers.count])
    }
}

private final class ResultBox: @unchecked Sendable {
    private var values: [[YaraMatch]?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: [YaraMatch]?) { lock.lock(); values[index] = value; lock.unlock() }
    func get(_ index: Int) -> [YaraMatch]? { lock.lock(); defer { lock.unlock() }; return values[index] }
}

@Test func aStringPastLibyarasMatchLimitFailsTheScanInsteadOfReportingPartOfIt() throws {
    let folder = TemporaryFolder()
    try write("rule Flood { strings: $a = { 41 } condition: $a }\n", to: folder.file("flood.yar"))
    let rules = try YaraRules(paths: [folder.path])
    #expect { try rules.scan([UInt8](repeating: 0x41, count: 1_000_000 + 10)) } throws: { error in
        guard let error = error as? YaraError else { return false }
        return error.code == .tooManyMatches && error.message.contains("$a of rule Flood")
    }
}

@Test func theRecordedHashCanBeRecomputedFromTheRuleFilesWithoutCustody() throws {
    let folder = TemporaryFolder()
    try write(scamRules, to: folder.file("pack/scam.yar"))
    try write("rule Second { condition: filesize > 0 }\n", to: folder.file("pack/more/second.yara"))
    let rules = try YaraRules(paths: [folder.file("pack")])
    // The documented recipe: per file in path order, name below the folder, NUL, decimal size, NUL, bytes.
    let recomputed = try Tool.python("""
    import hashlib, os, sys
    root = sys.argv[1]
    names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
    h = hashlib.sha256()
    for name in names:
        data = open(os.path.join(root, name), 'rb').read()
        h.update(name.encode() + b'\\0' + str(len(data)).encode() + b'\\0' + data)
    print(h.hexdigest())
    """, [folder.file("pack")])
    #expect(recomputed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == rules.sha256)
}

@Test func emptyAndUnreadableDescriptorsAreAnswerAndErrorNotCrash() throws {
    let folder = TemporaryFolder()
    try write("rule Any { condition: true }\nrule Big { condition: filesize > 0 }\n", to: folder.file("r.yar"))
    let rules = try YaraRules(paths: [folder.path])
    FileManager.default.createFile(atPath: folder.file("empty.bin"), contents: Data())
    let descriptor = open(folder.file("empty.bin"), O_RDONLY)
    try #require(descriptor >= 0)
    #expect(try rules.scan(fileDescriptor: descriptor).map(\.rule) == ["Any"])
    close(descriptor)
    // Not the closed number: tests run in parallel and another may have been given it already.
    #expect { try rules.scan(fileDescriptor: -1) } throws: { error in
        (error as? YaraError)?.code == .unreadableTarget
    }
}
