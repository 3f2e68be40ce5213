// Helpers shared by the PDF, Office and OpenDocument text tests: corpus paths and word comparison.

import Documents
import Foundation
import TestSupport

enum OfficeCorpus {
    static func path(_ relative: String) -> String { Repo.corpusFile(relative) }

    static func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Reads a corpus document through the registry, as the pipeline will.
    static func extract(_ relative: String, _ kind: DocumentKind, limits: DocumentLimits = .default) throws -> ExtractedText {
        try DocumentText.extract(path: path(relative), kind: kind, limits: limits)
    }

    /// The text of one labelled section.
    static func section(_ label: String, of result: ExtractedText) -> String? {
        guard let section = result.sections.first(where: { $0.label == label }) else { return nil }
        let bytes = Array(result.text.utf8)
        guard section.start >= 0, section.start + section.length <= bytes.count else { return nil }
        return String(decoding: bytes[section.start..<(section.start + section.length)], as: UTF8.self)
    }

    /// Lower-cased words of letters and digits, so layout and punctuation differences do not matter.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The error code a read throws, or nil when it succeeds.
    static func errorCode(_ relative: String, _ kind: DocumentKind) -> DocumentError.Code? {
        do {
            _ = try extract(relative, kind)
            return nil
        } catch let error as DocumentError {
            return error.code
        } catch {
            return .unreadable
        }
    }
}
