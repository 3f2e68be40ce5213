// Where tests find the repository, TestEvidence, the shared real-data corpus and the built binary; how they run tools.

import Foundation

public enum Repo {
    /// The package root (this file is Tests/TestSupport/TestSupport.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let testEvidence = root.appendingPathComponent("TestEvidence")

    /// ../shared/corpus: real artifacts written by other projects (see its README and GROUND_TRUTH.md).
    public static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    public static func corpusFile(_ relative: String) -> String {
        corpus.appendingPathComponent(relative).path
    }

    /// The custody binary built by `swift build` (override with CUSTODY_BIN).
    public static var binary: String {
        ProcessInfo.processInfo.environment["CUSTODY_BIN"] ?? root.appendingPathComponent(".build/debug/custody").path
    }
}

/// A temporary folder removed when the value is released.
public final class TemporaryFolder {
    public let url: URL
    public var path: String { url.path }

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("custody-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

public struct ToolResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Tool {
    /// Runs a program (looked up in PATH when not absolute) and collects its output.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty tool cannot block on a full pipe.
        var errData = Data()
        let errThread = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errThread.isFinished { usleep(1000) }
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the custody binary.
    @discardableResult
    public static func custody(_ arguments: [String]) throws -> ToolResult {
        try run(Repo.binary, arguments)
    }

    /// Runs the custody binary with a crash planted by the debug-only `CUSTODY_TEST_CRASH=<stage>:<substring>` hook
    /// (and without the runtime's backtracer, which only slows a crashing test down).
    @discardableResult
    public static func custody(_ arguments: [String], crash: String?) throws -> ToolResult {
        var environment = ProcessInfo.processInfo.environment
        environment["CUSTODY_TEST_CRASH"] = crash
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return try run(Repo.binary, arguments, environment: environment)
    }

    /// Runs python3 with a script given inline.
    public static func python(_ script: String, _ arguments: [String] = []) throws -> ToolResult {
        try run("python3", ["-c", script] + arguments)
    }
}

/// One row of a `TestEvidence/<label>.truth.json` ground-truth file.
public struct TruthFile: Decodable, Sendable {
    public var path: String
    public var kind: String
    public var size: Int64?
    public var sha256: String?
    public var md5: String?
    public var container: Bool?
    public var expected_status: String
    public var note: String?
}

public struct Truth: Decodable, Sendable {
    public var exhibit: String
    public var source: String
    public var source_sha256: String?
    public var files: [TruthFile]

    public static func load(_ label: String) throws -> Truth {
        let url = Repo.testEvidence.appendingPathComponent("\(label).truth.json")
        return try JSONDecoder().decode(Truth.self, from: Data(contentsOf: url))
    }

    /// The exhibits TestEvidence holds (label, source path).
    public static let exhibits: [String] = ["android-ffs.zip", "PC-07.tar.gz", "bad-inputs", "handset-B.zip"]
}
