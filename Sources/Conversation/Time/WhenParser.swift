/// Reads the WHEN forms of SPEC §4 (`now`, `tomorrow 15:00`, `fri@9:30`, `2026-12-01`, `+3d`,
/// ISO 8601 with a zone …) against a fixed "now" and zone. Anything it cannot read is an error,
/// never a silent "now".
public struct WhenParser: Sendable {
    public let now: Instant
    public let zone: ZoneRules

    public init(now: Instant, zone: ZoneRules) {
        self.now = now
        self.zone = zone
    }

    /// Which way a weekday or an unsigned offset points.
    public enum Direction: Sendable {
        /// Scheduling (`talk`, `checkin`, `move`, `hire start:`): the next such day.
        case future
        /// Logged entries and `since:`/`until:`: the last such day.
        case past
    }

    /// What a date without a time of day stands for.
    public enum DayPolicy: Sendable {
        case startOfDay
        /// The end of that day (exclusive), for `until:`.
        case endOfDay
        /// A time of day must be given.
        case requireTime
    }

    public struct Resolved: Sendable, Equatable {
        public let instant: Instant
        /// The local calendar day meant.
        public let date: CivilDate
        /// False when only a day was given.
        public let hasTime: Bool
    }

    public func parse(_ text: String, direction: Direction, dayPolicy: DayPolicy = .startOfDay) throws(WhenError)
        -> Resolved
    {
        let resolved = try resolve(text, direction: direction, dayPolicy: dayPolicy)
        // The store writes instants as YYYY-MM-DDTHH:MM:SSZ: years 1–9999 in UTC.
        guard (1...9999).contains(CivilDateTime(utcSeconds: resolved.instant.seconds).date.year) else {
            throw .outOfRange(text)
        }
        return resolved
    }

