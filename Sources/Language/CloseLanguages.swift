// Second opinions where CLD2 mixes up close languages: Russian and its Cyrillic neighbours, Indonesian and Malay.

import Foundation

struct CloseLanguages: Sendable {
    static let shared = CloseLanguages()

    private var requiredLetters: [String: Set<Character>] = [:]
    private var excludedLetters: [String: Set<Character>] = [:]
    private var words: [String: String] = [:]

    private init() {
        for fields in ResourceFile.rows("language-markers") where fields.count >= 3 {
            switch fields[0] {
            case "requires": requiredLetters[fields[1]] = Set(fields[2])
            case "excludes": excludedLetters[fields[1]] = Set(fields[2])
            case "word": for word in fields[2].split(separator: " ") { words[String(word)] = fields[1] }
            default: continue
            }
        }
    }

    /// CLD2's language, corrected by letters (Cyrillic) or marker words (Indonesian/Malay) in the text.
    func refine(_ language: String?, in text: String) -> String? {
        guard let language else { return nil }
        if let required = requiredLetters[language] {
            return text.lowercased().contains(where: required.contains) ? language : "ru"
        }
        if let excluded = excludedLetters[language] {
            return text.lowercased().contains(where: excluded.contains) ? "ru" : language
        }
        if language == "id" || language == "ms" {
            var indonesian = 0, malay = 0
            for token in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                switch words[String(token)] {
                case "id"?: indonesian += 1
                case "ms"?: malay += 1
                default: break
                }
            }
            if indonesian > malay { return "id" }
            if malay > indonesian { return "ms" }
        }
        return language
    }
}

/// Links, e-mail addresses and @handles are Latin letters in any language; they are dropped before counting.
enum LinkStripper {
    static func strip(_ text: String) -> String {
        guard text.contains("://") || text.contains("@") || text.contains("www.") else { return text }
        return text.split(whereSeparator: \.isWhitespace)
            .filter { !($0.contains("://") || $0.hasPrefix("www.") || $0.contains("@")) }
            .joined(separator: " ")
    }
}
