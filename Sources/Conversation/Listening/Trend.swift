/// `report by:week`: the report's period figures week by week, for the candidates the filter
/// chooses (README "The report").
///
/// Weeks run Monday 00:00 to Monday 00:00 in the user's zone. The series covers the period:
/// `since:` (else the start of the week eleven weeks before this one: twelve weeks with this
/// one) to `until:`, and no week after this one; it starts no earlier than the week of the
/// first thing in the store, so `since:2000-01-01` does not draw decades of empty weeks. The
/// first and last week are cut to the period, so the weeks' counts add up to the report's
/// figures for the same period.
///
/// Each week counts what the report counts for its period, with the same rules:
/// - replies: our replies sent in the week, and their median;
/// - rejected or withdrawn: candidates whose latest status change, to one of those, is in the
///   week, and how many of them were asked for feedback (at any time);
/// - ratings: feedback received in the week, and their average;
/// - waiting: candidates waiting for a reply at the week's end (for this week, now), from the
///   whole timeline as `waitingNow` is, so the last week's figure is `waitingNow`.
public struct Trend: Sendable, Equatable {
    public var weeks: [Week] = []
    /// Per week, the instant (seconds, exclusive) who waits is counted at.
    private var measured: [Int64] = []

    /// Weeks shown without `since:`: this one and the eleven before.
    public static let defaultWeeks = 12

    public struct Week: Sendable, Equatable {
        /// The week's Monday, local.
        public var monday: CivilDate
        /// The start, cut to the period.
        public var start: Instant
        /// Exclusive, cut to the period.
        public var end: Instant
        public var replyHours: [Double] = []
        /// Candidates waiting for a reply at the week's end, or now for this week.
        public var waiting = 0
        /// Whether `waiting` is about now: this week, with no `until:` before now.
        public var endsNow = false
        /// When `waiting` was counted: the end, or now.
        public func waitingAt(now: Instant) -> Instant { endsNow ? now : end }
        public var closed = 0
        public var closedAsked = 0
        public var ratings: [UInt8] = []

        public init(monday: CivilDate, start: Instant, end: Instant) {
            self.monday = monday
            self.start = start
            self.end = end
        }

        public var medianReplyHours: Double? { Report.median(replyHours) }
        public var feedbackAskedShare: Double? { closed == 0 ? nil : Double(closedAsked) / Double(closed) }
        public var averageRating: Double? { Report.average(ratings) }

        /// The ISO 8601 week: `2026-W49`.
        public var isoWeek: String {
            let thursday = monday.adding(days: 3)
            let january1 = CivilDate(year: thursday.year, month: 1, day: 1)!
            let number = Int(thursday.daysSinceEpoch - january1.daysSinceEpoch) / 7 + 1
            return pad(thursday.year, 4) + "-W" + pad(number, 2)
        }
    }

    public init() {}

    /// The series for the candidates `filter` chooses (as `Report(…, weekly: true)` makes it
    /// along with the report, sharing its pass over the candidates).
    public init(state: State, now: Instant, filter: Filter = Filter(), zone: ZoneRules = .utc) {
        var timeless = filter
        timeless.since = nil
        timeless.until = nil
        let chosen = state.liveCandidates.filter { filter.matches(state.candidates[Int($0)]) }
        self.init(weeksOf: state, chosen: chosen, now: now, filter: filter, zone: zone)
        let facts = timeless.constrainsEntries ? state.facts(filter: timeless) : state.candidates.map(\.facts)
        for k in chosen {
            let runs = Report.runs(of: k, in: state, filter: Filter())
            let replies =
                timeless.constrainsEntries
                ? Report.replies(of: k, in: state, filter: timeless) : Report.replies(of: runs)
            count(k, in: state, facts: facts[Int(k)], runs: runs, replies: replies)
        }
    }

    /// The weeks of the period, nothing counted yet.
    init(weeksOf state: State, chosen: [Int32], now: Instant, filter: Filter, zone: ZoneRules) {
        let thisWeek = Self.monday(of: now, zone: zone)
        let end = min(filter.until ?? Instant(seconds: Int64.max), Self.instant(thisWeek.adding(days: 7), zone: zone))
        var first = state.entries.lazy.filter { !$0.removed }.map(\.at.seconds).min() ?? Int64.max
        for k in chosen { first = min(first, state.candidates[Int(k)].created.seconds) }
        let defaultStart = thisWeek.adding(days: -7 * (Self.defaultWeeks - 1))
        var start = filter.since ?? Self.instant(defaultStart, zone: zone)
        if first != Int64.max {
            start = max(start, Self.instant(Self.monday(of: Instant(seconds: first), zone: zone), zone: zone))
        }
        guard start < end, start <= now else { return }
        var monday = Self.monday(of: start, zone: zone)
        while true {
            let weekStart = Self.instant(monday, zone: zone)
            guard weekStart < end else { break }
            let next = Self.instant(monday.adding(days: 7), zone: zone)
            var week = Week(monday: monday, start: max(weekStart, start), end: min(next, end))
            week.endsNow = week.end > now
            weeks.append(week)
            monday = monday.adding(days: 7)
        }
        // Who waits is counted after the events before the week's end (this week: up to now).
        measured = weeks.map { $0.endsNow ? now.seconds + 1 : $0.end.seconds }
    }

    /// Counts one chosen candidate: `runs` from every message (who waits), `replies` those the
    /// entry filters choose (reply times), `facts` with the entry filters applied.
    mutating func count(
        _ k: Int32, in state: State, facts f: CandidateFacts, runs: [(since: Int64, reply: Int64?)],
        replies: [(at: Instant, hours: Double)]
    ) {
        guard !weeks.isEmpty else { return }
        let c = state.candidates[Int(k)]
        if c.status == .rejected || c.status == .withdrawn, let w = week(of: state.statusSince(of: k) ?? c.created) {
            weeks[w].closed += 1
            if !f.asks.isEmpty { weeks[w].closedAsked += 1 }
        }
        for answer in f.feedback where answer.rating > 0 {
            if let w = week(of: answer.at) { weeks[w].ratings.append(answer.rating) }
        }
        for reply in replies {
            if let w = week(of: reply.at) { weeks[w].replyHours.append(reply.hours) }
        }
        // Waiting at a week's end: their message came before it, our reply not.
        for run in runs {
            var w = firstWeek(endingAfter: run.since)
            while w < weeks.count, measured[w] > run.since, run.reply.map({ measured[w] <= $0 }) ?? true {
                weeks[w].waiting += 1
                w += 1
            }
        }
    }

    /// The week holding `instant`, if it is in the series.
    private func week(of instant: Instant) -> Int? {
        guard let last = weeks.last, instant >= weeks[0].start, instant < last.end else { return nil }
        let w = firstWeek(endingAfter: instant.seconds)
        return w < weeks.count ? w : nil
    }

    /// The first week whose end is after `seconds`.
    private func firstWeek(endingAfter seconds: Int64) -> Int {
        var low = 0
        var high = weeks.count
        while low < high {
            let mid = (low + high) / 2
            if weeks[mid].end.seconds > seconds { high = mid } else { low = mid + 1 }
        }
        return low
    }

    static func monday(of instant: Instant, zone: ZoneRules) -> CivilDate { zone.local(instant).date.monday }

    static func instant(_ date: CivilDate, zone: ZoneRules) -> Instant {
        zone.instant(for: CivilDateTime(date: date, hour: 0, minute: 0))
    }
}
