/// A span of whole local days, as `agenda` shows it: the instants `from ..< to`, from the start of
/// `firstDay` to the start of the day after `lastDay` (so a day with a change to or from daylight
/// saving time is 23 or 25 hours long, as on the wall clock).
public struct Period: Sendable, Equatable {
    public let from: Instant
    /// Exclusive: the start of the day after `lastDay`.
    public let to: Instant
    public let firstDay: CivilDate
    /// Inclusive.
    public let lastDay: CivilDate

    public init(from: Instant, to: Instant, firstDay: CivilDate, lastDay: CivilDate) {
        self.from = from
        self.to = to
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// How many calendar days it spans.
    public var days: Int { Int(lastDay.daysSinceEpoch - firstDay.daysSinceEpoch) + 1 }

    public func contains(_ instant: Instant) -> Bool { from <= instant && instant < to }

    /// `Mon 30 Nov – Fri 4 Dec`, or `Tue 1 Dec` for one day; years shown when not `thisYear`.
    public func title(thisYear: Int? = nil) -> String {
        let first = HumanTime.day(firstDay, thisYear: thisYear)
        return firstDay == lastDay ? first : first + " – " + HumanTime.day(lastDay, thisYear: thisYear)
    }
}

/// Reads the periods of `agenda [PERIOD]` against a fixed "now" and zone. Every period is made of
/// whole local days, the last one included:
///
/// - nothing or `week`: the next 7 days, today first;
/// - `today`, `tomorrow`, `yesterday`: that day;
/// - `this week`, `next week`, `last week` (also `this-week`, `next_week` …): a calendar week,
///   Monday to Sunday;
/// - a weekday (`fri`, `friday`): that one day, the coming one, today if today is that day;
/// - any other single WHEN (`2026-12-24`, `+3d`, `tomorrow 15:00`): the whole day it falls on;
/// - `A..B`: from the day of A to the day of B, both ends read together:
///   - two weekdays (`mon..fri`, `fri..mon`) are the occurrence that still lasts: the one that
///     includes today if there is one (`mon..fri` on a Wednesday is this Monday to this Friday),
///     else the coming one (`mon..fri` on a Saturday is the next Monday to Friday);
///   - a weekday written as B is the first such day on or after A (`fri..mon` ends on the Monday
///     after that Friday; `2026-12-02..fri` on the Friday after 2 December);
///   - a weekday written as A alone, before a B that is not a weekday, is the coming one (today
///     if today), as on its own;
///   - other ends are read as WHENs for scheduling (a weekday with a time of day means the next
///     one, unsigned offsets point ahead); ends that are not weekdays and give a B before A are
///     an error, never swapped silently.
public struct PeriodParser: Sendable {
    public let now: Instant
    public let zone: ZoneRules

    public init(now: Instant, zone: ZoneRules) {
        self.now = now
        self.zone = zone
    }

