import Conversation
import TestSupport
import Testing

/// WHEN (SPEC §4) against a fixed now — Tuesday 2026-12-01 10:00 in Berlin (09:00Z) — and the real
/// Europe/Berlin rules from /usr/share/zoneinfo. Every expected instant is worked out by hand from
/// the calendar: Berlin is UTC+1 in winter (CET) and UTC+2 in summer (CEST); in 2026 the clocks go
/// forward on Sunday 29 March at 02:00 and back on Sunday 25 October at 03:00.
@Suite("WHEN")
struct WhenParserTests {
    let parser = WhenParser(now: tuesdayMorning, zone: Zones.berlin)

    func at(
        _ text: String, _ direction: WhenParser.Direction = .future,
        _ policy: WhenParser.DayPolicy = .startOfDay
    ) throws -> Instant {
        try parser.parse(text, direction: direction, dayPolicy: policy).instant
    }

    func error(
        _ text: String, _ direction: WhenParser.Direction = .future,
        _ policy: WhenParser.DayPolicy = .startOfDay
    ) -> WhenError? {
        do {
            let resolved = try parser.parse(text, direction: direction, dayPolicy: policy)
            Issue.record("\"\(text)\" was read as \(resolved.instant), expected an error")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Words

    @Test func nowIsTheFixedNow() throws {
        let resolved = try parser.parse("now", direction: .past)
        #expect(resolved.instant == tuesdayMorning)
        #expect(resolved.hasTime)
    }

    @Test func dayWordsAreLocalMidnights() throws {
        // Local midnight in CET is 23:00Z the day before.
        let today = try parser.parse("today", direction: .future)
        #expect(today.instant == utc("2026-11-30T23:00:00Z"))
        #expect(today.date == CivilDate(year: 2026, month: 12, day: 1))
        #expect(!today.hasTime)
        #expect(try at("tomorrow") == utc("2026-12-01T23:00:00Z"))
        #expect(try at("yesterday", .past) == utc("2026-11-29T23:00:00Z"))
        #expect(try at("TOMORROW") == utc("2026-12-01T23:00:00Z"))
    }

    @Test func endOfDayIsTheNextMidnight() throws {
        #expect(try at("today", .past, .endOfDay) == utc("2026-12-01T23:00:00Z"))
        #expect(try at("2026-12-24", .past, .endOfDay) == utc("2026-12-24T23:00:00Z"))
    }

    /// The day in Berlin, not in UTC: at 23:30Z on 1 December it is already 2 December there.
    @Test func todayIsTheLocalDay() throws {
        let late = WhenParser(now: utc("2026-12-01T23:30:00Z"), zone: Zones.berlin)
        #expect(try late.parse("today", direction: .past).instant == utc("2026-12-01T23:00:00Z"))
        #expect(try late.parse("tomorrow", direction: .future).instant == utc("2026-12-02T23:00:00Z"))
        #expect(try late.parse("15:00", direction: .future).instant == utc("2026-12-02T14:00:00Z"))
        // Wednesday 2 December there: the next Wednesday is a week later, the last Tuesday is the 1st.
        #expect(try late.parse("wed", direction: .future).date == CivilDate(year: 2026, month: 12, day: 9))
        #expect(try late.parse("tue", direction: .past).date == CivilDate(year: 2026, month: 12, day: 1))
    }

    // MARK: - Weekdays

    /// For scheduling, the next such day (today, Tuesday, does not count: its start has passed).
    @Test(arguments: [
        ("mon", 7), ("tue", 8), ("wed", 2), ("thu", 3), ("fri", 4), ("sat", 5), ("sun", 6),
        ("monday", 7), ("tuesday", 8), ("wednesday", 2), ("thursday", 3), ("friday", 4), ("saturday", 5),
        ("sunday", 6), ("Fri", 4),
    ])
    func weekdayForScheduling(word: String, december: Int) throws {
        let resolved = try parser.parse(word, direction: .future)
        #expect(resolved.date == CivilDate(year: 2026, month: 12, day: december))
        #expect(resolved.instant == utc("2026-12-0\(december - 1)T23:00:00Z"))
        #expect(!resolved.hasTime)
    }

    /// For the past, the last such day (today counts: it has begun).
    @Test(arguments: [
        ("mon", 30), ("tue", 1), ("wed", 25), ("thu", 26), ("fri", 27), ("sat", 28), ("sun", 29),
        ("monday", 30), ("tuesday", 1), ("wednesday", 25), ("thursday", 26), ("friday", 27), ("saturday", 28),
        ("sunday", 29),
    ])
    func weekdayForThePast(word: String, day: Int) throws {
        let resolved = try parser.parse(word, direction: .past)
        let month = day == 1 ? 12 : 11
        #expect(resolved.date == CivilDate(year: 2026, month: month, day: day))
        #expect(resolved.instant == Zones.berlin.instant(for: CivilDateTime(date: resolved.date, hour: 0, minute: 0)))
    }

    // MARK: - Times of day

    @Test(arguments: [
        ("tomorrow 15:00", "2026-12-02T14:00:00Z"),
        ("tomorrow@15:00", "2026-12-02T14:00:00Z"),
        ("  tomorrow   15:00 ", "2026-12-02T14:00:00Z"),
        ("fri 9:30", "2026-12-04T08:30:00Z"),
        ("friday@09:30", "2026-12-04T08:30:00Z"),
        ("today 08:15:30", "2026-12-01T07:15:30Z"),
        ("2026-12-24 18:00", "2026-12-24T17:00:00Z"),
        ("2026-12-24@18:00", "2026-12-24T17:00:00Z"),
        ("+3d 15:00", "2026-12-04T14:00:00Z"),
        ("tomorrow 3pm", "2026-12-02T14:00:00Z"),
    ])
    func dayWithTimeOfDay(text: String, expected: String) throws {
        let resolved = try parser.parse(text, direction: .future)
        #expect(resolved.instant == utc(expected))
        #expect(resolved.hasTime)
    }

    @Test func bareTimeIsToday() throws {
        #expect(try at("15:00", .future) == utc("2026-12-01T14:00:00Z"))
        #expect(try at("15:00", .past) == utc("2026-12-01T14:00:00Z"))
        #expect(try at("9:30", .past) == utc("2026-12-01T08:30:00Z"))
        #expect(try at("00:00", .past) == utc("2026-11-30T23:00:00Z"))
    }

    @Test func yesterdayWithTimeForLoggedEntries() throws {
        #expect(try at("yesterday 16:30", .past) == utc("2026-11-30T15:30:00Z"))
        #expect(try at("fri 16:30", .past) == utc("2026-11-27T15:30:00Z"))
    }

    // MARK: - ISO 8601

    @Test(arguments: [
        ("2026-12-24", "2026-12-23T23:00:00Z"),
        ("2026-07-01", "2026-06-30T22:00:00Z"),  // summer time
        ("2028-02-29", "2028-02-28T23:00:00Z"),  // a leap day
        ("2026-12-01T15:00", "2026-12-01T14:00:00Z"),
        ("2026-12-01T15:00:45", "2026-12-01T14:00:45Z"),
        ("2026-07-01T12:00", "2026-07-01T10:00:00Z"),
        ("2026-12-01T15:00Z", "2026-12-01T15:00:00Z"),
        ("2026-12-01T15:00:45Z", "2026-12-01T15:00:45Z"),
        ("2026-12-01t15:00z", "2026-12-01T15:00:00Z"),
        ("2026-12-01T15:00+05:30", "2026-12-01T09:30:00Z"),
        ("2026-12-01T15:00-02:00", "2026-12-01T17:00:00Z"),
        ("2026-12-01T15:00:10+01:00", "2026-12-01T14:00:10Z"),
        ("2026-12-01T00:30+02:00", "2026-11-30T22:30:00Z"),
    ])
    func isoForms(text: String, expected: String) throws {
        #expect(try at(text, .past) == utc(expected))
        #expect(try at(text, .future) == utc(expected))
    }

    @Test func isoDateHasNoTimeAndIsoDateTimeHasOne() throws {
        #expect(try !parser.parse("2026-12-24", direction: .future).hasTime)
        #expect(try parser.parse("2026-12-24T09:00", direction: .future).hasTime)
        #expect(
            try parser.parse("2026-12-24T09:00", direction: .future, dayPolicy: .requireTime).instant
                == utc("2026-12-24T08:00:00Z"))
    }

    // MARK: - Relative offsets

    @Test(arguments: [
        ("+3d", "2026-12-04T09:00:00Z"),
        ("+2w", "2026-12-15T09:00:00Z"),
        ("+4h", "2026-12-01T13:00:00Z"),
        ("+30m", "2026-12-01T09:30:00Z"),
        ("-2h", "2026-12-01T07:00:00Z"),
        ("-1d", "2026-11-30T09:00:00Z"),
        ("-1w", "2026-11-24T09:00:00Z"),
        ("+90m", "2026-12-01T10:30:00Z"),
    ])
    func signedOffsets(text: String, expected: String) throws {
        // A sign says which way; the direction of the verb does not matter.
        #expect(try at(text, .future) == utc(expected))
        #expect(try at(text, .past) == utc(expected))
    }

    @Test func unsignedOffsetsFollowTheVerb() throws {
        #expect(try at("7d", .future) == utc("2026-12-08T09:00:00Z"))
        #expect(try at("7d", .past) == utc("2026-11-24T09:00:00Z"))  // since:7d = the last 7 days
        #expect(try at("3h", .past) == utc("2026-12-01T06:00:00Z"))
        #expect(try at("2w", .future) == utc("2026-12-15T09:00:00Z"))
    }

    /// Whole days keep the wall clock across a DST change; hours do not.
    @Test func dayOffsetsKeepTheLocalTimeAcrossSpringForward() throws {
        let saturday = WhenParser(now: utc("2026-03-28T09:00:00Z"), zone: Zones.berlin)  // 10:00 CET
        #expect(try saturday.parse("+1d", direction: .future).instant == utc("2026-03-29T08:00:00Z"))  // 10:00 CEST
        #expect(try saturday.parse("+24h", direction: .future).instant == utc("2026-03-29T09:00:00Z"))  // 11:00 CEST
        let monday = WhenParser(now: utc("2026-03-30T08:00:00Z"), zone: Zones.berlin)  // 10:00 CEST
        #expect(try monday.parse("-2d", direction: .past).instant == utc("2026-03-28T09:00:00Z"))  // 10:00 CET
    }

    // MARK: - DST edges

    /// 02:30 on 29 March 2026 does not exist in Berlin: it moves forward by the gap to 03:30 CEST.
    @Test func timeInTheSpringForwardGap() throws {
        let saturday = WhenParser(now: utc("2026-03-28T09:00:00Z"), zone: Zones.berlin)
        for text in ["2026-03-29 02:30", "2026-03-29T02:30", "tomorrow 02:30", "sun 2:30"] {
            let resolved = try saturday.parse(text, direction: .future)
            #expect(resolved.instant == utc("2026-03-29T01:30:00Z"), "\(text)")
            let wall = Zones.berlin.local(resolved.instant)
            #expect(wall.hour == 3 && wall.minute == 30, "\(text)")
        }
        // Either side of the gap is unambiguous.
        #expect(try saturday.parse("2026-03-29 01:59", direction: .future).instant == utc("2026-03-29T00:59:00Z"))
        #expect(try saturday.parse("2026-03-29 03:00", direction: .future).instant == utc("2026-03-29T01:00:00Z"))
    }

    /// 02:00–03:00 on 25 October 2026 happens twice in Berlin: the first (CEST) is meant; an
    /// explicit offset reaches the second.
    @Test func repeatedHourInAutumn() throws {
        let saturday = WhenParser(now: utc("2026-10-24T09:00:00Z"), zone: Zones.berlin)
        #expect(try saturday.parse("2026-10-25 02:30", direction: .future).instant == utc("2026-10-25T00:30:00Z"))
        #expect(try saturday.parse("tomorrow 02:30", direction: .future).instant == utc("2026-10-25T00:30:00Z"))
        #expect(try saturday.parse("2026-10-25T02:30+02:00", direction: .future).instant == utc("2026-10-25T00:30:00Z"))
        #expect(try saturday.parse("2026-10-25T02:30+01:00", direction: .future).instant == utc("2026-10-25T01:30:00Z"))
        #expect(try saturday.parse("2026-10-25 03:30", direction: .future).instant == utc("2026-10-25T02:30:00Z"))
        #expect(try saturday.parse("2026-10-25 01:30", direction: .future).instant == utc("2026-10-24T23:30:00Z"))
        // That day has 25 hours: its end is 25 hours after its start.
        let start = try saturday.parse("2026-10-25", direction: .future).instant
        let end = try saturday.parse("2026-10-25", direction: .future, dayPolicy: .endOfDay).instant
        #expect(end.seconds - start.seconds == 25 * 3600)
    }

    // MARK: - Errors

    @Test func unknownWordsSuggestTheClosest() throws {
        let tomorow = try #require(error("tomorow"))
        #expect(tomorow == .unreadable("tomorow"))
        #expect(tomorow.description.contains("did you mean \"tomorrow\"?"))
        let fridy = try #require(error("fridy 9:30"))
        #expect(fridy.description.contains("did you mean \"friday\"?"))
        let soon = try #require(error("soon"))
        #expect(soon == .unreadable("soon"))
        #expect(!soon.description.contains("did you mean"))
        #expect(soon.description.contains("\"soon\""))
    }

    @Test(arguments: ["2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-01T25:00"])
    func impossibleDates(text: String) throws {
        let problem = try #require(error(text))
        guard case .badDate(let shown) = problem else {
            Issue.record("\(text): \(problem)")
            return
        }
        #expect(shown.lowercased() == text.lowercased())
        #expect(problem.description.contains("no such date"))
    }

    @Test func impossibleTimesOfDay() throws {
        #expect(error("tomorrow 25:00") == .badTime("25:00"))
        #expect(error("tomorrow 9:60") == .badTime("9:60"))
        #expect(error("fri noon") == .badTime("noon"))
        #expect(error("tomorrow 13pm") == .badTime("13pm"))
        // A bare 25:00 is no time and no day either.
        let bare = try #require(error("25:00"))
        #expect(bare.description.contains("\"25:00\""))
    }

    @Test func needsTimePolicy() throws {
        for text in ["tomorrow", "fri", "2026-12-24", "today"] {
            #expect(error(text, .future, .requireTime) == .needsTime(text))
        }
        #expect(WhenError.needsTime("fri").description.contains("\"fri 15:00\""))
        #expect(try at("fri 15:00", .future, .requireTime) == utc("2026-12-04T14:00:00Z"))
        #expect(try at("now", .future, .requireTime) == tuesdayMorning)
    }

    @Test(arguments: ["now 15:00", "+4h 15:00", "tomorrow 15:00 sharp", "+3x", "+d", "3", "7 days", "1/12/2026"])
    func unreadableForms(text: String) {
        #expect(error(text, .past) != nil)
    }

    @Test func emptyIsAnErrorNotNow() {
        #expect(error("") == .empty)
        #expect(error("   ") == .empty)
    }

    /// A date outside what the store can write (years 1–9999 in UTC) is an error: midnight of
    /// 0001-01-01 in Berlin (LMT, +0:53:28) is still year 0 in UTC.
    @Test(arguments: ["-999999w", "0001-01-01", "+999999w"])
    func datesTheStoreCannotHoldAreErrors(text: String) {
        #expect(error(text, .past) != nil)
    }

    @Test func theFarEndsThatFit() throws {
        #expect(try at("0001-01-02", .past) == utc("0001-01-01T23:06:32Z"))
        #expect(try at("9999-12-31 23:30", .future) == utc("9999-12-31T22:30:00Z"))
    }
}

@Suite("DURATION")
struct DurationParserTests {
    @Test(arguments: [
        ("30m", 30), ("1h", 60), ("1h30m", 90), ("90m", 90), ("2d", 2880), ("1d2h", 1560), ("1H", 60), ("45m", 45),
    ])
    func valid(text: String, minutes: Int) throws {
        #expect(try DurationParser.minutes(text) == minutes)
    }

