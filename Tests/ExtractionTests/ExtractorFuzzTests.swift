// Robustness of every chat and call extractor on damaged and hostile evidence: the project's rule is that bad input
// gets a recorded warning, never a crash (a Swift trap — index out of range, overflow, force unwrap, runaway
// recursion — would end a whole ingest). Each test below feeds mutants of real and generated evidence through
// `ExtractionHarness.extract` and asserts only that it returns or throws, and that the extraction records are
// consistent with the artifacts. A crash shows as the test process dying; set CUSTODY_FUZZ_VERBOSE=1 to print each
// mutant (its file is left in the temporary folder when the process dies) before it runs.
//
// Inputs: the corpus databases and exports the extractor tests use (../shared/corpus, iLEAPP's WhatsApp zips) and
// the generators in Scripts/fixtures/*.py. Mutants: truncations, random byte flips (SQLite may then report
// corruption), and — most of them — targeted rewrites of the cells extractors decode (Telegram TL `data`, iMessage
// `attributedBody`, WhatsApp iOS `ZMETADATA`, WhatsApp Android `thumb_image`, Messenger JSON, Skype `body_xml`,
// times) with random bytes, truncated prefixes, huge declared lengths, deep nesting, invalid UTF-8 and extreme
// numbers; text exports get line cuts, long lines, invalid UTF-8, impossible dates and deep JSON. Databases are also
// built from scratch with each extractor's signature, and with every input's schema (optional columns and tables
// left out at random), filled with random values: a file whose cells alone are hostile must never fail whole.
// Everything is seeded, so a run is reproducible; CUSTODY_FUZZ_SCALE=N runs N times as many mutants.
// ExtractorFuzzRegressionTests (at the end) pins each defect these tests found.

import EvidenceModel
@testable import Extraction
import Foundation
import GRDB
import Testing
import TestSupport

// MARK: - Deterministic randomness

/// SplitMix64: small, seeded, the same sequence on every platform.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ count: Int) -> Int { count <= 1 ? 0 : Int(next() % UInt64(count)) }
    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

// MARK: - Running and checking

enum Fuzz {
    static let verbose = ProcessInfo.processInfo.environment["CUSTODY_FUZZ_VERBOSE"] != nil
    /// CUSTODY_FUZZ_SCALE=N runs N times the mutants (other seeds too) for a deeper run by hand.
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["CUSTODY_FUZZ_SCALE"] ?? "") ?? 1)

    struct Tally {
        var runs = 0
        var threw = 0
        var artifacts = 0
        var slowest: (label: String, seconds: Double) = ("", 0)
        var statuses: [String: Int] = [:]
        /// Warning texts with digits blanked, for the verbose summary: shows which decoders the mutants reached.
        var warnings: [String: Int] = [:]

        func summary() -> String {
            let top = warnings.sorted { $0.value > $1.value }.map { "  \($0.value)× \($0.key)" }.joined(separator: "\n")
            return "\(runs) runs, \(threw) threw, \(artifacts) artifacts, records \(statuses), slowest \(slowest.label) \(slowest.seconds) s"
                + (verbose ? "\n" + top : "")
        }
    }

    /// Runs the registry on `paths` as one exhibit; checks that the records agree with what was emitted.
    @discardableResult
    /// `readable`: the file as a whole is intact (only cell values are hostile), so no extractor may fail it whole;
    /// bad rows are reported as problems.
    static func run(_ paths: [String], label: String, readable: Bool = false, tally: inout Tally) -> HarnessOutput? {
        if verbose { FileHandle.standardError.write(Data("fuzz: \(label) \(paths.joined(separator: " "))\n".utf8)) }
        let start = Date()
        tally.runs += 1
        let output: HarnessOutput
        do {
            output = try ExtractionHarness.extract(paths)
        } catch {
            tally.threw += 1
            return nil
        }
        let seconds = Date().timeIntervalSince(start)
        if seconds > tally.slowest.seconds { tally.slowest = (label, seconds) }
        #expect(seconds < 30, "\(label): one extraction took \(seconds) s")
        check(output, label: label)
        if readable {
            for record in output.records where record.status == .error {
                Issue.record("\(label): \(record.extractor) failed the whole file: \(record.detail ?? "")")
            }
        }
        for record in output.records { tally.statuses[record.status.rawValue, default: 0] += 1 }
        for warning in output.warnings + output.records.compactMap({ $0.detail.map { "detail: - : \($0)" } }) {
            let text = warning.split(separator: ":").dropFirst(3).joined(separator: ":")
            let kind = String(text.map { $0.isNumber ? "#" : $0 }.prefix(90))
            tally.warnings[kind, default: 0] += 1
        }
        if verbose {
            let summary = output.records.map { "\($0.extractor)=\($0.status.rawValue):\($0.messages + $0.calls)" }.joined(separator: " ")
            FileHandle.standardError.write(Data("  -> \(summary)\n".utf8))
        }
        tally.artifacts += output.messages.count + output.calls.count
        return output
    }

    static func check(_ output: HarnessOutput, label: String) {
        let valid: Set<ExtractionRecord.Status> = [.ok, .partial, .encrypted, .error]
        for record in output.records {
            #expect(valid.contains(record.status), "\(label): \(record.extractor) status \(record.status)")
            #expect(record.messages >= 0 && record.calls >= 0 && record.walRows >= 0 && record.walDeletedRows >= 0,
                    "\(label): \(record.extractor) negative counts")
            if record.status == .error || record.status == .encrypted {
                #expect(record.messages + record.calls == 0, "\(label): \(record.extractor) \(record.status) with artifacts")
            }
        }
        for id in Set(output.records.map(\.extractor)) {
            let records = output.records.filter { $0.extractor == id }
            #expect(output.messages(from: id).count == Int(records.reduce(0) { $0 + $1.messages }), "\(label): \(id) message count")
            #expect(output.calls(from: id).count == Int(records.reduce(0) { $0 + $1.calls }), "\(label): \(id) call count")
        }
        #expect(output.messages.allSatisfy { $0.provenance.extractor.isEmpty == false })
    }

    static func copy(_ path: String, to target: String, sidecars: Bool = true) throws {
        let manager = FileManager.default
        for suffix in sidecars ? ["", "-wal", "-journal"] : [""] where manager.fileExists(atPath: path + suffix) {
            try? manager.removeItem(atPath: target + suffix)
            try manager.copyItem(atPath: path + suffix, toPath: target + suffix)
            try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target + suffix)
        }
    }

    static func read(_ path: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

    static func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    static func isSQLite(_ path: String) -> Bool {
        let head = read(path).prefix(16)
        return Array(head) == Array("SQLite format 3\u{0}".utf8)
    }
}

// MARK: - Inputs

enum FuzzInputs {
    static let corpusDatabases = [
        "log2timeline+plaso/test_data/android/contacts2.db",
        "toyeafo+agentic-forensic-research/contacts2.db",
        "log2timeline+plaso/test_data/android/mmssms.db",
        "log2timeline+plaso/test_data/android/burners.sqlite",
        "log2timeline+plaso/test_data/android/babel.db",
        "log2timeline+plaso/test_data/sqlite/imessage_chat.db",
        "log2timeline+plaso/test_data/ios/IMODb2.sqlite",
        "log2timeline+plaso/test_data/ios/kik.sqlite",
        "log2timeline+plaso/test_data/sqlite/skype_main.db",
    ]
    static let corpusTexts = ["lorem.txt", "pokemon.txt", "lorem-merge-part1.txt"].map { "lucasrodes+whatstk/chats/whatsapp/" + $0 }