    private func resolve(_ text: String, direction: Direction, dayPolicy: DayPolicy) throws(WhenError) -> Resolved {
        // The common case in scripts: an exact UTC instant (`2026-12-01T09:12:00Z`).
        if text.utf8.count == 20, let instant = Instant.parseStored(text) {
            return Resolved(instant: instant, date: zone.local(instant).date, hasTime: true)
        }
        let trimmed = text.trimmingBlanks()
        guard !trimmed.isEmpty else { throw .empty }
        let parts = trimmed.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "@" })
            .map(String.init)
        // Separators only (`@`) leave no parts at all.
        guard (1...2).contains(parts.count) else { throw .unreadable(text) }

        if parts.count == 1, let time = Self.timeOfDay(parts[0]) {
            return atTime(time, on: today)  // a bare 15:00 is today
        }
        let day = try dayPart(parts[0], direction: direction, original: text)
        switch day {
        case .instant(let instant):
            guard parts.count == 1 else { throw .unreadable(text) }
            return Resolved(instant: instant, date: zone.local(instant).date, hasTime: true)
        case .weekday(let weekday):
            // The next (or last) occurrence: this week's day, then a week on (or back) if that
            // lies on the wrong side of now. A bare day stands for its start, which has passed today.
            var time: (Int, Int, Int)? = nil
            if parts.count == 2 {
                guard let t = Self.timeOfDay(parts[1]) else { throw .badTime(parts[1]) }
                time = t
            } else if dayPolicy == .requireTime {
                throw .needsTime(text)
            }
            func at(_ date: CivilDate) -> Resolved {
                if let time { return atTime(time, on: date) }
                let end = dayPolicy == .endOfDay
                return Resolved(instant: startOf(end ? date.adding(days: 1) : date), date: date, hasTime: false)
            }
            switch direction {
            case .future:
                let candidate = at(today.adding(days: (weekday - today.weekday + 7) % 7))
                return candidate.instant > now ? candidate : at(candidate.date.adding(days: 7))
            case .past:
                let candidate = at(today.adding(days: -((today.weekday - weekday + 7) % 7)))
                let start = time == nil ? startOf(candidate.date) : candidate.instant
                return start <= now ? candidate : at(candidate.date.adding(days: -7))
            }
        case .date(let date, let keepsTime):
            if parts.count == 2 {
                guard let time = Self.timeOfDay(parts[1]) else { throw .badTime(parts[1]) }
                return atTime(time, on: date)
            }
            if keepsTime {
                let clock = zone.local(now)
                return atTime((clock.hour, clock.minute, clock.second), on: date)
            }
            switch dayPolicy {
            case .startOfDay:
                return Resolved(instant: startOf(date), date: date, hasTime: false)
            case .endOfDay:
                return Resolved(instant: startOf(date.adding(days: 1)), date: date, hasTime: false)
            case .requireTime:
                throw .needsTime(text)
            }
        }
    }

    // MARK: - Parts

    private enum Day {
        case instant(Instant)
        /// 0 = Sunday; which one (next or last) depends on the direction and the time of day.
        case weekday(Int)
        /// A calendar day; `keepsTime` when an offset in days carries now's time of day along.
        case date(CivilDate, keepsTime: Bool)
    }

    private var today: CivilDate { zone.local(now).date }

    private func startOf(_ date: CivilDate) -> Instant {
        zone.instant(for: CivilDateTime(date: date, hour: 0, minute: 0))
    }

    private func atTime(_ time: (Int, Int, Int), on date: CivilDate) -> Resolved {
        let instant = zone.instant(for: CivilDateTime(date: date, hour: time.0, minute: time.1, second: time.2))
        return Resolved(instant: instant, date: date, hasTime: true)
    }

    private static let weekdays: [(String, Int)] = [
        ("sun", 0), ("sunday", 0), ("mon", 1), ("monday", 1), ("tue", 2), ("tues", 2), ("tuesday", 2),
        ("wed", 3), ("wednesday", 3), ("thu", 4), ("thur", 4), ("thurs", 4), ("thursday", 4),
        ("fri", 5), ("friday", 5), ("sat", 6), ("saturday", 6),
    ]

    /// The weekday a name stands for (`fri`, `Friday`, any case): 0 = Sunday … 6 = Saturday.
    public static func weekday(named word: String) -> Int? {
        let word = word.lowercased()
        return weekdays.first(where: { $0.0 == word })?.1
    }

    /// Every word the parser knows, for "did you mean".
    public static let words = ["now", "today", "tomorrow", "yesterday"] + weekdays.map(\.0)

    private func dayPart(_ word: String, direction: Direction, original: String) throws(WhenError) -> Day {
        switch word {
        case "now": return .instant(now)
        case "today": return .date(today, keepsTime: false)
        case "tomorrow": return .date(today.adding(days: 1), keepsTime: false)
        case "yesterday": return .date(today.adding(days: -1), keepsTime: false)
        default: break
        }
        if let weekday = Self.weekdays.first(where: { $0.0 == word })?.1 { return .weekday(weekday) }
        if let offset = Self.relativeOffset(word) {
            let sign: Int64 = offset.sign ?? (direction == .future ? 1 : -1)
            switch offset.unit {
            case "m": return .instant(now.adding(seconds: sign * offset.amount * 60))
            case "h": return .instant(now.adding(seconds: sign * offset.amount * 3600))
            default:
                let days = Int(sign * offset.amount * (offset.unit == "w" ? 7 : 1))
                return .date(today.adding(days: days), keepsTime: true)
            }
        }
        if let date = Self.isoDate(word) { return .date(date, keepsTime: false) }
        if let instant = isoDateTime(word) { return .instant(instant) }
        if Self.looksLikeDate(word) {
            let parts = original.trimmingBlanks().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "@" })
            throw .badDate(parts.first.map(String.init) ?? word)
        }
        throw .unreadable(original)
    }

    // MARK: - Lexical forms

    /// `15:00`, `9:30`, `09:30:15`, `3pm`, `3:30pm`.
    static func timeOfDay(_ text: String) -> (Int, Int, Int)? {
        var body = Substring(text)
        var meridiem: Int? = nil
        if body.hasSuffix("am") || body.hasSuffix("pm") {
            meridiem = body.hasSuffix("pm") ? 12 : 0
            body = body.dropLast(2)
        }
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count), fields.count > 1 || meridiem != nil else { return nil }
        var numbers: [Int] = []
        for (k, field) in fields.enumerated() {
            guard !field.isEmpty, field.count <= 2, field.allSatisfy(\.isASCIIDigit), let n = Int(field) else {
                return nil
            }
            if k > 0 && field.count != 2 { return nil }
            numbers.append(n)
        }
        var hour = numbers[0]
        let minute = numbers.count > 1 ? numbers[1] : 0
        let second = numbers.count > 2 ? numbers[2] : 0
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + meridiem
        }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return (hour, minute, second)
    }

    private static func relativeOffset(_ text: String) -> (sign: Int64?, amount: Int64, unit: Character)? {
        var body = Substring(text)
        var sign: Int64? = nil
        if body.first == "+" {
            sign = 1; body = body.dropFirst()
        } else if body.first == "-" {
            sign = -1; body = body.dropFirst()
        }
        guard let unit = body.last, "mhdw".contains(unit) else { return nil }
        let digits = body.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCIIDigit), let amount = Int64(digits)
        else { return nil }
        return (sign, amount, unit)
    }

    static func isoDate(_ text: String) -> CivilDate? {
        let f = text.split(separator: "-", omittingEmptySubsequences: false)
        guard f.count == 3, f[0].count == 4, f[1].count == 2, f[2].count == 2,
            f.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(f[0]), let m = Int(f[1]), let d = Int(f[2])
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`; without a zone, the local zone.
    private func isoDateTime(_ text: String) -> Instant? {
        guard let t = text.firstIndex(of: "t") else { return nil }
        guard let date = Self.isoDate(String(text[..<t])) else { return nil }
        var rest = Substring(text[text.index(after: t)...])
        var zoneOffset: Int? = nil
        if rest.hasSuffix("z") {
            zoneOffset = 0
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[signIndex...]
            let f = zone.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard (f.count == 2 && f[0].count == 2 && f[1].count == 2) || (f.count == 1 && f[0].count == 4),
                f.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
            else { return nil }
            let digits = f.joined()
            guard let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)), hh <= 14, mm < 60 else {
                return nil
            }
            zoneOffset = (zone.first == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
            rest = rest[..<signIndex]
        }
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3,
            fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let time = Self.timeOfDay(String(rest))
        else { return nil }
        let wall = CivilDateTime(date: date, hour: time.0, minute: time.1, second: time.2)
        if let zoneOffset { return Instant(seconds: wall.utcSeconds - Int64(zoneOffset)) }
        return zone.instant(for: wall)
    }

    private static func looksLikeDate(_ text: String) -> Bool {
        guard let first = text.first, first.isASCIIDigit else { return false }
        return text.contains("-") || text.contains("/") || text.contains(".")
    }
}

/// Why a WHEN or DURATION could not be read; the text is user-facing.
public enum WhenError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unreadable(String)
    case badDate(String)
    case badTime(String)
    case needsTime(String)
    case badDuration(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .empty: return "missing date/time"
        case .unreadable(let text):
            var message = "cannot read \"\(text)\" as a date/time"
            if let word = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "@" }).first,
                let guess = Suggestion.closest(to: String(word), among: WhenParser.words)
            {
                message += " (did you mean \"\(guess)\"?)"
            }
            return message + "; try now, today, tomorrow 15:00, fri@9:30, 2026-12-01, +3d"
        case .badDate(let text): return "no such date: \"\(text)\" (use YYYY-MM-DD)"
        case .badTime(let text): return "cannot read \"\(text)\" as a time of day (use HH:MM)"
        case .needsTime(let text): return "\"\(text)\" needs a time of day, e.g. \"\(text) 15:00\""
        case .outOfRange(let text): return "\"\(text)\" is too far away (years 1–9999 only)"
        case .badDuration(let text):
            return "cannot read \"\(text)\" as a duration (use 30m, 1h, 1h30m, 2d)"
        }
    }
}
