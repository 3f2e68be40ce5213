// The same script on many phones (issue 10): groups of near-duplicate messages and documents across a case, from
// the MinHash signatures stored at ingest, with the parts that vary between members (victims' names, amounts).

import EvidenceStore
import Foundation
import GRDB
import Similarity

public struct ScriptGroup: Sendable, Encodable {
    public struct Member: Sendable, Encodable {
        /// `messages` or `documents`.
        public var table: String
        public var id: Int64
        public var exhibitId: Int64
        public var exhibit: String
    }
    public var members: [Member]
    public var exhibits: [String]
    /// The first member's text (capped), and the template the members share with `{{n}}` for the varying slots.
    public var representative: String
    public var template: String
    /// For each aligned member (the first 50), the values it holds in each slot (`slots[member][slot]`).
    public var slots: [[String]]
}

public enum ScriptGroups {
    /// Members whose texts are compared for the template (the rest are counted, not aligned).
    static let alignedMembers = 50
    static let textCap = 8_000

    /// Every group of at least two near-duplicate texts, ordered by exhibit count then size; deterministic.
    public static func compute(_ database: CaseDatabase, minExhibits: Int = 1, threshold: Double = 0.6) throws -> [ScriptGroup] {
        try database.read { db in
            var index = NearDuplicateIndex(threshold: threshold)
            // Keys: documents are negative so messages and documents share one key space without collisions.
            var exhibitOf: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT artifact_table, artifact_id, exhibit_id, signature FROM text_signatures ORDER BY artifact_table, artifact_id")
            while let row = try rows.next() {
                guard let table: String = row[0], let id: Int64 = row[1], let exhibit: Int64 = row[2], let blob: Data = row[3],
                      blob.count % 4 == 0, !blob.isEmpty else { continue }
                let bytes = [UInt8](blob)
                var values: [UInt32] = []
                values.reserveCapacity(bytes.count / 4)
                var offset = 0
                while offset + 3 < bytes.count {
                    values.append(UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
                    offset += 4
                }
                let key = table == "documents" ? -id : id
                exhibitOf[key] = exhibit
                index.add(key: key, signature: MinHashSignature(values: values))
            }
            let labels = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, label FROM exhibits").compactMap { row -> (Int64, String)? in
                guard let id: Int64 = row[0], let label: String = row[1] else { return nil }
                return (id, label)
            })
            var result: [ScriptGroup] = []
            for keys in index.groups(minMembers: 2) {
                let exhibitIds = Set(keys.compactMap { exhibitOf[$0] })
                guard exhibitIds.count >= minExhibits else { continue }
                let members = keys.map { key in
                    ScriptGroup.Member(table: key < 0 ? "documents" : "messages", id: key < 0 ? -key : key,
                                       exhibitId: exhibitOf[key] ?? 0, exhibit: labels[exhibitOf[key] ?? 0] ?? "")
                }
                var texts: [String] = []
                for member in members.prefix(alignedMembers) {
                    let text: String?
                    if member.table == "documents" {
                        text = try String.fetchOne(db, sql: "SELECT t.text FROM documents d JOIN document_texts t ON t.id = d.text_id WHERE d.id = ?",
                                                   arguments: [member.id])
                    } else {
                        text = try String.fetchOne(db, sql: "SELECT body FROM messages WHERE id = ?", arguments: [member.id])
                    }
                    texts.append(String((text ?? "").prefix(textCap)))
                }
                let aligned = Slots.template(texts)
                result.append(ScriptGroup(members: members, exhibits: exhibitIds.sorted().map { labels[$0] ?? "\($0)" },
                                          representative: String((texts.first ?? "").prefix(500)), template: aligned.template,
                                          slots: aligned.slots))
            }
            return result.sorted {
                ($0.exhibits.count, $0.members.count) > ($1.exhibits.count, $1.members.count)
                    || (($0.exhibits.count, $0.members.count) == ($1.exhibits.count, $1.members.count)
                        && ($0.members.first?.id ?? 0, $0.members.first?.table ?? "") < ($1.members.first?.id ?? 0, $1.members.first?.table ?? ""))
            }
        }
    }
}
