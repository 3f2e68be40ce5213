// Numbers in evidence rows and blobs that do not fit (issue 9): each accessor gives nil or a bounded value, never a
// trap, and a time built from them is nil rather than a crash.

import EvidenceModel
import Foundation
import GRDB
import Testing
@testable import Extraction

@Suite struct HostileRowNumberTests {
    /// Text a column may hold where the schema says REAL: parsed leniently, but never as NaN or infinity.
    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "1e999", "-1e999"])
    func nonFiniteTextIsNoDouble(_ text: String) {
        let row = Row(["ZMESSAGEDATE": text])
        #expect(row.double("ZMESSAGEDATE") == nil)
        #expect(row.int("ZMESSAGEDATE") == nil)
        #expect(row.double("ZMESSAGEDATE").flatMap(Timestamp.cocoaSeconds) == nil)
    }

    @Test func finiteTextStillReads() {
        #expect(Row(["d": " 700000000.5 "]).double("d") == 700_000_000.5)
        #expect(Row(["d": "99999999999999999999"]).int("d") == nil)
        #expect(Row(["d": 9.3e18]).int("d") == nil)
        #expect(Row(["d": Double.infinity]).text("d") == "inf")
    }
}

@Suite struct HostileTLLengthTests {
    /// A TL string header declaring up to 16 MiB - 1 bytes in a blob of a few: rejected, the reader stays put.
    @Test(arguments: [[0xFE, 0xFF, 0xFF, 0xFF] as [UInt8], [0xFE, 0xFF, 0xFF, 0xFF, 0x41, 0, 0, 0], [0xFF, 0, 0, 0], [0xFD, 0x41]])
    func oversizedStringLengthIsRejected(_ blob: [UInt8]) {
        var reader = TLReader(blob)
        #expect(reader.byteString() == nil)
        #expect(reader.offset == 0)
    }

    @Test func readerPastTheEndOrBeforeTheStartReadsNothing() {
        var negative = TLReader([1, 2, 3, 4], offset: -4)
        #expect(negative.uint32() == nil)
        #expect(negative.byteString() == nil)
        var past = TLReader([1, 2, 3, 4], offset: Int.max)
        #expect(past.uint32() == nil)
        #expect(past.byteString() == nil)
    }
}
