// Owns a compiled libyara rule set: compiles analysts' rule files once, scans buffers and files with it.

import CYara
import Crypto
import Foundation

/// libyara's process-wide state, set up once on first use. It is never finalized: yr_finalize while a
/// worker thread still scans would free what that scan uses, and the process's end reclaims it anyway.
private let libraryStatus: Int32 = yr_initialize()

/// A compiled rule set. Thread-safe: libyara lets several threads scan with one YR_RULES at the same time
/// (each yr_rules_scan_* call makes its own scanner); every scan here has its own collector.
public final class YaraRules: @unchecked Sendable {
    /// Per rule, string matches kept beyond this are only counted (`YaraMatch.stringMatchesOmitted`).
    public static let maximumStringMatchesPerRule = 1_000
    /// Bytes of each match kept in `YaraStringMatch.data`.
    public static let maximumMatchDataBytes = 64
    /// A rule file larger than this is refused: analysts' rule packs are text, not evidence.
    public static let maximumRuleFileBytes = 16 << 20

    /// SHA-256 over every compiled rule file, hex. For each file in `files` order it hashes the file's
    /// name (its path below the directory it was found in, or its last path component when named directly),
    /// a NUL, its byte count in decimal, a NUL and its bytes — so a rule pack moved elsewhere keeps its hash.
    public let sha256: String
    /// Rules compiled, private and global rules included.
    public let ruleCount: Int
    /// The rule files compiled, in compile order (sorted by path, duplicates removed).
    public let files: [String]
    /// libyara's warnings, `file:line: message`.
    public let warnings: [String]

    private let rules: UnsafeMutablePointer<YR_RULES>

    /// - Parameter paths: rule files, or directories searched recursively for *.yar and *.yara files.
    ///   All rules share libyara's `default` namespace, as with the `yara` command, so one file's rule may
    ///   refer to another's. `include` is refused: the hash must cover every byte that was compiled.
    public init(paths: [String]) throws {
        guard libraryStatus == ERROR_SUCCESS else {
            throw YaraError(code: .libraryFailed, message: "yr_initialize failed", status: libraryStatus)
        }
        let sources = try Self.ruleFiles(paths)
        guard !sources.isEmpty else {
            throw YaraError(code: .noRuleFiles, message: "no *.yar or *.yara file in \(paths.joined(separator: ", "))")
        }

        var hasher = SHA256()
        var contents: [[UInt8]] = []
        for source in sources {
            let bytes = try Self.read(source.path)
            hasher.update(data: Array(source.name.utf8) + [0] + Array(String(bytes.count).utf8) + [0])
            hasher.update(data: bytes)
            contents.append(bytes)
        }
        sha256 = hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        files = sources.map(\.path)

        var compilerPointer: UnsafeMutablePointer<YR_COMPILER>?
        let createStatus = yr_compiler_create(&compilerPointer)
        guard createStatus == ERROR_SUCCESS, let compiler = compilerPointer else {
            throw YaraError(code: .libraryFailed, message: "yr_compiler_create failed", status: createStatus)
        }
        defer { yr_compiler_destroy(compiler) }

        let diagnostics = CompileDiagnostics()
        let diagnosticsPointer = Unmanaged.passUnretained(diagnostics).toOpaque()
        yr_compiler_set_callback(compiler, compilerCallback, diagnosticsPointer)
        yr_compiler_set_include_callback(compiler, refuseInclude, nil, nil)

        for (source, bytes) in zip(sources, contents) {
            diagnostics.currentFile = source.path
            let errorCount = withExtendedLifetime(diagnostics) {
                (bytes + [0]).withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { text in
                        yr_compiler_add_string(compiler, text.baseAddress, nil)
                    }
                }
            }
            guard errorCount == 0 else {
                let errors = diagnostics.errors.isEmpty ? ["\(source.path): \(errorCount) error(s)"] : diagnostics.errors
                throw YaraError(code: .compileFailed, message: errors.joined(separator: "\n"), status: ERROR_SYNTAX_ERROR)
            }
        }

