// Edge cases found in review: copies of a directory source give the same head; a relabelled document stays
// whole; empty and doubly compressed streams; a damaged source archive is damage, not a stream.

import EvidenceModel
import EvidenceStore
import Foundation
@testable import Pipeline
import Testing
import TestSupport

@Suite struct EdgeCaseTests {
    @Test func aFaithfulCopyOfADirectorySourceGivesTheSameHead() throws {
        let folder = TemporaryFolder()
        let original = Repo.testEvidence.appendingPathComponent("bad-inputs").path
        var heads: [String] = []
        for (index, owner) in ["", "65534:65534"].enumerated() {
            let parent = folder.file("copy\(index)")
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            // cp -a keeps mode and modification times, as evidence handling does; change time, access time and
            // (for the second copy) the owner differ, as they do on another examiner's machine.
            try #require(try Tool.run("cp", ["-a", original, parent + "/"]).status == 0)
            if !owner.isEmpty && getuid() == 0 { _ = try Tool.run("chown", ["-R", owner, parent + "/bad-inputs"]) }
            let caseFolder = TemporaryFolder()
            let database = try ingest([parent + "/bad-inputs"], in: caseFolder)
            heads.append(try database.chainHead().head)
        }
        #expect(heads[0] == heads[1])
    }

    @Test func aRelabelledDocumentIsKeptWhole() throws {
        let folder = TemporaryFolder()
        let database = try CaseDatabase(path: folder.file("case.sqlite"))
        let outcome = try IngestJob(database: database, options: IngestOptions(scratchParent: folder.path))
            .ingest(source: Repo.corpusFile("log2timeline+plaso/test_data/Document.docx"), label: "item7")
        #expect(outcome.files == 1)
        let state = try #require(try database.exhibit(label: "item7"))
        #expect(state.record.sourceKind == .file)
    }

