// Real containers written by other projects (dfvfs path variants, plaso's syslog in every compression, a file
// that fools Python's is_zipfile, an ISO 9660 image) ingest to the members an independent reader finds.

import EvidenceModel
import EvidenceStore
import Foundation
@testable import Pipeline
import Testing
import TestSupport

/// Python's zipfile/tarfile/gzip/bz2/lzma as the oracle: members (name, sha256) of an archive or stream.
private let oracleScript = """
import sys, json, hashlib, zipfile, tarfile, gzip, bz2, lzma
path = sys.argv[1]
out = []
def norm(n):
    while n.startswith('./'): n = n[2:]
    return n.lstrip('/').rstrip('/')
if path.endswith('.zip'):
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            if not i.is_dir(): out.append([norm(i.filename), hashlib.sha256(z.read(i)).hexdigest()])
elif path.endswith(('.tar', '.tgz', '.tar.gz')):
    with tarfile.open(path) as t:
        for m in t.getmembers():
            if m.isfile(): out.append([norm(m.name), hashlib.sha256(t.extractfile(m).read()).hexdigest()])
else:
    opener = {'gz': gzip.open, 'bz2': bz2.open, 'xz': lzma.open}[path.rsplit('.', 1)[1]]
    with opener(path) as f:
        out.append([path.rsplit('/', 1)[1].rsplit('.', 1)[0], hashlib.sha256(f.read()).hexdigest()])
print(json.dumps(out))
"""

@Suite struct CorpusContainerTests {
    static let containers = [
        "log2timeline+dfvfs/test_data/zip/absolute_paths.zip", "log2timeline+dfvfs/test_data/zip/mixed_paths.zip",
        "log2timeline+dfvfs/test_data/zip/syslog.zip", "log2timeline+dfvfs/test_data/zip/with_directory.zip",
        "log2timeline+dfvfs/test_data/zip/without_directory.zip", "log2timeline+dfvfs/test_data/tar/absolute_paths.tar",
        "log2timeline+dfvfs/test_data/tar/mixed_paths.tar", "log2timeline+dfvfs/test_data/tar/syslog.tar",
        "log2timeline+dfvfs/test_data/tar/with_directory.tar", "log2timeline+dfvfs/test_data/tar/without_directory.tar",
        "log2timeline+plaso/test_data/syslog.gz", "log2timeline+plaso/test_data/syslog.bz2",
        "log2timeline+plaso/test_data/syslog.xz", "log2timeline+plaso/test_data/syslog.tar",
        "log2timeline+plaso/test_data/syslog.tgz", "log2timeline+plaso/test_data/syslog.zip",
    ]

    @Test(arguments: containers)
    func membersMatchAnIndependentReader(relative: String) throws {
        let source = Repo.corpusFile(relative)
        let oracle = try Tool.python(oracleScript, [source])
        #expect(oracle.status == 0, "oracle failed: \(oracle.stderr)")
        let expected = try JSONDecoder().decode([[String]].self, from: Data(oracle.stdout.utf8))
        #expect(!expected.isEmpty)

        let folder = TemporaryFolder()
        let database = try ingest([source], in: folder)
        let label = (source as NSString).lastPathComponent
        let stored = try storedFiles(database).filter { $0.kind == "file" && $0.path != label }
        let actual = stored.map { [String($0.path.dropFirst(label.count + 1)), $0.sha256 ?? "none"] }
        #expect(actual.sorted { $0.joined() < $1.joined() } == expected.sorted { $0.joined() < $1.joined() })
        #expect(stored.allSatisfy { $0.status == "ok" && $0.depth == 1 })
        // Absolute member names are recorded (and flagged), never resolved against the examiner's disk.
        if relative.contains("absolute") || relative.contains("mixed") {
            let suspicious = try database.warnings().filter { $0.code == .suspiciousName }
            #expect(!suspicious.isEmpty)
        }
        // The root row is the source itself, hashed like sha256sum would.
        let root = try #require(try storedFiles(database).first { $0.path == label })
        let sha = try Tool.run("sha256sum", [source]).stdout.split(separator: " ").first.map(String.init)
        #expect(root.sha256 == sha)
    }

    @Test func allSyslogCompressionsYieldTheSameLog() throws {
        let folder = TemporaryFolder()
        let sources = ["syslog.gz", "syslog.bz2", "syslog.xz", "syslog.tgz", "syslog.tar", "syslog.zip"]
            .map { Repo.corpusFile("log2timeline+plaso/test_data/" + $0) }
        let database = try ingest(sources, in: folder)
        let logs = try storedFiles(database).filter { $0.path.hasSuffix("/syslog") }
        #expect(logs.count == 6)
        #expect(Set(logs.compactMap(\.sha256)).count == 1)
    }

    @Test func aFileThatFoolsIsZipfileIsKeptWholeAndUnexpanded() throws {
        let folder = TemporaryFolder()
        let source = Repo.corpusFile("log2timeline+plaso/test_data/passes_is_zipfile.bin")
        let database = try ingest([source], in: folder)
        let files = try storedFiles(database)
        #expect(files.count == 1)
        let only = try #require(files.first)
        #expect(only.status == "ok")
        #expect(only.size == 3_315_923)
        #expect(only.mime == "application/octet-stream")
        let md5 = try Tool.run("md5sum", [source]).stdout.split(separator: " ").first.map(String.init)
        #expect(only.md5 == md5)
    }

    @Test func isoImageIsExpanded() throws {
        let folder = TemporaryFolder()
        let source = Repo.corpusFile("log2timeline+plaso/test_data/iso9660.raw")
        let listing = try Tool.run("bsdtar", ["-tf", source])
        try #require(listing.status == 0, "bsdtar oracle unavailable: \(listing.stderr)")
        let expected = Set(listing.stdout.split(separator: "\n").map { line -> String in
            let relative = EvidenceName.relativeComponents(String(line)).joined(separator: "/")
            return relative.isEmpty ? "." : relative
        })
        let database = try ingest([source], in: folder)
        let stored = Set(try storedFiles(database).filter { $0.path != "iso9660.raw" }.map { String($0.path.dropFirst("iso9660.raw/".count)) })
        #expect(stored == expected)
    }
}
