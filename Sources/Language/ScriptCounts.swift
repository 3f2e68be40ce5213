// Counts a text's letters per ISO 15924 script, and its simplified-only and traditional-only Han characters.

import EvidenceModel
import Foundation

struct ScriptCounts: Sendable {
    var letters: [String: Int] = [:]
    var total = 0
    var simplifiedHan = 0
    var traditionalHan = 0

    /// A Han, kana or Hangul character carries more of a word than a Latin or Thai letter (a Chinese word is about
    /// 1.7 characters, an English one about 5 letters), so "Discord 验证代码是" is Chinese. Dominance and shares weigh
    /// these scripts' characters double: less than the word-length ratio, so a half-English post stays English.
    static func weight(_ script: String) -> Int {
        ["Hani", "Jpan", "Hang"].contains(script) ? 2 : 1
    }

    /// Letters weighed by `weight`, summed over all scripts.
    var weightedTotal: Int {
        letters.reduce(0) { $0 + $1.value * Self.weight($1.key) }
    }

    /// The script with most weighed letters; ties go to the alphabetically first so answers are repeatable.
    var dominant: String? {
        letters.max { a, b in
            let left = a.value * Self.weight(a.key), right = b.value * Self.weight(b.key)
            return left < right || (left == right && a.key > b.key)
        }?.key
    }

    init(_ text: String) {
        let table = ScriptTable.shared
        // Counted by index into the table's script names: hashing a script name per letter costs more than the rest.
        var perScript = [Int](repeating: 0, count: table.names.count)
        var latin = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            // ASCII first: most evidence text is mostly ASCII, and this skips the property lookup.
            if value < 0x80 {
                if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) { latin += 1 }
                continue
            }
            guard scalar.properties.isAlphabetic, let index = table.scriptIndex(of: value) else { continue }
            perScript[index] += 1
            if index == table.hanIndex {
                switch table.hanVariant[value] {
                case .simplified?: simplifiedHan += 1
                case .traditional?: traditionalHan += 1
                case nil: break
                }
            }
        }
        if latin > 0 { letters["Latn"] = latin }
        for (index, count) in perScript.enumerated() where count > 0 {
            letters[table.names[index], default: 0] += count
        }
        total = letters.values.reduce(0, +)
    }
}

enum HanVariant: Sendable { case simplified, traditional }

/// The resource tables: script ranges (scripts.tsv) and simplified/traditional Han characters (han-variants.tsv).
final class ScriptTable: Sendable {
    static let shared = ScriptTable()

    private let starts: [UInt32]
    private let ends: [UInt32]
    private let indices: [Int]
    /// The distinct script names, in first-seen order; counts are kept by position in this list.
    let names: [String]
    let hanIndex: Int?
    let hanVariant: [UInt32: HanVariant]

    private init() {
        var ranges: [(UInt32, UInt32, String)] = []
        for fields in ResourceFile.rows("scripts") where fields.count >= 3 {
            guard let first = UInt32(fields[0], radix: 16), let last = UInt32(fields[1], radix: 16), first <= last
            else { continue }
            ranges.append((first, last, fields[2]))
        }
        ranges.sort { $0.0 < $1.0 }
        var names: [String] = []
        for range in ranges where !names.contains(range.2) { names.append(range.2) }
        starts = ranges.map(\.0)
        ends = ranges.map(\.1)
        indices = ranges.map { range in names.firstIndex(of: range.2) ?? 0 }
        self.names = names
        hanIndex = names.firstIndex(of: "Hani")
        var variants: [UInt32: HanVariant] = [:]
        for fields in ResourceFile.rows("han-variants") where fields.count >= 2 {
            guard let scalar = fields[0].unicodeScalars.first else { continue }
            variants[scalar.value] = fields[1] == "S" ? .simplified : (fields[1] == "T" ? .traditional : nil)
        }
        hanVariant = variants
    }

    func scriptIndex(of value: UInt32) -> Int? {
        // Binary search for the last range starting at or before the value.
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= value { low = middle + 1 } else { high = middle }
        }
        guard low > 0, value <= ends[low - 1] else { return nil }
        return indices[low - 1]
    }
}

/// Reads a tab-separated resource of this module, skipping blank lines and `#` comments.
enum ResourceFile {
    static func rows(_ name: String) -> [[String]] {
        guard let url = PackageResources.url(module: "Language", name + ".tsv", sourceFolder: URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().appendingPathComponent("Resources")),
              let data = try? Data(contentsOf: url) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
