// WhatsApp Android msgstore.db from the schema migration period (roughly 2020–2022, WhatsApp 2.20–2.22): the legacy
// `messages` table still holds the real rows while the new `message` table holds only the rows migrated so far,
// some of them placeholders without text or media. Reading either table alone loses messages, so both are read and
// a message present in both (same key_id and direction) is kept once: the richer copy, the legacy one on a tie.

import EvidenceModel
import GRDB

enum WhatsAppAndroidTransitionalMerge {
    /// True when `messages` is a real legacy table beside `message` (a view of that name, which later versions
    /// define over `message`, holds no rows of its own).
    static func applies(db: Database, schema: SQLiteSchema) throws -> Bool {
        guard WhatsAppAndroidLegacyMessagesExtractor.signature.hasTables(schema) else { return false }
        let type = try String.fetchOne(db, sql: "SELECT type FROM sqlite_master WHERE name = 'messages' COLLATE NOCASE AND type IN ('table', 'view') ORDER BY type")
        return type == "table"
    }

    /// Emits each message once, in three passes that keep memory to one small entry per matched key:
    /// 1. `message` rows: richness by key;
    /// 2. `messages` rows: each kept unless the `message` copy is richer (the legacy table holds the real rows);
    /// 3. `message` rows not already kept from `messages`.
    static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        // Row problems are reported by the passes that emit (2 and 3), not again by the scoring pass.
        let quiet = ArtifactSink(onMessage: { _ in })
        var currentRichness: [String: Int] = [:]
        try WhatsAppAndroidMessagesExtractor.forEachMessage(db: db, schema: schema, context: context, sink: quiet) { message, key in
            guard let key else { return }
            currentRichness[key] = max(currentRichness[key] ?? 0, richness(message))
        }

        var matched: Set<String> = []
        var keptFromLegacy: Set<String> = []
        var legacyOnly = 0
        try WhatsAppAndroidLegacyMessagesExtractor.forEachMessage(db: db, schema: schema, context: context, sink: sink) { message, key in
            guard let key, let current = currentRichness[key] else {
                legacyOnly += 1
                try sink.add(message)
                return
            }
            matched.insert(key)
            guard richness(message) >= current else { return }
            keptFromLegacy.insert(key)
            try sink.add(message)
        }
        var currentOnly = 0
        try WhatsAppAndroidMessagesExtractor.forEachMessage(db: db, schema: schema, context: context, sink: sink) { message, key in
            if let key, keptFromLegacy.contains(key) { return }
            if !(key.map(matched.contains) ?? false) { currentOnly += 1 }
            try sink.add(message)
        }
        sink.note("transitional msgstore.db (legacy `messages` beside `message`): \(legacyOnly) messages only in `messages`, "
                  + "\(currentOnly) only in `message`, \(matched.count) in both (kept once: \(keptFromLegacy.count) from `messages`, "
                  + "\(matched.count - keptFromLegacy.count) from `message`)")
    }

    /// How much of a message a copy holds: text, attachments (with a file path), time, parties and quote. A
    /// placeholder row of the migration holds little beyond its key.
    static func richness(_ message: ChatMessage) -> Int {
        var score = 0
        if let body = message.body, !body.isEmpty { score += 8 }
        for attachment in message.attachments {
            score += 4
            if attachment.sourcePath != nil { score += 2 }
        }
        if message.sentAt != nil { score += 1 }
        if message.sender != nil { score += 1 }
        if message.thread != nil { score += 1 }
        if message.replyTo != nil { score += 1 }
        if message.status != nil { score += 1 }
        return score
    }
}
