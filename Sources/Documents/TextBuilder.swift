// Builds one document's text under the text limit, with labelled sections: every reader appends through it.

public struct TextBuilder {
    public private(set) var text = ""
    public private(set) var sections: [TextSection] = []
    public private(set) var truncated = false
    public private(set) var notes: [String] = []
    private var bytes = 0
    private let maxBytes: Int
    private var open: (label: String, start: Int)?

    public init(maxBytes: Int) {
        self.maxBytes = max(0, maxBytes)
    }

    /// True once the text limit is reached: readers stop reading.
    public var isFull: Bool { truncated }

    /// Appends text, cutting at the limit on a character boundary.
    public mutating func append(_ piece: String) {
        guard !truncated, !piece.isEmpty else { return }
        let count = piece.utf8.count
        if bytes + count <= maxBytes {
            text += piece
            bytes += count
            return
        }
        var kept = ""
        var used = 0
        for character in piece {
            let size = character.utf8.count
            if bytes + used + size > maxBytes { break }
            kept.append(character)
            used += size
        }
        text += kept
        bytes += used
        truncated = true
        notes.append("text limit of \(maxBytes) bytes reached; the rest of the document's text is not kept")
    }

    /// Ends the current line or paragraph (one newline, never two in a row from separators alone).
    public mutating func newline() {
        if !text.isEmpty && !text.hasSuffix("\n") { append("\n") }
    }

    /// Starts a labelled section (closing the one before).
    public mutating func beginSection(_ label: String) {
        endSection()
        newline()
        open = (label, bytes)
    }

    public mutating func endSection() {
        guard let current = open else { return }
        open = nil
        sections.append(TextSection(label: current.label, start: current.start, length: bytes - current.start))
    }

    public mutating func note(_ message: String) {
        if notes.count < 100 { notes.append(message) }
    }

    /// The result: sections closed, trailing whitespace kept as read.
    public mutating func finish(kind: DocumentKind, encoding: String? = nil, metadata: [String: String] = [:]) -> ExtractedText {
        endSection()
        return ExtractedText(kind: kind, text: text, sections: sections, truncated: truncated, encoding: encoding,
                             notes: notes, metadata: metadata)
    }
}
