/// The candidate-experience figures of SPEC §7 for a set of candidates.
///
/// Candidate filters (stage, status, owner, role, source, tag) choose the candidates. The period
/// (`since:`, `until:`) chooses, for each figure, the events it is about, and every share has its
/// part and its whole over the same candidates and the same period:
///
/// - feedback asked / answered and the per-stage rejected / asked: candidates rejected or
///   withdrawn in the period (their latest status change), and which of those were asked for
///   feedback and answered (at any time up to now);
/// - ratings and would-recommend: feedback received in the period;
/// - median reply: our replies sent in the period (timed from the candidate's first unanswered
///   message, which may be older);
/// - stage reached: stages entered in the period;
/// - talks and check-ins held / scheduled / cancelled: meetings starting in the period;
/// - "now" figures — candidates by status and stage, waiting now, silent active, overdue
///   meetings — are about now, whatever the period, and see the whole timeline.
///
/// Other entry filters (`via:`, `dir:`, `by:`, `kind:`) limit the messages, asks and feedback the
/// period figures count, as before; the "now" figures ignore them.
///
/// `figures` says what each figure counts, in words, for the renderer to print as they are.
public struct Report: Sendable, Equatable {
    public var candidates = 0
    public var byStatus: [Status: Int] = [:]
    public var byStage: [Stage: Int] = [:]
    /// Rejected or withdrawn candidates (in the period: their status changed to that in it) …
    public var closed = 0
    /// … of whom this many were asked for feedback …
    public var closedAsked = 0
    /// … and this many of those answered.
    public var closedAnswered = 0
    /// Feedback received in the period.
    public var ratings: [UInt8] = []
    public var recommendYes = 0
    public var recommendNo = 0
    /// Our replies sent in the period.
    public var replyHours: [Double] = []
    /// Now, whatever the period.
    public var waitingNow = 0
    /// Active candidates silent for `Digest.silence`, now …
    public var silentActive = 0
    /// … of this many active candidates.
    public var activeNow = 0
    /// Meetings starting in the period; `overdue` is now, whatever the period.
    public var talks = MeetingCounts()
    public var checkins = MeetingCounts()
    public var stages: [StageFigures] = Stage.allCases.map { StageFigures(stage: $0) }
    public var forgotten = 0
    /// The period the report covers (`since:` / `until:`), if any.
    public var since: Instant?
    /// Exclusive.
    public var until: Instant?
    /// The period in words ("since Wed 25 Nov", "until Mon 30 Nov"); empty for all time.
    public var periodText = ""
    /// Every figure with what it counts, in the order the report shows them.
    public var figures: [Figure] = []
    /// What the per-stage columns count in the period; empty for all time.
    public var stagesText = ""
    /// `by:week`: the period's figures week by week.
    public var trend: Trend?

    /// The CandE Awards 2012 benchmark: 9.5% of candidates were asked for feedback.
    public static let candE2012AskedShare = 0.095

    public struct MeetingCounts: Sendable, Equatable {
        public var held = 0
        public var scheduled = 0
        public var cancelled = 0
        /// Start passed, still scheduled (now, whatever the period).
        public var overdue = 0

        public init(held: Int = 0, scheduled: Int = 0, cancelled: Int = 0, overdue: Int = 0) {
            self.held = held
            self.scheduled = scheduled
            self.cancelled = cancelled
            self.overdue = overdue
        }
    }

    public struct StageFigures: Sendable, Equatable {
        public var stage: Stage
        /// Candidates who were at this stage at some point (who entered it in the period).
        public var reached = 0
        /// Rejected while at this stage (in the period).
        public var rejected = 0
        /// Rejected or withdrawn at this stage (in the period) and asked for feedback.
        public var asked = 0

        public init(stage: Stage, reached: Int = 0, rejected: Int = 0, asked: Int = 0) {
            self.stage = stage
            self.reached = reached
            self.rejected = rejected
            self.asked = asked
        }
    }

