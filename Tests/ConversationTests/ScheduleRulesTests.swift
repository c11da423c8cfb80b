import Conversation
import TestSupport
import Testing

/// `done` only once a meeting has started (or, forced, earlier the same day); `hire` plans no
/// check-in in the past. Now is Tuesday 1 December 2026, 10:00 in Berlin (09:00Z).
@Suite("Schedule rules")
struct ScheduleRulesTests {
    let now = tuesdayMorning
    let zone = Zones.berlin

    func meeting(_ id: Int32 = 43, at start: Instant) -> Meeting {
        Meeting(
            id: id, candidate: 0, kind: .checkin, start: start, minutes: 30, scheduled: utc("2026-11-01T09:00:00Z"),
            by: "rita")
    }

    func doneError(_ m: Meeting, now: Instant? = nil, zone: ZoneRules? = nil, force: Bool = false) -> ScheduleError? {
        do {
            try ScheduleRules.checkDone(m, now: now ?? self.now, zone: zone ?? self.zone, force: force)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - done

    /// The bug: a check-in two months ahead was accepted as held.
    @Test func doneOfAMeetingMonthsAheadIsRefused() {
        let february = meeting(at: utc("2027-02-01T09:00:00Z"))
        let error = doneError(february)
        #expect(
            error
                == .doneBeforeStartDay(meeting: 43, starts: "Mon 1 Feb 2027 10:00", wait: "in 62d", forced: false))
        let text = error?.description ?? ""
        #expect(text.contains("has not started yet: it starts Mon 1 Feb 2027 10:00"))
        #expect(text.contains("move #43 at:…"))
        #expect(text.contains("cancel #43"))
        #expect(!text.contains("force:yes"))
        // Forcing does not help for a later day.
        let forced = doneError(february, force: true)
        #expect(
            forced == .doneBeforeStartDay(meeting: 43, starts: "Mon 1 Feb 2027 10:00", wait: "in 62d", forced: true))
        #expect(forced?.description.contains("force:yes only marks a meeting of today held early") == true)
    }

    @Test func tomorrowIsRefusedEvenForced() {
        let tomorrow = meeting(at: utc("2026-12-02T08:00:00Z"))
        #expect(doneError(tomorrow) != nil)
        #expect(doneError(tomorrow, force: true) != nil)
    }

    /// Later today: held early, so `force:yes` marks it done; without, the answer says how.
    @Test func laterTodayNeedsForce() {
        let afternoon = meeting(at: utc("2026-12-01T14:00:00Z"))  // 15:00 in Berlin
        let error = doneError(afternoon)
        #expect(error == .doneBeforeStartToday(meeting: 43, starts: "Tue 1 Dec 15:00", wait: "in 5h"))
        #expect(error?.description.contains("if it was held early, add force:yes") == true)
        #expect(error?.description.contains("move #43 at:… or cancel #43") == true)
        #expect(doneError(afternoon, force: true) == nil)
        // The last minute of the local day.
        #expect(doneError(meeting(at: utc("2026-12-01T22:59:00Z")), force: true) == nil)
        #expect(doneError(meeting(at: utc("2026-12-01T23:00:00Z")), force: true) != nil)
    }

    @Test func startedOrPastMeetingsMayBeDone() {
        #expect(doneError(meeting(at: now)) == nil)
        #expect(doneError(meeting(at: now.adding(seconds: -60))) == nil)
        // Overdue ones (start passed, still scheduled) are what `done` is for.
        #expect(doneError(meeting(at: utc("2026-11-20T14:00:00Z"))) == nil)
        #expect(doneError(meeting(at: now.adding(seconds: 1))) != nil)
    }

    /// "Today" is the user's local day, not the UTC one: at 00:30 on Wednesday in Berlin
    /// (23:30Z Tuesday), 00:45 Wednesday is today and 00:15 Thursday is not, though both are
    /// less than a day away.
    @Test func todayIsTheLocalDay() {
        let lateNow = utc("2026-12-01T23:30:00Z")
        let sameDay = meeting(at: utc("2026-12-01T23:45:00Z"))
        let nextDay = meeting(at: utc("2026-12-02T23:15:00Z"))
        #expect(doneError(sameDay, now: lateNow, force: true) == nil)
        #expect(doneError(nextDay, now: lateNow, force: true) != nil)
        // In UTC, 23:45Z is still the same day as 23:30Z too, and 23:15Z the next day is not.
        #expect(doneError(sameDay, now: lateNow, zone: .utc, force: true) == nil)
        #expect(doneError(nextDay, now: lateNow, zone: .utc, force: true) != nil)
    }

