// WhatsApp "Export chat" .txt files: whatstk's real sample chats (GROUND_TRUTH.md "Chat export text/JSON files")
// and Scripts/fixtures/whatsapp_exports.py (iOS style, 12 h with U+202F, d.m.y, y-m-d, localized "p. m.",
// multi-line, attachments, an undecidable date order).

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

private func authorCounts(_ messages: [ChatMessage]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for message in messages where message.direction != .system { counts[message.senderName ?? "", default: 0] += 1 }
    return counts
}

@Suite struct WhatsAppExportCorpusTests {
    static let id = "whatsapp.export.txt"

    func extract(_ name: String) throws -> HarnessOutput {
        try ExtractionHarness.extract([Repo.corpusFile("lucasrodes+whatstk/chats/whatsapp/" + name)])
    }

    @Test func loremHas500MessagesByFourAuthors() throws {
        let output = try extract("lorem.txt")
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 500)
        #expect(authorCounts(messages) == ["+1 123 456 789": 145, "John": 124, "Giuseppe": 118, "Mary": 113])
        #expect(messages.allSatisfy { $0.direction == .unknown && $0.app == "whatsapp" && $0.threadName == nil })
        let first = try #require(messages.first)
        #expect(first.source == .line(1))
        #expect(first.senderName == "Mary")
        #expect(first.sender == nil)
        #expect(first.body == "Nostrud exercitation magna id. ")
        #expect(first.sentAt?.utc == "2020-01-15T02:22:56Z")
        #expect(first.sentAt?.raw == "15-01-20 02:22:56")
        let phone = try #require(messages.first { $0.senderName == "+1 123 456 789" })
        #expect(phone.sender == "+1 123 456 789")
        #expect(messages.last?.sentAt?.utc == "2020-05-11T22:32:48Z")
        #expect(messages.last?.source == .line(500))
        // Both d/m/y and y/m/d fit the values (2-digit years); only d/m/y runs forwards in time.
        let detail = try #require(output.record(Self.id)?.detail)
        #expect(detail.contains("date order d/m/y (resolved from the chronological order of 500 headers"))
        #expect(detail.contains("times are device-local wall time (no zone in export)"))
        #expect(output.record(Self.id)?.status == .ok)
    }

    @Test func pokemonHasOneSystemLine() throws {
        let output = try extract("pokemon.txt")
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 20)
        #expect(messages.filter { $0.direction == .system }.count == 1)
        #expect(authorCounts(messages) == ["Ash Ketchum": 4, "Misty": 4, "Brock": 3, "Prof. Oak": 2, "Raichu": 2,
                                           "Pokemon Chat": 1, "Jessie & James": 1, "Meowth": 1, "Wobbuffet": 1])
        let system = try #require(messages.first { $0.direction == .system })
        #expect(system.source == .line(2))
        #expect(system.body == "Messages you send to this group are now secured with end-to-end encryption. Tap for more info.")
        #expect(system.sentAt?.utc == "2016-08-06T13:18:00Z")
        #expect(messages.last?.body == "Wo-bbu-ffet")
        #expect(messages.last?.sentAt?.utc == "2016-10-31T12:23:00Z")
        #expect(output.record(Self.id)?.detail?.contains("date order d/m/y (resolved from the values of 20 headers") == true)
    }

    @Test func mergePartsAreYearFirst() throws {
        let part1 = try extract("lorem-merge-part1.txt").messages(from: Self.id)
        #expect(part1.count == 300)
        #expect(authorCounts(part1) == ["Mary": 80, "+1 123 456 789": 78, "Giuseppe": 75, "John": 67])
        #expect(part1.first?.sentAt?.utc == "2019-10-20T10:16:00Z")
        #expect(part1.last?.sentAt?.utc == "2020-01-10T00:00:00Z")
        let part2 = try extract("lorem-merge-part2.txt").messages(from: Self.id)
        #expect(part2.count == 300)
        #expect(authorCounts(part2) == ["+1 123 456 789": 78, "Giuseppe": 75, "John": 67, "Maria": 51, "Maria2": 29])
    }

    @Test func probeUsesContentNotName() {
        let header = Array("[15-01-20 02:22:56] Mary: Hi\n[15-01-20 02:23:56] John: Yo\n".utf8)
        #expect(WhatsAppExportedChatExtractor.probe(head: header, name: "notes.txt"))
        #expect(WhatsAppExportedChatExtractor.probe(head: Array("12/31/19, 9:05 PM - Bob: hi\n".utf8), name: "x"))
        #expect(!WhatsAppExportedChatExtractor.probe(head: Array("hello world\n12/31/19, 9:05 PM - Bob: hi\n".utf8),
                                                     name: "WhatsApp Chat with Bob.txt"))
        #expect(!WhatsAppExportedChatExtractor.probe(head: Array("2019-12-31 21:05:33 INFO server started\n".utf8), name: "_chat.txt"))
        #expect(!WhatsAppExportedChatExtractor.probe(head: [], name: "_chat.txt"))
    }
}

