// How each evidence value type maps to its table's hashed columns (the order of Schema's column lists).

import EvidenceModel
import Foundation
import GRDB

/// A value that is stored as one row of a chained table.
public protocol ChainedRecord {
    static var table: ChainedTable { get }
    /// The row id, or nil to let SQLite assign one.
    var rowId: Int64? { get }
    /// Values of `table.columns`, in order.
    var columnValues: [DatabaseValue] { get }
}

private extension Optional where Wrapped: DatabaseValueConvertible {
    var value: DatabaseValue { self?.databaseValue ?? .null }
}

extension ExhibitRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.exhibits }
    public var rowId: Int64? { id }
    public var columnValues: [DatabaseValue] {
        [label.databaseValue, sourceName.databaseValue, sourceKind.rawValue.databaseValue,
         fileIdBase.databaseValue, limits.databaseValue, identifier.databaseValue]
    }
}

extension ExhibitSeal: ChainedRecord {
    public static var table: ChainedTable { Schema.exhibitSeals }
    public var rowId: Int64? { exhibitId }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileCount.databaseValue, warningCount.databaseValue, byteCount.databaseValue,
         sourceSize.value, sourceSHA256.value, sourceMD5.value]
    }
}

extension WarningRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.warnings }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileId.value, code.rawValue.databaseValue, message.databaseValue]
    }
}

extension FileRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.files }
    public var rowId: Int64? { id }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, parentId.value, entryIndex.databaseValue, Int64(depth).databaseValue,
         path.description.databaseValue, path.lastComponent.databaseValue, Data(nameRaw).databaseValue,
         kind.rawValue.databaseValue, size.value, declaredSize.value, sha256.value, md5.value, mime.value,
         magic.value, status.rawValue.databaseValue, statusReason.value, containerFormat.value,
         mode.value, uid.value, gid.value, userName.value, groupName.value,
         modified?.utc.value ?? .null, modified?.raw.value ?? .null,
         accessed?.utc.value ?? .null, accessed?.raw.value ?? .null,
         changed?.utc.value ?? .null, changed?.raw.value ?? .null,
         created?.utc.value ?? .null, created?.raw.value ?? .null,
         linkTarget.value, (isSparse ? 1 : 0).databaseValue]
    }
}

private extension String {
    var value: DatabaseValue { databaseValue }
}

/// A JSON array of strings, written by hand so the bytes (and so the row hash) never depend on an encoder.
func jsonStringArray(_ items: [String]) -> DatabaseValue {
    guard !items.isEmpty else { return .null }
    var out = "["
    for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        out += jsonQuoted(item)
    }
    return (out + "]").databaseValue
}

/// JSON string literals written the same way everywhere (row values, manifests), so bytes never depend on an encoder.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

func jsonQuoted(_ text: String) -> String { JSONText.quoted(text) }

/// Attachments as a JSON array of objects with keys in a fixed order; absent fields are left out.
func attachmentsJSON(_ attachments: [Attachment]) -> DatabaseValue {
    guard !attachments.isEmpty else { return .null }
    let objects = attachments.map { item -> String in
        var fields: [String] = []
        if let name = item.name { fields.append("\"name\":" + jsonQuoted(name)) }
        if let mime = item.mime { fields.append("\"mime\":" + jsonQuoted(mime)) }
        if let size = item.size { fields.append("\"size\":\(size)") }
        if let path = item.sourcePath { fields.append("\"source_path\":" + jsonQuoted(path)) }
        if let fileId = item.fileId { fields.append("\"file_id\":\(fileId)") }
        if let path = item.evidencePath { fields.append("\"evidence_path\":" + jsonQuoted(path)) }
        return "{" + fields.joined(separator: ",") + "}"
    }
    return ("[" + objects.joined(separator: ",") + "]").databaseValue
}

extension ChatMessage: ChainedRecord {
    public static var table: ChainedTable { Schema.messages }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [provenance.exhibitId.databaseValue, provenance.fileId.databaseValue, provenance.extractor.databaseValue,
         Int64(provenance.extractorVersion).databaseValue, app.databaseValue, account.value, thread.value, threadName.value,
         sender.value, senderName.value, jsonStringArray(recipients), direction.rawValue.databaseValue,
         sentAt?.utc.databaseValue ?? .null, sentAt?.raw.databaseValue ?? .null, body.value, attachmentsJSON(attachments),
         replyTo.value, messageId.value, status.value, (provenance.walState == .main ? 0 : 1).databaseValue,
         provenance.walState.rawValue.databaseValue, source.table.value, source.rowid.value, source.locator.value]
    }
}

