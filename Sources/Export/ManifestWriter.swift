// Writes a case's file inventory as CSV, JSON or DFXML, streaming row by row, with a header naming the case,
// the exhibit, the tool version and the chain head.

import EvidenceModel
import EvidenceStore
import Foundation

public enum ManifestFormat: String, CaseIterable, Sendable {
    case csv, json, dfxml
}

public struct ManifestHeader: Sendable {
    public var caseName: String
    public var exhibits: [String]
    public var toolVersion: String
    public var chainHead: String
    public var chainRecords: Int64
    public var generatedAt: String

    public init(caseName: String, exhibits: [String], toolVersion: String, chainHead: String, chainRecords: Int64, generatedAt: String) {
        self.caseName = caseName
        self.exhibits = exhibits
        self.toolVersion = toolVersion
        self.chainHead = chainHead
        self.chainRecords = chainRecords
        self.generatedAt = generatedAt
    }
}

public enum ManifestWriter {
    /// One CSV field as the CSV manifest writes it (RFC 4180 quoting, spreadsheet formulas defused).
    public static func csvField(_ field: String) -> String { CSVManifest.escape(field) }

    /// Writes the manifest of `database` (optionally one exhibit) through `write`.
    public static func write(_ database: CaseDatabase, format: ManifestFormat, exhibitLabel: String?, toolVersion: String,
                             generatedAt: String, to write: (String) throws -> Void) throws {
        var exhibitId: Int64?
        var labels: [String]
        if let exhibitLabel {
            guard let state = try database.exhibit(label: exhibitLabel) else {
                throw StoreError(code: .notFound, message: "no exhibit labelled '\(exhibitLabel)' in the case")
            }
            exhibitId = state.record.id
            labels = [exhibitLabel]
        } else {
            labels = try database.exhibits().map(\.record.label)
        }
        let chain = try database.chainHead()
        let header = ManifestHeader(caseName: (database.path as NSString).lastPathComponent, exhibits: labels,
                                    toolVersion: toolVersion, chainHead: chain.head, chainRecords: chain.records, generatedAt: generatedAt)
        switch format {
        case .csv: try CSVManifest.write(database, header: header, exhibitId: exhibitId, to: write)
        case .json: try JSONManifest.write(database, header: header, exhibitId: exhibitId, to: write)
        case .dfxml: try DFXMLManifest.write(database, header: header, exhibitId: exhibitId, to: write)
        }
    }
}

enum CSVManifest {
    static let columns = ["exhibit", "path", "kind", "size", "sha256", "md5", "mime", "status", "status_reason", "mtime", "file_id", "parent_id"]

    static func write(_ database: CaseDatabase, header: ManifestHeader, exhibitId: Int64?, to write: (String) throws -> Void) throws {
        // Comment lines first: spreadsheet tools skip them, and the manifest names its chain head.
        try write("# custody manifest; case=\(header.caseName); exhibits=\(header.exhibits.joined(separator: ",")); tool=custody \(header.toolVersion); chain_head=\(header.chainHead); chain_records=\(header.chainRecords); generated=\(header.generatedAt)\n")
        try write(columns.joined(separator: ",") + "\n")
        try database.forEachFile(exhibitId: exhibitId) { entry in
            let fields: [String?] = [entry.exhibit, entry.path, entry.kind, entry.size.map(String.init), entry.sha256, entry.md5,
                                     entry.mime, entry.status, entry.statusReason, entry.modified, String(entry.id),
                                     entry.parentId.map(String.init)]
            try write(fields.map { escape($0 ?? "") }.joined(separator: ",") + "\n")
        }
    }

    /// RFC 4180 quoting; a leading formula character is prefixed so spreadsheets show evidence as text.
    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

enum JSONManifest {
    static func write(_ database: CaseDatabase, header: ManifestHeader, exhibitId: Int64?, to write: (String) throws -> Void) throws {
        try write("{\"case\":\(quote(header.caseName)),\"exhibits\":[\(header.exhibits.map(quote).joined(separator: ","))],")
        try write("\"tool\":\(quote("custody " + header.toolVersion)),\"chain_head\":\(quote(header.chainHead)),")
        try write("\"chain_records\":\(header.chainRecords),\"generated\":\(quote(header.generatedAt)),\"files\":[\n")
        var first = true
        try database.forEachFile(exhibitId: exhibitId) { entry in
            var fields: [String] = [
                "\"id\":\(entry.id)", "\"exhibit\":\(quote(entry.exhibit))", "\"path\":\(quote(entry.path))",
                "\"kind\":\(quote(entry.kind))", "\"status\":\(quote(entry.status))",
            ]
            fields.append("\"size\":" + (entry.size.map(String.init) ?? "null"))
            for (key, value) in [("sha256", entry.sha256), ("md5", entry.md5), ("mime", entry.mime), ("magic", entry.magic),
                                 ("status_reason", entry.statusReason), ("mtime", entry.modified)] {
                fields.append("\(quote(key)):" + (value.map(quote) ?? "null"))
            }
            fields.append("\"parent_id\":" + (entry.parentId.map(String.init) ?? "null"))
            try write((first ? "" : ",\n") + "{" + fields.joined(separator: ",") + "}")
            first = false
        }
        try write("\n]}\n")
    }