    /// Every input file: corpus files (read in place, copied before any change), iLEAPP's WhatsApp iOS databases
    /// and the outputs of every fixture generator, unpacked or generated into `folder`.
    static func all(in folder: TemporaryFolder) throws -> (databases: [String], texts: [String]) {
        var databases = corpusDatabases.map(Repo.corpusFile)
        var texts = corpusTexts.map(Repo.corpusFile)
        databases.append(try WhatsAppIOSCorpus.unzip("testdata.whatsApp.whatsAppMessages.josh_ios15_ffs.zip", member: "ChatStorage.sqlite", into: folder))
        databases.append(try WhatsAppIOSCorpus.unzip("testdata.whatsApp.whatsAppCallHistory.josh_ios15_ffs.zip", member: "CallHistory.sqlite", into: folder))
        databases.append(try AppleCallHistoryTests.fixture(folder))

        let generated = folder.file("generated")
        // (script, arguments: files, or folders when they end in "/").
        let scripts: [(String, [String])] = [
            ("android_calllog.py", ["calllog.db", "contacts2.db"]),
            ("android_mms.py", ["mmssms.db"]),
            ("imessage.py", ["sms.db"]),
            ("line_android.py", ["line/"]),
            ("messenger_android.py", ["threads_db2"]),
            ("messenger_android.py", ["threads_db2_old", "--old"]),
            ("telegram_cache4.py", ["telegram/"]),
            ("telegram_export.py", ["tdesktop/"]),
            ("viber_android.py", ["viber/"]),
            ("whatsapp_android.py", ["whatsapp/"]),
            ("whatsapp_exports.py", ["exports/"]),
            ("whatsapp_ios.py", ["whatsapp_ios/"]),
        ]
        try FileManager.default.createDirectory(atPath: generated, withIntermediateDirectories: true)
        for (script, arguments) in scripts {
            let paths = arguments.map { $0.hasPrefix("--") ? $0 : generated + "/" + $0 }
            for path in paths where path.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/" + script).path] + paths)
            #expect(result.status == 0, "\(script): \(result.stderr)")
        }
        let enumerator = FileManager.default.enumerator(atPath: generated)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let path = generated + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if ["-wal", "-shm", "-journal"].contains(where: { path.hasSuffix($0) }) { continue }
            found.append(path)
        }
        for path in found.sorted() {
            if Fuzz.isSQLite(path) { databases.append(path) } else { texts.append(path) }
        }
        return (databases, texts)
    }
}

// MARK: - Hostile values

enum Hostile {
    enum Cell {
        case null
        case int(Int64)
        case real(Double)
        case text(String)
        /// Bytes stored as TEXT (possibly invalid UTF-8).
        case rawText([UInt8])
        case blob([UInt8])
    }

    static let integers: [Int64] = [
        0, 1, -1, 2, 3, 5, 6, 7, 8, 10, 14, 15, 59, 128, 130, 137, 151, 2000,
        Int64.min, Int64.max, Int64.min + 1, Int64.max - 1, Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1,
        1 << 32, (1 << 32) - 1, 0x4000_0000_0000_0000, 0x4000_0000_0000_0001, 0x7FFF_FFFF_0000_0000, -(1 << 62),
        100_000_000_000, 100_000_000_000_000, 100_000_000_000_000_000, -100_000_000_000_000_000,
        9_223_372_034_707_292_160, 253_402_300_800_000, -62_135_596_800_000, 4_102_444_800, 978_307_200,
    ]

    static let reals: [Double] = [
        .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e300, -1e300, 9.3e18, -9.3e18,
        9e18, 1e15 + 0.5, 1e14 - 0.001, 99_999_999_999_999.99, 0.5, -0.5, -0.0, .leastNonzeroMagnitude,
        978_307_200.999_999_9, 700_000_000.123_456_789, -1e14,
    ]

    static func deep(_ depth: Int, open: String = "[", close: String = "]", balanced: Bool = true) -> String {
        String(repeating: open, count: depth) + (balanced ? String(repeating: close, count: depth) : "")
    }

    static let texts: [String] = [
        "", " ", "0", "-0", "9223372036854775808", "-9223372036854775809", "1e999", "-1e999", "nan", "inf", " 12 ",
        "+5", "0x10", "١٢٣", "\u{0}", "a\u{0}b", "\r\n", "\r", "\n\n\n", "e\u{301}\u{301}\u{301}", "🏳️‍🌈👨‍👩‍👧",
        String(repeating: "\u{301}", count: 2000), ":", ";;;", ";;;;;;x", "ONE_TO_ONE:", "ONE_TO_ONE::", "ONE_TO_ONE:1:2:3",
        "GROUP:", "p:", "bp:", "e:", "p:0/", "p:/", "@g.us", "-1", "FACEBOOK:", "user", "user9223372036854775808",
        "channel-1", "chat", "<", ">", "&", "&#x110000;", "&#xD800;", "&#55296;", "&#;", "&#x;", "&#xFFFFFFFFFFFF;",
        "&amp", "&&&&;;;;", "<sms alt=\"", "<sms alt=\"&#99999999999;\">", "<sms", "<a href=\"x\">&lt;b&gt;</a",
        "insert-address-token", "/", "//", "a/b/", "<attached: >", "<attached: x", " (file attached)",
        "com.apple.Telephony", "O", "I", "G", "V", "12/31/19, 9:05 PM - A: b", "\u{FEFF}", "\u{202E}\u{2066}",
        "null", "true", "{", "[", "[]", "{}", "[null]", "[1,2]", "\"", "{\"user_key\":5}",
        "{\"user_key\":null,\"name\":5}", "{\"user_key\":\"FACEBOOK:\",\"name\":\"\"}", "[{\"file_size\":1e400}]",
        "[{\"file_size\":-1e400,\"filename\":[],\"mime_type\":{}}]", "[{\"file_size\":\"12\"}, 5, null, []]",
        "[{\"file_size\":18446744073709551616}]", "[{\"file_size\":-9223372036854775809}]", "{\"call_duration\":null}",
        "[\"\\ud800\"]", "[\"\\udc00\\ud800\"]", "{\"a\":\"\\u00\"}",
        deep(600), deep(600, balanced: false), deep(100_000), deep(20_000, open: "{\"a\":", close: "}"),
        deep(3000, open: "<", close: ">"),
        String(repeating: "x", count: 200_000), String(repeating: "&amp;", count: 20_000),
    ]

    static let jsonTexts = texts.filter { $0.hasPrefix("{") || $0.hasPrefix("[") || $0.hasPrefix("\"") || $0 == "null" }
    static let markupTexts = texts.filter { $0.contains("<") || $0.contains("&") }
    static let shortTexts = texts.filter { $0.utf8.count < 5000 }

    /// Bytes of invalid or awkward UTF-8.
    static let badUTF8: [[UInt8]] = [
        [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80, 0x80],
        [0xEF, 0xBB, 0xBF], [0x00], [0xF0, 0x9F, 0x98],
    ]

    static func varint(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            out.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
        return out
    }