        var rulesPointer: UnsafeMutablePointer<YR_RULES>?
        let rulesStatus = yr_compiler_get_rules(compiler, &rulesPointer)
        guard rulesStatus == ERROR_SUCCESS, let compiled = rulesPointer else {
            throw YaraError(code: .compileFailed, message: "yr_compiler_get_rules failed", status: rulesStatus)
        }
        rules = compiled
        ruleCount = Int(compiled.pointee.num_rules)
        warnings = diagnostics.warnings
    }

    deinit {
        yr_rules_destroy(rules)
    }

    /// Scans a buffer (file bytes or extracted text). Rules in compile order.
    /// - Parameter timeoutSeconds: libyara's limit for the whole scan; 0 means none.
    public func scan(_ bytes: UnsafeRawBufferPointer, timeoutSeconds: Int32 = 10) throws -> [YaraMatch] {
        let collector = ScanCollector()
        var empty: UInt8 = 0
        let status = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            withExtendedLifetime(collector) {
                yr_rules_scan_mem(rules,
                                  bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer),
                                  bytes.count, SCAN_FLAGS_REPORT_RULES_MATCHING, scanCallback,
                                  Unmanaged.passUnretained(collector).toOpaque(), timeoutSeconds)
            }
        }
        return try collector.result(status: status)
    }

    public func scan(_ bytes: [UInt8], timeoutSeconds: Int32 = 10) throws -> [YaraMatch] {
        try bytes.withUnsafeBytes { try scan($0, timeoutSeconds: timeoutSeconds) }
    }

    /// Scans an open file (libyara maps it), for scratch copies too large to hold in memory.
    public func scan(fileDescriptor: Int32, timeoutSeconds: Int32 = 10) throws -> [YaraMatch] {
        let collector = ScanCollector()
        let status = withExtendedLifetime(collector) {
            yr_rules_scan_fd(rules, fileDescriptor, SCAN_FLAGS_REPORT_RULES_MATCHING, scanCallback,
                             Unmanaged.passUnretained(collector).toOpaque(), timeoutSeconds)
        }
        return try collector.result(status: status)
    }

    // MARK: - Rule files

    private struct RuleSource {
        var path: String
        var name: String
    }

    private static func isRuleFile(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yar") || lowered.hasSuffix(".yara")
    }

    private static func ruleFiles(_ paths: [String]) throws -> [RuleSource] {
        var found: [String: RuleSource] = [:]
        for path in paths {
            let root = URL(fileURLWithPath: path).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw YaraError(code: .unreadableRuleFile, message: "\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                found[root] = found[root] ?? RuleSource(path: root, name: URL(fileURLWithPath: root).lastPathComponent)
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: root) else {
                throw YaraError(code: .unreadableRuleFile, message: "\(path): cannot list directory")
            }
            while let relative = walker.nextObject() as? String {
                guard isRuleFile(relative) else { continue }
                let full = root + "/" + relative
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
                    continue
                }
                found[full] = found[full] ?? RuleSource(path: full, name: relative)
            }
        }
        // Byte order, not locale order: the compile order (and so match order) must not depend on the machine.
        return found.values.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw YaraError(code: .unreadableRuleFile, message: "\(path): cannot open")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumRuleFileBytes + 1) ?? Data()
        } catch {
            throw YaraError(code: .unreadableRuleFile, message: "\(path): \(error)")
        }
        guard data.count <= maximumRuleFileBytes else {
            throw YaraError(code: .unreadableRuleFile, message: "\(path): larger than \(maximumRuleFileBytes) bytes")
        }
        // libyara compiles a C string: a NUL would silently end the rules early.
        guard !data.contains(0) else {
            throw YaraError(code: .unreadableRuleFile, message: "\(path): contains a NUL byte")
        }
        return [UInt8](data)
    }
}

// MARK: - Compiler callbacks

private final class CompileDiagnostics {
    var currentFile = ""
    var errors: [String] = []
    var warnings: [String] = []
}

