// The answer Language gives for one text: language, script, how much to trust it, and whether it was Zawgyi.

public struct LanguageGuess: Sendable, Equatable, Codable {
    /// ISO 639-1 where it exists ("en", "th", "my", "zh", "tl"), else ISO 639-3; nil when undetermined.
    public var language: String?
    /// ISO 15924 code of the dominant script of the letters ("Latn", "Thai", "Hans", "Hant", "Hani", "Jpan"…);
    /// "Zyyy" when the text has no letters.
    public var script: String
    /// False for short or mixed text, and whenever the language was inferred rather than read from the text.
    public var reliable: Bool
    /// Burmese text found in the Zawgyi encoding; `LanguageIdentifier.normalized` gives its Unicode form.
    public var zawgyi: Bool

    public init(language: String?, script: String, reliable: Bool, zawgyi: Bool) {
        self.language = language
        self.script = script
        self.reliable = reliable
        self.zawgyi = zawgyi
    }
}
