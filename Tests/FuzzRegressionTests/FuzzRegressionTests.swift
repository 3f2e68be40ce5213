// Replays every checked-in fuzz input (crashes found, hand-made seeds) and a few real seeds through each fuzz
// target in the ordinary build: a regression crashes this test process.

import Foundation
import FuzzTargets
import Testing
import TestSupport

/// One checked-in input: Tests/FuzzRegressions/<target>/<file>.
struct FuzzRegressionInput: CustomTestStringConvertible, Sendable {
    var target: String
    var path: String
    var testDescription: String { "\(target)/\((path as NSString).lastPathComponent)" }

    static let folder = Repo.root.appendingPathComponent("Tests/FuzzRegressions")

    static let all: [FuzzRegressionInput] = {
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") }
                .map { FuzzRegressionInput(target: target, path: folder.appendingPathComponent(target).appendingPathComponent($0).path) }
        }
    }()
}

@Suite struct FuzzRegressionTests {
    @Test func everyFolderNamesATarget() {
        let folders = Set(FuzzRegressionInput.all.map(\.target))
        #expect(!folders.isEmpty)
        for folder in folders { #expect(FuzzTarget.named(folder) != nil, "Tests/FuzzRegressions/\(folder) names no fuzz target") }
    }

    @Test(arguments: FuzzRegressionInput.all)
    func checkedInInputReturns(_ input: FuzzRegressionInput) throws {
        let target = try #require(FuzzTarget.named(input.target))
        let data = try #require(FileManager.default.contents(atPath: input.path))
        #expect(data.count <= target.maxLength, "a checked-in input longer than -max_len was not found by the fuzzer")
        data.withUnsafeBytes { target.run($0) }
    }

    /// Every target has checked-in inputs, so this replay exercises all of them even without the corpus.
    @Test(arguments: FuzzTarget.all.map(\.name))
    func everyTargetHasCheckedInInputs(_ name: String) {
        #expect(FuzzRegressionInput.all.contains { $0.target == name })
    }

    /// The seed sources name real files (a renamed corpus folder would silently leave a target unseeded) and the
    /// target returns on the first few of them.
    @Test(arguments: FuzzTarget.all.filter { !$0.seeds.isEmpty }.map(\.name))
    func realSeedsReplay(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = SeedCollector.seeds(for: target, repository: Repo.root, limit: 2)
        #expect(!seeds.isEmpty, "no seed file found for \(name)")
        for seed in seeds {
            #expect(seed.bytes.count <= target.maxLength)
            seed.bytes.withUnsafeBytes { target.run($0) }
        }
    }
}