    @Test(arguments: [
        "", "30", "m", "h30", "30m1h", "1h1h", "0m", "1.5h", "-30m", "30s", "1h 30m", "32d", "1w", "ten", "1234567m",
    ])
    func invalid(text: String) throws {
        #expect(throws: WhenError.badDuration(text)) { try DurationParser.minutes(text) }
        #expect(WhenError.badDuration(text).description.contains("1h30m"))
    }

    @Test(arguments: [(30, "30m"), (60, "1h"), (90, "1h30m"), (2880, "2d"), (1500, "25h")])
    func format(minutes: Int, text: String) throws {
        #expect(DurationParser.format(minutes: minutes) == text)
        #expect(try DurationParser.minutes(text) == minutes)
    }
}

@Suite("Zone transitions")
struct ZoneTransitionTests {
    /// Offsets around the 2026 transitions, from the TZif file and from the POSIX rule of the
    /// same zone; the POSIX rule also covers years past the TZif table (2040: 25 March, 28 October).
    @Test func berlinTransitions() throws {
        let posix = try #require(ZoneRules(name: "CET", posix: "CET-1CEST,M3.5.0,M10.5.0/3"))
        let cases: [(String, Int)] = [
            ("2026-03-29T00:59:59Z", 3600), ("2026-03-29T01:00:00Z", 7200),
            ("2026-10-25T00:59:59Z", 7200), ("2026-10-25T01:00:00Z", 3600),
            ("2040-03-25T00:59:59Z", 3600), ("2040-03-25T01:00:00Z", 7200),
            ("2040-10-28T00:59:59Z", 7200), ("2040-10-28T01:00:00Z", 3600),
        ]
        for (instant, offset) in cases {
            #expect(Zones.berlin.offset(at: utc(instant)) == offset, "\(instant) TZif")
            #expect(posix.offset(at: utc(instant)) == offset, "\(instant) POSIX")
        }
        #expect(ZoneRules(name: "x", posix: "not a rule") == nil)
        #expect(ZoneRules(name: "x", tzif: Array("TZif but not really".utf8)) == nil)
    }

    @Test func otherZones() throws {
        let kolkata = Zones.load("Asia/Kolkata")
        #expect(kolkata.offset(at: tuesdayMorning) == 5 * 3600 + 1800)
        let newYork = Zones.load("America/New_York")
        #expect(newYork.offset(at: tuesdayMorning) == -5 * 3600)
        #expect(newYork.offset(at: utc("2026-07-01T12:00:00Z")) == -4 * 3600)
        let wall = WhenParser(now: tuesdayMorning, zone: newYork)
        #expect(try wall.parse("tomorrow 15:00", direction: .future).instant == utc("2026-12-02T20:00:00Z"))
    }
}