    /// The words a period can be made of, for completion and "did you mean".
    public static let words =
        ["today", "tomorrow", "yesterday", "week", "this week", "next week", "last week"]
        + ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The period `text` stands for; nil, empty or blank text is the default, the next 7 days.
    public func parse(_ text: String?) throws(PeriodError) -> Period {
        let trimmed = (text ?? "").trimmingBlanks()
        if trimmed.isEmpty { return days(today, through: today.adding(days: 6)) }
        let normalized = Self.collapsingBlanks(trimmed.lowercased())
        if normalized.contains("..") {
            let ends = normalized.split(separator: "..", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
            guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else { throw .badRange(trimmed) }
            return try range(ends[0], ends[1], text: trimmed)
        }
        if let week = try week(normalized) { return week }
        if let weekday = WhenParser.weekday(named: normalized) {
            let day = coming(weekday)
            return days(day, through: day)
        }
        let day = try self.day(of: normalized, original: trimmed, isWhole: true)
        return days(day, through: day)
    }

    /// The whole local days `first` through `last` (inclusive).
    public func days(_ first: CivilDate, through last: CivilDate) -> Period {
        Period(from: startOf(first), to: startOf(last.adding(days: 1)), firstDay: first, lastDay: last)
    }

    // MARK: - Forms

    private var today: CivilDate { zone.local(now).date }

    private func startOf(_ date: CivilDate) -> Instant {
        zone.instant(for: CivilDateTime(date: date, hour: 0, minute: 0))
    }

    /// The coming day that is `weekday`: today if today is one.
    private func coming(_ weekday: Int) -> CivilDate {
        today.adding(days: (weekday - today.weekday + 7) % 7)
    }

    /// `week`, `this week`, `next week`, `last week`; nil for anything else.
    private func week(_ text: String) throws(PeriodError) -> Period? {
        if text == "week" { return days(today, through: today.adding(days: 6)) }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        guard words.count == 2, words[1] == "week" else { return nil }
        let shift: Int
        switch words[0] {
        case "this": shift = 0
        case "next": shift = 7
        case "last", "previous": shift = -7
        default: throw .unreadable(text)
        }
        let monday = today.monday.adding(days: shift)
        return days(monday, through: monday.adding(days: 6))
    }

    private func range(_ a: String, _ b: String, text: String) throws(PeriodError) -> Period {
        let startWeekday = WhenParser.weekday(named: a)
        let endWeekday = WhenParser.weekday(named: b)
        switch (startWeekday, endWeekday) {
        case (let start?, let end?):
            // The occurrence that includes today, else the coming one.
            let recent = today.adding(days: -((today.weekday - start + 7) % 7))
            let length = (end - start + 7) % 7
            let first = recent.adding(days: length) >= today ? recent : recent.adding(days: 7)
            return days(first, through: first.adding(days: length))
        case (let start?, nil):
            let first = coming(start)
            let last = try day(of: b, original: b, isWhole: false)
            guard last >= first else { throw .endsBeforeStart(text, start: first, end: last) }
            return days(first, through: last)
        case (nil, let end?):
            let first = try day(of: a, original: a, isWhole: false)
            return days(first, through: first.adding(days: (end - first.weekday + 7) % 7))
        case (nil, nil):
            let first = try day(of: a, original: a, isWhole: false)
            let last = try day(of: b, original: b, isWhole: false)
            guard last >= first else { throw .endsBeforeStart(text, start: first, end: last) }
            return days(first, through: last)
        }
    }

    /// The local day a WHEN falls on. `isWhole`: the text is the whole period, so an unreadable
    /// word is reported as an unreadable period.
    private func day(of text: String, original: String, isWhole: Bool) throws(PeriodError) -> CivilDate {
        do {
            return try WhenParser(now: now, zone: zone).parse(text, direction: .future).date
        } catch .unreadable {
            throw isWhole ? .unreadable(original) : .badEnd(original)
        } catch {
            throw .when(error)
        }
    }

    private static func collapsingBlanks(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

/// Why a period could not be read; the text is user-facing.
public enum PeriodError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a period at all.
    case unreadable(String)
    /// `A..B` with an end missing or more than two ends.
    case badRange(String)
    /// One end of `A..B` is not a WHEN.
    case badEnd(String)
    /// A WHEN that looks like one but is not (`2026-02-30`, `tomorrow 25:00`, year 10000).
    case when(WhenError)
    /// `A..B` whose B falls before A.
    case endsBeforeStart(String, start: CivilDate, end: CivilDate)

    static let hint = "try today, tomorrow, week, next week, fri, mon..fri, 2026-12-01..2026-12-31"

    public var description: String {
        switch self {
        case .unreadable(let text):
            var message = "cannot read \"\(text)\" as a period"
            let word = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "." }).first.map(String.init)
            if let word, let guess = Suggestion.closest(to: word, among: PeriodParser.words + WhenParser.words) {
                message += " (did you mean \"\(guess)\"?)"
            }
            return message + "; " + Self.hint
        case .badRange(let text):
            return "\"\(text)\" needs a first and a last day, like mon..fri or 2026-12-01..2026-12-31"
        case .badEnd(let end):
            return "cannot read \"\(end)\" as a day of the period (a weekday, today, tomorrow, +3d, 2026-12-01)"
        case .when(let error): return error.description
        case .endsBeforeStart(let text, let start, let end):
            return
                "the period \(text) ends on \(HumanTime.day(end)) \(end.year), before it starts on "
                + "\(HumanTime.day(start)) \(start.year); write the earlier day first: "
                + "\(end.isoString)..\(start.isoString)"
        }
    }
}
