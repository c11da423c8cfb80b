/// The rules a new `done` or `hire` must keep about time (SPEC §6): a meeting is marked held only
/// once it has started, and `hire` plans no check-in in the past.
///
/// These are checks for the command layer, made when a user gives the command. They are not part
/// of `State.apply`: a journal written before them (a check-in marked done early, a hire dated
/// back) must still replay as it was.
public enum ScheduleRules {
    /// Whether `done` may mark `meeting` held at `now`.
    ///
    /// - A meeting whose start has come (`start <= now`, overdue ones included) may be marked done.
    /// - One that starts later today (the local day of `now` in `zone`) is refused unless
    ///   `force`: it may have been held early.
    /// - One that starts on a later day is refused even with `force`; it should be moved to when
    ///   it really takes place, or cancelled.
    public static func checkDone(_ meeting: Meeting, now: Instant, zone: ZoneRules, force: Bool = false)
        throws(ScheduleError)
    {
        guard meeting.start > now else { return }
        let startsToday = zone.local(meeting.start).date == zone.local(now).date
        if startsToday && force { return }
        let starts = HumanTime.dateTime(meeting.start, zone: zone, now: now)
        let wait = HumanTime.relative(meeting.start, now: now)
        if startsToday {
            throw .doneBeforeStartToday(meeting: meeting.id, starts: starts, wait: wait)
        }
        throw .doneBeforeStartDay(meeting: meeting.id, starts: starts, wait: wait, forced: force)
    }

    /// Whether `hire` may start on `firstDay` with check-ins at `checkins` (their starts).
    ///
    /// - A first day before today (the local day of `now` in `zone`) is refused when any
    ///   check-in is planned: they would be scheduled in the past. With no check-ins
    ///   (`plan:none`) a hire that already started may be recorded.
    /// - Any check-in starting before `now` is refused (`plan:0d` on a start of today after
    ///   10:00, say).
    public static func checkHire(firstDay: CivilDate, checkins: [Instant], now: Instant, zone: ZoneRules)
        throws(ScheduleError)
    {
        let today = zone.local(now).date
        let year = today.year
        if firstDay < today, !checkins.isEmpty {
            throw .hireStartInPast(start: HumanTime.day(firstDay, thisYear: year), today: HumanTime.day(today))
        }
        if let past = checkins.filter({ $0 < now }).min() {
            throw .checkinInPast(at: HumanTime.dateTime(past, zone: zone, now: now))
        }
    }

    /// `checkHire` for the drafts a `.hire` change carries.
    public static func checkHire(firstDay: CivilDate, checkins: [MeetingDraft], now: Instant, zone: ZoneRules)
        throws(ScheduleError)
    {
        try checkHire(firstDay: firstDay, checkins: checkins.map(\.start), now: now, zone: zone)
    }
}

/// Why `done` or `hire` is refused by `ScheduleRules`; the text is user-facing and says how to
/// go on. Times in it are already written out in the user's zone.
public enum ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `done` of a meeting that starts later today, without `force:yes`.
    case doneBeforeStartToday(meeting: Int32, starts: String, wait: String)
    /// `done` of a meeting that starts on a later day (`forced`: even with `force:yes`).
    case doneBeforeStartDay(meeting: Int32, starts: String, wait: String, forced: Bool)
    /// `hire start:` a day before today, with check-ins planned.
    case hireStartInPast(start: String, today: String)
    /// A planned check-in that would start before now.
    case checkinInPast(at: String)

    public var description: String {
        switch self {
        case .doneBeforeStartToday(let id, let starts, let wait):
            return
                "meeting #\(id) has not started yet: it starts \(starts) (\(wait)); if it was held early, "
                + "add force:yes; else move #\(id) at:… or cancel #\(id)"
        case .doneBeforeStartDay(let id, let starts, let wait, let forced):
            return
                "meeting #\(id) has not started yet: it starts \(starts) (\(wait))"
                + (forced ? "; force:yes only marks a meeting of today held early" : "")
                + "; if it takes place at another time, move #\(id) at:…; if it will not, cancel #\(id)"
        case .hireStartInPast(let start, let today):
            return
                "start: \(start) is in the past; check-ins would be scheduled in the past. Give today "
                + "(\(today)) or a later day, or add plan:none to record a hire that already started"
        case .checkinInPast(let at):
            return
                "a check-in of the plan would be in the past (\(at)); start a day later or leave 0d out of plan:"
        }
    }
}
