// `custody query`: read-only questions to a case; `sql` runs any read-only SQL on the documented schema.

import ArgumentParser
import EvidenceStore
import Foundation

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Query a case database.",
                                                    subcommands: [SQLQueryCommand.self])
}

struct QueryResult: Encodable {
    var columns: [String]
    var rows: [[String?]]
}

struct SQLQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sql", abstract: "Run a read-only SQL query (see docs/SCHEMA.md).")

    @OptionGroup var caseOptions: CaseOptions

    @Argument(help: "The SQL statement.")
    var sql: String

    @Option(help: "table, csv or json.")
    var format: String = "table"

    func run() throws {
        let database = try CaseDatabase.openExisting(path: caseOptions.casePath)
        let result = try database.query(sql: sql)
        switch format {
        case "json":
            // Columns and rows as arrays: duplicate column names and NULLs survive.
            print(Output.json(QueryResult(columns: result.columns, rows: result.rows)))
        case "csv":
            print(result.columns.joined(separator: ","))
            for row in result.rows {
                print(row.map { value -> String in
                    let text = value ?? ""
                    return text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                }.joined(separator: ","))
            }
        default:
            let widths = result.columns.indices.map { index in
                min(60, max(result.columns[index].count, result.rows.map { ($0[index] ?? "NULL").count }.max() ?? 0))
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { cell, width in
                    let text = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
                    return text + String(repeating: " ", count: max(0, width - text.count))
                }.joined(separator: "  ")
            }
            print(line(result.columns))
            print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for row in result.rows { print(line(row.map { $0 ?? "NULL" })) }
        }
    }
}
