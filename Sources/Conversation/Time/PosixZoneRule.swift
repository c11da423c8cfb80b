/// A POSIX `TZ` rule such as `CET-1CEST,M3.5.0,M10.5.0/3`: the zone's offsets and, when it has
/// daylight saving time, the yearly rule for switching. TZif files end with one (RFC 8536 §3.3)
/// to cover every instant after their last listed transition.
struct PosixZoneRule: Sendable, Equatable {
    /// Seconds east of UTC in standard time.
    let standardOffset: Int
    let daylight: Daylight?

    struct Daylight: Sendable, Equatable {
        let offset: Int
        let start: DayRule
        let startTime: Int
        let end: DayRule
        let endTime: Int
    }

    enum DayRule: Sendable, Equatable {
        case julianSkippingLeapDay(Int)  // Jn: 1...365, February 29 never counted
        case julianZeroBased(Int)  // n: 0...365
        case monthWeekDay(month: Int, week: Int, weekday: Int)  // Mm.w.d

        func date(in year: Int) -> CivilDate {
            let year = min(max(year, 1), 9999)  // CivilDate's range; far instants get that year's rule
            switch self {
            case .julianSkippingLeapDay(let n):
                var day = n - 1
                if CivilDate.isLeap(year) && n >= 60 { day += 1 }
                return CivilDate(year: year, month: 1, day: 1)!.adding(days: day)
            case .julianZeroBased(let n):
                return CivilDate(year: year, month: 1, day: 1)!.adding(days: n)
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilDate(year: year, month: month, day: 1)!
                var day = 1 + (weekday - first.weekday + 7) % 7 + (week - 1) * 7
                let length = CivilDate.daysIn(month: month, year: year)
                while day > length { day -= 7 }
                return CivilDate(year: year, month: month, day: day)!
            }
        }
    }

    /// Seconds east of UTC in effect at `seconds` since the epoch.
    func offset(at seconds: Int64) -> Int {
        guard let dst = daylight else { return standardOffset }
        let year = CivilDateTime(utcSeconds: seconds + Int64(standardOffset)).date.year
        let start =
            dst.start.date(in: year).daysSinceEpoch * 86_400 + Int64(dst.startTime - standardOffset)
        let end = dst.end.date(in: year).daysSinceEpoch * 86_400 + Int64(dst.endTime - dst.offset)
        let inDaylight = start < end ? (seconds >= start && seconds < end) : !(seconds >= end && seconds < start)
        return inDaylight ? dst.offset : standardOffset
    }

    /// Parses a POSIX TZ string; nil when it is not one.
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.zoneName(), let std = scanner.offset() else { return nil }
        standardOffset = -std
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard scanner.zoneName() else { return nil }
        var dstOffset = standardOffset + 3600
        if let value = scanner.offset() { dstOffset = -value }
        // Without a rule, POSIX leaves the dates to the implementation; use the US rule as glibc does.
        var start = DayRule.monthWeekDay(month: 3, week: 2, weekday: 0)
        var end = DayRule.monthWeekDay(month: 11, week: 1, weekday: 0)
        var startTime = 7200
        var endTime = 7200
        if !scanner.atEnd {
            guard scanner.take(UInt8(ascii: ",")), let s = scanner.dayRule() else { return nil }
            start = s
            if scanner.take(UInt8(ascii: "/")) {
                guard let t = scanner.offset(allowHours: 167) else { return nil }
                startTime = t
            }
            guard scanner.take(UInt8(ascii: ",")), let e = scanner.dayRule() else { return nil }
            end = e
            if scanner.take(UInt8(ascii: "/")) {
                guard let t = scanner.offset(allowHours: 167) else { return nil }
                endTime = t
            }
        }
        guard scanner.atEnd else { return nil }
        daylight = Daylight(offset: dstOffset, start: start, startTime: startTime, end: end, endTime: endTime)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func zoneName() -> Bool {
            if take(UInt8(ascii: "<")) {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
                guard i - start >= 3, take(UInt8(ascii: ">")) else { return false }
                return true
            }
            let start = i
            while i < bytes.count, (bytes[i] | 0x20) >= UInt8(ascii: "a"), (bytes[i] | 0x20) <= UInt8(ascii: "z") {
                i += 1
            }
            return i - start >= 3
        }

        mutating func number() -> Int? {
            let start = i
            var value = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, i - start < 4 {
                value = value * 10 + Int(bytes[i] - 48)
                i += 1
            }
            return i > start ? value : nil
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds (POSIX sign: positive is west).
        mutating func offset(allowHours: Int = 24) -> Int? {
            var sign = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let hours = number(), hours <= allowHours else { return nil }
            var total = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(), minutes < 60 else { return nil }
                total += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let seconds = number(), seconds < 60 else { return nil }
                    total += seconds
                }
            }
            return sign * total
        }

        mutating func dayRule() -> DayRule? {
            if take(UInt8(ascii: "M")) {
                guard let m = number(), (1...12).contains(m), take(UInt8(ascii: ".")),
                    let w = number(), (1...5).contains(w), take(UInt8(ascii: ".")),
                    let d = number(), (0...6).contains(d)
                else { return nil }
                return .monthWeekDay(month: m, week: w, weekday: d)
            }
            if take(UInt8(ascii: "J")) {
                guard let n = number(), (1...365).contains(n) else { return nil }
                return .julianSkippingLeapDay(n)
            }
            guard let n = number(), (0...365).contains(n) else { return nil }
            return .julianZeroBased(n)
        }
    }
}