    func python(_ script: String, _ folder: TemporaryFolder) throws {
        let result = try Tool.python(script, [folder.path])
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test func emptyAndDoublyCompressedStreams() throws {
        let folder = TemporaryFolder()
        try python("""
            import gzip, sys, os
            d = os.path.join(sys.argv[1], 'device'); os.makedirs(d)
            open(os.path.join(d, 'empty.log.gz'), 'wb').write(gzip.compress(b'', mtime=0))
            open(os.path.join(d, 'notes.txt.gz.gz'), 'wb').write(gzip.compress(gzip.compress(b'meet at 9\\n', mtime=0), mtime=0))
            """, folder)
        let database = try ingest([folder.file("device")], in: folder)
        let files = try storedFiles(database)
        let empty = try #require(files.first { $0.path == "device/empty.log.gz" })
        #expect(empty.status == "ok", "\(empty.statusReason ?? "")")
        let inner = try #require(files.first { $0.path.hasPrefix("device/notes.txt.gz.gz/") })
        #expect(inner.path == "device/notes.txt.gz.gz/notes.txt")
        #expect(inner.size == 10)
    }

    @Test func aDamagedSourceArchiveIsDamageNotAStream() throws {
        let folder = TemporaryFolder()
        let path = folder.file("broken.zip")
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0xEE, count: 200)).write(to: URL(fileURLWithPath: path))
        let database = try ingest([path], in: folder)
        let files = try storedFiles(database)
        #expect(files.count == 1)
        #expect(files.first?.status == "error")
        #expect(files.first?.sha256 != nil, "the damaged archive itself is still hashed")
    }

    @Test func aNestedZipCutShortKeepsTheEntriesBeforeTheDamage() throws {
        let folder = TemporaryFolder()
        try python("""
            import zipfile, tarfile, io, sys, os
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as z:
                for i in range(5):
                    z.writestr(zipfile.ZipInfo(f'chat-{i}.txt', (2024, 3, 15, 10, 0, 0)), (f'message {i} ' * 400).encode())
            data = buf.getvalue()
            tar = io.BytesIO()
            with tarfile.open(fileobj=tar, mode='w') as t:
                info = tarfile.TarInfo('sdcard/backup.zip'); info.size = len(data); info.mtime = 1710496800
                t.addfile(info, io.BytesIO(data))
            whole = tar.getvalue()
            # Cut the tar inside the zip's fourth member: the zip's own bytes end early.
            open(os.path.join(sys.argv[1], 'phone.tar'), 'wb').write(whole[:512 + int(len(data) * 0.7)])
            """, folder)
        let database = try ingest([folder.file("phone.tar")], in: folder)
        let files = try storedFiles(database)
        let recovered = files.filter { $0.path.hasPrefix("phone.tar/sdcard/backup.zip/") && $0.status == "ok" }
        #expect(recovered.count >= 3, "entries before the damage: \(files.map { "\($0.path) \($0.status)" })")
        let zip = try #require(files.first { $0.path == "phone.tar/sdcard/backup.zip" })
        #expect(zip.status == "error")
    }

    @Test func aHostileDeepTreeIsRecordedWithoutCrashing() throws {
        let folder = TemporaryFolder()
        // 2,500 levels: deeper than the 8 MiB main-thread stack allows a recursive walk, and past PATH_MAX.
        try python("""
            import os, sys
            os.chdir(sys.argv[1]); os.mkdir('tree'); os.chdir('tree')
            for i in range(2500):
                os.mkdir('d'); os.chdir('d')
            open('leaf.txt', 'w').write('bottom')
            """, folder)
        let database = try ingest([folder.file("tree")], in: folder)
        let files = try storedFiles(database)
        #expect(files.count >= 2000)
        // Past PATH_MAX the walk cannot go on: that is recorded, not skipped.
        #expect(files.contains { $0.status == "error" } || files.contains { $0.path.hasSuffix("leaf.txt") })
    }

    @Test func aSparseSizeBombStopsAtTheExpandedBytesLimit() throws {
        let folder = TemporaryFolder()
        // One 512-byte region declared as a 1 TiB sparse file (PAX 0.0 GNU.sparse keys): 10 KiB of tar.
        try python("""
            import tarfile, io, sys, os
            with tarfile.open(os.path.join(sys.argv[1], 'bomb.tar'), 'w', format=tarfile.PAX_FORMAT) as t:
                info = tarfile.TarInfo('disk.img'); info.size = 512; info.mtime = 1710496800
                info.pax_headers = {'GNU.sparse.size': str(1 << 40), 'GNU.sparse.numblocks': '1',
                                    'GNU.sparse.offset': '0', 'GNU.sparse.numbytes': '512'}
                t.addfile(info, io.BytesIO(b'x' * 512))
            """, folder)
        let database = try ingest([folder.file("bomb.tar")], in: folder, limits: Limits(maxExpandedBytes: 64 << 20))
        let image = try #require(try storedFiles(database).first { $0.path == "bomb.tar/disk.img" })
        #expect(image.status == "limit", "\(image.status) \(image.statusReason ?? "")")
        #expect((image.size ?? 0) <= (64 << 20) + (1 << 16))
    }

    @Test func linkChainsResolveInsideTheExhibitOnly() throws {
        let folder = TemporaryFolder()
        let device = folder.file("device")
        try FileManager.default.createDirectory(atPath: device + "/system", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: device + "/system/build.prop"))
        // host -> /etc/hostname exists on the examiner's machine, not in the exhibit: links to it are broken.
        for (name, target) in [("host", "/etc/hostname"), ("via-host", "host"), ("prop", "/system/build.prop"),
                               ("via-prop", "prop"), ("escape", "../../../../etc/hostname")] {
            try FileManager.default.createSymbolicLink(atPath: device + "/" + name, withDestinationPath: target)
        }
        let database = try ingest([device], in: folder)
        let broken = Set(try database.warnings().filter { $0.code == .brokenSymlink }.compactMap {
            $0.message.split(separator: ":").first.map(String.init)
        })
        #expect(broken == ["device/host", "device/via-host", "device/escape"])
    }

    @Test func aFolderWhoseNameIsNotUTF8IsWalked() throws {
        let folder = TemporaryFolder()
        try python("""
            import os, sys
            base = os.path.join(sys.argv[1], 'device').encode()
            os.makedirs(base + b'/caf\\xe9')
            open(base + b'/caf\\xe9/note.txt', 'wb').write(b'inside')
            """, folder)
        let database = try ingest([folder.file("device")], in: folder)
        let files = try storedFiles(database)
        let note = try #require(files.first { $0.path == "device/caf\\xe9/note.txt" }, "\(files.map(\.path))")
        #expect(note.status == "ok")
        #expect(files.allSatisfy { $0.status == "ok" })
    }
}