@Suite struct WhatsAppExportFixtureTests {
    static let id = "whatsapp.export.txt"
    let folder = TemporaryFolder()

    init() throws {
        let result = try Tool.run("python3", [Repo.root.appendingPathComponent("Scripts/fixtures/whatsapp_exports.py").path, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func extract(_ name: String) throws -> HarnessOutput { try ExtractionHarness.extract([folder.file(name)]) }

    @Test func iOSStyleWithMultiLineAttachmentAndSystemLine() throws {
        let output = try extract("_chat.txt")
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 5)
        #expect(messages.map(\.source) == [.line(1), .line(2), .line(6), .line(7), .line(8)])
        #expect(messages[0].senderName == "Anna Müller")
        #expect(messages[0].body == "Frohes neues Jahr! 🎉")
        #expect(messages[0].sentAt?.utc == "2019-12-31T21:05:33Z")
        #expect(messages[1].sender == "+49 170 1234567")
        #expect(messages[1].body == "Danke, dir auch\nzweite Zeile\n\nvierte Zeile")
        #expect(messages[2].body == "\u{200E}<attached: 00000012-PHOTO-2020-01-01-00-00-05.jpg>")
        #expect(messages[2].attachments.map(\.name) == ["00000012-PHOTO-2020-01-01-00-00-05.jpg"])
        #expect(messages[2].sentAt?.utc == "2020-01-01T00:00:05Z")
        #expect(messages[3].direction == .system)
        #expect(messages[3].body == "Anna Müller changed the group description")
        #expect(messages[3].senderName == nil)
        #expect(messages[4].senderName == "王小明")
        #expect(messages[4].body == "你好，世界")
        #expect(messages.allSatisfy { $0.threadName == nil })
        #expect(output.record(Self.id)?.detail?.contains("date order d/m/y (resolved from the values of 5 headers") == true)
    }

    @Test func androidTwelveHourWithNarrowNoBreakSpace() throws {
        let output = try extract("WhatsApp Chat with Bob.txt")
        let messages = output.messages(from: Self.id)
        #expect(messages.count == 5)
        #expect(messages.allSatisfy { $0.threadName == "Bob" })
        #expect(messages[0].sentAt?.utc == "2019-12-13T21:05:00Z")
        #expect(messages[0].sentAt?.raw == "12/13/19, 9:05\u{202F}PM")
        #expect(messages[1].body == "IMG-20191213-WA0001.jpg (file attached)\nlook at this")
        #expect(messages[1].attachments.map(\.name) == ["IMG-20191213-WA0001.jpg"])
        #expect(messages[2].sentAt?.utc == "2019-12-14T00:00:00Z")
        #expect(messages[2].status == "media-omitted")
        #expect(messages[2].attachments.count == 1)
        #expect(messages[3].direction == .system)
        #expect(messages[3].sentAt?.utc == "2019-12-14T12:30:00Z")
        #expect(messages[4].body == "สวัสดีครับ")
        #expect(messages[4].sentAt?.utc == "2019-12-14T13:45:00Z")
        #expect(output.record(Self.id)?.detail?.contains("date order m/d/y (resolved from the values") == true)
    }

    @Test func dottedTwoDigitYearIsAmbiguousAndDefaultsToDayFirst() throws {
        let output = try extract("WhatsApp Chat with Gruppe.txt")
        let messages = output.messages(from: Self.id)
        #expect(messages.map(\.sentAt?.utc) == ["2019-12-24T18:00:00Z", "2019-12-25T09:30:00Z"])
        #expect(output.record(Self.id)?.detail?.contains("date order d/m/y (ambiguous: values and chronology allow d/m/y, y/m/d; default)") == true)
    }

    @Test func yearFirstAndLocalizedMeridiem() throws {
        let ymd = try extract("ymd.txt").messages(from: Self.id)
        #expect(ymd.map(\.sentAt?.utc) == ["2020-03-01T10:16:00Z", "2020-03-02T11:15:00Z"])
        #expect(ymd.map(\.senderName) == ["John", "Mary"])
        let spanish = try extract("es.txt").messages(from: Self.id)
        #expect(spanish.map(\.sentAt?.utc) == ["2019-12-25T21:05:00Z", "2019-12-25T09:06:00Z"])
        #expect(spanish.map(\.body) == ["Hola", "Adiós"])
    }

    @Test func undecidableOrderIsNotedAmbiguous() throws {
        let output = try extract("ambiguous.txt")
        #expect(output.messages(from: Self.id).first?.sentAt?.utc == "2003-02-01T10:00:00Z")
        #expect(output.record(Self.id)?.detail?.contains("date order d/m/y (ambiguous: values and chronology allow d/m/y, m/d/y, y/m/d, y/d/m; default)") == true)
    }
}

/// Twelve-hour header lines as exporters write them (shapes reported by users of WhatsApp parsers:
/// hotosm/chatmap#211 `19/08/26 8:26 a. m. -`, mtln/chat-export#19 `4/9/21, 1:10 p. m. -`, whatstk#140
/// `12:14\u{202F}pm`, ChatLab#131 `[14/10/2021, 3:34:09 PM]`; Spanish-locale Android writes midnight as `00:08 a. m.`),
/// with dates chosen so that their order is not in question. `utc` nil: the time is impossible and must be reported.
struct TwelveHourLine: Sendable, CustomTestStringConvertible {
    var line: String
    var utc: String?
    var raw: String
    var testDescription: String { line }

    static let all: [TwelveHourLine] = [
        .init(line: "06/20/2020, 00:08 a. m. - Juan: Hola", utc: "2020-06-20T00:08:00Z", raw: "06/20/2020, 00:08 a. m."),
        .init(line: "06/20/2020, 12:08 a. m. - Juan: Hola", utc: "2020-06-20T00:08:00Z", raw: "06/20/2020, 12:08 a. m."),
        .init(line: "06/20/2020, 00:08 p. m. - Juan: Hola", utc: "2020-06-20T12:08:00Z", raw: "06/20/2020, 00:08 p. m."),
        .init(line: "06/20/2020, 12:08 p. m. - Juan: Hola", utc: "2020-06-20T12:08:00Z", raw: "06/20/2020, 12:08 p. m."),
        .init(line: "06/20/2020, 11:59 p. m. - Juan: Hola", utc: "2020-06-20T23:59:00Z", raw: "06/20/2020, 11:59 p. m."),
        .init(line: "6/20/20, 0:08\u{00A0}a.\u{00A0}m. - Juan: Hola", utc: "2020-06-20T00:08:00Z", raw: "6/20/20, 0:08\u{00A0}a.\u{00A0}m."),
        .init(line: "6/20/20, 00:08 a.m. - Juan: Hola", utc: "2020-06-20T00:08:00Z", raw: "6/20/20, 00:08 a.m."),
        .init(line: "6/20/20, 11:59 P.M. - Juan: Hola", utc: "2020-06-20T23:59:00Z", raw: "6/20/20, 11:59 P.M."),
        .init(line: "19/08/26 8:26 a. m. - Don Rafael: ubicación", utc: "2026-08-19T08:26:00Z", raw: "19/08/26 8:26 a. m."),
        .init(line: "4/19/21, 1:10 p. m. - First Last: hola", utc: "2021-04-19T13:10:00Z", raw: "4/19/21, 1:10 p. m."),
        .init(line: "13/10/2023, 12:14\u{202F}pm - +44 7123 456789: <Media omitted>", utc: "2023-10-13T12:14:00Z", raw: "13/10/2023, 12:14\u{202F}pm"),
        .init(line: "13/10/2023, 12:57 am - +44 7123 456789: hi", utc: "2023-10-13T00:57:00Z", raw: "13/10/2023, 12:57 am"),
        .init(line: "[14/10/2021, 3:34:09 PM] Ana: hola", utc: "2021-10-14T15:34:09Z", raw: "14/10/2021, 3:34:09 PM"),
        .init(line: "[14/10/2021, 00:00:01\u{202F}AM] Ana: hola", utc: "2021-10-14T00:00:01Z", raw: "14/10/2021, 00:00:01\u{202F}AM"),
        .init(line: "8/19/21, 12:27 PM - Friend A: Hi, there", utc: "2021-08-19T12:27:00Z", raw: "8/19/21, 12:27 PM"),
        .init(line: "06/20/2020, 13:08 p. m. - Juan: Hola", utc: nil, raw: ""),
        .init(line: "06/20/2020, 00:60 a. m. - Juan: Hola", utc: nil, raw: ""),
    ]
}

@Suite struct WhatsAppExportTwelveHourTests {
    @Test(arguments: TwelveHourLine.all) func hourZeroAndTwelveOfEitherHalf(_ vector: TwelveHourLine) throws {
        let folder = TemporaryFolder()
        let path = folder.file("WhatsApp Chat with Juan.txt")
        try Data((vector.line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let output = try ExtractionHarness.extract([path])
        let message = try #require(output.messages(from: "whatsapp.export.txt").first)
        #expect(message.sentAt?.utc == vector.utc)
        if vector.utc != nil {
            #expect(message.sentAt?.raw == vector.raw)
            #expect(output.warnings.isEmpty)
        } else {
            #expect(output.warnings.contains { $0.contains("is not valid") })
        }
    }
}
