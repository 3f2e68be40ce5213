// Text of HTML files: charset from BOM or <meta> in the first 4 KiB (else detected), then the streaming stripper.

public enum HTMLTextReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.html]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        let blocks = try FileBlocks(path: path, limits: limits)
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        var head = blocks.next()
        let encoding: TextEncoding
        if let (mark, length) = head.withUnsafeBytes({ TextEncoding.byteOrderMark($0) }) {
            encoding = mark
            head.removeFirst(length)
        } else if let declared = declaredCharset(Array(head.prefix(4096))), let named = TextEncoding.labelled(declared) {
            // A page that says it is UTF-16 in ASCII bytes cannot be UTF-16 (WHATWG: treat as UTF-8).
            encoding = named.name.hasPrefix("utf-16") ? .utf8 : named
        } else {
            encoding = TextEncoding.detect(head)
        }
        let decoder = StreamingTextDecoder(encoding)
        var stripper = HTMLTextStripper()
        var block = head
        while !block.isEmpty && !builder.isFull {
            builder.append(stripper.feed(decoder.decode(block)))
            block = blocks.next()
        }
        builder.append(stripper.feed(decoder.finish()))
        builder.append(stripper.finish())
        var metadata: [String: String] = [:]
        if let title = stripper.title { metadata["title"] = title }
        return builder.finish(kind: kind, encoding: encoding.name, metadata: metadata)
    }

    /// The charset a `<meta charset>`, `<meta http-equiv content="…; charset=…">` or XML declaration names.
    static func declaredCharset(_ head: [UInt8]) -> String? {
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        if lower.starts(with: Array("<?xml".utf8)), let end = lower.firstIndex(of: UInt8(ascii: ">")),
           let value = value(after: Array("encoding".utf8), in: lower[..<end], original: head) {
            return value
        }
        var from = lower.startIndex
        while let meta = find(Array("<meta".utf8), in: lower, from: from) {
            let end = lower[meta...].firstIndex(of: UInt8(ascii: ">")) ?? lower.endIndex
            if let value = value(after: Array("charset".utf8), in: lower[meta..<end], original: head) { return value }
            from = end
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
        for i in from...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// The value after `name` `=` (optionally quoted), as in `charset="koi8-r"` or `content="text/html; charset=gbk"`.
    private static func value(after name: [UInt8], in tag: ArraySlice<UInt8>, original: [UInt8]) -> String? {
        guard tag.count >= name.count else { return nil }
        var i = tag.startIndex
        while i + name.count <= tag.endIndex {
            if tag[i..<(i + name.count)].elementsEqual(name) {
                var j = i + name.count
                while j < tag.endIndex, tag[j] == 0x20 || tag[j] == 0x09 { j += 1 }
                if j < tag.endIndex, tag[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < tag.endIndex, tag[j] == 0x20 || tag[j] == 0x09 || tag[j] == 0x22 || tag[j] == 0x27 { j += 1 }
                    var k = j
                    while k < tag.endIndex, k - j < 64, ByteSets.isLabelByte(tag[k]) { k += 1 }
                    if k > j { return String(decoding: original[j..<k], as: UTF8.self) }
                }
            }
            i += 1
        }
        return nil
    }
}
