// Whether a file's name contradicts its content (random bytes named `.zip`, a SQLite database named `.jpg`): the
// `extension-mismatch` warning, driven by the table in Resources/extension-types.tsv.

import EvidenceModel
import Foundation
import Indicators

struct ExtensionTypes: Sendable {
    struct Rule: Sendable, Equatable {
        /// The type the name claims, as the warning states it.
        var claims: String
        /// True when the format has a fixed signature, so any other detected type contradicts the name.
        var signature: Bool
        var accepted: [String]
    }

    private(set) var rules: [String: Rule] = [:]
    private(set) var contradicting: [String] = []

    /// The table shipped with the package, or the reason it could not be read.
    static let shipped: Result<ExtensionTypes, PipelineError> = {
        let name = "extension-types.tsv"
        let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
        if let url = PackageResources.url(module: "Pipeline", name, sourceFolder: sourceFolder),
           let text = try? String(contentsOf: url, encoding: .utf8) {
            do { return .success(try ExtensionTypes(parsing: text)) } catch let error as PipelineError { return .failure(error) } catch {
                return .failure(PipelineError(code: .internalInconsistency, message: "\(url.path): \(error)"))
            }
        }
        return .failure(PipelineError(code: .internalInconsistency,
                                      message: "the data file \(name) (resource bundle Custody_Pipeline) was not found beside the custody binary"))
    }()

    init(parsing text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if columns.first == "contradicts", columns.count == 2 {
                contradicting += columns[1].split(separator: " ").map(String.init)
                continue
            }
            guard columns.count == 4, columns[2] == "signature" || columns[2] == "strong" else {
                throw PipelineError(code: .internalInconsistency, message: "extension-types.tsv line \(index + 1): expected ext, claims, rule, accepted")
            }
            let rule = Rule(claims: columns[1], signature: columns[2] == "signature",
                            accepted: columns[3].split(separator: " ").map(String.init))
            for ext in columns[0].split(separator: ",") { rules[String(ext)] = rule }
        }
    }

    static func matches(_ mime: String, _ patterns: [String]) -> Bool {
        patterns.contains { $0.hasSuffix("*") ? mime.hasPrefix($0.dropLast()) : mime == $0 }
    }

    /// The extension the name claims (lower case), when the name has one: `a.JPG` → `jpg`; `.zip`, `a.` → nil.
    static func claimedExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        guard !ext.isEmpty, ext.count <= 10 else { return nil }
        return ext.lowercased()
    }

    /// The warning for a regular file whose detected type contradicts its name, or nil. Empty files and files
    /// without a detected type are never reported: no content, no contradiction.
    func mismatch(_ file: FileRecord) -> WarningRecord? {
        guard file.kind == .file || file.kind == .unknown, let mime = file.mime, (file.size ?? 1) > 0,
              mime != "application/x-empty", mime != "inode/x-empty",
              let ext = Self.claimedExtension(file.path.lastComponent), let rule = rules[ext],
              !Self.matches(mime, rule.accepted),
              rule.signature || Self.matches(mime, contradicting) else { return nil }
        return WarningRecord(exhibitId: file.exhibitId, fileId: file.id, code: .extensionMismatch,
                             message: "\(file.path): the name claims \(rule.claims) (.\(ext)); the content is \(mime)")
    }
}

/// The data files an ingest needs, checked before a case is opened so a broken installation writes nothing.
public enum PipelineResources {
    public static func check() throws {
        _ = try ExtensionTypes.shipped.get()
        if let problem = Bip39.resourceProblem {
            throw PipelineError(code: .internalInconsistency, message: "BIP-39 wordlists: \(problem)")
        }
        // The data files of document text, language identification and detection: missing ones would silently
        // weaken what they do, so their absence stops the command before anything is written.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let required: [(module: String, file: String, folder: String)] = [
            ("Language", "scripts.tsv", "Language/Resources"), ("Language", "han-variants.tsv", "Language/Resources"),
            ("Language", "zawgyi-to-unicode.tsv", "Language/Resources"), ("Language", "language-markers.tsv", "Language/Resources"),
            ("Documents", "html-entities.tsv", "Documents/Resources"), ("Documents", "encoding-labels.tsv", "Documents/Resources"),
            ("Documents", "rtf-charsets.tsv", "Documents/Resources"),
            ("Detection", "homoglyphs.tsv", "Detection/Resources"), ("Detection", "iso639-1.txt", "Detection/Resources"),
            ("Detection", "Rules", "Detection"),
        ]
        for item in required where PackageResources.url(module: item.module, item.file,
                                                         sourceFolder: sources.appendingPathComponent(item.folder)) == nil {
            throw PipelineError(code: .internalInconsistency,
                                message: "the data file \(item.file) (resource bundle Custody_\(item.module)) was not found beside the custody binary")
        }
    }
}