// libyara reports errors of strings without a file name; the file being added is the one at fault.
private let compilerCallback: YR_COMPILER_CALLBACK_FUNC = { level, _, line, rule, message, userData in
    guard let userData else { return }
    let diagnostics = Unmanaged<CompileDiagnostics>.fromOpaque(userData).takeUnretainedValue()
    var text = "\(diagnostics.currentFile):\(line): \(message.map { String(cString: $0) } ?? "unknown error")"
    if let name = rule?.pointee.identifier { text += " (rule \"\(String(cString: name))\")" }
    if level == YARA_ERROR_LEVEL_WARNING {
        diagnostics.warnings.append(text)
    } else {
        diagnostics.errors.append(text)
    }
}

// Returning NULL makes libyara report "can't open include file" at the include's line.
private let refuseInclude: YR_COMPILER_INCLUDE_CALLBACK_FUNC = { _, _, _, _ in nil }

// MARK: - Scanning

private final class ScanCollector {
    private struct Found {
        var ruleIndex: Int
        var match: YaraMatch
    }
    private var found: [Found] = []
    private var failure: YaraError?
    private var tooManyMatchesString: String?

    func result(status: Int32) throws -> [YaraMatch] {
        if let failure { throw failure }
        switch status {
        case ERROR_SUCCESS:
            return found.sorted { $0.ruleIndex < $1.ruleIndex }.map(\.match)
        case ERROR_SCAN_TIMEOUT:
            throw YaraError(code: .scanTimeout, message: "scan timed out", status: status)
        case ERROR_TOO_MANY_MATCHES:
            let which = tooManyMatchesString.map { " (\($0))" } ?? ""
            throw YaraError(code: .tooManyMatches,
                            message: "a string matched more than \(YR_MAX_STRING_MATCHES) times\(which)", status: status)
        case ERROR_INSUFFICIENT_MEMORY:
            throw YaraError(code: .insufficientMemory, message: "libyara ran out of memory", status: status)
        case ERROR_COULD_NOT_OPEN_FILE, ERROR_COULD_NOT_MAP_FILE, ERROR_COULD_NOT_READ_FILE:
            throw YaraError(code: .unreadableTarget, message: "libyara could not read the target", status: status)
        default:
            throw YaraError(code: .scanFailed, message: "libyara scan failed", status: status)
        }
    }

    func tooManyMatches(_ string: UnsafeMutablePointer<YR_STRING>?, _ context: UnsafeMutablePointer<YR_SCAN_CONTEXT>?) {
        guard let string, let identifier = string.pointee.identifier else { return }
        var rule = "#\(string.pointee.rule_idx)"
        if let rules = context?.pointee.rules, string.pointee.rule_idx < rules.pointee.num_rules,
           let name = rules.pointee.rules_table?[Int(string.pointee.rule_idx)].identifier {
            rule = String(cString: name)
        }
        tooManyMatchesString = "\(String(cString: identifier)) of rule \(rule)"
    }

    func collect(rule: UnsafeMutablePointer<YR_RULE>, context: UnsafeMutablePointer<YR_SCAN_CONTEXT>) {
        guard let table = context.pointee.rules?.pointee.rules_table else {
            failure = YaraError(code: .scanFailed, message: "scan context without rules")
            return
        }
        let ruleIndex = table.distance(to: rule)
        let name = rule.pointee.identifier.map { String(cString: $0) } ?? ""
        let namespace = rule.pointee.ns?.pointee.name.map { String(cString: $0) } ?? ""
        var match = YaraMatch(rule: name, namespace: namespace, tags: Self.tags(rule), meta: Self.meta(rule), strings: [])
        collectStrings(rule, context, into: &match)
        found.append(Found(ruleIndex: ruleIndex, match: match))
    }

    // Bounds on walks over libyara's tables: a corrupt table must end the walk, not the process.
    private static let maximumTableWalk = 1_000_000

