// Validated indicators: crypto addresses, keys, seed phrases and contact identifiers found in evidence (issue 4).