    static func quote(_ text: String) -> String { JSONText.quoted(text) }
}

/// DFXML 1.1 (dfxml_schema's dfxml.xsd): `fileobject` children in the schema's sequence — filename, id,
/// name_type, filesize, mtime, link_target, libmagic, hashdigest. The schema has no place for Custody's MIME type,
/// status or chain head: those go in the one Dublin Core element `metadata` allows and in XML comments, which
/// validators and DFXML readers skip.
enum DFXMLManifest {
    static func write(_ database: CaseDatabase, header: ManifestHeader, exhibitId: Int64?, to write: (String) throws -> Void) throws {
        let summary = "Custody file inventory; case=\(header.caseName); exhibits=\(header.exhibits.joined(separator: ", ")); "
            + "chain_head=\(header.chainHead); chain_records=\(header.chainRecords)"
        try write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <dfxml xmlns="http://www.forensicswiki.org/wiki/Category:Digital_Forensics_XML" xmlns:dc="http://purl.org/dc/elements/1.1/" version="1.1.0">
              <metadata>
                <dc:description>\(escape(summary))</dc:description>
              </metadata>
              <creator>
                <program>custody</program>
                <version>\(escape(header.toolVersion))</version>
                <execution_environment><start_time>\(escape(header.generatedAt))</start_time></execution_environment>
              </creator>
              <source>
            \(header.exhibits.map { "    <image_filename>\(escape($0))</image_filename>" }.joined(separator: "\n"))
              </source>

            """)
        try database.forEachFile(exhibitId: exhibitId) { entry in
            var lines = ["  <fileobject>", "    <filename>\(escape(entry.path))</filename>", "    <id>\(entry.id)</id>",
                         "    <name_type>\(nameType(entry.kind))</name_type>"]
            if let size = entry.size { lines.append("    <filesize>\(size)</filesize>") }
            if let modified = entry.modified { lines.append("    <mtime>\(escape(modified))</mtime>") }
            if let magic = entry.magic { lines.append("    <libmagic>\(escape(magic))</libmagic>") }
            if let md5 = entry.md5 { lines.append("    <hashdigest type=\"md5\">\(md5)</hashdigest>") }
            if let sha = entry.sha256 { lines.append("    <hashdigest type=\"sha256\">\(sha)</hashdigest>") }
            var extra = "custody: status=\(entry.status)"
            if let mime = entry.mime { extra += " mime=\(mime)" }
            if let parent = entry.parentId { extra += " parent_id=\(parent)" }
            if let reason = entry.statusReason { extra += " reason=\(reason)" }
            lines.append("    <!-- \(comment(extra)) -->")
            lines.append("  </fileobject>")
            try write(lines.joined(separator: "\n") + "\n")
        }
        try write("</dfxml>\n")
    }

    /// XML comments take text as it is, but may not contain "--" nor end with "-", nor hold control characters.
    static func comment(_ text: String) -> String {
        var out = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 ? " " : ($0.value == 0xFFFE || $0.value == 0xFFFF) ? "\u{FFFD}" : $0
        }))
        while out.contains("--") { out = out.replacingOccurrences(of: "--", with: "- -") }
        if out.hasSuffix("-") { out += " " }
        return out
    }

    /// DFXML name_type follows TSK's letters.
    static func nameType(_ kind: String) -> String {
        switch kind {
        case "directory": return "d"
        case "symlink": return "l"
        case "fifo": return "p"
        case "chardev": return "c"
        case "blockdev": return "b"
        case "socket": return "s"
        case "unknown": return "-"
        default: return "r"
        }
    }

    /// XML 1.0 text escaping; characters XML cannot carry are written as U+FFFD (the raw name bytes stay in the case).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r":
                out += "\u{FFFD}"
            case _ where scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
