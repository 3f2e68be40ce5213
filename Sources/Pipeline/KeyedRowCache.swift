// The row id of a case-wide `(kind, value)` row (an identity, an indicator): from memory, else from the case,
// else a new chained row. Bounded: a case may hold millions; the database answers what the cache forgets. 50,000
// keys: 200,000 cost 57 MB of peak memory on Go binaries full of distinct URLs, for no measurable speed.

import EvidenceStore
import GRDB

struct KeyedRowCache {
    /// The table holding `kind` and `value` columns, unique together.
    let table: String
    private var ids: [String: Int64] = [:]
    private let capacity = 50_000

    init(table: String) { self.table = table }

    mutating func id(kind: String, value: String, chain: inout ChainAppender, create: (inout ChainAppender) throws -> Int64) throws -> Int64 {
        let key = kind + "\u{0}" + value
        if let known = ids[key] { return known }
        let id = try Int64.fetchOne(chain.database, sql: "SELECT id FROM \(table) WHERE kind = ? AND value = ?", arguments: [kind, value])
            ?? create(&chain)
        if ids.count > capacity { ids.removeAll(keepingCapacity: true) }
        ids[key] = id
        return id
    }
}
