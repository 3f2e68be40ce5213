// custody-fuzz: the libFuzzer driver (built by Scripts/fuzz.sh with -sanitize=fuzzer and CUSTODY_LIBFUZZER) or,
// in an ordinary build, a replay driver that runs saved inputs through a target.
//
//   custody-fuzz --list                          the targets, one per line: name, max length, summary
//   custody-fuzz --seeds TARGET DIR [--limit N]  writes TARGET's seed files into DIR (run from the repository root)
//   custody-fuzz TARGET FILE...                  replays files through TARGET (ordinary build)
//   CUSTODY_FUZZ_TARGET=NAME custody-fuzz [libFuzzer flags] CORPUS...   fuzzes (libFuzzer build)

import Foundation
import FuzzTargets

#if CUSTODY_LIBFUZZER
// libFuzzer's driver: parses the flags, runs the corpus and the mutation loop, calls back for every input.
// Declared by name because libFuzzer ships no Swift module; the argument types match its C declaration.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The target of this process, chosen once from the environment.
nonisolated(unsafe) var selected: FuzzTarget?

/// The symbol libFuzzer's own `main` calls; exported so the sanitizer runtime links either way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#endif

@main
struct FuzzMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--list" {
            for target in FuzzTarget.all { print("\(target.name)\t\(target.maxLength)\t\(target.summary)") }
            return
        }
        if arguments.first == "--seeds" {
            writeSeeds(Array(arguments.dropFirst()))
            return
        }
        #if CUSTODY_LIBFUZZER
        let name = ProcessInfo.processInfo.environment["CUSTODY_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget.named(name) else { fail("set CUSTODY_FUZZ_TARGET to one of: \(names)") }
        selected = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        guard let name = arguments.first, let target = FuzzTarget.named(name), arguments.count >= 2 else {
            fail("usage: custody-fuzz TARGET FILE... | --list | --seeds TARGET DIR [--limit N]; targets: \(names)")
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
            data.withUnsafeBytes { target.run($0) }
            print("\(target.name)\t\(path)\tok")
        }
        #endif
    }

    static var names: String { FuzzTarget.all.map(\.name).joined(separator: ", ") }

    static func writeSeeds(_ arguments: [String]) {
        guard arguments.count >= 2, let target = FuzzTarget.named(arguments[0]) else {
            fail("usage: custody-fuzz --seeds TARGET DIR [--limit N]; targets: \(names)")
        }
        var limit = 40
        if arguments.count >= 4, arguments[2] == "--limit", let value = Int(arguments[3]) { limit = value }
        let folder = URL(fileURLWithPath: arguments[1])
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let seeds = SeedCollector.seeds(for: target, repository: repository, limit: limit)
        for (index, seed) in seeds.enumerated() {
            let name = String(format: "seed-%03d-", index) + seed.name.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }.prefix(60)
            guard FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(seed.bytes)) else {
                fail("cannot write a seed into \(folder.path)")
            }
        }
        print("\(target.name): \(seeds.count) seeds")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
