// Normalized, typed identifiers of people: phone numbers, e-mail addresses, app handles (issue 5).