extension Call: ChainedRecord {
    public static var table: ChainedTable { Schema.calls }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [provenance.exhibitId.databaseValue, provenance.fileId.databaseValue, provenance.extractor.databaseValue,
         Int64(provenance.extractorVersion).databaseValue, app.databaseValue, account.value, peer.value, peerName.value,
         jsonStringArray(participants), direction.rawValue.databaseValue,
         startedAt?.utc.databaseValue ?? .null, startedAt?.raw.databaseValue ?? .null,
         // SQLite stores NaN as NULL: only finite durations are written, so the hash matches the stored row.
         durationSeconds.flatMap { $0.isFinite ? $0 : nil }.value,
         kind.databaseValue, media.rawValue.databaseValue, outcome.rawValue.databaseValue, status.value,
         (provenance.walState == .main ? 0 : 1).databaseValue, provenance.walState.rawValue.databaseValue,
         source.table.value, source.rowid.value, source.locator.value]
    }
}

extension ExtractionRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.extractions }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileId.databaseValue, extractor.databaseValue, Int64(extractorVersion).databaseValue,
         app.databaseValue, status.rawValue.databaseValue, messages.databaseValue, calls.databaseValue, contacts.databaseValue,
         walRows.databaseValue, walDeletedRows.databaseValue, detail.value]
    }
}

extension ContactRow: ChainedRecord {
    public static var table: ChainedTable { Schema.contacts }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [provenance.exhibitId.databaseValue, provenance.fileId.databaseValue, provenance.extractor.databaseValue,
         Int64(provenance.extractorVersion).databaseValue, contactKey.databaseValue, app.databaseValue, account.value,
         contactId.value, name.value, givenName.value, middleName.value, familyName.value, nickname.value,
         organization.value, note.value, status.value, (deleted ? 1 : 0).databaseValue, kind.value, label.value,
         phoneRaw.value, phoneE164.value, phoneReason.value, emailRaw.value, email.value, handleKind.value, handle.value,
         identityId.value, (provenance.walState == .main ? 0 : 1).databaseValue, provenance.walState.rawValue.databaseValue,
         source.table.value, source.rowid.value, source.locator.value]
    }
}

extension IdentityRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.identities }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] { [kind.databaseValue, value.databaseValue] }
}

extension IdentitySighting: ChainedRecord {
    public static var table: ChainedTable { Schema.identitySightings }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [identityId.databaseValue, exhibitId.databaseValue, fileId.databaseValue, extractor.databaseValue,
         artifactTable.databaseValue, artifactId.databaseValue, role.databaseValue, raw.databaseValue, name.value,
         note.value, count.databaseValue, firstAt.value, lastAt.value]
    }
}

extension IndicatorRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.indicators }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [kind.databaseValue, value.databaseValue, raw.databaseValue, validation.databaseValue, network.value, detail.value]
    }
}

extension IndicatorSighting: ChainedRecord {
    public static var table: ChainedTable { Schema.indicatorSightings }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [indicatorId.databaseValue, exhibitId.databaseValue, fileId.databaseValue, raw.databaseValue, offset.value,
         length.value, encoding.value, artifactTable.value, artifactId.value, column.value, context.value,
         validation.databaseValue, scanner.databaseValue]
    }
}

extension DocumentTextRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.documentTexts }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [sha256.databaseValue, size.databaseValue, language.value, script.databaseValue, (reliable ? 1 : 0).databaseValue,
         text.databaseValue]
    }
}

extension DocumentRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.documents }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileId.databaseValue, kind.databaseValue, reader.databaseValue, status.rawValue.databaseValue,
         detail.value, textId.value, textSize.value, encoding.value, sections.value, metadata.value]
    }
}

extension MessageLanguageRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.messageLanguages }
    public var rowId: Int64? { messageId }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, language.value, script.databaseValue, (reliable ? 1 : 0).databaseValue, basis.databaseValue,
         (zawgyi ? 1 : 0).databaseValue]
    }
}

extension FindingRecord: ChainedRecord {
    public static var table: ChainedTable { Schema.findings }
    public var rowId: Int64? { nil }
    public var columnValues: [DatabaseValue] {
        [exhibitId.databaseValue, fileId.value, messageId.value, documentId.value, scope.rawValue.databaseValue, thread.value,
         messageIds.value, category.databaseValue, score.databaseValue, language.value, rules.databaseValue, excerpt.value,
         rulePack.databaseValue, engine.databaseValue]
    }
}