    /// One line of the report: what the renderer prints is `label` and `text`; JSON can carry
    /// `key`, `value` and `counts` beside the figure itself.
    public struct Figure: Sendable, Equatable {
        /// The JSON field of the figure (`feedbackAskedShare`, `waitingNow`, `talks` …).
        public var key: String
        /// `Feedback asked`
        public var label: String
        /// The value as shown: `28.6%`, `9`, `4.0 / 5`, `—` when there is nothing to divide.
        public var value: String
        /// What it counts, over whom and when: `4 of 14 rejected or withdrawn since Wed 25 Nov`.
        public var counts: String
        /// The whole line after the label: value and what it counts.
        public var text: String

        public init(key: String, label: String, value: String, counts: String, text: String) {
            self.key = key
            self.label = label
            self.value = value
            self.counts = counts
            self.text = text
        }
    }

    public var feedbackAskedShare: Double? { closed == 0 ? nil : Double(closedAsked) / Double(closed) }
    public var feedbackAnsweredShare: Double? { closedAsked == 0 ? nil : Double(closedAnswered) / Double(closedAsked) }
    public var averageRating: Double? { Self.average(ratings) }
    public var recommendShare: Double? {
        recommendYes + recommendNo == 0 ? nil : Double(recommendYes) / Double(recommendYes + recommendNo)
    }
    public var medianReplyHours: Double? { Self.median(replyHours) }

    /// The middle value (the mean of the two middle ones for an even count); nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The mean rating; nil for none.
    static func average(_ ratings: [UInt8]) -> Double? {
        ratings.isEmpty ? nil : Double(ratings.reduce(0) { $0 + Int($1) }) / Double(ratings.count)
    }

    /// The figure with JSON field `key`.
    public func figure(_ key: String) -> Figure? { figures.first { $0.key == key } }

    public init() {}

    /// The report for the candidates `filter` chooses; `zone` writes the period in words (the
    /// user's zone).
    /// With `weekly`, `trend` is made in the same pass over the candidates.
    public init(state: State, now: Instant, filter: Filter = Filter(), zone: ZoneRules = .utc, weekly: Bool = false) {
        var timeless = filter
        timeless.since = nil
        timeless.until = nil
        let hasPeriod = filter.since != nil || filter.until != nil
        since = filter.since
        until = filter.until
        // Asks, answers, feedback and replies: the entry filters except the period, which each
        // figure applies to its own events. "Now" figures: the whole timeline.
        // Kept with each candidate, unless entries are filtered (then from the timeline).
        let kept = state.candidates.map(\.facts)
        let facts = timeless.constrainsEntries ? state.facts(filter: timeless) : kept
        let factsNow = kept
        func inPeriod(_ at: Instant) -> Bool { !hasPeriod || filter.inRange(at) }
        forgotten = state.forgotten
        var chosen = Set<Int32>()
        let chosenList = state.liveCandidates.filter { filter.matches(state.candidates[Int($0)]) }
        if weekly { trend = Trend(weeksOf: state, chosen: chosenList, now: now, filter: filter, zone: zone) }
        for k in chosenList {
            chosen.insert(k)
            let c = state.candidates[Int(k)]
            let f = facts[Int(k)]
            candidates += 1
            byStatus[c.status, default: 0] += 1
            byStage[c.stage, default: 0] += 1
            if c.status == .rejected || c.status == .withdrawn, inPeriod(state.statusSince(of: k) ?? c.created) {
                closed += 1
                if !f.asks.isEmpty {
                    closedAsked += 1
                    if !f.feedback.isEmpty { closedAnswered += 1 }
                    stages[Int(c.stage.rawValue)].asked += 1
                }
                if c.status == .rejected { stages[Int(c.stage.rawValue)].rejected += 1 }
            }
            for stage in Set(c.stages.filter { inPeriod($0.at) }.map(\.stage)) {
                stages[Int(stage.rawValue)].reached += 1
            }
            for answer in f.feedback where inPeriod(answer.at) {
                if answer.rating > 0 { ratings.append(answer.rating) }
                if let recommend = answer.recommend {
                    if recommend { recommendYes += 1 } else { recommendNo += 1 }
                }
            }
            if hasPeriod || weekly {
                // Every message counts for who waits; entry filters choose the replies timed.
                let runs = weekly || !timeless.constrainsEntries ? Self.runs(of: k, in: state, filter: Filter()) : []
                let replies =
                    timeless.constrainsEntries
                    ? Self.replies(of: k, in: state, filter: timeless) : Self.replies(of: runs)
                trend?.count(k, in: state, facts: f, runs: runs, replies: replies)
                if hasPeriod { replyHours += replies.filter { inPeriod($0.at) }.map(\.hours) }
            }
            if !hasPeriod { replyHours += f.replyHours }
            let contact = factsNow[Int(k)].contact
            if contact.isWaiting { waitingNow += 1 }
            if c.status == .active {
                activeNow += 1
                if now.seconds - (contact.lastContact ?? c.created).seconds >= Digest.silence { silentActive += 1 }
            }
        }
        for m in state.meetings where chosen.contains(m.candidate) {
            var counts = m.kind == .talk ? talks : checkins
            if m.status == .scheduled, m.start < now { counts.overdue += 1 }
            if inPeriod(m.start) {
                switch m.status {
                case .done: counts.held += 1
                case .cancelled: counts.cancelled += 1
                case .scheduled: counts.scheduled += 1
                }
            }
            if m.kind == .talk { talks = counts } else { checkins = counts }
        }
        periodText = Self.periodText(since: filter.since, until: filter.until, zone: zone, now: now)
        figures = makeFigures()
        if !periodText.isEmpty {
            stagesText =
                "reached: entered \(periodText); rejected there, asked there: rejected or withdrawn \(periodText)"
        }
    }

