// `custody query findings | scripts | documents | search`: scam scripts, lures and victim indicators, the same
// script across exhibits, document text, and one full-text search over chats and documents (issue 10).

import ArgumentParser
import EvidenceModel
import EvidenceStore
import Foundation
import Pipeline

struct FindingsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Scam-script, lure, victim-indicator and YARA findings, strongest first, with the rules that fired.",
        discussion: "--min-exhibits 2 keeps findings whose message or document belongs to a group of near-duplicate texts seen on two or more exhibits (the same script on several phones).")

    @OptionGroup var caseOptions: CaseOptions
    @Option(help: "Only this category (pig-butchering-script, romance-script, sextortion, investment-platform, task-scam, recruitment-lure, victim-indicator, money-laundering, yara).")
    var category: String?
    @Option(help: "Only this language (ISO 639-1, e.g. th, km, my, zh).")
    var language: String?
    @Option(help: "Only findings scoring at least this.")
    var minScore: Double?
    @Option(help: "Only this exhibit (label).")
    var exhibit: String?
    @Option(help: "Only message, thread, document or file findings.")
    var scope: String?
    @Option(help: "Only findings on texts whose near-duplicates are on at least this many exhibits.")
    var minExhibits: Int = 1
    @Option(help: "At most this many rows.")
    var limit: Int = 1000
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard limit > 0, minExhibits >= 1 else { throw ValidationError("--limit and --min-exhibits must be positive") }
        if let scope, !["message", "thread", "document", "file"].contains(scope) {
            throw ValidationError("--scope must be message, thread, document or file")
        }
    }

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("g.category = ?", category)
        filter.add("g.language = ?", language)
        filter.add("g.score >= ?", minScore.map { String($0) })
        filter.add("e.label = ?", exhibit)
        filter.add("g.scope = ?", scope)
        if minExhibits > 1 {
            let groups = try ScriptGroups.compute(database, minExhibits: minExhibits)
            let messages = groups.flatMap { $0.members.filter { $0.table == "messages" }.map(\.id) }
            let documents = groups.flatMap { $0.members.filter { $0.table == "documents" }.map(\.id) }
            filter.add("(g.message_id IN (\(messages.isEmpty ? "NULL" : messages.map(String.init).joined(separator: ",")))"
                       + " OR g.document_id IN (\(documents.isEmpty ? "NULL" : documents.map(String.init).joined(separator: ","))))")
        }
        let sql = """
            SELECT g.id, e.label AS exhibit, g.category, g.score, g.language, g.scope,
                   coalesce(f.path, '') || CASE WHEN g.message_id IS NOT NULL THEN ' [message #' || g.message_id || ']'
                                                WHEN g.document_id IS NOT NULL THEN ' [document #' || g.document_id || ']' ELSE '' END AS source,
                   g.thread, g.excerpt, g.rules, g.rule_pack
            FROM findings g JOIN exhibits e ON e.id = g.exhibit_id LEFT JOIN files f ON f.id = g.file_id
            \(filter.clause)
            ORDER BY g.score DESC, g.id LIMIT \(limit)
            """
        output.print(try database.query(sql: sql, arguments: filter.arguments))
    }
}

struct ScriptsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scripts",
        abstract: "Groups of near-duplicate messages and documents (the same script or lure pasted on many devices).",
        discussion: "Each group lists its member count, the exhibits it is on, a representative text and the slots: the parts that vary between members (victims' names, amounts, platforms).")

    @OptionGroup var caseOptions: CaseOptions
    @Option(help: "Only groups on at least this many exhibits.")
    var minExhibits: Int = 1
    @Option(help: "At most this many groups.")
    var limit: Int = 100
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard limit > 0, minExhibits >= 1 else { throw ValidationError("--limit and --min-exhibits must be positive") }
    }

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        let groups = try ScriptGroups.compute(database, minExhibits: minExhibits).prefix(limit)
        let columns = ["group", "members", "exhibits", "exhibit_labels", "representative", "slots", "member_refs"]
        var rows: [[String?]] = []
        for (index, group) in groups.enumerated() {
            // `group.slots[member][slot]`: shown slot by slot, the members' values side by side.
            let slotCount = group.slots.map(\.count).max() ?? 0
            let slots = (0..<slotCount).map { slot in
                "{{\(slot + 1)}}: " + group.slots.map { $0.indices.contains(slot) ? $0[slot] : "" }
                    .map { $0.isEmpty ? "∅" : String($0.prefix(60)) }.joined(separator: " | ")
            }.joined(separator: "; ")
            let refs = group.members.map { "\($0.exhibit):\($0.table == "documents" ? "document" : "message") #\($0.id)" }
            rows.append(["\(index + 1)", "\(group.members.count)", "\(group.exhibits.count)", group.exhibits.joined(separator: ","),
                         group.representative, slots, refs.joined(separator: ",")])
        }
        output.print((columns, rows))
    }
}

