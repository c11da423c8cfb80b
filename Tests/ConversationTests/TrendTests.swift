import Conversation
import TestSupport
import Testing

/// `report by:week`: the report's figures week by week. Now is Tuesday 1 December 2026, 10:00
/// in Berlin; weeks run Monday 00:00 to Monday 00:00 Berlin time, and clocks went back on
/// Sunday 25 October (that week is an hour longer).
@Suite("Weekly trend")
struct TrendTests {
    let now = tuesdayMorning
    var state = State()

    mutating func apply(_ change: Change, at ts: Instant, by user: String = "rita") throws {
        try state.apply(Record(seq: state.lastSeq + 1, ts: ts, by: user, change: change))
    }

    mutating func add(_ handle: String, owner: String = "rita", at: String = "2026-10-01T10:00:00Z") throws {
        try apply(.add([CandidateDraft(handle: handle, name: handle, owner: owner)]), at: utc(at))
    }

    mutating func entry(
        _ handle: String, _ kind: EntryKind, _ direction: Direction? = nil, at: String, rating: UInt8 = 0,
        recommend: Bool? = nil
    ) throws {
        let instant = utc(at)
        try apply(
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: instant, kind: kind, direction: direction, rating: rating,
                    recommend: recommend, text: .string("x"))), at: instant)
    }

    mutating func status(_ handle: String, _ status: Status, at: String) throws {
        try apply(.status(handle: handle, id: state.nextID, status: status, reason: nil), at: utc(at))
    }

    /// a: replied after 4 h (week of 5 Oct); wrote Fri 16 Oct, answered Mon 19 Oct after 72 h
    /// (so waiting at the end of the week of 12 Oct); wrote Fri 20 Nov, still waiting.
    /// b: two replies in the week of 12 Oct (2 h, 6 h); rejected Tue 3 Nov, asked Wed 4 Nov,
    /// rated 5 on Tue 10 Nov. c: withdrawn Thu 5 Nov, never asked. d (maria's): wrote Wed 25 Nov.
    mutating func store() throws {
        for handle in ["a", "b", "c"] { try add(handle) }
        try add("d", owner: "maria")
        try entry("a", .message, .inbound, at: "2026-10-06T08:00:00Z")
        try entry("a", .message, .outbound, at: "2026-10-06T12:00:00Z")
        try entry("a", .message, .inbound, at: "2026-10-16T10:00:00Z")
        try entry("a", .message, .outbound, at: "2026-10-19T10:00:00Z")
        try entry("a", .message, .inbound, at: "2026-11-20T10:00:00Z")
        try entry("b", .message, .inbound, at: "2026-10-13T09:00:00Z")
        try entry("b", .message, .outbound, at: "2026-10-13T11:00:00Z")
        try entry("b", .message, .inbound, at: "2026-10-14T09:00:00Z")
        try entry("b", .message, .outbound, at: "2026-10-14T15:00:00Z")
        try status("b", .rejected, at: "2026-11-03T10:00:00Z")
        try entry("b", .ask, at: "2026-11-04T10:00:00Z")
        try entry("b", .feedback, .inbound, at: "2026-11-10T10:00:00Z", rating: 5, recommend: true)
        try status("c", .withdrawn, at: "2026-11-05T10:00:00Z")
        try entry("d", .message, .inbound, at: "2026-11-25T10:00:00Z")
    }

    func mondays(_ trend: Trend) -> [String] { trend.weeks.map(\.monday.isoString) }

    @Test("without since: the weeks from the store's first week to this one, each figure in its week")
    mutating func allWeeks() throws {
        try store()
        let trend = Trend(state: state, now: now, zone: Zones.berlin)
        #expect(
            mondays(trend) == [
                "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09",
                "2026-11-16", "2026-11-23", "2026-11-30",
            ])
        let weeks = trend.weeks
        #expect(weeks.map(\.replyHours) == [[], [4], [2, 6], [72], [], [], [], [], [], []])
        #expect(weeks.map(\.medianReplyHours) == [nil, 4, 4, 72, nil, nil, nil, nil, nil, nil])
        #expect(weeks.map(\.waiting) == [0, 0, 1, 0, 0, 0, 0, 1, 2, 2])
        #expect(weeks.map(\.closed) == [0, 0, 0, 0, 0, 2, 0, 0, 0, 0])
        #expect(weeks[5].closedAsked == 1 && weeks[5].feedbackAskedShare == 0.5)
        #expect(weeks.map(\.feedbackAskedShare).filter { $0 != nil }.count == 1)
        #expect(weeks.map(\.ratings) == [[], [], [], [], [], [], [5], [], [], []])
        #expect(weeks[6].averageRating == 5)
        // Weeks start at Monday midnight in Berlin: 22:00Z in summer time, 23:00Z after 25 Oct.
        #expect(weeks[3].start == utc("2026-10-18T22:00:00Z"))
        #expect(weeks[3].end == utc("2026-10-25T23:00:00Z"))
        #expect(weeks[4].start == weeks[3].end)
        #expect(zip(weeks, weeks.dropFirst()).allSatisfy { $0.end == $1.start })
        // Without a period the weeks are whole: this one ends next Monday, its waiting is now's.
        #expect(weeks[0].start == utc("2026-09-27T22:00:00Z"))
        #expect(weeks.last?.end == utc("2026-12-06T23:00:00Z"))
        #expect(weeks.map(\.endsNow) == Array(repeating: false, count: 9) + [true])
    }

    @Test("the weeks add up to the report of the same period, and the last week's waiting is waitingNow")
    mutating func addsUpToTheReport() throws {
        try store()
        var filters = [Filter()]
        var period = Filter()
        period.since = utc("2026-10-14T00:00:00Z")
        period.until = utc("2026-11-04T00:00:00Z")
        filters.append(period)
        var maria = Filter()
        maria.owners = ["maria"]
        filters.append(maria)
        var inbound = period
        inbound.directions = [.inbound]
        filters.append(inbound)
        for filter in filters {
            let trend = Trend(state: state, now: now, filter: filter, zone: Zones.berlin)
            let report = Report(state: state, now: now, filter: filter, zone: Zones.berlin)
            #expect(trend.weeks.flatMap(\.replyHours).sorted() == report.replyHours.sorted())
            #expect(trend.weeks.map(\.closed).reduce(0, +) == report.closed)
            #expect(trend.weeks.map(\.closedAsked).reduce(0, +) == report.closedAsked)
            #expect(trend.weeks.flatMap(\.ratings).sorted() == report.ratings.sorted())
            if filter.until == nil { #expect(trend.weeks.last?.waiting == report.waitingNow) }
            // The report's own pass makes the same series.
            #expect(Report(state: state, now: now, filter: filter, zone: Zones.berlin, weekly: true).trend == trend)
        }
    }

    @Test("since: and until: cut the first and last week; counts outside the period are left out")
    mutating func period() throws {
        try store()
        var filter = Filter()
        filter.since = utc("2026-10-14T00:00:00Z")  // a Wednesday
        filter.until = utc("2026-11-04T00:00:00Z")  // a Wednesday, exclusive
        let weeks = Trend(state: state, now: now, filter: filter, zone: Zones.berlin).weeks
        #expect(weeks.map(\.monday.isoString) == ["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02"])
        #expect(weeks.first?.start == filter.since)
        #expect(weeks.last?.end == filter.until)
        #expect(weeks.map(\.replyHours) == [[6], [72], [], []])  // b's reply of Tue 13 Oct is before
        #expect(weeks.map(\.closed) == [0, 0, 0, 1])  // b rejected Tue 3 Nov; c on 5 Nov is after
        #expect(weeks[3].closedAsked == 1)  // asked on 4 Nov: asked at any time, as in the report
        #expect(weeks.map(\.waiting) == [1, 0, 0, 0])  // the last: at 4 Nov 00:00Z
    }

    @Test("candidate filters choose whose conversation is counted")
    mutating func candidateFilter() throws {
        try store()
        var filter = Filter()
        filter.owners = ["maria"]
        let weeks = Trend(state: state, now: now, filter: filter, zone: Zones.berlin).weeks
        #expect(weeks.map(\.waiting).suffix(3) == [0, 1, 1])
        #expect(weeks.allSatisfy { $0.replyHours.isEmpty && $0.closed == 0 && $0.ratings.isEmpty })
    }

    @Test("without since: at most the last twelve weeks; nothing when the period is empty")
    mutating func bounds() throws {
        try store()
        try add("old", at: "2025-03-01T10:00:00Z")
        let weeks = Trend(state: state, now: now, zone: Zones.berlin).weeks
        #expect(weeks.count == Trend.defaultWeeks)
        #expect(weeks.first?.monday.isoString == "2026-09-14")
        #expect(weeks.last?.monday.isoString == "2026-11-30")
        // since: earlier than the store: from the store's first week, not decades of blanks.
        var long = Filter()
        long.since = utc("2000-01-01T00:00:00Z")
        #expect(
            Trend(state: state, now: now, filter: long, zone: Zones.berlin).weeks.first?.monday.isoString
                == "2025-02-24")
        // until: in the future ends with this week; since: after now is no weeks.
        var ahead = Filter()
        ahead.since = utc("2026-11-25T00:00:00Z")
        ahead.until = utc("2027-06-01T00:00:00Z")
        let future = Trend(state: state, now: now, filter: ahead, zone: Zones.berlin).weeks
        #expect(future.map(\.monday.isoString) == ["2026-11-23", "2026-11-30"])
        #expect(future.last?.end == utc("2026-12-06T23:00:00Z"))
        var later = Filter()
        later.since = now.adding(seconds: 3600)
        #expect(Trend(state: state, now: now, filter: later, zone: Zones.berlin).weeks.isEmpty)
        #expect(Trend(state: State(), now: now, zone: Zones.berlin).weeks.count == Trend.defaultWeeks)
    }

    @Test("ISO 8601 week labels, across year ends")
    func isoWeeks() {
        func label(_ y: Int, _ m: Int, _ d: Int) -> String {
            let monday = CivilDate(year: y, month: m, day: d)!
            return Trend.Week(monday: monday, start: now, end: now).isoWeek
        }
        #expect(label(2026, 11, 30) == "2026-W49")
        #expect(label(2026, 12, 28) == "2026-W53")  // 2026 begins on a Thursday: 53 weeks
        #expect(label(2027, 1, 4) == "2027-W01")
        #expect(label(2024, 12, 30) == "2025-W01")  // belongs to the year of its Thursday
        #expect(label(2021, 1, 4) == "2021-W01")
        #expect(label(2020, 12, 28) == "2020-W53")
    }
}
