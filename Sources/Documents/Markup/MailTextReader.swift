// Text of e-mail: single messages (.eml) and mbox files, MIME trees walked with bounded depth and part count.

public enum MailTextReader: DocumentTextReader {
    public static let kinds: [DocumentKind] = [.eml, .mbox]

    /// MIME nesting deeper than this is not followed (a nested-multipart bomb stops here).
    static let maxDepth = 24
    /// Body parts read per message, whatever `DocumentLimits.maxParts` allows for the document.
    static let maxPartsPerMessage = 10_000

    public static func read(path: String, kind: DocumentKind, limits: DocumentLimits) throws -> ExtractedText {
        let blocks = try FileBlocks(path: path, limits: limits)
        var walker = MailWalker(limits: limits)
        if kind == .mbox {
            readMbox(blocks, &walker, limits)
        } else {
            let cap = messageCap(limits)
            let bytes = blocks.read(upTo: cap)
            if blocks.size > Int64(cap) {
                walker.builder.note("message larger than \(cap) bytes: only its first \(cap) bytes are read")
                walker.limitReached = true
            }
            walker.message(bytes[...], label: "body", depth: 0, topLevel: true)
        }
        if !walker.attachments.isEmpty { walker.metadata["attachments"] = walker.attachments.joined(separator: "; ") }
        var result = walker.builder.finish(kind: kind, encoding: walker.encoding?.name, metadata: walker.metadata)
        if walker.limitReached { result.truncated = true }
        return result
    }

    private static func messageCap(_ limits: DocumentLimits) -> Int {
        Int(clamping: max(1, min(limits.maxMemberBytes, limits.maxInputBytes, 1 << 34)))
    }

    /// Splits on "From " lines (mboxo/mboxrd) while reading, so only one message is in memory at a time.
    private static func readMbox(_ blocks: FileBlocks, _ walker: inout MailWalker, _ limits: DocumentLimits) {
        var stream = ByteStream(blocks)
        let separator = Array("From ".utf8)
        let cap = messageCap(limits)
        var message: [UInt8] = []
        var messageTooLarge = false
        var count = 0
        var lineStart = true
        var stopped = false
        func deliver() {
            let meaningful = message.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 })
            if meaningful {
                count += 1
                if messageTooLarge { walker.limitReached = true; walker.builder.note("message \(count) larger than \(cap) bytes: only its first \(cap) bytes are read") }
                walker.mboxMessage(message[...], number: count)
            }
            message.removeAll(keepingCapacity: true)
            messageTooLarge = false
        }
        while let (line, ended) = stream.line(maxLength: 1 << 20) {
            if lineStart && line.starts(with: separator) {
                deliver()
                if walker.builder.isFull { stopped = true; break }
                if count >= limits.maxParts {
                    walker.builder.note("mbox holds more than \(limits.maxParts) messages; the rest are not read")
                    walker.limitReached = true
                    stopped = true
                    break
                }
                lineStart = ended
                continue
            }
            var piece = line[...]
            // mboxrd quoting: ">From " and ">>From " in a body lose one '>'.
            if lineStart, piece.first == UInt8(ascii: ">") {
                let unquoted = piece.drop(while: { $0 == UInt8(ascii: ">") })
                if unquoted.starts(with: separator) { piece = piece.dropFirst() }
            }
            if message.count + piece.count + 1 <= cap {
                message += piece
                if ended { message.append(0x0A) }
            } else {
                messageTooLarge = true
            }
            lineStart = ended
        }
        if !stopped { deliver() }
        walker.metadata["messages"] = String(count)
    }
}

/// Walks one document's messages and MIME parts into a TextBuilder.
struct MailWalker {
    var builder: TextBuilder
    var metadata: [String: String] = [:]
    /// The charset of the first text body read, reported as the document's encoding.
    var encoding: TextEncoding?
    /// A limit other than the text cap dropped part of the document.
    var limitReached = false
    private var partsInMessage = 0
    private var attachedMessageDepth = 0
    /// Parts not read as text (images, archives, signatures): "name (type, bytes)", recorded in metadata.
    private(set) var attachments: [String] = []
    private var messageNumber: Int?
    private var noted: Set<String> = []
    /// The label inline text goes under; reopened after an attachment's section.
    private var bodyLabel = "body"
    private var inAttachmentSection = false

    private let maxParts: Int

    init(limits: DocumentLimits) {
        builder = TextBuilder(maxBytes: limits.maxTextBytes)
        maxParts = max(1, min(limits.maxParts, MailTextReader.maxPartsPerMessage))
    }