    static func streamTyped(_ rng: inout FuzzRandom) -> [UInt8] {
        let prefix: [UInt8] = [0x04, 0x0B] + Array("streamtyped".utf8) + [0x81, 0xE8, 0x03, 0x84, 0x01, 0x40, 0x84, 0x84, 0x84]
            + Array("NSAttributedString".utf8) + [0x00, 0x84, 0x84] + Array("NSString".utf8) + [0x01, 0x94, 0x84, 0x01, 0x2B]
        let lengths: [[UInt8]] = [[0x82, 0xFF, 0xFF, 0xFF, 0x7F], [0x82, 0xFF, 0xFF, 0xFF, 0xFF], [0x81, 0xFF, 0xFF], [0x81],
                                  [0x82, 0x01], [0x80], [0x7F], [], [0x05]]
        var blob = prefix + rng.pick(lengths) + rng.bytes(rng.below(12)) + rng.pick(badUTF8)
        if rng.chance(0.3) { blob = Array(blob.prefix(rng.below(blob.count + 1))) }
        if rng.chance(0.2) { blob = Array("NSString".utf8) + rng.bytes(rng.below(20)) }
        return blob
    }

    static func protobuf(_ rng: inout FuzzRandom) -> [UInt8] {
        let shapes: [[UInt8]] = [
            [0x2A] + varint(UInt64.max), [0x2A] + varint(1 << 63), [0x2A] + varint(UInt64(Int64.max)),
            [0x2A] + [UInt8](repeating: 0xFF, count: 10), [0x09], [0x0D], [0x09, 1, 2], [0x2A, 0x05, 0xFF, 0xFE, 0xC3, 0x28, 0x80],
            [0x08] + [UInt8](repeating: 0x80, count: 20), [UInt8](repeating: 0xFF, count: 9) + [0x01], [0x2A, 0x00],
            [0x12] + varint(3) + [0x2A, 0x01, 0x41] + [0x2A, 0x02, 0x41], [0x0F], [0x0B, 0x0C], [0x2A] + varint(1 << 62) + [0x41],
        ]
        var blob: [UInt8] = []
        for _ in 0...rng.below(3) { blob += rng.pick(shapes) }
        if rng.chance(0.3) { blob = rng.bytes(rng.below(40)) + blob }
        return blob
    }

    static func javaSerialized(_ rng: inout FuzzRandom) -> [UInt8] {
        let shapes: [[UInt8]] = [
            [0xAC, 0xED, 0x00, 0x05, 0x74, 0xFF, 0xFF], [0xAC, 0xED, 0x00, 0x05, 0x74], [0xAC, 0xED, 0x00, 0x05, 0x74, 0x00],
            [0xAC, 0xED, 0x00, 0x05] + [0x74, 0x00, 0x05] + Array("/a\u{0}b".utf8),
            [0xAC, 0xED, 0x00, 0x05] + [0x74, 0x00, 0x04] + [0x2F, 0xFF, 0xC3, 0x28], [0xAC, 0xED], [0xAC, 0xED, 0x00],
            [0xAC, 0xED, 0x00, 0x05] + [UInt8](repeating: 0x74, count: 300),
        ]
        var blob = rng.pick(shapes)
        if rng.chance(0.5) { blob += rng.bytes(rng.below(64)) }
        return blob
    }

    /// A TL object derived from `original` (Telegram `data`): its constructor kept, the body damaged.
    static func telegramTL(_ original: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var blob = original.isEmpty ? [0x7F, 0x6B, 0x2E, 0xF5] + rng.bytes(40) : original
        switch rng.below(8) {
        case 0: blob = Array(blob.prefix(rng.below(blob.count + 1)))
        case 1: if blob.count >= 8 { blob.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xFF]) }
        case 2:
            // A TL string whose 3-byte length runs to 16 MiB.
            let at = min(blob.count, 8 + 4 * rng.below(max(1, (blob.count - 8) / 4 + 1)))
            blob.insert(contentsOf: [0xFE, 0xFF, 0xFF, 0xFF], at: at)
        case 3:
            for _ in 0...rng.below(8) where !blob.isEmpty { blob[rng.below(blob.count)] = rng.pick([0xFF, 0xFE, 0x00, 0x80]) }
        case 4: blob = Array(blob.prefix(8)) + rng.bytes(rng.below(200))
        case 5:
            // Service message with a phone call action and every flag set.
            blob = [0x62, 0x58, 0x08, 0x2B, 0xFF, 0xFF, 0xFF, 0xFF] + rng.bytes(16) + [0x7F, 0x1A, 0xE1, 0x80, 0xFF, 0xFF, 0xFF, 0xFF] + rng.bytes(rng.below(16))
        case 6: blob += [UInt8](repeating: 0xFE, count: 64)
        default: blob = rng.bytes(rng.below(300))
        }
        return blob
    }

    static func damaged(_ original: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var blob = original
        switch rng.below(6) {
        case 0: blob = Array(blob.prefix(rng.below(blob.count + 1)))
        case 1: for _ in 0...rng.below(6) where !blob.isEmpty { blob[rng.below(blob.count)] ^= UInt8(1 << rng.below(8)) }
        case 2:
            let at = blob.isEmpty ? 0 : rng.below(blob.count)
            blob.insert(contentsOf: rng.pick([[0xFF, 0xFF, 0xFF, 0xFF], [0xFE, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x7F], [0x82, 0xFF, 0xFF, 0xFF, 0x7F]]), at: at)
        case 3: blob += blob + rng.bytes(rng.below(64))
        case 4: blob.insert(contentsOf: rng.pick(badUTF8), at: blob.isEmpty ? 0 : rng.below(blob.count))
        default: blob = rng.bytes(rng.pick([0, 1, 3, 4, 7, 8, 16, 64, 300, 4096]))
        }
        return blob
    }

    static let timeColumns: Set<String> = [
        "date", "timestamp", "zmessagedate", "zdate", "timestamp_ms", "date_created", "zts", "ztimestamp", "created_time",
        "msg_date", "begin_timestamp", "start_time", "end_time", "starttime", "finishtime", "date_sent", "edited_timestamp",
        "date_edited", "date_retracted", "zduration", "duration", "call_duration", "media_duration",
    ]

    /// A hostile value for one cell, shaped by what the column holds and by its original value.
    static func value(table: String, column: String, original: DatabaseValue, _ rng: inout FuzzRandom) -> Cell {
        let name = column.lowercased()
        let originalBytes: [UInt8]
        switch original.storage {
        case .blob(let data): originalBytes = [UInt8](data)
        case .string(let text): originalBytes = Array(text.utf8)
        default: originalBytes = []
        }
        if rng.chance(0.6) {
            switch name {
            case "data" where table.lowercased().hasPrefix("messages") || ["users", "chats"].contains(table.lowercased()):
                return .blob(telegramTL(originalBytes, &rng))
            case "attributedbody": return .blob(streamTyped(&rng))
            case "zmetadata", "media_zmetadata": return .blob(protobuf(&rng))
            case "thumb_image": return .blob(javaSerialized(&rng))
            case "sender", "attachments", "generic_admin_message_extensible_data":
                return rng.chance(0.8) ? .text(rng.pick(jsonTexts))
                    : .rawText(damaged(originalBytes, &rng))
            case "body_xml":
                return rng.chance(0.8) ? .text(rng.pick(markupTexts) + String(decoding: originalBytes, as: UTF8.self))
                    : .rawText(damaged(originalBytes, &rng))
            case _ where timeColumns.contains(name):
                switch rng.below(4) {
                case 0: return .int(rng.pick(integers))
                case 1: return .real(rng.pick(reals))
                case 2: return .text(rng.pick(["99999999999999999999", "-9223372036854775808", "1e999", "nan", "2020-01-01", "", " 5 ", "0x7fffffff"]))
                default: return .int(Int64(bitPattern: rng.next()))
                }
            default: break
            }
        }
        switch rng.below(10) {
        case 0: return .null
        case 1: return .int(rng.pick(integers))
        case 2: return .real(rng.pick(reals))
        case 3: return .text(rng.pick(texts))
        case 4: return .rawText(rng.pick(badUTF8) + originalBytes)
        case 5: return .rawText(damaged(originalBytes, &rng))
        case 6: return .blob(damaged(originalBytes, &rng))
        case 7: return .blob(rng.bytes(rng.below(100)))
        case 8:
            // The same value with another storage class.
            switch original.storage {
            case .int64(let number): return rng.chance(0.5) ? .text(String(number)) : .blob(Array(String(number).utf8))
            case .double(let number): return .text("\(number)")
            case .string(let text): return rng.chance(0.5) ? .blob(Array(text.utf8)) : .int(Int64(text.utf8.count))
            case .blob(let data): return .rawText([UInt8](data))
            case .null: return .int(rng.pick(integers))
            }
        default: return .int(Int64(rng.below(6)))
        }
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Sets one cell; constraint violations and the like are ignored (the mutant keeps the old value).
    static func set(_ db: Database, table: String, column: String, rowid: Int64, to cell: Cell) {
        let update = "UPDATE \(quoted(table)) SET \(quoted(column)) = "
        let tail = " WHERE rowid = ?"
        switch cell {
        case .null: try? db.execute(sql: update + "NULL" + tail, arguments: [rowid])
        case .int(let value): try? db.execute(sql: update + "?" + tail, arguments: [value, rowid])
        case .real(let value): try? db.execute(sql: update + "?" + tail, arguments: [value, rowid])
        case .text(let value): try? db.execute(sql: update + "?" + tail, arguments: [value, rowid])
        case .rawText(let bytes): try? db.execute(sql: update + "CAST(? AS TEXT)" + tail, arguments: [Data(bytes), rowid])
        case .blob(let bytes): try? db.execute(sql: update + "?" + tail, arguments: [Data(bytes), rowid])
        }
    }

    static func bind(_ cell: Cell) -> (String, DatabaseValueConvertible?) {
        switch cell {
        case .null: return ("NULL", nil)
        case .int(let value): return ("?", value)
        case .real(let value): return ("?", value)
        case .text(let value): return ("?", value)
        case .rawText(let bytes): return ("CAST(? AS TEXT)", Data(bytes))
        case .blob(let bytes): return ("?", Data(bytes))
        }
    }

    /// A random value of any storage class (for databases built from scratch); small integers dominate so joins
    /// between tables find each other.
    static func random(_ rng: inout FuzzRandom) -> Cell {
        switch rng.below(12) {
        case 0, 1, 2: return .int(Int64(rng.below(6)))
        case 3: return .int(rng.pick(integers))
        case 4: return .real(rng.pick(reals))
        case 5: return .text(rng.pick(shortTexts))
        case 6: return .text(String(rng.below(6)))
        case 7: return .rawText(rng.pick(badUTF8) + rng.bytes(rng.below(8)))
        case 8: return .blob(rng.bytes(rng.below(64)))
        case 9: return .blob(rng.pick([streamTyped(&rng), protobuf(&rng), javaSerialized(&rng), telegramTL([], &rng)]))
        case 10: return .null
        default: return .text(rng.pick(texts))
        }
    }
}

