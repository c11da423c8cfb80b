/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// The store keeps every time as an instant; zones only matter when reading or showing one.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    public func adding(seconds delta: Int64) -> Instant { Instant(seconds: seconds + delta) }

    /// ISO 8601 in UTC with a `Z`: `2026-12-01T09:12:00Z`.
    public var iso8601: String {
        let civil = CivilDateTime(utcSeconds: seconds)
        return civil.isoString + "Z"
    }

    public var description: String { iso8601 }

    /// Parses the instants the store writes (`YYYY-MM-DDTHH:MM:SSZ`), quickly and strictly.
    /// Returns nil for anything else; user input goes through `WhenParser`.
    public static func parseStored(_ bytes: UnsafeRawBufferPointer) -> Instant? {
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
            bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                let d = Int(bytes[i]) &- 48
                guard d >= 0, d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            let date = CivilDate(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return Instant(
            seconds: date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    public static func parseStored(_ text: String) -> Instant? {
        var text = text
        return text.withUTF8 { parseStored(UnsafeRawBufferPointer($0)) }
    }
}