    mutating func mboxMessage(_ bytes: ArraySlice<UInt8>, number: Int) {
        let (headers, _) = MailHeaders.split(bytes)
        let subject = MailWalker.oneLine(headers.text("subject") ?? "")
        messageNumber = number
        message(bytes, label: "message \(number): \(subject)", depth: 0, topLevel: false)
    }

    /// One message: a few header lines, then its body tree.
    mutating func message(_ bytes: ArraySlice<UInt8>, label: String, depth: Int, topLevel: Bool) {
        let (headers, body) = MailHeaders.split(bytes)
        if depth == 0 {
            partsInMessage = 0
            bodyLabel = label
            inAttachmentSection = false
            builder.beginSection(label)
        }
        let dateRaw = headers.text("date")
        let date = dateRaw.flatMap { MailDate.iso8601($0) }
        var lines: [String] = []
        // Bcc survives only in a sender's own copy: rare, and telling when there.
        for (title, name) in [("From", "from"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"), ("Subject", "subject")] {
            if let value = headers.allText(name), !value.isEmpty { lines.append("\(title): \(value)") }
        }
        if let dateRaw { lines.append("Date: \(date ?? dateRaw)") }
        if !lines.isEmpty {
            builder.newline()
            builder.append(lines.joined(separator: "\n") + "\n\n")
        }
        if topLevel {
            for name in ["from", "to", "cc", "bcc", "subject", "message-id"] {
                if let value = headers.allText(name), !value.isEmpty { metadata[name] = String(value.prefix(4096)) }
            }
            if let dateRaw {
                metadata["date-raw"] = String(dateRaw.prefix(256))
                if let date { metadata["date"] = date }
            }
        }
        entity(headers, body, depth: depth)
    }

    private mutating func entity(_ headers: MailHeaders, _ body: ArraySlice<UInt8>, depth: Int, parentType: String = "") {
        guard !builder.isFull else { return }
        partsInMessage += 1
        guard partsInMessage <= maxParts else {
            noteOnce("more than \(maxParts) MIME parts in one message; the rest are not read")
            limitReached = true
            return
        }
        guard depth <= MailTextReader.maxDepth else {
            noteOnce("MIME parts nested deeper than \(MailTextReader.maxDepth); deeper parts are not read")
            limitReached = true
            return
        }
        let defaultType = parentType == "multipart/digest" ? "message/rfc822" : "text/plain"
        let contentType = HeaderParameters.parse(headers.raw("content-type"))
        let type = contentType.map { $0.value.contains("/") ? $0.value : defaultType } ?? defaultType
        let disposition = HeaderParameters.parse(headers.raw("content-disposition"))
        let name = disposition?.parameters["filename"] ?? contentType?.parameters["name"]
        let isAttachment = disposition?.value == "attachment"
        let transfer = HeaderParameters.parse(headers.raw("content-transfer-encoding"))?.value ?? "7bit"

        if type.hasPrefix("multipart/") {
            guard let boundary = contentType?.parameters["boundary"], !boundary.isEmpty else {
                noteOnce("a \(type) part has no boundary; its body is read as text")
                inline(decodeText(body, charset: nil, type: "text/plain"))
                return
            }
            let parts = MultipartBody.parts(body, boundary: boundary)
            if type == "multipart/alternative", let chosen = MailWalker.preferred(parts) {
                let (partHeaders, partBody) = MailHeaders.split(chosen)
                entity(partHeaders, partBody, depth: depth + 1, parentType: type)
                return
            }
            for part in parts {
                guard !builder.isFull else { return }
                let (partHeaders, partBody) = MailHeaders.split(part)
                entity(partHeaders, partBody, depth: depth + 1, parentType: type)
            }
            return
        }
        let readsText = type.hasPrefix("text/") || type.hasPrefix("message/")
        guard readsText else {
            // Not decoded: an image or archive is someone else's job; only its size is worth recording here.
            listAttachment(name ?? "(unnamed)", type: type, bytes: TransferEncoding.decodedSize(body, transfer: transfer))
            return
        }
        let decoded = decodeBody(body, transfer: transfer)
        if type == "message/rfc822" || type == "message/global" {
            let (inner, _) = MailHeaders.split(decoded[...])
            let subject = MailWalker.oneLine(inner.text("subject") ?? name ?? "")
            openAttachmentSection("attached message \(subject)")
            attachedMessageDepth += 1
            message(decoded[...], label: "", depth: depth + 1, topLevel: false)
            attachedMessageDepth -= 1
            return
        }
        // Delivery reports are header-like text a reader wants (who bounced, why).
        if type.hasPrefix("text/") || type == "message/delivery-status" || type == "message/disposition-notification" {
            let text = decodeText(decoded[...], charset: contentType?.parameters["charset"], type: type)
            if isAttachment || (name != nil && type != "text/plain" && type != "text/html") {
                let label = name ?? type
                listAttachment(label, type: type, bytes: decoded.count)
                openAttachmentSection("attachment \(MailWalker.oneLine(label))")
                builder.append(text)
            } else {
                inline(text)
            }
            return
        }
        listAttachment(name ?? "(unnamed)", type: type, bytes: decoded.count)
    }

    /// multipart/alternative: plain text first (what the sender typed), else HTML, else the richest last part.
    private static func preferred(_ parts: [ArraySlice<UInt8>]) -> ArraySlice<UInt8>? {
        var html: ArraySlice<UInt8>?
        var multipart: ArraySlice<UInt8>?
        for part in parts {
            let (headers, body) = MailHeaders.split(part)
            let type = HeaderParameters.parse(headers.raw("content-type"))?.value ?? "text/plain"
            // Some mailers send an empty plain part beside the real HTML one.
            let blank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if type == "text/plain" && !blank { return part }
            if type == "text/html" && html == nil { html = part }
            if type.hasPrefix("multipart/") && multipart == nil { multipart = part }
        }
        return multipart ?? html ?? parts.last
    }

    private mutating func decodeBody(_ body: ArraySlice<UInt8>, transfer: String) -> [UInt8] {
        switch transfer {
        case "base64":
            let (bytes, damaged) = TransferEncoding.base64(body)
            if damaged { noteOnce("damaged or truncated base64 in a body part; what could be decoded is kept") }
            return bytes
        case "quoted-printable":
            return TransferEncoding.quotedPrintable(body)
        default:
            return Array(body)
        }
    }

    private mutating func decodeText(_ bytes: ArraySlice<UInt8>, charset: String?, type: String) -> String {
        var declared = charset
        if type == "text/html", declared == nil, let meta = HTMLTextReader.declaredCharset(Array(bytes.prefix(4096))) {
            declared = meta
        }
        let (text, used) = TextEncoding.decode(Array(bytes), declared: declared)
        if encoding == nil { encoding = used }
        guard type == "text/html" else { return text }
        var stripper = HTMLTextStripper()
        return stripper.feed(text) + stripper.finish()
    }

    private mutating func inline(_ text: String) {
        // An attached message's own text stays in its section; the outer message's text reopens the body.
        if inAttachmentSection && attachedMessageDepth == 0 {
            builder.beginSection(String(bodyLabel.prefix(while: { $0 != ":" })) + " continued")
            inAttachmentSection = false
        }
        builder.newline()
        builder.append(text)
    }

    private mutating func openAttachmentSection(_ label: String) {
        let prefix = bodyLabel.hasPrefix("message ") ? String(bodyLabel.prefix(while: { $0 != ":" })) + " " : ""
        builder.beginSection(prefix + label)
        inAttachmentSection = true
    }

    private mutating func listAttachment(_ name: String, type: String, bytes: Int) {
        let entry = (messageNumber.map { "message \($0): " } ?? "") + "\(MailWalker.oneLine(name)) (\(type), \(bytes) bytes)"
        if attachments.count < 1000 { attachments.append(entry) }
    }

    /// A header value as one label: whitespace runs (folding tabs) collapsed, at most 200 characters.
    static func oneLine(_ text: String) -> String {
        String(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").prefix(200))
    }

    private mutating func noteOnce(_ message: String) {
        if noted.insert(message).inserted { builder.note(message) }
    }
}

/// The body parts of a multipart body, split on its boundary lines (RFC 2046 §5.1.1).
enum MultipartBody {
    static func parts(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[index..<lineEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let closing = rest.starts(with: [0x2D, 0x2D])
                let trailing = closing ? rest.dropFirst(2) : rest
                if trailing.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let start = partStart {
                        // The line break before a delimiter belongs to the delimiter.
                        var end = index
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<end])
                    }
                    if closing { return parts }
                    partStart = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
                }
            }
            index = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
        }
        // No closing delimiter (a truncated message): the last part runs to the end.
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}