// MARK: - Mutating databases

enum DatabaseMutator {
    /// Tables some extractor reads (others are mutated rarely).
    static let readTables: Set<String> = Set((ExtractorRegistry.sqlite.flatMap { $0.signature.tables.keys }
        + ExtractorRegistry.directories.flatMap { $0.signature.tables.keys }).map { $0.lowercased() })
        .union(["chat_message_join", "chat_handle_join", "message_attachment_join", "attachment", "chat", "zwamediaitem",
                "zwagroupmember", "zwaprofilepushname", "zwacdcalleventparticipant", "jid_map", "message_quoted",
                "message_media", "message_system", "messages_quotes", "chat_list", "call_log_participant_v2", "wa_contacts",
                "conversations", "smses", "transfers", "thread_users", "thread_participants", "messages_v2", "messages",
                "zimocontact", "zimokeyval", "zkikchat", "zkikattachment", "groups", "contacts", "participants",
                "phonebookcontact", "phonebookdata", "burners", "conversation_participants", "part", "addr", "pdu",
                "callmembers", "calls", "accounts", "participants_info", "call_history"])

    /// Opens a scratch copy for writing: the WAL folded in, triggers dropped (they may call app functions).
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try? db.execute(sql: "PRAGMA journal_mode = DELETE")
            try? db.execute(sql: "PRAGMA synchronous = OFF")
            for trigger in (try? String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")) ?? [] {
                try? db.execute(sql: "DROP TRIGGER \(Hostile.quoted(trigger))")
            }
        }
        return queue
    }

    /// Columns whose values extractors decode or interpret (blobs, JSON, markup, ids, types, times).
    static let decodedColumns: Set<String> = Hostile.timeColumns.union([
        "data", "attributedbody", "zmetadata", "thumb_image", "sender", "attachments", "generic_admin_message_extensible_data",
        "body_xml", "text", "ztext", "body", "content", "name", "thread_key", "user_key", "zcontactjid", "zfromjid", "ztojid",
        "key_remote_jid", "raw_string", "sub", "sub_cs", "ct", "address", "call_type", "voip_type", "target_numbers",
        "filesize", "associated_message_guid", "associated_message_type", "account_login", "account", "uid", "did",
        "zvcardstring", "zlatitude", "zlongitude", "zmessagetype", "message_type", "type", "msg_type", "media_wa_type",
        "item_type", "is_from_me", "from_me", "key_from_me", "send_type", "direction", "zissent", "zoriginated", "zincoming",
        "zoutcome", "call_result", "features", "presentation", "msg_box", "m_type", "mid", "msg_id", "_id", "jid_row_id",
        "chat_row_id", "sender_jid_row_id", "zchatsession", "zgroupmember", "zmediaitem", "handle_id", "chat_id",
        "subscription_component_name", "is_channel", "out", "send_state", "zstring_val", "zkey", "ztype", "zuser",
        "skypename", "author", "convo_id", "identity", "call_db_id", "parent_id", "pk_id", "status", "edit_version",
    ])

    /// Rewrites cells of the tables extractors read: a few columns per table, a share of their rows; with
    /// `focused`, every decoded column in every row.
    static func mutateCells(_ path: String, focused: Bool = false, _ rng: inout FuzzRandom) throws {
        let queue = try open(path)
        defer { try? queue.close() }
        try queue.write { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            let share = focused ? 1.0 : rng.pick([0.1, 0.4, 1.0])
            for table in tables where readTables.contains(table.lowercased()) || rng.chance(0.05) {
                let columns = ((try? Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])) ?? [])
                    .compactMap { $0["name"] as String? }
                guard !columns.isEmpty, let rowids = try? Int64.fetchAll(db, sql: "SELECT rowid FROM \(Hostile.quoted(table)) ORDER BY rowid LIMIT 80") else { continue }
                let chosen = focused ? columns.filter { decodedColumns.contains($0.lowercased()) && rng.chance(0.7) }
                    : columns.filter { _ in rng.chance(0.25) }
                for rowid in rowids where rng.chance(share) {
                    for column in chosen {
                        let original = (try? DatabaseValue.fetchOne(db, sql: "SELECT \(Hostile.quoted(column)) FROM \(Hostile.quoted(table)) WHERE rowid = ?", arguments: [rowid])) ?? nil
                        let cell = Hostile.value(table: table, column: column, original: original ?? .null, &rng)
                        Hostile.set(db, table: table, column: column, rowid: rowid, to: cell)
                        // Telegram: anchor the row's date on a value inside the damaged blob, so the date scan runs.
                        if column.lowercased() == "data", case .blob(let blob) = cell, blob.count >= 12, columns.contains("date"), rng.chance(0.5) {
                            let at = 4 * rng.below(blob.count / 4)
                            let value = Int32(bitPattern: UInt32(blob[at]) | UInt32(blob[at + 1]) << 8 | UInt32(blob[at + 2]) << 16 | UInt32(blob[at + 3]) << 24)
                            Hostile.set(db, table: table, column: "date", rowid: rowid, to: .int(Int64(value)))
                        }
                    }
                }
                // Now and then a row that is all hostile values.
                if rng.chance(0.2) {
                    let values = columns.map { Hostile.bind(Hostile.value(table: table, column: $0, original: .null, &rng)) }
                    let sql = "INSERT INTO \(Hostile.quoted(table)) (\(columns.map(Hostile.quoted).joined(separator: ", "))) VALUES (\(values.map(\.0).joined(separator: ", ")))"
                    try? db.execute(sql: sql, arguments: StatementArguments(values.compactMap { $0.1 }))
                }
            }
        }
    }

    /// The first `length` bytes.
    static func truncate(_ bytes: [UInt8], to length: Int) -> [UInt8] { Array(bytes.prefix(max(0, length))) }

    static func flip(_ bytes: [UInt8], count: Int, in range: Range<Int>? = nil, _ rng: inout FuzzRandom) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return out }
        let range = range.map { $0.clamped(to: 0..<out.count) } ?? 0..<out.count
        guard !range.isEmpty else { return out }
        for _ in 0..<count {
            let index = range.lowerBound + rng.below(range.count)
            out[index] = rng.chance(0.5) ? out[index] ^ UInt8(1 << rng.below(8)) : UInt8(truncatingIfNeeded: rng.next())
        }
        return out
    }

    /// An empty database with the same tables and columns as `path`, each column of a random declared type, filled
    /// with random rows.
    /// With `drop`, each column no extractor signature requires is left out with that probability (older and
    /// newer schema versions lack some optional columns).
    static func cloneSchema(of path: String, to target: String, drop: Double = 0, _ rng: inout FuzzRandom) throws {
        var tables: [(String, [String])] = []
        let source = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        try source.read { db in
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
                let columns = ((try? Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])) ?? []).compactMap { $0["name"] as String? }
                    .filter { required.contains("\(table.lowercased()).\($0.lowercased())") || !rng.chance(drop) }
                let isRequired = required.contains { $0.hasPrefix(table.lowercased() + ".") }
                if !columns.isEmpty, isRequired || !rng.chance(drop / 2) { tables.append((table, columns)) }
            }
        }
        try source.close()
        try build(target, tables: tables, rows: 12, &rng)
    }

    /// `table.column` of every column some signature requires.
    static let required: Set<String> = {
        var result: Set<String> = []
        let signatures: [SQLiteSignature] = ExtractorRegistry.sqlite.map { $0.signature } + ExtractorRegistry.directories.map { $0.signature }
        for signature in signatures {
            for (table, columns) in signature.tables {
                for column in columns { result.insert(table.lowercased() + "." + column.lowercased()) }
            }
        }
        return result
    }()

    static func build(_ path: String, tables: [(String, [String])], rows: Int, _ rng: inout FuzzRandom) throws {
        try? FileManager.default.removeItem(atPath: path)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            for (table, columns) in tables {
                let definitions = columns.map { Hostile.quoted($0) + " " + rng.pick(["TEXT", "BLOB", "INTEGER", "REAL", "NUMERIC", ""]) }
                try db.execute(sql: "CREATE TABLE \(Hostile.quoted(table)) (\(definitions.joined(separator: ", ")))")
                for _ in 0..<rows {
                    let values = columns.map { _ in Hostile.bind(Hostile.random(&rng)) }
                    try db.execute(sql: "INSERT INTO \(Hostile.quoted(table)) VALUES (\(values.map(\.0).joined(separator: ", ")))",
                                   arguments: StatementArguments(values.compactMap { $0.1 }))
                }
            }
        }
    }
}