    private static func tags(_ rule: UnsafeMutablePointer<YR_RULE>) -> [String] {
        var tags: [String] = []
        guard var tag = rule.pointee.tags else { return tags }
        // A NUL-separated list ended by an empty string (yr_rule_tags_foreach).
        while tag.pointee != 0, tags.count < maximumTableWalk {
            tags.append(String(cString: tag))
            tag = tag.advanced(by: strlen(tag) + 1)
        }
        return tags
    }

    private static func meta(_ rule: UnsafeMutablePointer<YR_RULE>) -> [String: String] {
        var meta: [String: String] = [:]
        guard var entry = rule.pointee.metas else { return meta }
        for _ in 0..<maximumTableWalk {
            let value = entry.pointee
            if let identifier = value.identifier {
                let key = String(cString: identifier)
                let text: String
                switch value.type {
                case META_TYPE_INTEGER: text = String(value.integer)
                case META_TYPE_BOOLEAN: text = value.integer != 0 ? "true" : "false"
                default: text = value.string.map { String(cString: $0) } ?? ""
                }
                meta[key] = meta[key].map { $0 + "\n" + text } ?? text
            }
            if value.flags & META_FLAGS_LAST_IN_RULE != 0 { break }
            entry = entry.advanced(by: 1)
        }
        return meta
    }

    private func collectStrings(_ rule: UnsafeMutablePointer<YR_RULE>, _ context: UnsafeMutablePointer<YR_SCAN_CONTEXT>,
                                into match: inout YaraMatch) {
        guard var string = rule.pointee.strings, let table = context.pointee.matches else { return }
        var kept: [(order: Int, match: YaraStringMatch)] = []
        var omitted = 0
        for order in 0..<Self.maximumTableWalk {
            let identifier = string.pointee.identifier.map { String(cString: $0) } ?? ""
            var next = table[Int(string.pointee.idx)].head
            while let current = next {
                next = current.pointee.next
                // Private strings match for the condition but are not reported (yr_string_matches_foreach).
                if current.pointee.is_private { continue }
                guard kept.count < YaraRules.maximumStringMatchesPerRule else {
                    omitted += 1
                    continue
                }
                let (offset, overflow) = current.pointee.base.addingReportingOverflow(current.pointee.offset)
                let length = Int(current.pointee.match_length)
                let available = Int(max(0, current.pointee.data_length))
                var data: [UInt8] = []
                if let bytes = current.pointee.data {
                    data = Array(UnsafeBufferPointer(start: bytes, count: min(available, YaraRules.maximumMatchDataBytes)))
                }
                guard !overflow, length >= 0 else { continue }
                kept.append((order, YaraStringMatch(identifier: identifier, offset: offset, length: length, data: data)))
            }
            if string.pointee.flags & UInt32(STRING_FLAGS_LAST_IN_RULE) != 0 { break }
            string = string.advanced(by: 1)
        }
        kept.sort { lhs, rhs in
            if lhs.match.offset != rhs.match.offset { return lhs.match.offset < rhs.match.offset }
            if lhs.order != rhs.order { return lhs.order < rhs.order }
            return lhs.match.length < rhs.match.length
        }
        match.strings = kept.map(\.match)
        match.stringMatchesOmitted = omitted
    }
}

private let scanCallback: YR_CALLBACK_FUNC = { context, message, messageData, userData in
    guard let userData else { return CALLBACK_ERROR }
    let collector = Unmanaged<ScanCollector>.fromOpaque(userData).takeUnretainedValue()
    switch message {
    case CALLBACK_MSG_RULE_MATCHING:
        guard let context, let rule = messageData?.assumingMemoryBound(to: YR_RULE.self) else { return CALLBACK_ERROR }
        collector.collect(rule: rule, context: context)
        return CALLBACK_CONTINUE
    case CALLBACK_MSG_TOO_MANY_MATCHES:
        // Stop rather than let libyara drop the string's later matches: a partial answer would look complete.
        collector.tooManyMatches(messageData?.assumingMemoryBound(to: YR_STRING.self), context)
        return CALLBACK_ERROR
    default:
        return CALLBACK_CONTINUE
    }
}
