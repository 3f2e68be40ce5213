// libmagic through the wrapper names real files' types as the `file` command does.

import Foundation
import Magic
import Testing
import TestSupport

@Suite struct MagicIdentifierTests {
    static let files = [
        "log2timeline+plaso/test_data/Document.docx", "log2timeline+plaso/test_data/Document.doc",
        "log2timeline+plaso/test_data/android/mmssms.db", "log2timeline+plaso/test_data/syslog.gz",
        "log2timeline+plaso/test_data/syslog.zip", "log2timeline+plaso/test_data/image.E01",
        "mangstadt+ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_IPHONE.vcf",
        "lucasrodes+whatstk/chats/whatsapp/pokemon.txt", "bitcoin+bitcoin/src/test/data/key_io_valid.json",
    ]

    /// The `file` command, configured as Custody configures libmagic (no peeking inside compressed data).
    @Test(arguments: files)
    func agreesWithTheFileCommand(relative: String) throws {
        let path = Repo.corpusFile(relative)
        let expected = try Tool.run("file", ["-b", "--mime-type", path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let handle = try #require(FileHandle(forReadingAtPath: path))
        let head = try handle.read(upToCount: 1 << 20) ?? Data()
        let result = try MagicIdentifier().identify([UInt8](head))
        #expect(result.mime == expected)
        #expect(!result.description.isEmpty)
    }

    @Test func emptyBufferIsEmpty() throws {
        let result = try MagicIdentifier().identify([UInt8]())
        #expect(result.mime == "application/x-empty")
    }

    @Test func sqliteIsRecognisedFromItsFirstPage() throws {
        // A real database's first 100 bytes (the header) are enough.
        let handle = try #require(FileHandle(forReadingAtPath: Repo.corpusFile("log2timeline+plaso/test_data/ios/kik.sqlite")))
        let header = try handle.read(upToCount: 100) ?? Data()
        let result = try MagicIdentifier().identify([UInt8](header))
        #expect(result.mime == "application/vnd.sqlite3")
        #expect(result.description.hasPrefix("SQLite 3.x database"))
    }
}
