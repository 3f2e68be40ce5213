// `custody detect` and `custody rules check` as evaluation scripts and analysts call them (runs the built binary).

import Foundation
import Testing
import TestSupport

@Suite struct DetectCommand {
    let fixture = Fixture.folder.appendingPathComponent("test-core.yaml").path

    @Test func jsonlGivesOneObjectPerLineWithSpansInThatLine() throws {
        let folder = TemporaryFolder()
        let input = folder.file("texts.txt")
        try "hello\r\nMy uncle\u{2019}s platform pays 10% a day in ＵＳＤＴ\r\n\r\nbye\n".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try Tool.custody(["detect", "--no-builtin", "--rules", fixture, "--lines", "--format", "jsonl", input])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.map { $0["line"] as? Int } == [1, 2, 4])  // the empty line 3 is no text
        #expect(objects.allSatisfy { $0["pack"] as? String == "test-core@3" && ($0["pack_sha256"] as? String)?.count == 64 })
        let detections = objects[1]["detections"] as? [[String: Any]]
        #expect(detections?.first?["category"] as? String == "pig-butchering")
        let usdt = (detections?.first?["matches"] as? [[String: Any]])?.first { $0["ruleId"] as? String == "pig-butchering.any.usdt" }
        let span = (usdt?["spans"] as? [[String: Any]])?.first
        let line = Array("My uncle\u{2019}s platform pays 10% a day in ＵＳＤＴ".utf8)
        if let start = span?["start"] as? Int, let length = span?["length"] as? Int, start + length <= line.count {
            #expect(String(decoding: line[start..<(start + length)], as: UTF8.self) == "ＵＳＤＴ")
        } else {
            Issue.record("no span for the usdt rule: \(result.stdout)")
        }
    }

    @Test func rulesCheckPrintsPositionsAndFails() throws {
        let folder = TemporaryFolder()
        let file = folder.file("bad.yaml")
        try "pack: p\nversion: 1\ncategories: {scam: {threshold: 1}}\nrules:\n  - {id: scam.en.a, category: scam, languages: [en], weight: 1, phrase: [x]}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Tool.custody(["rules", "check", file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file):5:65: unknown key 'phrase' in rule"))
        #expect(result.stdout.contains("\(file):5:5: rule 'scam.en.a' has no matcher"))
        #expect(try Tool.custody(["rules", "check", fixture]).status == 0)
    }
}
