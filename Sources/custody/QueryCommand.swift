// `custody query`: read-only questions to a case — messages, calls, full-text search, and any read-only SQL on
// the documented schema.

import ArgumentParser
import EvidenceModel
import EvidenceStore
import Foundation

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Query a case database.",
                                                    subcommands: [MessagesQueryCommand.self, CallsQueryCommand.self, ContactsQueryCommand.self,
                                                                  IdentitiesQueryCommand.self, IndicatorsQueryCommand.self, FindingsQueryCommand.self,
                                                                  ScriptsQueryCommand.self, DocumentsQueryCommand.self, SearchQueryCommand.self,
                                                                  SQLQueryCommand.self])
}

struct QueryResult: Encodable {
    var columns: [String]
    var rows: [[String?]]
    /// The whole values that capped copies in `rows` name, by SHA-256 (absent when none is capped).
    var longValues: [String: String]?

    enum CodingKeys: String, CodingKey {
        case columns, rows
        case longValues = "long_values"
    }
}

/// Capped copies of long values (docs/SCHEMA.md, long_values): JSON output lists the whole values once beside the
/// rows; `--full` puts them in place of the copies.
struct LongValueOptions: ParsableArguments {
    @Flag(help: "Show long values whole in place of their capped copies (names, notes, chat names over 256 bytes).")
    var full = false

    func print(_ result: (columns: [String], rows: [[String?]]), from database: CaseDatabase, as output: FormatOptions) throws {
        let wholes = try database.longValues(referencedBy: result.rows.flatMap { $0 })
        guard !wholes.isEmpty else { return output.print(result) }
        if full {
            let rows = result.rows.map { row in
                row.map { cell in cell.map { LongValues.expand($0, wholes: wholes) } }
            }
            output.print((result.columns, rows), longValues: output.format == "json" ? wholes : nil)
        } else {
            output.print(result, longValues: wholes)
        }
    }
}

struct FormatOptions: ParsableArguments {
    @Option(help: "table, csv or json.")
    var format: String = "table"

    func validate() throws {
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, csv or json") }
    }

    func print(_ result: (columns: [String], rows: [[String?]]), longValues: [String: String]? = nil) {
        switch format {
        case "json":
            // Columns and rows as arrays: duplicate column names and NULLs survive.
            Swift.print(Output.json(QueryResult(columns: result.columns, rows: result.rows, longValues: longValues)))
        case "csv":
            Swift.print(result.columns.joined(separator: ","))
            for row in result.rows {
                Swift.print(row.map { value -> String in
                    let text = value ?? ""
                    return text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                }.joined(separator: ","))
            }
        default:
            let widths = result.columns.indices.map { index in
                min(60, max(result.columns[index].count, result.rows.map { ($0[index] ?? "NULL").count }.max() ?? 0))
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { cell, width in
                    let flat = cell.replacingOccurrences(of: "\n", with: " ")
                    let text = flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
                    return text + String(repeating: " ", count: max(0, width - text.count))
                }.joined(separator: "  ")
            }
            Swift.print(line(result.columns))
            Swift.print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for row in result.rows { Swift.print(line(row.map { $0 ?? "NULL" })) }
        }
    }
}

struct SQLQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sql", abstract: "Run a read-only SQL query (see docs/SCHEMA.md).")

    @OptionGroup var caseOptions: CaseOptions
    @Argument(help: "The SQL statement.")
    var sql: String
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        try values.print(database.query(sql: sql), from: database, as: output)
    }
}

/// The WHERE clause of a query command: conditions with their bound arguments, in the order added.
struct SQLFilter {
    private(set) var conditions: [String] = []
    private(set) var arguments: [String?] = []

    /// Adds `condition` (with `?` for each argument) when `value` is given.
    mutating func add(_ condition: String, _ value: String?, repeated count: Int = 1) {
        guard let value else { return }
        conditions.append(condition)
        arguments += Array(repeating: value, count: count)
    }

    mutating func add(_ condition: String) { conditions.append(condition) }

    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}

/// Filters shared by the identity and indicator queries: the values that link exhibits.
struct LinkFilters: ParsableArguments {
    @Option(help: "Only values seen in at least this many exhibits (2 lists what links devices).")
    var minExhibits: Int = 1
    @Option(help: "Only this kind (identities: phone, email, whatsapp, telegram, …; indicators: btc, eth, trx, bip39, email, url, …).")
    var kind: String?
    @Option(help: "Only this value (normalized, e.g. +264811234567 or a wallet address).")
    var value: String?
    @Option(help: "At most this many rows.")
    var limit: Int = 10000

    func validate() throws {
        guard minExhibits >= 1 else { throw ValidationError("--min-exhibits must be at least 1") }
        guard limit >= 1 else { throw ValidationError("--limit must be positive") }
    }
}

