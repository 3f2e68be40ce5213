// Text of plain-text files in any encoding: BOM, else the project's detector, decoded block by block.

public enum PlainTextReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.text]

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        let blocks = try FileBlocks(path: path, limits: limits)
        var builder = TextBuilder(maxBytes: limits.maxTextBytes)
        var head = blocks.next()
        let encoding: TextEncoding
        if let (mark, length) = head.withUnsafeBytes({ TextEncoding.byteOrderMark($0) }) {
            encoding = mark
            head.removeFirst(length)
        } else {
            encoding = TextEncoding.detect(head)
        }
        let decoder = StreamingTextDecoder(encoding)
        var block = head
        while !block.isEmpty && !builder.isFull {
            builder.append(decoder.decode(block))
            block = blocks.next()
        }
        builder.append(decoder.finish())
        return builder.finish(kind: kind, encoding: encoding.name)
    }
}
