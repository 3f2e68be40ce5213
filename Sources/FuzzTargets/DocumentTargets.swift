// Fuzz targets for document text (issue 10) and detection: every reader through `DocumentText.extract`, as the
// detection phase calls it on a scratch copy, and the rule engine and language identifier over arbitrary text.

import Detection
import Documents
import Foundation
import Language
import Similarity

enum DocumentTargets {
    /// Writes the bytes as a scratch file and extracts its text as `kind`; only a crash is a finding.
    static func read(_ bytes: UnsafeRawBufferPointer, kind: DocumentKind, name: String) {
        let path = FileFormatTargets.scratch + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("cannot write the scratch file \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Small limits, so a mutated count or length is bounded by them, as in ingest.
        let limits = DocumentLimits(maxInputBytes: 1 << 24, maxTextBytes: 1 << 20, maxParts: 1_000, maxMemberBytes: 1 << 24)
        _ = try? DocumentText.extract(path: path, kind: kind, limits: limits)
    }

    static let pdf = FuzzTarget(
        name: "pdf", summary: "PDF text through Poppler (DocumentText.extract .pdf)",
        seeds: [.corpus("py-pdf+sample-files", [".pdf"]), .corpus("pdfminer+pdfminer.six", [".pdf"])],
        maxLength: 256 << 10
    ) { bytes in read(bytes, kind: .pdf, name: "fuzz.pdf") }

    static let office = FuzzTarget(
        name: "office", summary: "docx, xlsx, pptx and odt text (zip + streaming XML); the first byte picks the kind",
        seeds: [.corpus("python-openxml+python-docx", [".docx"]), .corpus("jdum+odfdo", [".odt", ".ods"]),
                .corpus("deanmalmgren+textract", [".docx", ".xlsx", ".pptx", ".odt"])],
        maxLength: 256 << 10
    ) { bytes in
        let kinds: [DocumentKind] = [.docx, .xlsx, .pptx, .odt, .ods, .odp]
        guard let first = bytes.first else { return }
        let kind = kinds[Int(first) % kinds.count]
        read(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), kind: kind, name: "fuzz.\(kind.rawValue)")
    }

    static let legacyOffice = FuzzTarget(
        name: "legacy-office", summary: "legacy .doc and .xls text (compound file, piece table, BIFF); the first byte picks",
        seeds: [.corpus("deanmalmgren+textract", [".doc", ".xls"]), .corpus("nolze+msoffcrypto-tool", [".doc", ".xls"])],
        maxLength: 256 << 10
    ) { bytes in
        guard let first = bytes.first else { return }
        let kind: DocumentKind = first & 1 == 0 ? .doc : .xls
        read(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), kind: kind, name: "fuzz.\(kind.rawValue)")
    }

    static let markup = FuzzTarget(
        name: "markup", summary: "HTML, RTF, e-mail, mbox and plain-text readers; the first byte picks the kind",
        seeds: [.corpus("jstedfast+MimeKit", [".eml", ".msg", ".mbox"]), .corpus("Unstructured-IO+unstructured", [".html", ".rtf", ".eml"]),
                .corpus("chardet+chardet", [".html", ".txt"])],
        maxLength: 128 << 10
    ) { bytes in
        let kinds: [DocumentKind] = [.html, .rtf, .eml, .mbox, .text]
        guard let first = bytes.first else { return }
        let kind = kinds[Int(first) % kinds.count]
        read(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), kind: kind, name: "fuzz.\(kind.rawValue)")
    }

    static let engine: DetectionEngine? = try? DetectionEngine(pack: RulePack.builtIn())

    static let detection = FuzzTarget(
        name: "detection", summary: "language identification, Zawgyi conversion, the rule engine and MinHash over arbitrary text",
        seeds: [.corpus("scamtext", [".txt", ".csv", ".md"])],
        maxLength: 16 << 10
    ) { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let guess = LanguageIdentifier.identify(text)
        let normalized = LanguageIdentifier.normalized(text)
        _ = Zawgyi.toUnicode(text)
        _ = engine?.detect(normalized, language: guess.language, indicators: ["crypto-address"])
        _ = MinHasher().signature(text)
    }
}
