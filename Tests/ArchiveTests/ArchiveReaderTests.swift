// The libarchive wrapper reads headers and data of real archives, and reports damage instead of crashing.

import Archive
import Foundation
import Testing
import TestSupport

private func entries(_ path: String, formats: ArchiveReader.Formats = .archives) throws -> [(name: String, kind: ArchiveEntry.Kind, bytes: Int)] {
    let reader = try ArchiveReader(input: try FileArchiveInput(path: path), formats: formats)
    var out: [(String, ArchiveEntry.Kind, Int)] = []
    while let (entry, _) = try reader.nextEntry() {
        var count = 0
        while let block = try reader.readBlock() { count += block.bytes.count }
        out.append((String(decoding: entry.pathBytes, as: UTF8.self), entry.kind, count))
    }
    return out
}

@Suite struct ArchiveReaderTests {
    @Test func readsZipHeadersAndData() throws {
        let list = try entries(Repo.corpusFile("log2timeline+dfvfs/test_data/zip/with_directory.zip"))
        #expect(list.map(\.name) == ["folder/", "folder/wtmp.1", "folder/syslog"])
        #expect(list.map(\.kind) == [.directory, .file, .file])
        #expect(list.map(\.bytes) == [0, 1537, 1247])
    }

    @Test func keepsAbsoluteNamesAsStored() throws {
        let list = try entries(Repo.corpusFile("log2timeline+dfvfs/test_data/tar/absolute_paths.tar"))
        #expect(list.map(\.name) == ["/folder/syslog", "/folder/wtmp.1"])
    }

    @Test func rawStreamYieldsTheDecompressedContent() throws {
        let list = try entries(Repo.corpusFile("log2timeline+plaso/test_data/syslog.bz2"), formats: .archivesOrRawStream)
        #expect(list.count == 1)
        #expect(list.first?.bytes == 1247)
    }

    @Test func plainTextIsNotAnArchive() throws {
        #expect(throws: ArchiveError.self) {
            _ = try entries(Repo.testEvidence.appendingPathComponent("bad-inputs/not-a-zip.zip").path)
        }
    }

    @Test func truncatedZipThrowsAfterTheIntactEntries() throws {
        let reader = try ArchiveReader(input: try FileArchiveInput(path: Repo.testEvidence.appendingPathComponent("bad-inputs/truncated.zip").path, seekable: false),
                                       formats: .archives)
        var complete = 0
        var failure: ArchiveError?
        do {
            while let _ = try reader.nextEntry() {
                while let _ = try reader.readBlock() {}
                complete += 1
            }
        } catch let error as ArchiveError {
            failure = error
        }
        #expect(complete == 3)
        #expect(failure != nil)
    }

    @Test func encryptedEntryIsFlagged() throws {
        let reader = try ArchiveReader(input: try FileArchiveInput(path: Repo.testEvidence.appendingPathComponent("bad-inputs/encrypted.zip").path),
                                       formats: .archives)
        var flags: [String: Bool] = [:]
        while let (entry, _) = try reader.nextEntry() {
            flags[String(decoding: entry.pathBytes, as: UTF8.self)] = entry.isDataEncrypted
        }
        #expect(flags.values.contains(true))
        #expect(flags.values.contains(false))
    }

    @Test func missingInputIsATypedError() {
        #expect(throws: ArchiveError.self) { _ = try FileArchiveInput(path: "/nonexistent/archive.zip") }
    }
}
