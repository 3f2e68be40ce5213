// The only file that imports CCLD2: CLD2's answer for a text, as Swift values.

import CCLD2

struct CLD2Answer: Sendable, Equatable {
    /// CLD2's code for the top language ("en", "zh-Hant", "un" when it cannot tell).
    var code: String
    var percent: Int
    var reliable: Bool
}

enum CLD2 {
    /// CLD2 is linear in the input but a document's language is settled well before 64 KiB of text.
    static let maximumBytes = 65_536

    static func detect(_ text: String) -> CLD2Answer {
        var utf8 = Array(text.utf8)
        if utf8.count > maximumBytes {
            // Cut at a character boundary: CLD2 stops at the first invalid byte.
            var end = maximumBytes
            while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
            utf8.removeSubrange(end...)
        }
        let first = run(utf8, bestEffort: false)
        // CLD2 says "unknown" for many plain sentences it is merely unsure of (all-capital headlines, names);
        // its best-effort answer is usually right, but is never called reliable.
        guard first.code == "un" else { return first }
        var second = run(utf8, bestEffort: true)
        second.reliable = false
        return second
    }

    private static func run(_ utf8: [UInt8], bestEffort: Bool) -> CLD2Answer {
        var result = ccld2_result()
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    ccld2_detect(pointer, Int32(buffer.count), bestEffort ? 1 : 0, &result)
                }
            }
        }
        let code = withUnsafeBytes(of: result.code.0) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return CLD2Answer(code: code.isEmpty ? "un" : code, percent: Int(result.percent.0), reliable: result.reliable != 0)
    }
}
