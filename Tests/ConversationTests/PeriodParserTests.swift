import Conversation
import TestSupport
import Testing

/// Periods of `agenda` (whole local days, the last one included) against every weekday as "now":
/// the week of Monday 30 November to Sunday 6 December 2026, at 10:00 in Berlin (CET, UTC+1, so
/// local midnight is 23:00Z the day before). Expected days are worked out from the calendar.
@Suite("Periods")
struct PeriodParserTests {
    static func day(_ month: Int, _ day: Int, _ year: Int = 2026) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }

    /// Now at 10:00 Berlin time on `date`.
    static func parser(on date: CivilDate, hour: Int = 10) -> PeriodParser {
        let now = Zones.berlin.instant(for: CivilDateTime(date: date, hour: hour, minute: 0))
        return PeriodParser(now: now, zone: Zones.berlin)
    }

    static func days(_ text: String?, on date: CivilDate) throws -> (CivilDate, CivilDate) {
        let period = try parser(on: date).parse(text)
        return (period.firstDay, period.lastDay)
    }

    static func error(_ text: String, on date: CivilDate = day(12, 1)) -> PeriodError? {
        do {
            let period = try parser(on: date).parse(text)
            Issue.record("\"\(text)\" was read as \(period.firstDay.isoString)..\(period.lastDay.isoString)")
            return nil
        } catch {
            return error
        }
    }

    /// Monday 30 November … Sunday 6 December 2026, as December days (30 November is day 0).
    static let week = [day(11, 30), day(12, 1), day(12, 2), day(12, 3), day(12, 4), day(12, 5), day(12, 6)]

    // MARK: - The bug: `agenda mon..fri`, `agenda fri`, `agenda tomorrow`, `agenda next week`

    /// `help agenda`'s own example: on Monday to Friday this working week, at the weekend the
    /// coming one. The old reading (each end alone as the next Monday / Friday) failed Monday
    /// to Friday with "the period ends before it starts".
    @Test(
        arguments: zip(
            week,
            [
                (day(11, 30), day(12, 4)), (day(11, 30), day(12, 4)), (day(11, 30), day(12, 4)),
                (day(11, 30), day(12, 4)), (day(11, 30), day(12, 4)), (day(12, 7), day(12, 11)),
                (day(12, 7), day(12, 11)),
            ]))
    func mondayToFriday(now: CivilDate, expected: (CivilDate, CivilDate)) throws {
        let (first, last) = try Self.days("mon..fri", on: now)
        #expect(first == expected.0)
        #expect(last == expected.1)
        let long = try Self.days("Monday..Friday", on: now)
        #expect(long == (first, last))
    }

    /// A weekday alone is that one day: the coming one, today if today is that day.
    @Test(arguments: zip(week, [4, 4, 4, 4, 4, 11, 11]))
    func friday(now: CivilDate, december: Int) throws {
        let period = try Self.parser(on: now).parse("fri")
        #expect(period.firstDay == Self.day(12, december))
        #expect(period.lastDay == Self.day(12, december))
        #expect(period.days == 1)
        #expect(period.from == utc("2026-12-\(pad(december - 1, 2))T23:00:00Z"))
        #expect(period.to == utc("2026-12-\(pad(december, 2))T23:00:00Z"))
    }

    /// Every weekday name on every weekday: never before today, less than a week ahead.
    @Test(arguments: week)
    func everyWeekdayIsTheComingOne(now: CivilDate) throws {
        for (name, weekday) in [("sun", 0), ("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6)] {
            let (first, last) = try Self.days(name, on: now)
            #expect(first == last)
            #expect(first.weekday == weekday)
            #expect(first >= now && first < now.adding(days: 7), "\(name) on \(now.isoString) is \(first.isoString)")
        }
    }

    @Test(arguments: week)
    func dayWords(now: CivilDate) throws {
        #expect(try Self.days("today", on: now) == (now, now))
        #expect(try Self.days("tomorrow", on: now) == (now.adding(days: 1), now.adding(days: 1)))
        #expect(try Self.days("yesterday", on: now) == (now.adding(days: -1), now.adding(days: -1)))
        #expect(try Self.days("TOMORROW", on: now) == (now.adding(days: 1), now.adding(days: 1)))
    }

    /// `week` (and no period at all) is the next 7 days, today first — the default as before.
    @Test(arguments: week)
    func nextSevenDays(now: CivilDate) throws {
        #expect(try Self.days("week", on: now) == (now, now.adding(days: 6)))
        #expect(try Self.days(nil, on: now) == (now, now.adding(days: 6)))
        #expect(try Self.days("  ", on: now) == (now, now.adding(days: 6)))
        let period = try Self.parser(on: now).parse(nil)
        #expect(period.to.seconds - period.from.seconds == 7 * 86_400)
    }

    /// Calendar weeks, Monday to Sunday, whatever day today is.
    @Test(arguments: week)
    func calendarWeeks(now: CivilDate) throws {
        #expect(try Self.days("this week", on: now) == (Self.day(11, 30), Self.day(12, 6)))
        #expect(try Self.days("next week", on: now) == (Self.day(12, 7), Self.day(12, 13)))
        #expect(try Self.days("last week", on: now) == (Self.day(11, 23), Self.day(11, 29)))
        #expect(try Self.days("Next  Week", on: now) == (Self.day(12, 7), Self.day(12, 13)))
        #expect(try Self.days("next-week", on: now) == (Self.day(12, 7), Self.day(12, 13)))
        #expect(try Self.days("this_week", on: now) == (Self.day(11, 30), Self.day(12, 6)))
    }

    // MARK: - Ranges

    /// `fri..mon`: B is the Monday after that Friday; the occurrence that includes today, else
    /// the coming one.
    @Test(
        arguments: zip(
            week,
            [
                (day(11, 27), day(11, 30)), (day(12, 4), day(12, 7)), (day(12, 4), day(12, 7)),
                (day(12, 4), day(12, 7)), (day(12, 4), day(12, 7)), (day(12, 4), day(12, 7)),
                (day(12, 4), day(12, 7)),
            ]))
    func fridayToMonday(now: CivilDate, expected: (CivilDate, CivilDate)) throws {
        let (first, last) = try Self.days("fri..mon", on: now)
        #expect(first == expected.0)
        #expect(last == expected.1)
    }

    /// Any two weekday ends: B on or after A, less than a week apart, and today inside the range
    /// or the range still to come.
    @Test(arguments: week)
    func everyWeekdayRange(now: CivilDate) throws {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        for (a, start) in names.enumerated() {
            for (b, end) in names.enumerated() {
                let (first, last) = try Self.days("\(start)..\(end)", on: now)
                #expect(first.weekday == a)
                #expect(last.weekday == b)
                #expect(first <= last && last < first.adding(days: 7))
                #expect(last >= now, "\(start)..\(end) on \(now.isoString) is already over")
                // Not a later occurrence when an earlier one still lasts.
                #expect(first <= now || last.adding(days: -7) < now)
            }
        }
    }

    @Test func explicitDates() throws {
        let tuesday = Self.day(12, 1)
        let december = try Self.parser(on: tuesday).parse("2026-12-01..2026-12-31")
        #expect(december.firstDay == Self.day(12, 1))
        #expect(december.lastDay == Self.day(12, 31))
        #expect(december.from == utc("2026-11-30T23:00:00Z"))
        #expect(december.to == utc("2026-12-31T23:00:00Z"))
        #expect(december.days == 31)
        #expect(try Self.days("2026-12-24..2026-12-24", on: tuesday) == (Self.day(12, 24), Self.day(12, 24)))
        #expect(try Self.days("today..fri", on: tuesday) == (Self.day(12, 1), Self.day(12, 4)))
        #expect(try Self.days("yesterday..tomorrow", on: tuesday) == (Self.day(11, 30), Self.day(12, 2)))
        #expect(try Self.days("+1d..+3d", on: tuesday) == (Self.day(12, 2), Self.day(12, 4)))
        #expect(try Self.days("-1w..today", on: tuesday) == (Self.day(11, 24), Self.day(12, 1)))
        #expect(try Self.days(" mon .. fri ", on: tuesday) == (Self.day(11, 30), Self.day(12, 4)))
        // A weekday B is the first such day on or after A.
        #expect(try Self.days("2026-12-02..mon", on: tuesday) == (Self.day(12, 2), Self.day(12, 7)))
        #expect(try Self.days("2026-12-04..fri", on: tuesday) == (Self.day(12, 4), Self.day(12, 4)))
        // A weekday A before an explicit B is the coming one.
        #expect(try Self.days("fri..2026-12-31", on: tuesday) == (Self.day(12, 4), Self.day(12, 31)))
        #expect(try Self.days("tue..2026-12-31", on: tuesday) == (Self.day(12, 1), Self.day(12, 31)))
    }

    @Test func singleWhenIsItsWholeDay() throws {
        let tuesday = Self.day(12, 1)
        let eve = try Self.parser(on: tuesday).parse("2026-12-24")
        #expect((eve.firstDay, eve.lastDay) == (Self.day(12, 24), Self.day(12, 24)))
        #expect(eve.from == utc("2026-12-23T23:00:00Z"))
        #expect(eve.to == utc("2026-12-24T23:00:00Z"))
        #expect(try Self.days("+3d", on: tuesday) == (Self.day(12, 4), Self.day(12, 4)))
        #expect(try Self.days("+2w", on: tuesday) == (Self.day(12, 15), Self.day(12, 15)))
        #expect(try Self.days("-1d", on: tuesday) == (Self.day(11, 30), Self.day(11, 30)))
        #expect(try Self.days("tomorrow 15:00", on: tuesday) == (Self.day(12, 2), Self.day(12, 2)))
        #expect(try Self.days("now", on: tuesday) == (tuesday, tuesday))
        // +20h from 10:00 is 06:00 the next day.
        #expect(try Self.days("+20h", on: tuesday) == (Self.day(12, 2), Self.day(12, 2)))
        #expect(try Self.days("2026-12-24T10:00:00Z", on: tuesday) == (Self.day(12, 24), Self.day(12, 24)))
    }

    /// Today is the local day: at 23:30Z on Tuesday 1 December it is already Wednesday in Berlin.
    @Test func todayIsTheLocalDay() throws {
        let late = PeriodParser(now: utc("2026-12-01T23:30:00Z"), zone: Zones.berlin)
        #expect(try late.parse("today").firstDay == Self.day(12, 2))
        #expect(try late.parse("wed").firstDay == Self.day(12, 2))
        #expect(try late.parse("tue").firstDay == Self.day(12, 8))
        let utcLate = PeriodParser(now: utc("2026-12-01T23:30:00Z"), zone: .utc)
        #expect(try utcLate.parse("today").firstDay == Self.day(12, 1))
    }

    // MARK: - Daylight saving time

    /// Berlin 2026: clocks go forward on Sunday 29 March (a 23-hour day) and back on Sunday
    /// 25 October (a 25-hour day). Periods are whole wall-clock days.
    @Test func springForward() throws {
        let wednesday = Self.parser(on: Self.day(3, 25))
        let week = try wednesday.parse("this week")
        #expect((week.firstDay, week.lastDay) == (Self.day(3, 23), Self.day(3, 29)))
        #expect(week.from == utc("2026-03-22T23:00:00Z"))  // CET
        #expect(week.to == utc("2026-03-29T22:00:00Z"))  // Monday 30 March 00:00 CEST
        #expect(week.to.seconds - week.from.seconds == (7 * 24 - 1) * 3600)
        let sunday = try wednesday.parse("sun")
        #expect(sunday.from == utc("2026-03-28T23:00:00Z"))
        #expect(sunday.to == utc("2026-03-29T22:00:00Z"))
        let weekend = try wednesday.parse("sat..mon")
        #expect((weekend.firstDay, weekend.lastDay) == (Self.day(3, 28), Self.day(3, 30)))
        #expect(weekend.to.seconds - weekend.from.seconds == (3 * 24 - 1) * 3600)
        // The default 7 days from Wednesday, across the change.
        let seven = try wednesday.parse(nil)
        #expect(seven.from == utc("2026-03-24T23:00:00Z"))
        #expect(seven.to == utc("2026-03-31T22:00:00Z"))
    }

    @Test func fallBack() throws {
        let thursday = Self.parser(on: Self.day(10, 22))
        let sunday = try thursday.parse("sun")
        #expect(sunday.firstDay == Self.day(10, 25))
        #expect(sunday.from == utc("2026-10-24T22:00:00Z"))  // CEST
        #expect(sunday.to == utc("2026-10-25T23:00:00Z"))  // Monday 26 October 00:00 CET
        #expect(sunday.to.seconds - sunday.from.seconds == 25 * 3600)
        let range = try thursday.parse("mon..fri")
        #expect((range.firstDay, range.lastDay) == (Self.day(10, 19), Self.day(10, 23)))
        let next = try thursday.parse("next week")
        #expect(next.from == utc("2026-10-25T23:00:00Z"))
        #expect(next.to == utc("2026-11-01T23:00:00Z"))
        #expect(
            try thursday.parse("2026-10-24..2026-10-26").to.seconds - utc("2026-10-23T22:00:00Z").seconds
                == (3 * 24 + 1) * 3600)
    }

    // MARK: - Errors

    @Test func endsBeforeStart() {
        #expect(
            Self.error("2026-12-31..2026-12-01")
                == .endsBeforeStart("2026-12-31..2026-12-01", start: Self.day(12, 31), end: Self.day(12, 1)))
        let message = Self.error("2026-12-31..2026-12-01")?.description ?? ""
        #expect(message.contains("ends on Tue 1 Dec 2026, before it starts on Thu 31 Dec 2026"))
        #expect(message.contains("2026-12-01..2026-12-31"))
        // A weekday A, then an explicit B before it.
        #expect(
            Self.error("fri..2026-12-02")
                == .endsBeforeStart("fri..2026-12-02", start: Self.day(12, 4), end: Self.day(12, 2)))
        #expect(Self.error("tomorrow..today") != nil)
    }

    @Test func unreadable() {
        #expect(Self.error("mon..") == .badRange("mon.."))
        #expect(Self.error("..fri") == .badRange("..fri"))
        #expect(Self.error("mon..wed..fri") == .badRange("mon..wed..fri"))
        #expect(Self.error("..") == .badRange(".."))
        #expect(Self.error("someday") == .unreadable("someday"))
        #expect(Self.error("nxt week") == .unreadable("nxt week"))
        #expect(Self.error("mon..someday") == .badEnd("someday"))
        #expect(Self.error("week..fri") == .badEnd("week"))
        #expect(Self.error("2026-02-30") == .when(.badDate("2026-02-30")))
        #expect(Self.error("2026-12-01..2026-13-01") == .when(.badDate("2026-13-01")))
        #expect(Self.error("tomorow")?.description.contains("did you mean \"tomorrow\"") == true)
        #expect(Self.error("someday")?.description.contains("mon..fri") == true)
        #expect(Self.error("mon..")?.description.contains("first and a last day") == true)
    }

    @Test func titles() throws {
        let tuesday = Self.parser(on: Self.day(12, 1))
        #expect(try tuesday.parse("mon..fri").title(thisYear: 2026) == "Mon 30 Nov – Fri 4 Dec")
        #expect(try tuesday.parse("fri").title(thisYear: 2026) == "Fri 4 Dec")
        #expect(try tuesday.parse("2027-01-04").title(thisYear: 2026) == "Mon 4 Jan 2027")
        let period = try tuesday.parse("today")
        #expect(period.contains(period.from))
        #expect(!period.contains(period.to))
    }
}