struct DocumentsQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Documents whose text was read (PDF, Office, OpenDocument, RTF, HTML, mail, text), with status and language.",
        discussion: "--search uses the full-text index of document text (any substring of 3+ characters, every script).")

    @OptionGroup var caseOptions: CaseOptions
    @Option(help: "Only documents whose text contains this.")
    var search: String?
    @Option(help: "Only this exhibit (label).")
    var exhibit: String?
    @Option(help: "Only this kind (pdf, docx, xlsx, pptx, odt, ods, odp, rtf, html, eml, mbox, doc, xls, text).")
    var kind: String?
    @Option(help: "Only this status (ok, truncated, empty, encrypted, limit, error).")
    var status: String?
    @Option(help: "Only this language (ISO 639-1).")
    var language: String?
    @Option(help: "At most this many rows.")
    var limit: Int = 1000
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        var filter = SQLFilter()
        filter.add("e.label = ?", exhibit)
        filter.add("d.kind = ?", kind)
        filter.add("d.status = ?", status)
        filter.add("t.language = ?", language)
        var snippet = "substr(t.text, 1, 200)"
        if let search {
            filter.add(Self.textCondition(search, textColumn: "t.text", idColumn: "t.id", index: "document_fts"), Self.ftsTerm(search))
            snippet = "substr(t.text, max(1, instr(t.text, ?) - 80), 200)"
        }
        let sql = """
            SELECT d.id, e.label AS exhibit, f.path, d.kind, d.status, t.language, t.script, d.text_size,
                   json_extract(d.metadata, '$.title') AS title, \(snippet) AS excerpt, d.detail
            FROM documents d JOIN exhibits e ON e.id = d.exhibit_id JOIN files f ON f.id = d.file_id
            LEFT JOIN document_texts t ON t.id = d.text_id
            \(filter.clause)
            ORDER BY d.id LIMIT \(limit)
            """
        let arguments = (search.map { [$0] } ?? []) + filter.arguments
        output.print(try database.query(sql: sql, arguments: arguments))
    }

    /// The FTS index (trigram) for 3+ characters; a substring scan for shorter terms.
    static func textCondition(_ term: String, textColumn: String, idColumn: String, index: String) -> String {
        term.count >= 3 ? "\(idColumn) IN (SELECT rowid FROM \(index) WHERE \(index) MATCH ?)" : "instr(\(textColumn), ?) > 0"
    }

    static func ftsTerm(_ term: String) -> String {
        term.count >= 3 ? "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : term
    }
}

struct SearchQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "One full-text search over chat messages and document text, with provenance.")

    @OptionGroup var caseOptions: CaseOptions
    @Argument(help: "The text to find (any substring of 3+ characters uses the indexes; every script).")
    var text: String
    @Option(help: "Only this exhibit (label).")
    var exhibit: String?
    @Option(help: "At most this many rows.")
    var limit: Int = 1000
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard !text.isEmpty else { throw ValidationError("give the text to search for") }
    }

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        let term = DocumentsQueryCommand.ftsTerm(text)
        let messageCondition = DocumentsQueryCommand.textCondition(text, textColumn: "m.body", idColumn: "m.id", index: "messages_fts")
        let documentCondition = DocumentsQueryCommand.textCondition(text, textColumn: "t.text", idColumn: "t.id", index: "document_fts")
        let exhibitCondition = exhibit == nil ? "" : " AND e.label = ?"
        let sql = """
            SELECT * FROM (
              SELECT 'message' AS kind, m.id, e.label AS exhibit, m.sent_at AS at, m.app AS source_kind,
                     substr(m.body, max(1, instr(m.body, ?) - 80), 200) AS excerpt,
                     f.path || ' [' || coalesce(m.source_table, m.source_locator, '') || ' #' || coalesce(m.source_rowid, '') || ']' AS source
              FROM messages m JOIN exhibits e ON e.id = m.exhibit_id JOIN files f ON f.id = m.file_id
              WHERE \(messageCondition)\(exhibitCondition)
              UNION ALL
              SELECT 'document', d.id, e.label, NULL, d.kind, substr(t.text, max(1, instr(t.text, ?) - 80), 200), f.path
              FROM documents d JOIN document_texts t ON t.id = d.text_id JOIN exhibits e ON e.id = d.exhibit_id JOIN files f ON f.id = d.file_id
              WHERE \(documentCondition)\(exhibitCondition)
            ) ORDER BY exhibit, kind, id LIMIT \(limit)
            """
        var arguments: [String?] = [text, term]
        if let exhibit { arguments.append(exhibit) }
        arguments += [text, term]
        if let exhibit { arguments.append(exhibit) }
        output.print(try database.query(sql: sql, arguments: arguments))
    }
}
