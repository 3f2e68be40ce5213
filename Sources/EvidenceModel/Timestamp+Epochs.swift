// The clocks apps store times in, each converted to UTC with the source value kept verbatim as `raw`.

extension Timestamp {
    /// Seconds between 1970-01-01 and 2001-01-01 (Apple Core Data / Cocoa reference date).
    public static let cocoaOffset: Int64 = 978_307_200
    /// Seconds between 1601-01-01 and 1970-01-01 (Windows FILETIME, WebKit/Chrome time).
    public static let windowsOffset: Int64 = 11_644_473_600

    /// A time `value` units of `1/perSecond` s after `offset` seconds past the Unix epoch; nil for 0 (unset).
    static func scaled(_ value: Int64, perSecond: Int64, offset: Int64, raw: String) -> Timestamp? {
        guard value != 0 else { return nil }
        var seconds = value / perSecond
        var remainder = value % perSecond
        if remainder < 0 {
            seconds -= 1
            remainder += perSecond
        }
        let (sum, overflow) = seconds.addingReportingOverflow(offset)
        guard !overflow else { return nil }
        var time = Timestamp(unixSeconds: sum, nanoseconds: remainder * (1_000_000_000 / perSecond))
        time.raw = raw
        return time
    }

    /// From fractional seconds since `offset` (Unix seconds); nil for 0, NaN or out of range.
    static func fractional(_ value: Double, offset: Int64, raw: String) -> Timestamp? {
        // Core Data declares TIMESTAMP columns REAL but SQLite stores whole values as INTEGER: write those as the
        // integer they are ("700000000", not "700000000.0").
        let raw = value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : raw
        guard value != 0, value.isFinite, abs(value) < 1e14 else { return nil }
        let whole = value.rounded(.down)
        // A double of ~1e9 seconds carries only ~0.1 µs of precision: round to whole microseconds so binary
        // noise (457260372.0239999 s) is not reported as nanoseconds (.023999929).
        let nanos = Int64(((value - whole) * 1e6).rounded()) * 1000
        var time = nanos >= 1_000_000_000
            ? Timestamp(unixSeconds: Int64(whole) + offset + 1)
            : Timestamp(unixSeconds: Int64(whole) + offset, nanoseconds: nanos)
        time.raw = raw
        return time
    }

    public static func unixSeconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1, offset: 0, raw: String(value)) }
    public static func unixSeconds(_ value: Double) -> Timestamp? { fractional(value, offset: 0, raw: "\(value)") }
    /// Android, WhatsApp Android, Telegram Desktop exports in ms.
    public static func unixMilliseconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1000, offset: 0, raw: String(value)) }
    /// Google Hangouts (babel.db).
    public static func unixMicroseconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1_000_000, offset: 0, raw: String(value)) }
    /// imo.
    public static func unixNanoseconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1_000_000_000, offset: 0, raw: String(value)) }
    /// Core Data (WhatsApp iOS, Kik, CallHistory): seconds since 2001-01-01, often fractional.
    public static func cocoaSeconds(_ value: Double) -> Timestamp? { fractional(value, offset: cocoaOffset, raw: "\(value)") }
    /// iMessage since macOS 10.13 / iOS 11: nanoseconds since 2001-01-01.
    public static func cocoaNanoseconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1_000_000_000, offset: cocoaOffset, raw: String(value)) }
    /// WebKit/Chrome: microseconds since 1601-01-01.
    public static func webkitMicroseconds(_ value: Int64) -> Timestamp? { scaled(value, perSecond: 1_000_000, offset: -windowsOffset, raw: String(value)) }

    /// Integers whose unit is not recorded (iMessage switched from s to ns; some apps mix s and ms): the unit is
    /// chosen by magnitude for times between 1985 and 2100, with `raw` unchanged.
    public static func unixAutoScaled(_ value: Int64) -> Timestamp? {
        let magnitude = value.magnitude
        if magnitude >= 100_000_000_000_000_000 { return unixNanoseconds(value) }
        if magnitude >= 100_000_000_000_000 { return unixMicroseconds(value) }
        if magnitude >= 100_000_000_000 { return unixMilliseconds(value) }
        return unixSeconds(value)
    }

    /// iMessage `date`: seconds since 2001 before macOS 10.13, nanoseconds since.
    public static func cocoaAutoScaled(_ value: Int64) -> Timestamp? {
        value.magnitude >= 100_000_000_000 ? cocoaNanoseconds(value) : scaled(value, perSecond: 1, offset: cocoaOffset, raw: String(value))
    }
}
