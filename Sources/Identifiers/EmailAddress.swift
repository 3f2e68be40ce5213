// E-mail addresses as identities: trimmed and lowercased, the raw text kept by the caller.

public enum EmailAddress {
    /// The normalized address, or nil when `raw` is not an e-mail address. Lowercases the whole address: the
    /// local part is case-sensitive in RFC 5321 but no provider treats it so, and matching across exhibits needs
    /// one form. Dots and `+tags` are kept (removing them is provider-specific and would merge distinct people).
    public static func normalize(_ raw: String) -> String? {
        var text = Substring(raw.trimmingWhitespace())
        if text.lowercased().hasPrefix("mailto:") { text = text.dropFirst(7) }
        if text.hasPrefix("<"), text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, domain.count >= 3,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else { return nil }
        return text.lowercased()
    }
}
