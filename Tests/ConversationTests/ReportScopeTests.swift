import Conversation
import TestSupport
import Testing

/// `report since:7d`: every share has its part and its whole over the same candidates and the
/// same period, each figure says what it counts, and the "now" figures are about now. Now is
/// Tuesday 1 December 2026, 10:00 in Berlin (09:00Z); `since:7d` is Tuesday 24 November 10:00.
@Suite("Report scopes")
struct ReportScopeTests {
    let now = tuesdayMorning
    var state = State()

    static let day: Int64 = 86_400

    func ago(days: Int64) -> Instant { tuesdayMorning.adding(seconds: -days * Self.day) }

    mutating func apply(_ change: Change, at ts: Instant, by user: String = "rita") throws {
        try state.apply(Record(seq: state.lastSeq + 1, ts: ts, by: user, change: change))
    }

    mutating func add(_ handle: String) throws {
        try apply(.add([CandidateDraft(handle: handle, name: handle)]), at: ago(days: 60))
    }

    mutating func entry(
        _ handle: String, _ kind: EntryKind, _ direction: Direction? = nil, at: Instant,
        rating: UInt8 = 0, recommend: Bool? = nil
    ) throws {
        try apply(
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at, kind: kind, direction: direction, rating: rating,
                    recommend: recommend, text: .string("x"))), at: at)
    }

    mutating func reject(_ handle: String, at: Instant) throws {
        try apply(.status(handle: handle, id: state.nextID, status: .rejected, reason: nil), at: at)
    }

    mutating func meeting(_ handle: String, _ kind: MeetingKind, start: Instant) throws -> Int32 {
        let id = state.nextID
        try apply(
            .schedule(MeetingDraft(id: id, handle: handle, kind: kind, with: "Sam", start: start, minutes: 30)),
            at: ago(days: 30))
        return id
    }

    /// 9 candidates waiting for a reply since 20 days ago; 10 rejected 30 days ago (3 asked back
    /// then, 1 answered; one more asked only 2 days ago); 2 rejected 3 days ago at assessment
    /// (reached 4 days ago), 1 of them asked and answering this week; one reply this week to a
    /// message of 10 days ago, one reply 20 days ago; a talk held 20 days ago, one in 3 days, a
    /// check-in overdue since 10 days ago.
    mutating func store() throws {
        for n in 1...9 {
            try add("wait-\(n)")
            try entry("wait-\(n)", .message, .inbound, at: ago(days: 20))
        }
        for n in 1...10 {
            try add("old-\(n)")
            try reject("old-\(n)", at: ago(days: 30))
        }
        for n in 1...3 { try entry("old-\(n)", .ask, at: ago(days: 29)) }
        try entry("old-1", .feedback, .inbound, at: ago(days: 28), rating: 2, recommend: false)
        try entry("old-4", .ask, at: ago(days: 2))
        for n in 1...2 {
            try add("new-\(n)")
            try apply(.stage(handle: "new-\(n)", id: state.nextID, stage: .assessment), at: ago(days: 4))
            try reject("new-\(n)", at: ago(days: 3))
        }
        try entry("new-1", .ask, at: ago(days: 2))
        try entry("new-1", .feedback, .inbound, at: ago(days: 1), rating: 4, recommend: true)
        try add("reply")
        try entry("reply", .message, .inbound, at: ago(days: 10))
        try entry("reply", .message, .outbound, at: ago(days: 2))
        try entry("reply", .message, .inbound, at: ago(days: 20))
        try entry("reply", .message, .outbound, at: ago(days: 20).adding(seconds: 3600))
        let held = try meeting("reply", .talk, start: ago(days: 20))
        try apply(.done(meeting: held, mood: nil, outcome: nil), at: ago(days: 20))
        _ = try meeting("reply", .talk, start: now.adding(seconds: 3 * Self.day))
        _ = try meeting("wait-1", .checkin, start: ago(days: 10))
    }

    var sinceSevenDays: Filter {
        var filter = Filter()
        filter.since = ago(days: 7)
        return filter
    }

    // MARK: - The bug

    /// Before: "feedback asked" divided the asks of this week (2) by every rejection ever (12),
    /// and "Waiting now" was 0 while 9 wait. Now the asks are those of the 2 rejected this week.
    @Test mutating func sevenDays() throws {
        try store()
        let r = Report(state: state, now: now, filter: sinceSevenDays, zone: Zones.berlin)
        #expect(r.closed == 2)
        #expect(r.closedAsked == 1)
        #expect(r.closedAnswered == 1)
        #expect(r.feedbackAskedShare == 0.5)
        #expect(r.feedbackAnsweredShare == 1)
        #expect(r.waitingNow == 9)
        #expect(r.silentActive == 9)
        #expect(r.activeNow == 10)
        #expect(r.candidates == 22)
        #expect(r.byStatus[.rejected] == 12)  // now
        #expect(r.ratings == [4])
        #expect(r.recommendYes == 1 && r.recommendNo == 0)
        #expect(r.replyHours == [192])
        #expect(r.talks == Report.MeetingCounts(held: 0, scheduled: 1, cancelled: 0, overdue: 0))
        #expect(r.checkins == Report.MeetingCounts(held: 0, scheduled: 0, cancelled: 0, overdue: 1))
        let assessment = r.stages[Int(Stage.assessment.rawValue)]
        #expect((assessment.reached, assessment.rejected, assessment.asked) == (2, 2, 1))
        let applied = r.stages[Int(Stage.applied.rawValue)]
        #expect((applied.reached, applied.rejected, applied.asked) == (0, 0, 0))
        #expect(r.since == ago(days: 7))
        #expect(r.until == nil)
    }

    /// Each figure says what it counts and when.
    @Test mutating func figuresSayWhatTheyCount() throws {
        try store()
        let r = Report(state: state, now: now, filter: sinceSevenDays, zone: Zones.berlin)
        #expect(r.periodText == "since Tue 24 Nov 10:00")
        func text(_ key: String) -> String { r.figure(key)?.text ?? "(no \(key))" }
        #expect(r.figure("feedbackAskedShare")?.label == "Feedback asked")
        #expect(r.figure("feedbackAskedShare")?.value == "50.0%")
        #expect(r.figure("feedbackAskedShare")?.counts == "1 of 2 rejected or withdrawn since Tue 24 Nov 10:00")
        #expect(
            text("feedbackAskedShare")
                == "1 of 2 rejected or withdrawn since Tue 24 Nov 10:00 = 50.0%   (CandE 2012 benchmark: 9.5% asked)")
        #expect(
            text("feedbackAnsweredShare")
                == "1 of 1 asked (rejected or withdrawn since Tue 24 Nov 10:00) = 100.0%")
        #expect(text("averageRating") == "4.0 / 5 (1 rating received since Tue 24 Nov 10:00)")
        #expect(text("recommendShare") == "100.0% (1 of 1 saying yes or no received since Tue 24 Nov 10:00)")
        #expect(text("medianReplyHours") == "192.0 h (1 reply sent since Tue 24 Nov 10:00)")
        #expect(text("waitingNow") == "9 of 22 candidates wait for a reply now")
        #expect(text("silentActive") == "9 of 10 active, no message either way for 14 days, now")
        #expect(
            text("talks") == "0 held · 1 scheduled · 0 cancelled (starting since Tue 24 Nov 10:00) · 0 overdue now")
        #expect(text("checkins") == "0 held · 1 overdue now · 0 scheduled (starting since Tue 24 Nov 10:00)")
        #expect(text("byStatus") == "active 10 · hired 0 · rejected 12 · withdrawn 0 (now)")
        #expect(
            r.figures.map(\.key) == [
                "feedbackAskedShare", "feedbackAnsweredShare", "averageRating", "recommendShare", "medianReplyHours",
                "waitingNow", "silentActive", "talks", "checkins", "byStatus",
            ])
        #expect(r.stagesText.contains("rejected or withdrawn since Tue 24 Nov 10:00"))
    }

    /// Without a period: everything, as before, and the lines read as they did.
    @Test mutating func allTime() throws {
        try store()
        let r = Report(state: state, now: now, zone: Zones.berlin)
        #expect(r.closed == 12)
        #expect(r.closedAsked == 5)
        #expect(r.closedAnswered == 2)
        #expect(r.waitingNow == 9)
        #expect(r.ratings.sorted() == [2, 4])
        #expect(r.replyHours.sorted() == [1, 192])
        #expect(r.talks == Report.MeetingCounts(held: 1, scheduled: 1, cancelled: 0, overdue: 0))
        #expect(r.checkins == Report.MeetingCounts(held: 0, scheduled: 1, cancelled: 0, overdue: 1))
        #expect(r.stages[Int(Stage.applied.rawValue)].reached == 22)
        #expect(r.periodText == "")
        #expect(r.stagesText == "")
        #expect(
            r.figure("feedbackAskedShare")?.text
                == "5 of 12 rejected or withdrawn = 41.7%   (CandE 2012 benchmark: 9.5% asked)")
        #expect(r.figure("feedbackAnsweredShare")?.text == "2 of 5 asked = 40.0%")
        #expect(r.figure("averageRating")?.text == "3.0 / 5 (2 ratings)")
        #expect(r.figure("medianReplyHours")?.text == "96.5 h (2 replies)")
        #expect(r.figure("talks")?.text == "1 held · 1 scheduled · 0 cancelled")
        #expect(r.figure("checkins")?.text == "0 held · 1 overdue · 1 scheduled")
        #expect(r.figure("byStatus")?.text == "active 10 · hired 0 · rejected 12 · withdrawn 0")
        // The old initializer still works (UTC for the words).
        #expect(Report(state: state, now: now).closed == 12)
    }

    /// `until:` too: the old rejections only; the "now" figures do not move.
    @Test mutating func until() throws {
        try store()
        var filter = Filter()
        filter.since = ago(days: 45)
        filter.until = utc("2026-11-14T23:00:00Z")  // until:2026-11-14 (end of that day in Berlin)
        let r = Report(state: state, now: now, filter: filter, zone: Zones.berlin)
        #expect(r.closed == 10)
        #expect(r.closedAsked == 4)  // old-4's ask is this week's, but old-4 was rejected in the period
        #expect(r.closedAnswered == 1)
        #expect(r.ratings == [2])
        #expect(r.replyHours == [1])
        #expect(r.waitingNow == 9)
        #expect(r.checkins.overdue == 1)
        #expect(r.talks.held == 1)
        #expect(r.periodText == "from Sat 17 Oct 11:00 until Sat 14 Nov")
        var untilOnly = Filter()
        untilOnly.until = utc("2026-11-14T23:00:00Z")
        #expect(Report(state: state, now: now, filter: untilOnly, zone: Zones.berlin).periodText == "until Sat 14 Nov")
        untilOnly.until = utc("2026-11-14T14:00:00Z")
        #expect(
            Report(state: state, now: now, filter: untilOnly, zone: Zones.berlin).periodText
                == "before Sat 14 Nov 15:00")
    }

    /// Candidate filters still choose whom every figure is about, "now" figures included.
    @Test mutating func candidateFilters() throws {
        try store()
        var filter = sinceSevenDays
        filter.statuses = [.active]
        let r = Report(state: state, now: now, filter: filter, zone: Zones.berlin)
        #expect(r.candidates == 10)
        #expect(r.waitingNow == 9)
        #expect(r.closed == 0)
        #expect(r.feedbackAskedShare == nil)
        #expect(r.figure("feedbackAskedShare")?.value == "—")
        // An entry filter limits what the period figures count, not the "now" ones.
        var email = sinceSevenDays
        email.channels = [.email]
        let byEmail = Report(state: state, now: now, filter: email, zone: Zones.berlin)
        #expect(byEmail.waitingNow == 9)
        #expect(byEmail.replyHours.isEmpty)  // no message above was logged as an email
    }
}
