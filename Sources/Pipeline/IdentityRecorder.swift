// Turns contacts, and the participants of messages and calls, into identities: one row per normalized
// identifier in the case, and sightings linking it to the exhibit, file and artifact where it was seen. Runs on
// the writer's thread inside each extractor run's transaction, so identities are created in a reproducible order.

import EvidenceModel
import EvidenceStore
import Extraction
import Foundation
import GRDB
import Identifiers

final class IdentityRecorder {
    private let exhibitId: Int64
    private let defaultRegion: String?
    private var cache = KeyedRowCache(table: "identities")

    /// Participants of the current run, aggregated per (identity, role, table), in first-seen order.
    private struct Aggregate {
        var identifier: Identifier
        var artifactTable: String
        var role: String
        var raw: String
        var name: String?
        var note: String?
        var count: Int64
        var firstAt: String?
        var lastAt: String?
        var firstArtifactId: Int64
    }
    private var aggregates: [String: Aggregate] = [:]
    private var order: [String] = []

    init(exhibitId: Int64, defaultRegion: String?) {
        self.exhibitId = exhibitId
        self.defaultRegion = defaultRegion
    }

    /// The identity row of `identifier`, created on first sight.
    func identityId(_ identifier: Identifier, chain: inout ChainAppender) throws -> Int64 {
        try cache.id(kind: identifier.kind.rawValue, value: identifier.value, chain: &chain) { chain in
            try chain.append(IdentityRecord(kind: identifier.kind.rawValue, value: identifier.value)).rowId
        }
    }

    // MARK: - Contacts

    /// Writes one contact row per identifier of `contact` (one row when it has none), each with its sightings.
    /// Returns the id of the first row written.
    @discardableResult
    func record(_ contact: Contact, chain: inout ChainAppender) throws -> Int64? {
        let provenance = contact.provenance
        let key = "\(provenance.fileId):" + (contact.source.table.map { "\($0)#\(contact.source.rowid ?? -1)" } ?? contact.source.locator ?? "")
        var base = ContactRow(provenance: provenance, source: contact.source, contactKey: key, contact: contact)
        // Every identifier row (and its sighting) copies the contact's texts: long ones are stored once, copies capped.
        base.name = try chain.capped(base.name)
        base.givenName = try chain.capped(base.givenName)
        base.middleName = try chain.capped(base.middleName)
        base.familyName = try chain.capped(base.familyName)
        base.nickname = try chain.capped(base.nickname)
        base.organization = try chain.capped(base.organization)
        base.note = try chain.capped(base.note)
        base.account = try chain.capped(base.account)
        base.status = try chain.capped(base.status)
        base.contactId = try chain.capped(base.contactId)
        var rows = 0
        var first: Int64?
        func write(_ row: ContactRow, _ resolved: [ResolvedIdentifier], raw: String, chain: inout ChainAppender) throws {
            var row = row
            let ids = try resolved.map { try identityId($0.identifier, chain: &chain) }
            row.identityId = ids.first
            let rowId = try chain.append(row).rowId
            rows += 1
            if first == nil { first = rowId }
            for (item, id) in zip(resolved, ids) {
                try chain.append(IdentitySighting(identityId: id, exhibitId: exhibitId, fileId: provenance.fileId, extractor: provenance.extractor,
                                                  artifactTable: "contacts", artifactId: rowId, role: "contact", raw: raw,
                                                  name: base.name, note: item.note))
            }
        }
        for phone in contact.phones {
            var row = base
            row.kind = "phone"
            row.label = phone.label
            row.phoneRaw = phone.raw
            var resolved = Identifiers.phone(phone.raw, defaultRegion: defaultRegion)
            // The source's own normalized form (Android data4) is tried when the raw string does not normalize.
            if resolved?.isNormalized != true, let stored = phone.sourceNormalized,
               let alternative = Identifiers.phone(stored, defaultRegion: defaultRegion), alternative.isNormalized {
                resolved = alternative
            }
            row.phoneE164 = resolved?.phone?.e164
            row.phoneReason = resolved?.note ?? (resolved == nil ? "no digits" : nil)
            try write(row, resolved.map { [$0] } ?? [], raw: phone.raw, chain: &chain)
        }
        for email in contact.emails {
            var row = base
            row.kind = "email"
            row.label = email.label
            row.emailRaw = email.raw
            let resolved = Identifiers.email(email.raw)
            row.email = resolved?.identifier.value
            try write(row, resolved.map { [$0] } ?? [], raw: email.raw, chain: &chain)
        }
        for handle in contact.handles {
            var row = base
            let kind = IdentifierKind.service(handle.kind) ?? IdentifierKind(rawValue: handle.kind)
            row.kind = kind.rawValue
            row.label = handle.label
            row.handleKind = handle.kind
            row.handle = handle.value
            try write(row, Identifiers.handle(kind, handle.value, defaultRegion: defaultRegion), raw: handle.value, chain: &chain)
        }
        if rows == 0 { try write(base, [], raw: "", chain: &chain) }
        return first
    }

