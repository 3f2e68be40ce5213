// A chat thread's language, so a message too short to tell ("ok", "555", "ครับ") takes its thread's.

public struct ThreadLanguage: Sendable {
    /// Reliable guesses per language: one vote per message, since LanguageGuess carries no letter count and
    /// short messages are already left out by being unreliable.
    private var votes: [String: Int] = [:]
    /// The script each language was last seen in, so a Latin "ok" is not given a Thai thread's language.
    private var scripts: [String: String] = [:]

    public init() {}

    public mutating func add(_ guess: LanguageGuess) {
        guard guess.reliable, let language = guess.language else { return }
        votes[language, default: 0] += 1
        scripts[language] = guess.script
    }

    /// The language most reliable messages were in; ties go to the alphabetically first; nil before any.
    public var language: String? {
        votes.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key
    }

    /// A reliable guess comes back unchanged. An unreliable or undetermined one takes the thread's language when
    /// its script agrees with the thread's (or it has no letters); `reliable` stays false, because the language
    /// was inferred from the thread and not read from the message.
    public func resolve(_ guess: LanguageGuess) -> LanguageGuess {
        guard !guess.reliable, let language else { return guess }
        let threadScript = scripts[language].map(Self.family)
        guard guess.script == "Zyyy" || Self.family(guess.script) == threadScript || guess.language == language
        else { return guess }
        var resolved = guess
        resolved.language = language
        return resolved
    }

    /// Hans, Hant and undecided Hani are one family: a short Han message belongs in any Chinese thread.
    private static func family(_ script: String) -> String {
        ["Hans", "Hant", "Hani"].contains(script) ? "Han" : script
    }
}
