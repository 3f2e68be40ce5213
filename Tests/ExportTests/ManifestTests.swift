// Manifests list every file with path, size, hashes, type and status, and name the chain head they describe;
// DFXML is well-formed and uses the schema's element names, so DFXML tools can read it.

import EvidenceStore
import Export
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Pipeline
import Testing
import TestSupport

private func makeCase(_ folder: TemporaryFolder) throws -> CaseDatabase {
    let database = try CaseDatabase(path: folder.file("case.sqlite"))
    let job = IngestJob(database: database, options: IngestOptions(scratchParent: folder.path))
    _ = try job.ingest(source: Repo.testEvidence.appendingPathComponent("android-ffs.zip").path)
    _ = try job.ingest(source: Repo.testEvidence.appendingPathComponent("bad-inputs").path)
    return database
}

private func manifest(_ database: CaseDatabase, _ format: ManifestFormat, exhibit: String? = nil) throws -> String {
    var text = ""
    try ManifestWriter.write(database, format: format, exhibitLabel: exhibit, toolVersion: "test",
                             generatedAt: "2026-01-01T00:00:00Z") { text += $0 }
    return text
}

private func fileCount(_ database: CaseDatabase, exhibit: String? = nil) throws -> Int {
    var count = 0
    let id = try exhibit.flatMap { try database.exhibit(label: $0)?.record.id }
    try database.forEachFile(exhibitId: id) { _ in count += 1 }
    return count
}

/// Collects DFXML fileobjects: their child elements in order, texts and hash digests; and metadata's children.
private final class DFXMLCollector: NSObject, XMLParserDelegate {
    var objects: [[String: String]] = []
    var orders: [[String]] = []
    var hashes: [[String: String]] = []
    var metadataChildren: [String] = []
    var rootVersion: String?
    private var current: [String: String]?
    private var order: [String] = []
    private var currentHashes: [String: String] = [:]
    private var text = ""
    private var hashType: String?
    private var inMetadata = false
    private var depth = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        text = ""
        if name == "dfxml" { rootVersion = attributes["version"] }
        if name == "metadata" { inMetadata = true } else if inMetadata && depth == 3 { metadataChildren.append(qualifiedName ?? name) }
        if name == "fileobject" { current = [:]; currentHashes = [:]; order = [] } else if current != nil && depth == 3 { order.append(name) }
        if name == "hashdigest" { hashType = attributes["type"] }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if name == "metadata" { inMetadata = false }
        if name == "fileobject", let object = current {
            objects.append(object)
            orders.append(order)
            hashes.append(currentHashes)
            current = nil
        } else if name == "hashdigest", let type = hashType {
            currentHashes[type] = text
        } else if current != nil {
            current?[name] = text
        }
    }
}

/// dfxml.xsd 1.1: the order in which fileobject's children must appear (the ones Custody writes are a subset).
private let fileobjectSequence = ["parent_object", "filename", "partition", "id", "name_type", "filesize", "unalloc", "alloc",
                                  "used", "unused", "orphan", "compressed", "inode", "meta_type", "mode", "nlink", "uid", "gid",
                                  "mtime", "ctime", "atime", "crtime", "seq", "dtime", "bkup_time", "link_target", "libmagic",
                                  "byte_runs", "hashdigest"]

@Suite struct ManifestTests {
    @Test func csvHasOneRowPerFileAndTheChainHead() throws {
        let folder = TemporaryFolder()
        let database = try makeCase(folder)
        let text = try manifest(database, .csv)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        let head = try database.chainHead().head
        #expect(lines[0].hasPrefix("# custody manifest"))
        #expect(lines[0].contains("chain_head=\(head)"))
        #expect(lines[1] == "exhibit,path,kind,size,sha256,md5,mime,status,status_reason,mtime,file_id,parent_id")
        #expect(lines.count - 2 == (try fileCount(database)))
        #expect(text.contains("android-ffs.zip,android-ffs.zip/sdcard/empty.txt,file,0,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855,d41d8cd98f00b204e9800998ecf8427e,application/x-empty,ok"))
    }

    @Test func csvFieldsAreQuotedAndFormulasDefused() {
        #expect(CSVManifest_escape("a,b") == "\"a,b\"")
        #expect(CSVManifest_escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVManifest_escape("=HYPERLINK(1)") == "'=HYPERLINK(1)")
    }

    @Test func jsonParsesAndFiltersByExhibit() throws {
        let folder = TemporaryFolder()
        let database = try makeCase(folder)
        let text = try manifest(database, .json, exhibit: "android-ffs.zip")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["chain_head"] as? String == (try database.chainHead().head))
        #expect(object["exhibits"] as? [String] == ["android-ffs.zip"])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == (try fileCount(database, exhibit: "android-ffs.zip")))
        #expect(files.allSatisfy { ($0["path"] as? String)?.hasPrefix("android-ffs.zip") == true })
        let db = try #require(files.first { ($0["path"] as? String)?.hasSuffix("/mmssms.db") == true })
        #expect(db["mime"] as? String == "application/vnd.sqlite3")
    }

    @Test func dfxmlIsWellFormedAndCarriesTheHashes() throws {
        let folder = TemporaryFolder()
        let database = try makeCase(folder)
        let text = try manifest(database, .dfxml)
        let parser = XMLParser(data: Data(text.utf8))
        let collector = DFXMLCollector()
        parser.delegate = collector
        parser.shouldProcessNamespaces = true
        #expect(parser.parse(), "DFXML must be well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.objects.count == (try fileCount(database)))
        #expect(collector.rootVersion == "1.1.0")
        #expect(collector.metadataChildren.count == 1, "dfxml.xsd allows exactly one Dublin Core element in metadata")
        for order in collector.orders {
            // Schema order, name_type required, nothing foreign inside a fileobject.
            let positions = order.compactMap { fileobjectSequence.firstIndex(of: $0) }
            #expect(positions.count == order.count, "element outside the DFXML schema in \(order)")
            #expect(positions == positions.sorted(), "out of schema order: \(order)")
            #expect(order.contains("name_type") && order.first == "filename")
        }
        #expect(text.contains("chain_head=\(try database.chainHead().head)"))
        // Duplicate names are evidence too: match by file id, not by path.
        var expected: [String: String] = [:]
        try database.forEachFile { entry in if let sha = entry.sha256 { expected[String(entry.id)] = sha } }
        var checked = 0
        for (object, hashes) in zip(collector.objects, collector.hashes) {
            #expect(object["filename"] != nil)
            let id = try #require(object["id"])
            if let sha = expected[id] {
                #expect(hashes["sha256"] == sha)
                #expect(hashes["md5"]?.count == 32)
                checked += 1
            }
        }
        #expect(checked == expected.count)
        // Names XML cannot carry raw still come out well-formed (the non-UTF-8 name is escaped).
        #expect(text.contains("caf\\xe9.txt"))
    }
}

/// CSV escaping is internal to Export; exercised through the public manifest elsewhere, and here directly.
private func CSVManifest_escape(_ field: String) -> String {
    ManifestWriter.csvField(field)
}
