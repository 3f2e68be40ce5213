// Every text, HTML, RTF and mail file of the shared corpus is read: none fails, and each gives text.

import Documents
import Foundation
import Testing
import TestSupport

@Test func everyMarkupAndMailFileInTheCorpusGivesText() throws {
    let extensions: Set<String> = ["txt", "text", "csv", "tsv", "md", "log", "htm", "html", "xhtml", "rtf", "eml", "mbox"]
    let wanted: Set<DocumentKind> = [.text, .html, .rtf, .eml, .mbox]
    guard let walker = FileManager.default.enumerator(atPath: Repo.corpus.path) else {
        Issue.record("no corpus at \(Repo.corpus.path)")
        return
    }
    var read: [DocumentKind: Int] = [:]
    var failures: [String] = []
    for case let relative as String in walker where extensions.contains((relative as NSString).pathExtension.lowercased()) {
        let path = Repo.corpusFile(relative)
        guard let handle = FileHandle(forReadingAtPath: path) else { continue }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        try? handle.close()
        guard let kind = DocumentKindDetection.kind(head: head, name: relative), wanted.contains(kind) else { continue }
        do {
            let document = try DocumentText.extract(path: path, kind: kind)
            read[kind, default: 0] += 1
            if document.text.isEmpty && !head.isEmpty { failures.append("\(relative): no text") }
        } catch {
            failures.append("\(relative): \(error)")
        }
    }
    print("markup corpus sweep:", read.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" })
    #expect(failures.isEmpty, "\(failures)")
    // MimeKit's two mbox files and their two summaries (which are mbox-shaped too), unstructured's two messages,
    // textract's RTF, chardet's five pages.
    #expect(read[.mbox, default: 0] >= 4 && read[.eml, default: 0] >= 2 && read[.rtf, default: 0] >= 1 && read[.html, default: 0] >= 5)
}
