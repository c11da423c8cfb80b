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

    /// Appends the ISO 8601 UTC form (`2026-12-01T09:12:00Z`, 20 bytes) to `bytes`.
    public func appendISO8601(to bytes: inout [UInt8]) {
        let civil = CivilDateTime(utcSeconds: seconds)
        let year = civil.date.year
        func two(_ v: Int) -> (UInt8, UInt8) { (UInt8(48 + v / 10), UInt8(48 + v % 10)) }
        let (mo0, mo1) = two(civil.date.month)
        let (d0, d1) = two(civil.date.day)
        let (h0, h1) = two(civil.hour)
        let (mi0, mi1) = two(civil.minute)
        let (s0, s1) = two(civil.second)
        bytes.append(contentsOf: [
            UInt8(48 + year / 1000 % 10), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10),
            UInt8(48 + year % 10),
            0x2D, mo0, mo1, 0x2D, d0, d1, 0x54, h0, h1, 0x3A, mi0, mi1, 0x3A, s0, s1, 0x5A,
        ])
    }

    /// Parses the instants the store writes (`YYYY-MM-DDTHH:MM:SSZ`), quickly and strictly.
    /// Returns nil for anything else; user input goes through `WhenParser`.
    public static func parseStored(_ bytes: UnsafeRawBufferPointer) -> Instant? {
        guard bytes.count == 20 else { return nil }
        let p = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A, p[19] == 0x5A else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int { Int(p[i]) &- 48 }
        var bad = 0
        for i in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where UInt(bitPattern: digit(i)) > 9 { bad += 1 }
        guard bad == 0 else { return nil }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = digit(8) * 10 + digit(9)
        let hour = digit(11) * 10 + digit(12)
        let minute = digit(14) * 10 + digit(15)
        let second = digit(17) * 10 + digit(18)
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysIn(month: month, year: year),
            hour < 24,
            minute < 60, second < 60
        else { return nil }
        // Days from civil (Hinnant), inline.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        return Instant(seconds: days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    public static func parseStored(_ text: String) -> Instant? {
        var text = text
        return text.withUTF8 { parseStored(UnsafeRawBufferPointer($0)) }
    }
}
