// A zip gives the same member records whether it is the exhibit's source or nested inside another container:
// modes, symbolic links and times come from its central directory either way.

import EvidenceModel
import EvidenceStore
import Foundation
@testable import Pipeline
import Testing
import TestSupport

@Suite struct NestingConsistencyTests {
    /// A zip with a symbolic link, a private file and a directory (Python's zipfile, Unix attributes), and a tar
    /// holding that zip.
    func makeArchives(in folder: TemporaryFolder) throws -> (zip: String, tar: String) {
        let script = """
        import zipfile, tarfile, sys, io, os
        z, t = sys.argv[1], sys.argv[2]
        with zipfile.ZipFile(z, 'w', zipfile.ZIP_DEFLATED) as f:
            d = zipfile.ZipInfo('chats/', (2024, 3, 15, 10, 0, 0)); d.external_attr = (0o40755 << 16) | 0x10; f.writestr(d, b'')
            p = zipfile.ZipInfo('chats/victim-01.txt', (2024, 3, 15, 10, 0, 2)); p.external_attr = 0o100600 << 16
            p.create_system = 3; f.writestr(p, b'USDT TRC20 wallet: send here\\n' * 20)
            l = zipfile.ZipInfo('latest.txt', (2024, 3, 15, 10, 0, 4)); l.external_attr = 0o120777 << 16
            l.create_system = 3; f.writestr(l, b'chats/victim-01.txt')
        data = open(z, 'rb').read()
        with tarfile.open(t, 'w') as f:
            i = tarfile.TarInfo('Users/a/Desktop/export.zip'); i.size = len(data); i.mtime = 1710496800
            f.addfile(i, io.BytesIO(data))
        """
        let zip = folder.file("export.zip"), tar = folder.file("pc.tar")
        let result = try Tool.python(script, [zip, tar])
        try #require(result.status == 0, "\(result.stderr)")
        return (zip, tar)
    }

    @Test func zipMembersAreTheSameNestedOrNot() throws {
        let folder = TemporaryFolder()
        let (zip, tar) = try makeArchives(in: folder)
        let database = try ingest([zip, tar], in: folder)
        let files = try database.read { db in
            try Row_fetchMembers(db)
        }
        let top = files.filter { $0.path.hasPrefix("export.zip/") }.map { $0.replacingPrefix("export.zip/") }
        let nested = files.filter { $0.path.hasPrefix("pc.tar/Users/a/Desktop/export.zip/") }
            .map { $0.replacingPrefix("pc.tar/Users/a/Desktop/export.zip/") }
        #expect(top.count == 3)
        #expect(top.sorted() == nested.sorted())
        let link = try #require(top.first { $0.path == "latest.txt" })
        #expect(link.kind == "symlink")
        #expect(top.first { $0.path == "chats/victim-01.txt" }?.mode == 0o600)
    }
}

struct Member: Comparable {
    var path: String
    var kind: String
    var mode: Int64?
    var mtime: String?
    var sha256: String?
    var linkTarget: String?

    func replacingPrefix(_ prefix: String) -> Member {
        var copy = self
        copy.path = String(path.dropFirst(prefix.count))
        return copy
    }

    static func < (a: Member, b: Member) -> Bool { a.path < b.path }
}

import GRDB
func Row_fetchMembers(_ db: Database) throws -> [Member] {
    try Row.fetchAll(db, sql: "SELECT path, kind, mode, mtime, sha256, link_target FROM files ORDER BY id").map {
        Member(path: $0[0], kind: $0[1], mode: $0[2], mtime: $0[3], sha256: $0[4], linkTarget: $0[5])
    }
}
