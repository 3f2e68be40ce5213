// Language and script of a message or document: scripts that name their language decide alone, CLD2 does the rest.

public enum LanguageIdentifier {
    /// Fewer letters than this and a script-decided language (Thai, Khmer, Lao, Burmese) is not reliable: "ครับ"
    /// is Thai, but one word could as well be a quoted name or a word in a foreign-language message.
    static let minimumScriptLetters = 8
    /// The same for scripts whose every character is a syllable or a word (Han, kana, Hangul).
    static let minimumSyllabicLetters = 4
    /// Fewer letters than this and CLD2's answer is not reliable even when CLD2 says it is: below about four
    /// words it confuses close languages (Indonesian/Malay, Spanish/Portuguese).
    static let minimumCLD2Letters = 20
    /// The dominant script must hold at least this share of the (weighed) letters for the guess to be reliable.
    static let minimumDominantShare = 0.6

    public static func identify(_ original: String) -> LanguageGuess {
        let text = LinkStripper.strip(original)
        let counts = ScriptCounts(text)
        guard var script = counts.dominant else {
            return LanguageGuess(language: nil, script: "Zyyy", reliable: false, zawgyi: false)
        }
        var letters = counts.letters[script] ?? 0
        // Japanese mixes kana and Han: kana beside Han make it Japanese, but a lone の in Taiwanese
        // advertising does not, so kana must be at least a tenth of the Han.
        let kana = counts.letters["Jpan"] ?? 0, han = counts.letters["Hani"] ?? 0
        if script == "Jpan" || (script == "Hani" && kana > 0 && kana * 10 >= han) {
            script = "Jpan"
            letters = kana + han
        }
        let share = Double(letters * ScriptCounts.weight(script)) / Double(max(counts.weightedTotal, 1))
        // Zawgyi is flagged wherever Burmese appears, so `zawgyi` is true exactly when `normalized` converts.
        let zawgyi = counts.letters["Mymr"] != nil && Zawgyi.isZawgyi(original)
        let syllabic = ["Hani", "Jpan", "Hang"].contains(script)
        let scriptReliable = letters >= (syllabic ? minimumSyllabicLetters : minimumScriptLetters)
            && share >= minimumDominantShare
        switch script {
        case "Thai": return LanguageGuess(language: "th", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Khmr": return LanguageGuess(language: "km", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Laoo": return LanguageGuess(language: "lo", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Hang": return LanguageGuess(language: "ko", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Jpan": return LanguageGuess(language: "ja", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Mymr":
            return LanguageGuess(language: "my", script: script, reliable: scriptReliable, zawgyi: zawgyi)
        case "Hani":
            return LanguageGuess(language: "zh", script: hanScript(counts, text), reliable: scriptReliable,
                                 zawgyi: zawgyi)
        default:
            let answer = CLD2.detect(text)
            let language = CloseLanguages.shared.refine(isoCode(answer.code), in: text)
            return LanguageGuess(language: language, script: script,
                                 reliable: answer.reliable && letters >= minimumCLD2Letters
                                     && share >= minimumDominantShare,
                                 zawgyi: zawgyi)
        }
    }

    /// Text to match rules against: Zawgyi converted to Unicode Burmese, else the text unchanged.
    public static func normalized(_ text: String) -> String {
        Zawgyi.isZawgyi(text) ? Zawgyi.toUnicode(text) : text
    }

    /// Hans or Hant by counting characters only one system writes; CLD2's ChineseT decides a tie; else Hani.
    static func hanScript(_ counts: ScriptCounts, _ text: String) -> String {
        if counts.simplifiedHan > counts.traditionalHan { return "Hans" }
        if counts.traditionalHan > counts.simplifiedHan { return "Hant" }
        let answer = CLD2.detect(text)
        guard answer.reliable else { return "Hani" }
        switch answer.code {
        case "zh-Hant": return "Hant"
        case "zh": return "Hans"
        default: return "Hani"
        }
    }

    /// CLD2's codes as ISO 639: "zh-Hant" is Chinese, "un" and the "xx-" script pseudo-languages are no language.
    static func isoCode(_ code: String) -> String? {
        if code == "un" || code.hasPrefix("xx") || code.isEmpty { return nil }
        let base = code.split(separator: "-").first.map(String.init) ?? code
        switch base {
        case "iw": return "he"
        case "jw": return "jv"
        case "in": return "id"
        case "fil": return "tl"
        default: return base
        }
    }
}
