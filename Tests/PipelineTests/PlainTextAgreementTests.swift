// The fast text path answers only where it agrees with libmagic: measured on real text — documentation, man
// pages (decompressed), the shared corpus — not on text written for the test.

import Archive
import Foundation
import Magic
@testable import Pipeline
import Testing
import TestSupport

@Suite struct PlainTextAgreementTests {
    /// Heads (up to 64 KiB) of real text-ish files: /usr/share/doc, man pages, corpus chats and vCards.
    static func samples() throws -> [(String, [UInt8], Bool)] {
        var out: [(String, [UInt8], Bool)] = []
        func add(_ name: String, _ bytes: [UInt8], whole: Bool) { out.append((name, Array(bytes.prefix(64 << 10)), whole)) }
        let fm = FileManager.default
        if let walker = fm.enumerator(atPath: "/usr/share/doc") {
            var paths: [String] = []
            while let item = walker.nextObject() as? String { paths.append(item) }
            for item in paths.sorted().prefix(3000) where !item.hasSuffix(".gz") {
                let path = "/usr/share/doc/" + item
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = fm.contents(atPath: path) else { continue }
                add(path, [UInt8](data), whole: data.count <= 64 << 10)
            }
        }
        let manPages = ((try? fm.contentsOfDirectory(atPath: "/usr/share/man/man1")) ?? []).sorted().filter { $0.hasSuffix(".gz") }.prefix(400)
        for page in manPages {
            guard let reader = try? ArchiveReader(input: try FileArchiveInput(path: "/usr/share/man/man1/" + page), formats: .archivesOrRawStream),
                  (try? reader.nextEntry()) != nil else { continue }
            var bytes: [UInt8] = []
            while let block = try? reader.readBlock(), bytes.count < 64 << 10 { bytes.append(contentsOf: block.bytes) }
            add(page, bytes, whole: bytes.count < 64 << 10)
        }
        for relative in ["lucasrodes+whatstk/chats/whatsapp/lorem.txt", "lucasrodes+whatstk/chats/whatsapp/pokemon.txt",
                         "KnugiHK+WhatsApp-Chat-Exporter/tests/data/contacts.vcf", "bitcoin+bips/bip-0039/english.txt",
                         "bitcoin+bips/bip-0039/japanese.txt", "bitcoin+bips/bip-0039/chinese_simplified.txt",
                         "mangstadt+ez-vcard/src/test/resources/ezvcard/io/text/John_Doe_ANDROID.vcf"] {
            if let data = fm.contents(atPath: Repo.corpusFile(relative)) { add(relative, [UInt8](data), whole: data.count <= 64 << 10) }
        }
        return out
    }

    @Test func agreesWithLibmagicWhereItAnswers() throws {
        let magic = try MagicIdentifier()
        var answered = 0, sameMime = 0, sameDescription = 0, total = 0
        var disagreements: [String] = []
        for (name, head, whole) in try Self.samples() {
            total += 1
            guard let fast = PlainText.identify(head, isWholeContent: whole) else { continue }
            answered += 1
            let reference = try magic.identify(head)
            if fast.mime == reference.mime { sameMime += 1 } else if disagreements.count < 15 {
                disagreements.append("\(name): \(fast.mime) vs libmagic \(reference.mime)")
            }
            if fast.description == reference.description { sameDescription += 1 }
        }
        #expect(total >= 300, "too few real samples on this machine (\(total))")
        #expect(answered * 3 >= total, "the fast path should take a good share of real text: \(answered) of \(total)")
        #expect(Double(sameMime) >= 0.98 * Double(answered), "MIME agreement \(sameMime)/\(answered): \(disagreements)")
        #expect(Double(sameDescription) >= 0.95 * Double(answered), "description agreement \(sameDescription)/\(answered)")
        print("fast path: answered \(answered) of \(total); MIME agrees \(sameMime), description agrees \(sameDescription)")
    }

    @Test func binaryAndMarkedTextGoToLibmagic() {
        #expect(PlainText.identify([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], isWholeContent: true) == nil)
        #expect(PlainText.identify(Array("<?xml version=\"1.0\"?><a/>".utf8), isWholeContent: true) == nil)
        #expect(PlainText.identify(Array("#!/bin/sh\necho hi\n".utf8), isWholeContent: true) == nil)
        #expect(PlainText.identify(Array("name,phone\nAna,+264811234567\n".utf8), isWholeContent: true) == nil)
        #expect(PlainText.identify([0xEF, 0xBB, 0xBF] + Array("hello\n".utf8), isWholeContent: true) == nil)
        #expect(PlainText.identify(Array("Job offer: Bangkok\n".utf8), isWholeContent: true)?.mime == "text/plain")
        #expect(PlainText.identify(Array(".TH LS 1\n.SH NAME\n".utf8), isWholeContent: true)?.mime == "text/troff")
    }
}
