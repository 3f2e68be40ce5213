// Every PDF, Office and OpenDocument file in the shared corpus: read or refused with a typed reason, never a crash.

import Documents
import Foundation
import Testing
import TestSupport

@Test func everyCorpusDocumentReadsOrIsRefusedForAReason() throws {
    let kinds: [String: DocumentKind] = ["pdf": .pdf, "docx": .docx, "xlsx": .xlsx, "pptx": .pptx, "odt": .odt,
                                         "ods": .ods, "odp": .odp, "doc": .doc, "xls": .xls]
    guard let walker = FileManager.default.enumerator(atPath: Repo.corpus.path) else {
        Issue.record("corpus missing at \(Repo.corpus.path)")
        return
    }
    // Checked with unzip: its word/document.xml holds no w:t at all (it exists for its core properties).
    let empty: Set<String> = ["python-openxml+python-docx/features/steps/test_files/doc-coreprops.docx"]
    var summary: [DocumentKind: (read: Int, encrypted: Int, failed: [String])] = [:]
    while let relative = walker.nextObject() as? String {
        guard let kind = kinds[(relative as NSString).pathExtension.lowercased()] else { continue }
        var tally = summary[kind] ?? (0, 0, [])
        do {
            let result = try OfficeCorpus.extract(relative, kind)
            // A document that reads must give text (the corpus has no image-only Office files).
            if result.text.allSatisfy(\.isWhitespace) && kind != .pdf && !empty.contains(relative) {
                tally.failed.append("\(relative): no text")
            } else {
                tally.read += 1
            }
        } catch let error as DocumentError where error.code == .encrypted {
            tally.encrypted += 1
        } catch {
            tally.failed.append("\(relative): \(error)")
        }
        summary[kind] = tally
    }
    for (kind, tally) in summary.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        print("corpus \(kind.rawValue): \(tally.read) read, \(tally.encrypted) encrypted, \(tally.failed.count) failed \(tally.failed)")
        #expect(tally.failed.isEmpty, "\(kind.rawValue): \(tally.failed)")
    }
    #expect(summary.values.reduce(0) { $0 + $1.read } >= 20)
}