// MARK: - Mutating text exports

enum TextMutator {
    static let hostileLines: [String] = [
        "99/99/9999, 99:99 - X: y", "[99.99.99, 99:99:99] x: y", "0/0/0000, 0:00 - a: b", "31/02/2020, 12:60 PM - x: y",
        "12/31/99, 13:00 PM - x:", "١٢/٣١/٢٠١٩, ٩:٠٥ - a: b", "[2020-13-45 25:61:61] a: b", "9999/9999/9999, 9:99 - a: b",
        "1/1/1, 0:00 - ", "[1/1/70, 00:00:00]", "12/31/19, 9:05 PM - <attached: >", "12/31/19, 9:05 PM - A: <attached: x",
        "12/31/19, 9:05 PM - \u{200E}\u{202E}A\u{2069}: <Media omitted>", "\r", "\u{FEFF}\u{FEFF}", "[", "- : ",
        "12/31/19, 9:05 PM - " + String(repeating: "A", count: 300_000) + ": x",
        String(repeating: "12/31/19, 9:05 PM - a: ", count: 2000),
    ]

    static func mutateLines(_ bytes: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        for _ in 0...rng.below(6) {
            let index = lines.count <= 1 ? 0 : 1 + rng.below(lines.count - 1)
            switch rng.below(7) {
            case 0: if index < lines.count, lines.count > 1 { lines.remove(at: index) }
            case 1: if index < lines.count { lines[index] = Array(lines[index].prefix(rng.below(lines[index].count + 1))) }
            case 2: lines.insert(Array(rng.pick(hostileLines).utf8), at: min(index, lines.count))
            case 3: if index < lines.count { lines[index].insert(contentsOf: rng.pick(Hostile.badUTF8), at: rng.below(lines[index].count + 1)) }
            case 4: if index < lines.count { lines[index] += [UInt8](repeating: UInt8(ascii: "x"), count: 100_000) }
            case 5: if index < lines.count { lines.insert(lines[index], at: index) }
            default: if index < lines.count { lines[index] = lines[index].map { $0 == 0x2C ? 0x0D : $0 } }
            }
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    static let hostileJSON: [String] = [
        "null", "true", "false", "0", "-0", "1e999", "-1e999", "99999999999999999999999", "-9223372036854775809", "\"\"",
        "\"\\ud800\"", "\"\\udc00\\ud800x\"", "\"\\x\"", "\"\\xZZ\"", "\"\\u12\"", "\"\\", "[]", "{}", "[[[]]]",
        "[1, {}, null, [[]], \"a\", {\"text\": 5}]", "{\"text\": {\"text\": []}}", "\"(File not included)\"", "\"..\"",
        Hostile.deep(199), Hostile.deep(200), Hostile.deep(201), Hostile.deep(100_000), Hostile.deep(100_000, balanced: false),
        Hostile.deep(5000, open: "{\"a\":", close: "}"), "\"" + String(repeating: "\\u0041", count: 50_000) + "\"",
        "\"" + String(repeating: "\\xFF", count: 1000) + "\"",
    ]

    /// Replaces a random JSON value (after a `": `) with a hostile one.
    static func mutateJSON(_ bytes: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var out = bytes
        let colons = out.indices.dropLast().filter { out[$0] == UInt8(ascii: ":") && out[$0 - ($0 > 0 ? 1 : 0)] == UInt8(ascii: "\"") }
        for _ in 0...rng.below(3) where !colons.isEmpty {
            let colon = min(rng.pick(colons), out.count - 1)
            var start = colon + 1
            while start < out.count, out[start] == 0x20 { start += 1 }
            // The value's end: the next ',' or '}' or ']' outside a string (approximate: a scalar or short container).
            var end = start
            var inString = false
            var depth = 0
            while end < out.count {
                let byte = out[end]
                if inString {
                    if byte == UInt8(ascii: "\\") { end += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    if depth == 0 { break }
                    depth -= 1
                } else if byte == UInt8(ascii: ","), depth == 0 {
                    break
                }
                end += 1
            }
            end = min(end, out.count)
            guard start <= end else { continue }
            out.replaceSubrange(start..<end, with: Array(rng.pick(hostileJSON).utf8))
        }
        return out
    }
}

// MARK: - Tests

@Suite(.serialized) struct ExtractorFuzzTests {
    /// Truncations, byte flips and targeted cell rewrites of every input database.
    @Test func damagedAndHostileDatabases() throws {
        let folder = TemporaryFolder()
        let inputs = try FuzzInputs.all(in: folder)
        #expect(inputs.databases.count >= 25)
        var tally = Fuzz.Tally()
        for (number, path) in inputs.databases.enumerated() {
            var rng = FuzzRandom(seed: 0xC0FF_EE00 &+ UInt64(number))
            let name = "db\(number)-" + (path as NSString).lastPathComponent
            let base = folder.file(name)
            // A single-file copy with the WAL folded in, to derive the file-level mutants from.
            try Fuzz.copy(path, to: base)
            try DatabaseMutator.open(base).close()
            let bytes = Fuzz.read(base)

            for length in [0, 17, 100, 1024, bytes.count / 2, bytes.count - 1] + [rng.below(bytes.count)] {
                let mutant = folder.file("\(name).cut\(length)")
                try Fuzz.write(DatabaseMutator.truncate(bytes, to: length), to: mutant)
                Fuzz.run([mutant], label: "\(name) truncated to \(length)", tally: &tally)
            }
            for (index, flips) in [1, 8, 64].enumerated() {
                let mutant = folder.file("\(name).flip\(index)")
                // The first page holds sqlite_master: flip there half the time, anywhere otherwise.
                let range = index == 1 ? 0..<min(bytes.count, 4096) : nil
                try Fuzz.write(DatabaseMutator.flip(bytes, count: flips, in: range, &rng), to: mutant)
                Fuzz.run([mutant], label: "\(name) with \(flips) flipped bytes", tally: &tally)
            }
            // The original with its WAL: WAL frames damaged or cut.
            if FileManager.default.fileExists(atPath: path + "-wal") {
                let wal = Fuzz.read(path + "-wal")
                for (index, walBytes) in [DatabaseMutator.flip(wal, count: 16, &rng), DatabaseMutator.truncate(wal, to: wal.count / 2 + 7)].enumerated() {
                    let mutant = folder.file("\(name).wal\(index)")
                    try Fuzz.copy(path, to: mutant, sidecars: false)
                    try Fuzz.write(walBytes, to: mutant + "-wal")
                    Fuzz.run([mutant], label: "\(name) with damaged WAL \(index)", tally: &tally)
                }
            }
            for round in 0..<(10 * Fuzz.scale) {
                let mutant = folder.file("\(name).cells\(round)")
                try Fuzz.copy(base, to: mutant)
                try DatabaseMutator.mutateCells(mutant, &rng)
                Fuzz.run([mutant], label: "\(name) cell mutant \(round)", readable: true, tally: &tally)
            }
            for round in 0..<(6 * Fuzz.scale) {
                let mutant = folder.file("\(name).decoded\(round)")
                try Fuzz.copy(base, to: mutant)
                try DatabaseMutator.mutateCells(mutant, focused: true, &rng)
                Fuzz.run([mutant], label: "\(name) decoded-column mutant \(round)", readable: true, tally: &tally)
            }
            for suffix in ["", "-wal", "-journal"] { try? FileManager.default.removeItem(atPath: base + suffix) }
        }
        #expect(tally.runs > 400)
        // Mutants keep most rows: the extractors went on reading past the damage.
        #expect(tally.artifacts > 4000)
        print("fuzz databases: \(tally.summary())")
    }

    /// The decoders on their own, many times over: blobs and strings taken from the inputs, damaged at random,
    /// through every parser an extractor runs on a cell (TL, typedstream, protobuf, Java serialization, markup,
    /// JSON, export headers, probes) and every time converter with extreme values.
    @Test func decodersOnDamagedValues() throws {
        let folder = TemporaryFolder()
        let inputs = try FuzzInputs.all(in: folder)
        // Seeds: (kind, bytes, the row's date or uid where the decoder is anchored on it).
        var seeds: [(String, [UInt8], Int64?)] = []
        let wanted: [(table: String, column: String, anchor: String?, kind: String)] = [
            ("messages_v2", "data", "date", "tl-message"), ("messages", "data", "date", "tl-message"),
            ("users", "data", "uid", "tl-user"), ("chats", "data", "uid", "tl-chat"),
            ("message", "attributedBody", nil, "typedstream"), ("ZWAMEDIAITEM", "ZMETADATA", nil, "protobuf"),
            ("messages", "thumb_image", nil, "java"), ("Messages", "body_xml", nil, "markup"),
            ("messages", "attachments", nil, "json"), ("messages", "sender", nil, "json"),
        ]
        for path in inputs.databases {
            let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
            try queue.read { db in
                let schema = try SQLiteSchema.read(db)
                for want in wanted where schema.has(want.table, want.column) && (want.anchor.map { schema.has(want.table, $0) } ?? true) {
                    let anchor = want.anchor.map { "\"\($0)\"" } ?? "NULL"
                    try db.forEachRow("SELECT \"\(want.column)\" AS value, \(anchor) AS anchor FROM \"\(want.table)\" ORDER BY rowid LIMIT 200") { row in
                        if let bytes = row.blob("value"), !bytes.isEmpty { seeds.append((want.kind, bytes, row.int("anchor"))) }
                    }
                }
            }
            try queue.close()
        }
        for path in inputs.texts {
            let bytes = Fuzz.read(path)
            let lines = bytes.split(separator: 0x0A).prefix(40).map(Array.init)
            seeds += lines.map { ("line", $0, nil) }
            seeds.append(("head", Array(bytes.prefix(4096)), nil))
        }
        for kind in ["tl-message", "tl-user", "tl-chat", "typedstream", "protobuf", "java", "markup", "json", "line", "head"] {
            #expect(seeds.contains { $0.0 == kind }, "no seed for \(kind)")
        }

        var rng = FuzzRandom(seed: 0xDEC0_DE00)
        let sink = ArtifactSink(onMessage: { _ in })
        var decoded = 0
        var times = 0
        func anchors(_ blob: [UInt8], _ original: Int64?) -> [Int64?] {
            var values: [Int64?] = [nil, original, Int64.max, Int64.min, Int64(Int32.min), 0]
            for offset in stride(from: 4, to: min(blob.count - 4, 24), by: 4) {
                var reader = TLReader(blob, offset: offset)
                values.append(reader.int32().map(Int64.init))
                var wide = TLReader(blob, offset: offset)
                values.append(wide.int64())
            }
            return values
        }
        for _ in 0..<(16_000 * Fuzz.scale) {
            let (kind, original, anchor) = rng.pick(seeds)
            var bytes: [UInt8]
            switch rng.below(5) {
            case 0: bytes = Hostile.damaged(original, &rng)
            case 1: bytes = kind.hasPrefix("tl-") ? Hostile.telegramTL(original, &rng) : Hostile.damaged(Hostile.damaged(original, &rng), &rng)
            case 2: bytes = rng.pick([Hostile.streamTyped(&rng), Hostile.protobuf(&rng), Hostile.javaSerialized(&rng)])
            case 3: bytes = DatabaseMutator.flip(original, count: 1 + rng.below(4), &rng)
            default: bytes = Array(original.prefix(rng.below(original.count + 1))) + Array(rng.pick(seeds).1.suffix(rng.below(64)))
            }
            let text = String(decoding: bytes, as: UTF8.self)
            switch kind {
            case "tl-message", "tl-user", "tl-chat":
                let anchor = rng.pick(anchors(bytes, anchor))
                if TLMessage.decode(bytes, rowDate: anchor)?.kind != nil { decoded += 1 }
                if TLUser.decode(bytes, uid: anchor ?? 0)?.displayName != nil { decoded += 1 }
                if TLChat.title(bytes, uid: anchor ?? 0) != nil { decoded += 1 }
            case "typedstream": if StreamTypedString.decode(bytes) != nil { decoded += 1 }
            case "protobuf": if WhatsAppIOSMessagesExtractor.quotedStanzaId(bytes) != nil { decoded += 1 }
            case "java": if WhatsAppAndroid.javaSerializedPath(bytes) != nil { decoded += 1 }
            case "markup":
                decoded += SkypeText.plain(text).isEmpty ? 0 : 1
                decoded += SkypeText.smsText("<sms alt=\"" + text).isEmpty ? 0 : 1
            case "json":
                decoded += MessengerAndroidMessagesExtractor.attachments(text, rowid: 1, sink: sink).count
                decoded += MessengerAndroidMessagesExtractor.oneToOnePeerName(text, names: [:]) == nil ? 0 : 1
            case "line":
                if let header = WhatsAppExportedChatExtractor.parseHeader(text) {
                    decoded += 1
                    for order in WhatsAppExportedChatExtractor.Order.allCases { _ = WhatsAppExportedChatExtractor.unixSeconds(header, order) }
                    _ = WhatsAppExportedChatExtractor.resolveOrder([header, header])
                }
                _ = WhatsAppExportedChatExtractor.attachmentMarkers(text)
                _ = WhatsAppExportedChatExtractor.looksLikePhoneNumber(text)
                _ = AndroidMMSExtractor.decodeSubject(text, charset: 106)
                _ = IMessageExtractor.stripAssociatedPrefix(text)
                _ = AndroidPhoneNumber.digits(text)
            default:
                _ = WhatsAppExportedChatExtractor.probe(head: bytes, name: "_chat.txt")
                _ = TelegramDesktopExportExtractor.probe(head: bytes, name: "result.json")
                for recognizer in ExtractorRegistry.encrypted {
                    _ = recognizer.recognize(head: bytes, name: rng.pick(["msgstore.db.crypt15", "x.db.crypt1", "signal.db", "db_sqlite"]),
                                             path: "p/org.thoughtcrime.securesms/databases/postbox/db/signal/sql/", isSQLite: false)
                }
            }
            // Time converters with the values evidence can hold.
            let integer = rng.chance(0.5) ? rng.pick(Hostile.integers) : Int64(bitPattern: rng.next())
            let real = rng.chance(0.5) ? rng.pick(Hostile.reals) : Double(bitPattern: rng.next())
            let converted: [Timestamp?] = [
                Timestamp.unixSeconds(integer), Timestamp.unixMilliseconds(integer), Timestamp.unixMicroseconds(integer),
                Timestamp.unixNanoseconds(integer), Timestamp.cocoaNanoseconds(integer), Timestamp.webkitMicroseconds(integer),
                Timestamp.unixAutoScaled(integer), Timestamp.cocoaAutoScaled(integer), Timestamp.unixSeconds(real), Timestamp.cocoaSeconds(real),
            ]
            times += converted.compactMap { $0 }.count
        }
        // The damage leaves enough intact that decoders do produce values, so their deeper paths ran too.
        #expect(decoded > 2000)
        #expect(times > 10_000)
        print("fuzz decoders: \(seeds.count) seeds, \(decoded) decoded values, \(times) times")
    }

    /// Mutated WhatsApp .txt and Telegram result.json exports.
    @Test func damagedAndHostileExports() throws {
        let folder = TemporaryFolder()
        let inputs = try FuzzInputs.all(in: folder)
        #expect(inputs.texts.count >= 8)
        var tally = Fuzz.Tally()
        for (number, path) in inputs.texts.enumerated() {
            var rng = FuzzRandom(seed: 0x7E47_0000 &+ UInt64(number))
            let bytes = Fuzz.read(path)
            let isJSON = bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{")
            let name = "text\(number)-" + (path as NSString).lastPathComponent
            var mutants: [(String, [UInt8])] = []
            for length in [1, 40, bytes.count / 3, bytes.count - 1] + [rng.below(bytes.count)] {
                mutants.append(("truncated to \(length)", DatabaseMutator.truncate(bytes, to: length)))
            }
            for flips in [1, 10, 100] {
                mutants.append(("\(flips) flipped bytes", DatabaseMutator.flip(bytes, count: flips, &rng)))
            }
            for round in 0..<(12 * Fuzz.scale) {
                if isJSON {
                    mutants.append(("JSON values \(round)", TextMutator.mutateJSON(bytes, &rng)))
                } else {
                    mutants.append(("lines \(round)", TextMutator.mutateLines(bytes, &rng)))
                }
            }
            mutants.append(("doubled", bytes + bytes))
            for (index, mutant) in mutants.enumerated() {
                let target = folder.file("\(name).\(index)")
                try Fuzz.write(mutant.1, to: target)
                Fuzz.run([target], label: "\(name) \(mutant.0)", tally: &tally)
            }
        }
        #expect(tally.runs > 150)
        print("fuzz exports: \(tally.summary())")
    }

    /// Databases built from scratch with each extractor's signature (and each directory provider's): every
    /// required column of a random declared type, filled with random values of every storage class.
    @Test func randomDatabasesMatchingEachSignature() throws {
        let folder = TemporaryFolder()
        var tally = Fuzz.Tally()
        var rng = FuzzRandom(seed: 0x5167_0000)
        let signatures: [(String, SQLiteSignature)] = ExtractorRegistry.sqlite.map { ($0.info.id, $0.signature) }
            + ExtractorRegistry.directories.map { ($0.info.id, $0.signature) }
        for (id, signature) in signatures {
            for round in 0..<(4 * Fuzz.scale) {
                let path = folder.file("\(id)-\(round).db")
                let tables = signature.tables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                try DatabaseMutator.build(path, tables: tables, rows: 20, &rng)
                let output = Fuzz.run([path], label: "\(id) random \(round)", readable: true, tally: &tally)
                if ExtractorRegistry.sqlite.contains(where: { $0.info.id == id }) {
                    #expect(output?.record(id) != nil, "\(id) did not match a database built from its own signature")
                }
            }
        }
        #expect(tally.threw == 0)
        print("fuzz signatures: \(tally.summary())")
    }

    /// Databases with the full schema of every input (optional tables and columns included), random values.
    @Test func randomDatabasesWithInputSchemas() throws {
        let folder = TemporaryFolder()
        let inputs = try FuzzInputs.all(in: folder)
        var tally = Fuzz.Tally()
        for (number, path) in inputs.databases.enumerated() {
            var rng = FuzzRandom(seed: 0x5C4E_0000 &+ UInt64(number))
            for round in 0..<(5 * Fuzz.scale) {
                let target = folder.file("clone\(number)-\(round).db")
                try DatabaseMutator.cloneSchema(of: path, to: target, drop: round == 0 ? 0 : 0.3, &rng)
                let label = "schema of \((path as NSString).lastPathComponent) random \(round)"
                Fuzz.run([target], label: label, readable: true, tally: &tally)
                // Optional columns and tables are looked up before they are queried: a schema version without one
                // still reads.
                let output = try ExtractionHarness.extract([target])
                let missing = output.warnings.filter { $0.contains("no such column") || $0.contains("no such table") }
                #expect(missing.isEmpty, "\(label): \(missing)")
            }
        }
        #expect(tally.runs >= 150)
        print("fuzz schemas: \(tally.summary())")
    }
}

// MARK: - Regressions found by the fuzz tests

/// Inputs the fuzz tests showed were lost whole; each is now read with the damage reported.
@Suite struct ExtractorFuzzRegressionTests {
    /// A copy of `path` (with its sidecars) in which `table` lacks `column` (rebuilt without it, data kept).
    static func without(_ column: String, in table: String, of path: String, folder: TemporaryFolder) throws -> String {
        let target = folder.file("without-\(column)-" + (path as NSString).lastPathComponent)
        try Fuzz.copy(path, to: target)
        let queue = try DatabaseMutator.open(target)
        try queue.write { db in
            let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).compactMap { $0["name"] as String? }
            #expect(columns.contains(column), "\(table) has no \(column) to remove")
            let kept = columns.filter { $0 != column }.map(Hostile.quoted).joined(separator: ", ")
            try db.execute(sql: "ALTER TABLE \(Hostile.quoted(table)) RENAME TO fuzz_old")
            try db.execute(sql: "CREATE TABLE \(Hostile.quoted(table)) AS SELECT \(kept) FROM fuzz_old")
            try db.execute(sql: "DROP TABLE fuzz_old")
        }
        try queue.close()
        return target
    }

    /// Optional columns an extractor queried without looking them up first: a schema version without one failed
    /// the whole file ("no such column"). Each is now read as absent.
    @Test(arguments: [
        ("apple.imessage.messages", "corpus:log2timeline+plaso/test_data/sqlite/imessage_chat.db", "message_attachment_join", "attachment_id"),
        ("skype.desktop.messages", "corpus:log2timeline+plaso/test_data/sqlite/skype_main.db", "Transfers", "partner_handle"),
        ("android.mms.messages", "fixture:android_mms.py:mmssms.db", "part", "seq"),
        ("whatsapp.ios.calls", "fixture:whatsapp_ios.py:CallHistory.sqlite", "ZWACDCALLEVENT", "ZGROUPCALLCREATORUSERJIDSTRING"),
    ])
    func optionalColumnMissing(_ id: String, _ source: String, _ table: String, _ column: String) throws {
        let folder = TemporaryFolder()
        let parts = source.split(separator: ":").map(String.init)
        let path: String
        if parts[0] == "corpus" {
            path = Repo.corpusFile(parts[1])
        } else {
            // Fixture generators take an output folder, or (android_mms.py) the database path.
            let argument = parts[1] == "android_mms.py" ? folder.file(parts[2]) : folder.path
            let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/" + parts[1]).path, argument])
            #expect(result.status == 0, "\(result.stderr)")
            path = folder.file(parts[2])
        }
        let original = try #require(try ExtractionHarness.extract([path]).record(id))
        let output = try ExtractionHarness.extract([try Self.without(column, in: table, of: path, folder: folder)])
        let record = try #require(output.record(id))
        #expect(record.status == original.status, "\(output.warnings)")
        #expect(output.warnings.allSatisfy { !$0.contains("no such column") })
        #expect(record.messages + record.calls == original.messages + original.calls)
        #expect(record.messages + record.calls > 0)
    }

    static func export(_ json: String, folder: TemporaryFolder) throws -> HarnessOutput {
        let path = folder.file("result.json")
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return try ExtractionHarness.extract([path])
    }

    static func message(_ id: Int, _ text: String) -> String {
        #"{"id": \#(id), "type": "message", "date_unixtime": "1710000000", "from": "Bob", "from_id": "user6", "text": \#(text)}"#
    }

    /// A number, `true`, `false` or `null` under a key the reader skips was skipped by its first byte only, so the
    /// next key was looked for inside the value and the whole export failed.
    @Test func scalarValuesOfSkippedKeys() throws {
        let folder = TemporaryFolder()
        let json = """
            {"name": "Bob", "type": "personal_chat", "id": 6, "version": 12345, "pinned": true, "archived": false,
             "photo": null, "ratio": -1.5e3, "messages": [\(Self.message(1, "\"one\"")), \(Self.message(2, "\"two\""))]}
            """
        let output = try Self.export(json, folder: folder)
        let record = try #require(output.record("telegram.desktop.export"))
        #expect(record.status == .ok, "\(output.warnings)")
        #expect(output.messages.map(\.body) == ["one", "two"])
    }

    /// A message nested deeper than the reader builds stopped the export there; now that value is skipped (and
    /// reported) and the messages after it are read.
    @Test func deeplyNestedValueInOneMessage() throws {
        let folder = TemporaryFolder()
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let json = """
            {"name": "Bob", "type": "personal_chat", "id": 6, "messages": [\(Self.message(1, "\"one\"")), \(Self.message(2, deep)),
             \(Self.message(3, "\"three\""))]}
            """
        let output = try Self.export(json, folder: folder)
        let record = try #require(output.record("telegram.desktop.export"))
        #expect(record.status == .partial)
        #expect(record.messages == 3)
        #expect(output.messages.map(\.body) == ["one", nil, "three"])
        #expect(output.warnings.contains { $0.contains("/messages/1: a value nested deeper than 200 levels was skipped") })
    }
}
