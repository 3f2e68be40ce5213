// A time as UTC ISO 8601 with the raw source value beside it, as every evidence time is stored.

public struct Timestamp: Sendable, Equatable, Hashable {
    /// ISO 8601 in UTC, e.g. `2024-03-15T10:00:00Z` or `2024-03-15T10:00:00.25Z`.
    public var utc: String
    /// The value as the source recorded it (here: Unix seconds, with `.nanoseconds` when non-zero).
    public var raw: String

    public init(utc: String, raw: String) {
        self.utc = utc
        self.raw = raw
    }

    /// From Unix seconds and nanoseconds.
    public init(unixSeconds seconds: Int64, nanoseconds: Int64 = 0) {
        // A container header may carry any nanosecond field: whole seconds are folded out of it (the same instant)
        // so the fraction is 0…999 999 999 and `1_000_000_000 - nanoseconds` below cannot overflow; where the
        // fold itself would overflow (seconds at the edge of Int64) the fraction is dropped.
        var seconds = seconds
        var nanoseconds = nanoseconds
        if nanoseconds < 0 || nanoseconds >= 1_000_000_000 {
            var carry = nanoseconds / 1_000_000_000
            nanoseconds %= 1_000_000_000
            if nanoseconds < 0 {
                nanoseconds += 1_000_000_000
                carry -= 1
            }
            let (sum, overflow) = seconds.addingReportingOverflow(carry)
            if overflow { nanoseconds = 0 } else { seconds = sum }
        }
        utc = Timestamp.iso8601(seconds: seconds, nanoseconds: nanoseconds)
        // Sources give whole seconds plus a non-negative fraction: -5 s + 0.5 s is written -4.5.
        if nanoseconds == 0 {
            raw = String(seconds)
        } else if seconds < 0 {
            raw = "-\(-(seconds + 1)).\(Timestamp.nanoString(1_000_000_000 - nanoseconds))"
        } else {
            raw = "\(seconds).\(Timestamp.nanoString(nanoseconds))"
        }
    }

    /// Formats Unix time as ISO 8601 UTC with the proleptic Gregorian calendar (no Foundation, no locale).
    public static func iso8601(seconds: Int64, nanoseconds: Int64 = 0) -> String {
        // Floor division that cannot overflow, whatever the (evidence-supplied) value.
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hour = secondOfDay / 3600, minute = (secondOfDay % 3600) / 60, second = secondOfDay % 60
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        var out = "\(yearText)-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if nanoseconds > 0 && nanoseconds < 1_000_000_000 {
            out += "." + nanoString(nanoseconds)
        }
        return out + "Z"
    }

    /// Nanoseconds as a fraction without trailing zeros ("25" for 250 ms).
    private static func nanoString(_ nanoseconds: Int64) -> String {
        var text = String(nanoseconds)
        text = String(repeating: "0", count: max(0, 9 - text.count)) + text
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Howard Hinnant's days-to-civil algorithm.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