    /// Our replies to a candidate, when each was sent and how long after the first message of
    /// theirs it answered (as `CandidateFacts.replyHours`, with times).
    static func replies(of k: Int32, in state: State, filter: Filter) -> [(at: Instant, hours: Double)] {
        replies(of: runs(of: k, in: state, filter: filter))
    }

    /// The runs that were answered: when, and after how many hours.
    static func replies(of runs: [(since: Int64, reply: Int64?)]) -> [(at: Instant, hours: Double)] {
        runs.compactMap { run in run.reply.map { (Instant(seconds: $0), Double($0 - run.since) / 3600) } }
    }

    /// The candidate's turns to be answered: from their first message of a run (seconds) to our
    /// next message or feedback ask, nil while they still wait (as `CandidateFacts.record`).
    static func runs(of k: Int32, in state: State, filter: Filter) -> [(since: Int64, reply: Int64?)] {
        var events: [(at: Int64, id: Int32, inbound: Bool)] = []
        for position in state.entryPositions(of: k) {
            let e = state.entries[Int(position)]
            guard e.kind == .message || e.kind == .ask else { continue }
            if filter.constrainsEntries, !filter.matches(e, author: state.user(e.by)) { continue }
            events.append((e.at.seconds, e.id, e.kind == .message && e.direction == .inbound))
        }
        events.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        var waiting: Int64?
        var runs: [(since: Int64, reply: Int64?)] = []
        for event in events {
            if event.inbound {
                if waiting == nil { waiting = event.at }
            } else {
                if let since = waiting { runs.append((since, event.at)) }
                waiting = nil
            }
        }
        if let since = waiting { runs.append((since, nil)) }
        return runs
    }

    // MARK: - Words

