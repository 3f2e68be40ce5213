// The signature fast path names gzip, bzip2, xz and PNG files exactly as libmagic does: same MIME, same
// description, on real files from the machine and the corpus.

import Foundation
import Magic
@testable import Pipeline
import Testing
import TestSupport

@Suite struct SignatureTypesTests {
    static func realFiles() -> [String] {
        var paths: [String] = []
        for (directory, suffixes) in [("/usr/share/doc", [".gz"]), ("/usr/share/man/man1", [".gz"]), ("/usr/share/icons", [".png"]),
                                      ("/usr/share/pixmaps", [".png"]), ("/usr/lib/python3/dist-packages", [".png"])] {
            guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
            var found: [String] = []
            while let item = walker.nextObject() as? String, found.count < 400 {
                if suffixes.contains(where: { item.hasSuffix($0) }) { found.append(directory + "/" + item) }
            }
            paths += found.sorted()
        }
        paths += ["log2timeline+plaso/test_data/syslog.gz", "log2timeline+plaso/test_data/syslog.bz2",
                  "log2timeline+plaso/test_data/syslog.xz", "log2timeline+plaso/test_data/syslog.tgz"].map(Repo.corpusFile)
        return paths
    }

    @Test func agreesWithLibmagicOnRealFiles() throws {
        let magic = try MagicIdentifier()
        var answered = 0
        var mismatches: [String] = []
        for path in Self.realFiles() {
            guard let data = FileManager.default.contents(atPath: path), data.count <= 4 << 20, data.count >= 4 else { continue }
            let bytes = [UInt8](data)
            // Custody gives libmagic the head; compare on the same buffer.
            let head = Array(bytes.prefix(64 << 10))
            guard let fast = SignatureTypes.identify(head) else { continue }
            answered += 1
            let reference = try magic.identify(head)
            if fast != reference { mismatches.append("\(path): \(fast.description) | libmagic: \(reference.description)") }
        }
        #expect(answered >= 50, "too few real gzip/PNG files found (\(answered))")
        let examples = mismatches.prefix(3).joined(separator: "; ")
        #expect(mismatches.count == 0, "\(mismatches.count) of \(answered) differ, e.g. \(examples)")
    }

    @Test func unusualHeadersGoToLibmagic() {
        // gzip with a comment field, from a FAT system, or with another method: not handled here.
        #expect(SignatureTypes.identify([0x1F, 0x8B, 8, 0x10, 0, 0, 0, 0, 0, 3, 0x41, 0]) == nil)
        #expect(SignatureTypes.identify([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0]) == nil)
        #expect(SignatureTypes.identify([0x1F, 0x8B, 7, 0, 0, 0, 0, 0, 0, 3]) == nil)
        #expect(SignatureTypes.identify(Array("hello".utf8)) == nil)
    }

    @Test func asctimeMatchesC() {
        #expect(SignatureTypes.asctime(1_763_780_923) == "Sat Nov 22 03:08:43 2025")
        #expect(SignatureTypes.asctime(0) == "Thu Jan  1 00:00:00 1970")
    }
}