    // MARK: - hire

    func hireError(
        _ firstDay: CivilDate, _ plan: CheckinPlan = .standard, zone planZone: ZoneRules? = nil, now: Instant? = nil
    )
        -> ScheduleError?
    {
        let starts = plan.starts(from: firstDay, zone: planZone ?? zone)
        do {
            try ScheduleRules.checkHire(firstDay: firstDay, checkins: starts, now: now ?? self.now, zone: zone)
            return nil
        } catch {
            return error
        }
    }

    /// The bug: `hire start:` in the past scheduled the check-ins in the past.
    @Test func startInThePastIsRefused() {
        let yesterday = CivilDate(year: 2026, month: 11, day: 30)!
        let error = hireError(yesterday)
        #expect(error == .hireStartInPast(start: "Mon 30 Nov", today: "Tue 1 Dec"))
        let text = error?.description ?? ""
        #expect(text.hasPrefix("start: Mon 30 Nov is in the past; check-ins would be scheduled in the past"))
        #expect(text.contains("plan:none"))
        #expect(
            hireError(CivilDate(year: 2025, month: 6, day: 1)!)
                == .hireStartInPast(start: "Sun 1 Jun 2025", today: "Tue 1 Dec"))
        // With no check-ins, a hire that already started can be recorded.
        #expect(hireError(yesterday, .none) == nil)
    }

    @Test func startTodayOrLaterIsFine() {
        #expect(hireError(CivilDate(year: 2026, month: 12, day: 1)!) == nil)
        #expect(hireError(CivilDate(year: 2026, month: 12, day: 7)!) == nil)
        #expect(hireError(CivilDate(year: 2027, month: 1, day: 4)!, CheckinPlan(offsets: [0, 14])) == nil)
    }

    /// A check-in on the first day itself (`0d`) at 10:00 local is in the past once 10:00 has gone.
    @Test func checkinBeforeNowIsRefused() {
        let today = CivilDate(year: 2026, month: 12, day: 1)!
        let sameDay = CheckinPlan(offsets: [0, 7])
        #expect(hireError(today, sameDay) == nil)  // 10:00 is now: not before it
        let later = utc("2026-12-01T09:30:00Z")
        let error = hireError(today, sameDay, now: later)
        #expect(error == .checkinInPast(at: "Tue 1 Dec 10:00"))
        #expect(error?.description.contains("start a day later or leave 0d out of plan:") == true)
        // At 10:00 in Tokyo (the candidate's zone), 01:00Z: already past at 10:00 in Berlin.
        let tokyo = Zones.load("Asia/Tokyo")
        #expect(hireError(today, sameDay, zone: tokyo) == .checkinInPast(at: "Tue 1 Dec 02:00"))
        #expect(hireError(today, .standard, zone: tokyo) == nil)
    }

    @Test func draftsOverload() throws {
        let today = CivilDate(year: 2026, month: 12, day: 1)!
        let drafts = CheckinPlan(offsets: [0]).starts(from: today, zone: zone).enumerated().map { n, start in
            MeetingDraft(id: Int32(10 + n), handle: "ada", kind: .checkin, start: start, minutes: 30)
        }
        try ScheduleRules.checkHire(firstDay: today, checkins: drafts, now: now, zone: zone)
        #expect(throws: ScheduleError.self) {
            try ScheduleRules.checkHire(firstDay: today, checkins: drafts, now: now.adding(seconds: 60), zone: zone)
        }
    }

    /// The rules are for new commands only: the state still applies what an old journal holds
    /// (a check-in marked done before it started, a hire dated back), so such journals replay.
    @Test func stateStillAppliesOldRecords() throws {
        var state = State()
        var seq: Int64 = 0
        func apply(_ change: Change) throws {
            seq += 1
            try state.apply(Record(seq: seq, ts: now, by: "rita", change: change))
        }
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada")]))
        let past = CivilDate(year: 2026, month: 10, day: 1)!
        let id = state.nextID
        let checkins = CheckinPlan.standard.starts(from: past, zone: zone).enumerated().map { n, start in
            MeetingDraft(id: id + 1 + Int32(n), handle: "ada", kind: .checkin, start: start, minutes: 30)
        }
        try apply(.hire(handle: "ada", id: id, start: utc("2026-09-30T22:00:00Z"), checkins: checkins))
        let future = state.meetings.last!
        #expect(future.start > now)
        try apply(.done(meeting: future.id, mood: nil, outcome: nil))
        #expect(state.meeting(id: future.id)?.status == .done)
    }
}