    /// "since Wed 25 Nov", "until Mon 30 Nov" (an exclusive `until` at local midnight is the
    /// day before, inclusive), "from Wed 25 Nov until Mon 30 Nov", "before Tue 1 Dec 15:00".
    static func periodText(since: Instant?, until: Instant?, zone: ZoneRules, now: Instant) -> String {
        func write(_ instant: Instant) -> String {
            let local = zone.local(instant)
            return local.hour == 0 && local.minute == 0 && local.second == 0
                ? HumanTime.day(local.date, thisYear: zone.local(now).date.year)
                : HumanTime.dateTime(instant, zone: zone, now: now)
        }
        var end: String?
        if let until {
            let local = zone.local(until)
            if local.hour == 0 && local.minute == 0 && local.second == 0 {
                end = "until " + HumanTime.day(local.date.adding(days: -1), thisYear: zone.local(now).date.year)
            } else {
                end = "before " + write(until)
            }
        }
        switch (since, end) {
        case (let since?, let end?): return "from " + write(since) + " " + end
        case (let since?, nil): return "since " + write(since)
        case (nil, let end?): return end
        case (nil, nil): return ""
        }
    }

    public static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    public static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    private func makeFigures() -> [Figure] {
        let when = periodText.isEmpty ? "" : " " + periodText
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) " + (n == 1 ? one : many) }
        var list: [Figure] = []
        func add(_ key: String, _ label: String, _ value: String, _ counts: String, _ text: String) {
            list.append(Figure(key: key, label: label, value: value, counts: counts, text: text))
        }
        let asked = Self.percent(feedbackAskedShare)
        let closedCounts = "\(closedAsked) of \(closed) rejected or withdrawn\(when)"
        add(
            "feedbackAskedShare", "Feedback asked", asked, closedCounts,
            closedCounts + " = " + asked + "   (CandE 2012 benchmark: 9.5% asked)")
        let answered = Self.percent(feedbackAnsweredShare)
        let answeredCounts =
            "\(closedAnswered) of \(closedAsked) asked" + (when.isEmpty ? "" : " (rejected or withdrawn\(when))")
        add("feedbackAnsweredShare", "Feedback answered", answered, answeredCounts, answeredCounts + " = " + answered)
        let rating = averageRating.map { Self.number($0) + " / 5" } ?? "—"
        let ratingCounts = plural(ratings.count, "rating", "ratings") + (when.isEmpty ? "" : " received" + when)
        add("averageRating", "Average rating", rating, ratingCounts, rating + " (" + ratingCounts + ")")
        let recommend = Self.percent(recommendShare)
        let recommendCounts =
            "\(recommendYes) of \(recommendYes + recommendNo) saying yes or no"
            + (when.isEmpty ? "" : " received" + when)
        add(
            "recommendShare", "Would recommend us", recommend, recommendCounts, recommend + " (" + recommendCounts + ")"
        )
        let median = medianReplyHours.map { Self.number($0) + " h" } ?? "—"
        let replyCounts = plural(replyHours.count, "reply", "replies") + (when.isEmpty ? "" : " sent" + when)
        add("medianReplyHours", "Median reply", median, replyCounts, median + " (" + replyCounts + ")")
        let waitingCounts =
            "\(waitingNow) of " + plural(candidates, "candidate", "candidates") + " wait for a reply now"
        add("waitingNow", "Waiting now", "\(waitingNow)", waitingCounts, waitingCounts)
        let silentCounts = "\(silentActive) of \(activeNow) active, no message either way for 14 days, now"
        add("silentActive", "Silent (14 days)", "\(silentActive)", silentCounts, silentCounts)
        let starting = when.isEmpty ? "" : " (starting" + when + ")"
        let talkCounts =
            "\(talks.held) held · \(talks.scheduled) scheduled · \(talks.cancelled) cancelled" + starting
            + (when.isEmpty ? "" : " · \(talks.overdue) overdue now")
        add("talks", "Talks", "\(talks.held)", talkCounts, talkCounts)
        let checkinCounts =
            "\(checkins.held) held · \(checkins.overdue) overdue" + (when.isEmpty ? "" : " now") + " · "
            + "\(checkins.scheduled) scheduled" + starting
        add("checkins", "Check-ins", "\(checkins.held)", checkinCounts, checkinCounts)
        let statusCounts =
            Status.allCases.map { "\($0.name) \(byStatus[$0] ?? 0)" }.joined(separator: " · ")
            + (when.isEmpty ? "" : " (now)")
        add("byStatus", "By status", "\(candidates)", statusCounts, statusCounts)
        return list
    }
}
