// Recovers the template behind a group of near-duplicate texts and the values (names, amounts) each member put in it.

public enum Slots {
    /// Tokens per text that take part in the alignment; the rest of a longer text falls into its last gap.
    /// The alignment is quadratic in tokens, and scam scripts are far shorter than this.
    public static let maximumTokens = 2_000

    /// Aligns every text against the first (longest common subsequence of tokens). Tokens the first text shares
    /// with every other text are kept; each stretch between them that is not the same in all texts becomes
    /// `{{1}}`, `{{2}}`…, and `slots[i]` lists what text `i` has there (as written, "" when it has nothing).
    /// Tokens are words and punctuation marks, or single characters for unspaced scripts (Thai, Chinese…), where
    /// shared runs shorter than `minimumCharacterAnchor` are treated as differing: two Thai names sharing a
    /// syllable should stay one slot.
    public static func template(_ texts: [String]) -> (template: String, slots: [[String]]) {
        guard let first = texts.first else { return ("", []) }
        let segmentation = Segmentation.of(first)
        let tokenized = texts.map { tokens(of: $0, segmentation) }
        let head = tokenized[0]
        let aligned = head.prefix(maximumTokens).map(\.text)

        // anchors[k] = position in each text of the k-th first-text token shared by all texts.
        var shared = [Int?](repeating: nil, count: aligned.count)
        for index in shared.indices { shared[index] = index }
        var mapped: [[Int?]] = [Array(shared)]
        for other in tokenized.dropFirst() {
            let mapping = lcsMapping(aligned, other.prefix(maximumTokens).map(\.text))
            for index in shared.indices where mapping[index] == nil { shared[index] = nil }
            mapped.append(mapping)
        }
        var anchors: [[Int]] = []   // anchors[k][t]
        for index in shared.indices where shared[index] != nil {
            var row: [Int] = []
            for mapping in mapped {
                guard let position = mapping[index] else { break }
                row.append(position)
            }
            if row.count == texts.count { anchors.append(row) }
        }
        if segmentation == .characters {
            anchors = dropShortRuns(anchors, minimum: minimumCharacterAnchor, ends: tokenized.map(\.count))
        }

        var template = ""
        var slots = [[String]](repeating: [], count: texts.count)
        var slotNumber = 0
        let separator = segmentation == .words ? " " : ""
        // Gaps: before the first anchor, between anchors, after the last.
        for gap in 0...anchors.count {
            var pieces: [String] = []
            for (member, tokens) in tokenized.enumerated() {
                let start = gap == 0 ? 0 : anchors[gap - 1][member] + 1
                let end = gap == anchors.count ? tokens.count : anchors[gap][member]
                pieces.append(start < end
                    ? String(texts[member][tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound]) : "")
            }
            // The first text between the previous anchor and the next one, spacing included.
            let regionStart = gap == 0 ? first.startIndex : head[anchors[gap - 1][0]].range.upperBound
            let regionEnd = gap == anchors.count ? first.endIndex : head[anchors[gap][0]].range.lowerBound
            if pieces.allSatisfy({ $0 == pieces[0] }) {
                template += first[regionStart..<regionEnd]
            } else {
                slotNumber += 1
                let startInFirst = gap == 0 ? 0 : anchors[gap - 1][0] + 1
                let endInFirst = gap == anchors.count ? head.count : anchors[gap][0]
                if startInFirst < endInFirst {
                    template += first[regionStart..<head[startInFirst].range.lowerBound]
                    template += "{{\(slotNumber)}}"
                    template += first[head[endInFirst - 1].range.upperBound..<regionEnd]
                } else {
                    // The first text has nothing here: put the slot between its neighbours, spaced like words.
                    // Spaces only next to words: "today {{3}}." rather than "today {{3}} .".
                    let region = first[regionStart..<regionEnd]
                    let wordBefore = gap > 0 && head[anchors[gap - 1][0]].text.last.map(isWordCharacter) == true
                    let wordAfter = gap < anchors.count && head[anchors[gap][0]].text.first.map(isWordCharacter) == true
                    template += region.isEmpty ? (wordBefore ? separator : "") : String(region)
                    template += "{{\(slotNumber)}}" + (wordAfter ? separator : "")
                }
                for member in pieces.indices { slots[member].append(pieces[member]) }
            }
            if gap < anchors.count {
                template += head[anchors[gap][0]].text
            }
        }
        return (template, slots)
    }

    /// Shortest run of shared characters kept as template text in unspaced scripts.
    public static let minimumCharacterAnchor = 3

    struct Token {
        var text: Substring
        var range: Range<String.Index>
    }

    /// Words (letters, digits and marks) and single punctuation marks. In unspaced scripts each character of the
    /// script is a token of its own, while digits and Latin words stay whole: an amount is one value, not a
    /// string of digits whose last zero the alignment could share with another amount.
    static func tokens(of text: String, _ segmentation: Segmentation) -> [Token] {
        var result: [Token] = []
        var wordStart: String.Index?
        func isUnspaced(_ character: Character) -> Bool {
            character.unicodeScalars.first.map { Segmentation.isUnspacedScript($0.value) } ?? false
        }
        func endWord(at index: String.Index) {
            if let start = wordStart { result.append(Token(text: text[start..<index], range: start..<index)) }
            wordStart = nil
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if isWordCharacter(character), !(segmentation == .characters && isUnspaced(character)) {
                if wordStart == nil { wordStart = index }
            } else {
                endWord(at: index)
                if !character.isWhitespace {
                    result.append(Token(text: text[index..<next], range: index..<next))
                }
            }
            index = next
        }
        endWord(at: text.endIndex)
        return result
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// For each token of `left`, the position of the token of `right` it is paired with in one longest common
    /// subsequence (ties broken towards earlier positions, so the result is deterministic).
    static func lcsMapping(_ left: [Substring], _ right: [Substring]) -> [Int?] {
        let n = left.count, m = right.count
        var mapping = [Int?](repeating: nil, count: n)
        guard n > 0, m > 0 else { return mapping }
        // lengths[i][j] = LCS of left[i...] and right[j...], flattened.
        var lengths = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        let columns = m + 1
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * columns + j] = left[i] == right[j]
                    ? lengths[(i + 1) * columns + j + 1] + 1
                    : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
            }
        }
        var i = 0, j = 0
        while i < n, j < m {
            if left[i] == right[j] {
                mapping[i] = j
                i += 1
                j += 1
            } else if lengths[(i + 1) * columns + j] >= lengths[i * columns + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return mapping
    }

    /// Removes anchors that belong to a run (consecutive in every text) shorter than `minimum`, except a run that
    /// starts every text or ends every text: a two-character greeting such as 您好 is template, not name.
    static func dropShortRuns(_ anchors: [[Int]], minimum: Int, ends: [Int]) -> [[Int]] {
        var kept: [[Int]] = []
        var run: [[Int]] = []
        func flush() {
            let atStart = run.first?.allSatisfy { $0 == 0 } == true
            let atEnd = run.last.map { zip($0, ends).allSatisfy { $0 + 1 == $1 } } == true
            if run.count >= minimum || atStart || atEnd { kept.append(contentsOf: run) }
            run.removeAll()
        }
        for anchor in anchors {
            if let last = run.last, !zip(last, anchor).allSatisfy({ $0 + 1 == $1 }) { flush() }
            run.append(anchor)
        }
        flush()
        return kept
    }
}