/// Filters shared by the artifact queries.
struct ArtifactFilters: ParsableArguments {
    @Option(help: "Only this exhibit (label).")
    var exhibit: String?
    @Option(help: "Only this app (whatsapp, sms, imessage, telegram, skype, …).")
    var app: String?
    @Option(help: "From this UTC time on (ISO 8601, e.g. 2024-03-15 or 2024-03-15T10:00:00Z).")
    var since: String?
    @Option(help: "Before this UTC time (ISO 8601).")
    var until: String?
    @Option(help: "At most this many rows.")
    var limit: Int = 1000

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }
}

struct MessagesQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "Chat messages across exhibits, oldest first.",
        discussion: "--search uses the full-text index (any substring of 3+ characters, every script); shorter terms fall back to a substring scan.")

    @OptionGroup var caseOptions: CaseOptions
    @OptionGroup var filters: ArtifactFilters
    @Option(help: "Only this conversation (thread id, e.g. a WhatsApp chat JID).")
    var thread: String?
    @Option(help: "Messages sent by or to this id (phone number, JID, user name), matched exactly or as a substring of the recipients.")
    var party: String?
    @Option(help: "Only bodies containing this text.")
    var search: String?
    @Flag(help: "Only rows recovered from a WAL (WAL-only, changed, deleted or replaced).")
    var walOnly = false
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("e.label = ?", filters.exhibit)
        filter.add("m.app = ?", filters.app)
        filter.add("m.sent_at >= ?", filters.since)
        filter.add("m.sent_at < ?", filters.until)
        filter.add("m.thread = ?", thread)
        filter.add("(m.sender = ? OR instr(m.recipients, '\"' || ? || '\"') > 0)", party, repeated: 2)
        if let search {
            if search.count >= 3 {
                filter.add("m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)",
                           "\"" + search.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                filter.add("instr(m.body, ?) > 0", search)
            }
        }
        if walOnly { filter.add("m.from_wal = 1") }
        let sql = """
            SELECT e.label AS exhibit, m.app, m.sent_at, m.direction, m.thread_name, m.sender, m.sender_name, m.recipients,
                   m.body, m.wal_state, f.path || CASE WHEN m.source_table IS NOT NULL THEN ' [' || m.source_table || ' #' || m.source_rowid || ']'
                                                        ELSE ' [' || coalesce(m.source_locator, '') || ']' END AS source
            FROM messages m JOIN exhibits e ON e.id = m.exhibit_id JOIN files f ON f.id = m.file_id
            \(filter.clause)
            ORDER BY m.sent_at IS NULL, m.sent_at, m.id LIMIT \(filters.limit)
            """
        try values.print(database.query(sql: sql, arguments: filter.arguments), from: database, as: output)
    }
}

struct CallsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calls", abstract: "Calls across exhibits, oldest first.")

    @OptionGroup var caseOptions: CaseOptions
    @OptionGroup var filters: ArtifactFilters
    @Option(help: "Only calls with this peer (number, JID, user name).")
    var peer: String?
    @Option(help: "voice, video or missed.")
    var kind: String?
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("e.label = ?", filters.exhibit)
        filter.add("c.app = ?", filters.app)
        filter.add("c.started_at >= ?", filters.since)
        filter.add("c.started_at < ?", filters.until)
        filter.add("c.peer = ?", peer)
        filter.add("c.kind = ?", kind)
        let sql = """
            SELECT e.label AS exhibit, c.app, c.started_at, c.direction, c.kind, c.outcome, c.duration_s, c.peer, c.peer_name,
                   c.wal_state, f.path || ' [' || coalesce(c.source_table, '') || ' #' || coalesce(c.source_rowid, '') || ']' AS source
            FROM calls c JOIN exhibits e ON e.id = c.exhibit_id JOIN files f ON f.id = c.file_id
            \(filter.clause)
            ORDER BY c.started_at IS NULL, c.started_at, c.id LIMIT \(filters.limit)
            """
        try values.print(database.query(sql: sql, arguments: filter.arguments), from: database, as: output)
    }
}

struct ContactsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Address-book and app contacts, one row per identifier (phone, e-mail, handle).")

    @OptionGroup var caseOptions: CaseOptions
    @Option(help: "Only this exhibit (label).")
    var exhibit: String?
    @Option(help: "Only contacts whose name contains this text, or with this phone number (E.164) or e-mail.")
    var match: String?
    @Flag(help: "Only contacts the source marks deleted, or that only the main file holds (deleted by the WAL).")
    var deleted = false
    @Option(help: "At most this many rows.")
    var limit: Int = 10000
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("e.label = ?", exhibit)
        filter.add("(instr(lower(c.name), lower(?)) > 0 OR c.phone_e164 = ? OR c.email = lower(?))", match, repeated: 3)
        if deleted { filter.add("(c.deleted = 1 OR c.wal_state IN ('wal-deleted', 'wal-replaced'))") }
        let sql = """
            SELECT e.label AS exhibit, c.app, c.name, c.kind, c.label, coalesce(c.phone_raw, c.email_raw, c.handle) AS raw,
                   coalesce(c.phone_e164, c.email, i.value) AS normalized, c.phone_reason AS note, c.deleted, c.account,
                   f.path || CASE WHEN c.source_table IS NOT NULL THEN ' [' || c.source_table || ' #' || c.source_rowid || ']'
                                  ELSE ' [' || coalesce(c.source_locator, '') || ']' END AS source
            FROM contacts c JOIN exhibits e ON e.id = c.exhibit_id JOIN files f ON f.id = c.file_id
            LEFT JOIN identities i ON i.id = c.identity_id
            \(filter.clause)
            ORDER BY c.exhibit_id, c.id LIMIT \(max(1, limit))
            """
        try values.print(database.query(sql: sql, arguments: filter.arguments), from: database, as: output)
    }
}

