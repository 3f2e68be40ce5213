// Fuzz targets for values computed from evidence: identifiers, the canonical (hash-chain) encoding, timestamps.

import EvidenceModel
import EvidenceStore
import Foundation
import GRDB
import Identifiers

enum ValueTargets {
    static let regions: [String?] = [nil, "US", "DE", "GB", "FR", "IN", "CN", "BR", "RU", "IT", "ES", "NL", "ZZ", ""]

    /// The E.164 parser and every normalizer, with the default region picked by the first byte.
    static let identifiers = FuzzTarget(
        name: "identifiers", summary: "PhoneNumber.parse (E.164), EmailAddress.normalize, Identifiers.handle/participant",
        seeds: [
            .corpus("mangstadt+ez-vcard", [".vcf"]),
            .corpus("lucasrodes+whatstk/chats", [".txt"]),
        ],
        maxLength: 256
    ) { bytes in
        var input = FuzzInput(bytes)
        let region = regions[Int(input.byte()) % regions.count]
        let text = input.rest.lossyString
        _ = PhoneNumber.parse(text, defaultRegion: region)
        _ = EmailAddress.normalize(text)
        _ = Identifiers.phone(text, defaultRegion: region)
        _ = Identifiers.email(text)
        for kind in IdentifierKind.all { _ = Identifiers.handle(kind, text, defaultRegion: region) }
        for app in ["whatsapp", "telegram", "signal", "viber", "skype", "line", "sms", "imessage", "kik"] {
            _ = Identifiers.participant(app: app, id: text, defaultRegion: region)
        }
    }

    /// Row values built from the bytes (a type byte, then a length-prefixed value), hashed as the chain hashes them.
    static let canonicalEncoding = FuzzTarget(
        name: "canonical-encoding", summary: "CanonicalEncoding.rowHash/entryHash over values built from the bytes",
        seeds: [.corpus("scamtext", [".txt"])],
        maxLength: 4096
    ) { bytes in
        var input = FuzzInput(bytes)
        var values: [DatabaseValue] = []
        while !input.isEmpty && values.count < 64 {
            switch input.byte() % 5 {
            case 0: values.append(.null)
            case 1: values.append(input.int64().databaseValue)
            case 2: values.append(Double(bitPattern: input.uint64()).databaseValue)
            case 3, 4:
                let length = Int(input.byte())
                var chunk: [UInt8] = []
                for _ in 0..<length where !input.isEmpty { chunk.append(input.byte()) }
                values.append(values.count % 2 == 0 ? String(decoding: chunk, as: UTF8.self).databaseValue : Data(chunk).databaseValue)
            default: break
            }
        }
        for table in Schema.chainedTables {
            let row = Array(values.prefix(table.columns.count))
            let hash = CanonicalEncoding.rowHash(table, values: row)
            // The two entry points encode the same bytes.
            if hash != CanonicalEncoding.rowHash(table: table.name, columns: table.columns, values: row) {
                fatalError("rowHash differs between the cached and the plain table encoding")
            }
            _ = CanonicalEncoding.entryHash(seq: Int64(values.count), table: table.name, rowId: Int64(row.count),
                                            rowHash: hash, previous: CanonicalEncoding.genesis)
        }
    }

    /// Every epoch conversion fed arbitrary integers and doubles (evidence stores any of them in a date column).
    static let timestamps = FuzzTarget(
        name: "timestamps", summary: "Timestamp epoch conversions (Unix s/ms/µs/ns, Cocoa, WebKit, auto-scaled) and ISO 8601",
        seeds: [],
        maxLength: 64
    ) { bytes in
        var input = FuzzInput(bytes)
        while !input.isEmpty {
            let integer = input.int64()
            let double = Double(bitPattern: UInt64(bitPattern: integer))
            _ = Timestamp.unixSeconds(integer)
            _ = Timestamp.unixSeconds(double)
            _ = Timestamp.unixMilliseconds(integer)
            _ = Timestamp.unixMicroseconds(integer)
            _ = Timestamp.unixNanoseconds(integer)
            _ = Timestamp.cocoaSeconds(double)
            _ = Timestamp.cocoaNanoseconds(integer)
            _ = Timestamp.webkitMicroseconds(integer)
            _ = Timestamp.unixAutoScaled(integer)
            _ = Timestamp.cocoaAutoScaled(integer)
            // The initializer's contract: whole seconds plus a fraction in 0..<1 s (what every caller passes).
            _ = Timestamp(unixSeconds: integer, nanoseconds: Int64(input.uint64() % 1_000_000_000))
        }
    }
}
