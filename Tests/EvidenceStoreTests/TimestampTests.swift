// Evidence times are UTC ISO 8601 with the raw value beside them, for any date a device can record.

import EvidenceModel
import Testing

@Suite struct TimestampTests {
    static let vectors: [(Int64, Int64, String, String)] = [
        (0, 0, "1970-01-01T00:00:00Z", "0"),
        (1_710_496_800, 0, "2024-03-15T10:00:00Z", "1710496800"),
        (951_782_400, 0, "2000-02-29T00:00:00Z", "951782400"),          // leap day of a leap century
        (4_107_542_400, 0, "2100-03-01T00:00:00Z", "4107542400"),        // 2100 is not a leap year
        (-1, 0, "1969-12-31T23:59:59Z", "-1"),
        (-2_208_988_800, 0, "1900-01-01T00:00:00Z", "-2208988800"),
        (1_700_000_000, 250_000_000, "2023-11-14T22:13:20.25Z", "1700000000.25"),
        (1_700_000_000, 1, "2023-11-14T22:13:20.000000001Z", "1700000000.000000001"),
        (315_532_800, 0, "1980-01-01T00:00:00Z", "315532800"),           // the DOS epoch of zip timestamps
        // The extremes a hostile tar header can hold must format, not trap.
        (Int64.min, 0, "-292277022657-01-27T08:29:52Z", "-9223372036854775808"),
        (Int64.max, 0, "292277026596-12-04T15:30:07Z", "9223372036854775807"),
    ]

    @Test(arguments: vectors)
    func formatsUTC(vector: (Int64, Int64, String, String)) {
        let stamp = Timestamp(unixSeconds: vector.0, nanoseconds: vector.1)
        #expect(stamp.utc == vector.2)
        #expect(stamp.raw == vector.3)
    }
}

/// Times from hostile sources (issue 9): nanosecond fields out of range, values at the ends of Int64, non-finite
/// and huge doubles. Each yields a time or nil, never a trap.
@Suite struct HostileTimestampTests {
    static let nanosecondVectors: [(Int64, Int64, String, String)] = [
        (10, 1_500_000_000, "1970-01-01T00:00:11.5Z", "11.5"),
        (10, -1, "1970-01-01T00:00:09.999999999Z", "9.999999999"),
        (0, -1_000_000_000, "1969-12-31T23:59:59Z", "-1"),
        (-5, -500_000_000, "1969-12-31T23:59:54.5Z", "-5.5"),
        // The fold would overflow: the fraction is dropped, the seconds kept.
        (Int64.max, Int64.max, "292277026596-12-04T15:30:07Z", "9223372036854775807"),
        (Int64.min, Int64.min, "-292277022657-01-27T08:29:52Z", "-9223372036854775808"),
        (Int64.min, 1, "-292277022657-01-27T08:29:52.000000001Z", "-9223372036854775807.999999999"),
    ]

    @Test(arguments: nanosecondVectors)
    func nanosecondsOutOfRangeAreFolded(vector: (Int64, Int64, String, String)) {
        let stamp = Timestamp(unixSeconds: vector.0, nanoseconds: vector.1)
        #expect(stamp.utc == vector.2)
        #expect(stamp.raw == vector.3)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e300, 9.3e18, 1e14])
    func nonFiniteOrHugeSecondsHaveNoTime(_ value: Double) {
        #expect(Timestamp.cocoaSeconds(value) == nil)
        #expect(Timestamp.unixSeconds(value) == nil)
    }

    @Test(arguments: [Int64.min, Int64.max, Int64.min + 1, Int64.max - 1])
    func integerEpochsAtTheEndsOfInt64(_ value: Int64) {
        for convert in [Timestamp.unixSeconds(_:) as (Int64) -> Timestamp?, Timestamp.unixMilliseconds, Timestamp.unixMicroseconds,
                        Timestamp.unixNanoseconds, Timestamp.cocoaNanoseconds, Timestamp.webkitMicroseconds,
                        Timestamp.unixAutoScaled, Timestamp.cocoaAutoScaled] {
            // The raw value is kept verbatim whenever a time is given.
            if let stamp = convert(value) { #expect(stamp.raw == String(value)) }
        }
        // Milliseconds never overflow once divided: a time is always given.
        #expect(Timestamp.unixMilliseconds(value)?.utc.hasSuffix("Z") == true)
    }
}