struct IdentitiesQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identities",
        abstract: "Identifiers (phone numbers, e-mail addresses, app ids) with the exhibits and names they appear under.",
        discussion: "--min-exhibits 2 lists the identifiers that link devices: seen in the contacts, messages or calls of two or more exhibits.")

    @OptionGroup var caseOptions: CaseOptions
    @OptionGroup var links: LinkFilters
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("i.kind = ?", links.kind)
        filter.add("i.value = ?", links.value)
        let sql = """
            SELECT i.kind, i.value, count(DISTINCT s.exhibit_id) AS exhibits,
                   group_concat(DISTINCT e.label) AS exhibit_labels,
                   group_concat(DISTINCT s.name) AS names,
                   group_concat(DISTINCT s.artifact_table || ':' || s.role) AS seen_as,
                   sum(s.count) AS sightings
            FROM identities i JOIN identity_sightings s ON s.identity_id = i.id JOIN exhibits e ON e.id = s.exhibit_id
            \(filter.clause)
            GROUP BY i.id HAVING count(DISTINCT s.exhibit_id) >= \(links.minExhibits)
            ORDER BY exhibits DESC, sightings DESC, i.kind, i.value LIMIT \(links.limit)
            """
        try values.print(database.query(sql: sql, arguments: filter.arguments), from: database, as: output)
    }
}

struct IndicatorsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Wallet addresses, keys, seed phrases and other indicators, with the exhibits they were seen in.",
        discussion: "--kind trx --min-exhibits 2 lists the TRON wallets that link devices.")

    @OptionGroup var caseOptions: CaseOptions
    @OptionGroup var links: LinkFilters
    @Option(help: "Only this validation: checksum, unchecksummed or none.")
    var validation: String?
    @Flag(help: "One row per sighting (file, offset or artifact, context) instead of one per indicator.")
    var sightings = false
    @OptionGroup var output: FormatOptions
    @OptionGroup var values: LongValueOptions

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("i.kind = ?", links.kind)
        // Any sighting with this validation (the indicator row keeps its first sighting's).
        filter.add("i.id IN (SELECT indicator_id FROM indicator_sightings WHERE validation = ?)", validation)
        filter.add("i.value = ?", links.value)
        filter.add("i.id IN (SELECT indicator_id FROM indicator_sightings GROUP BY indicator_id HAVING count(DISTINCT exhibit_id) >= \(links.minExhibits))")
        let whereClause = filter.clause
        let sql: String
        if sightings {
            sql = """
                SELECT i.kind, i.value, s.validation, i.network, e.label AS exhibit, f.path,
                       CASE WHEN s.artifact_table IS NOT NULL THEN s.artifact_table || ' #' || s.artifact_id || ' ' || coalesce(s.column_name, '')
                            ELSE 'offset ' || s.offset || ' (' || coalesce(s.encoding, '') || ')' END AS location,
                       s.raw, s.context
                FROM indicators i JOIN indicator_sightings s ON s.indicator_id = i.id
                JOIN exhibits e ON e.id = s.exhibit_id JOIN files f ON f.id = s.file_id
                \(whereClause) ORDER BY i.kind, i.value, s.id LIMIT \(links.limit)
                """
        } else {
            sql = """
                SELECT i.kind, i.value,
                       CASE max(CASE s.validation WHEN 'checksum' THEN 3 WHEN 'unchecksummed' THEN 2 ELSE 1 END)
                            WHEN 3 THEN 'checksum' WHEN 2 THEN 'unchecksummed' ELSE 'none' END AS validation,
                       i.network, count(DISTINCT s.exhibit_id) AS exhibits,
                       group_concat(DISTINCT e.label) AS exhibit_labels, count(*) AS sightings, i.detail
                FROM indicators i JOIN indicator_sightings s ON s.indicator_id = i.id JOIN exhibits e ON e.id = s.exhibit_id
                \(whereClause) GROUP BY i.id ORDER BY exhibits DESC, sightings DESC, i.kind, i.value LIMIT \(links.limit)
                """
        }
        try values.print(database.query(sql: sql, arguments: filter.arguments), from: database, as: output)
    }
}
