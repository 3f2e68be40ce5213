// Helpers of the markup and mail reader tests: writing hostile inputs, normalising text for comparison.

import Foundation
import TestSupport

enum Markup {
    /// Writes `bytes` to a fresh file in `folder` and returns its path.
    static func write(_ bytes: [UInt8], _ name: String, in folder: TemporaryFolder) -> String {
        let path = folder.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func write(_ text: String, _ name: String, in folder: TemporaryFolder) -> String {
        write(Array(text.utf8), name, in: folder)
    }

    /// Lines with runs of blanks collapsed and empty lines dropped, as textract compares its expected output.
    static func normalisedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\u{00A0}", with: " ")
            .split(separator: "\n")
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
    }
}