    // MARK: - Messages and calls

    func note(_ message: ChatMessage, rowId: Int64) {
        let at = message.sentAt?.utc
        if let sender = message.sender {
            add(app: message.app, id: sender, table: "messages", role: "sender", name: message.senderName, at: at, rowId: rowId)
        }
        for recipient in message.recipients {
            add(app: message.app, id: recipient, table: "messages", role: "recipient", name: nil, at: at, rowId: rowId)
        }
        if let account = message.account {
            add(app: message.app, id: account, table: "messages", role: "account", name: nil, at: at, rowId: rowId)
        }
    }

    func note(_ call: Call, rowId: Int64) {
        let at = call.startedAt?.utc
        if let peer = call.peer { add(app: call.app, id: peer, table: "calls", role: "peer", name: call.peerName, at: at, rowId: rowId) }
        for participant in call.participants where participant != call.peer {
            add(app: call.app, id: participant, table: "calls", role: "participant", name: nil, at: at, rowId: rowId)
        }
        if let account = call.account { add(app: call.app, id: account, table: "calls", role: "account", name: nil, at: at, rowId: rowId) }
    }

    /// Participants repeat across a chat (the same few senders for a million messages): resolve each raw id once.
    private var resolvedCache: [String: [ResolvedIdentifier]] = [:]

    private func resolve(app: String, id: String) -> [ResolvedIdentifier] {
        let key = app + "\u{0}" + id
        if let known = resolvedCache[key] { return known }
        let resolved = Identifiers.participant(app: app, id: id, defaultRegion: defaultRegion)
        if resolvedCache.count > 100_000 { resolvedCache.removeAll(keepingCapacity: true) }
        resolvedCache[key] = resolved
        return resolved
    }

    private func add(app: String, id: String, table: String, role: String, name: String?, at: String?, rowId: Int64) {
        for resolved in resolve(app: app, id: id) {
            let key = "\(table)|\(role)|\(resolved.identifier.kind.rawValue)|\(resolved.identifier.value)"
            if var existing = aggregates[key] {
                existing.count += 1
                if let at {
                    if existing.firstAt.map({ at < $0 }) ?? true { existing.firstAt = at }
                    if existing.lastAt.map({ at > $0 }) ?? true { existing.lastAt = at }
                }
                if existing.name == nil { existing.name = name }
                aggregates[key] = existing
            } else {
                aggregates[key] = Aggregate(identifier: resolved.identifier, artifactTable: table, role: role, raw: id, name: name,
                                            note: resolved.note, count: 1, firstAt: at, lastAt: at, firstArtifactId: rowId)
                order.append(key)
            }
        }
    }

    /// Writes the run's participant sightings (identities first created here, in first-seen order).
    func flush(fileId: Int64, extractor: String, chain: inout ChainAppender) throws {
        defer {
            aggregates.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
        }
        for key in order {
            guard let item = aggregates[key] else { continue }
            let id = try identityId(item.identifier, chain: &chain)
            try chain.append(IdentitySighting(identityId: id, exhibitId: exhibitId, fileId: fileId, extractor: extractor,
                                              artifactTable: item.artifactTable, artifactId: item.firstArtifactId, role: item.role,
                                              raw: item.raw, name: try chain.capped(item.name), note: item.note, count: item.count,
                                              firstAt: item.firstAt, lastAt: item.lastAt))
        }
    }
}
