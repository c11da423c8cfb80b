/// The candidate-experience figures of SPEC §7 for a set of candidates.
public struct Report: Sendable, Equatable {
    public var candidates = 0
    public var byStatus: [Status: Int] = [:]
    public var byStage: [Stage: Int] = [:]
    /// Rejected or withdrawn candidates …
    public var closed = 0
    /// … of whom this many were asked for feedback …
    public var closedAsked = 0
    /// … and this many of those answered.
    public var closedAnswered = 0
    public var ratings: [UInt8] = []
    public var recommendYes = 0
    public var recommendNo = 0
    public var replyHours: [Double] = []
    public var waitingNow = 0
    public var silentActive = 0
    public var talks = MeetingCounts()
    public var checkins = MeetingCounts()
    public var stages: [StageFigures] = Stage.allCases.map { StageFigures(stage: $0) }
    public var forgotten = 0

    /// The CandE Awards 2012 benchmark: 9.5% of candidates were asked for feedback.
    public static let candE2012AskedShare = 0.095

    public struct MeetingCounts: Sendable, Equatable {
        public var held = 0
        public var scheduled = 0
        public var cancelled = 0
        /// Start passed, still scheduled.
        public var overdue = 0
    }

    public struct StageFigures: Sendable, Equatable {
        public var stage: Stage
        /// Candidates who were at this stage at some point.
        public var reached = 0
        /// Rejected while at this stage.
        public var rejected = 0
        /// Rejected or withdrawn at this stage and asked for feedback.
        public var asked = 0
    }

    public var feedbackAskedShare: Double? { closed == 0 ? nil : Double(closedAsked) / Double(closed) }
    public var feedbackAnsweredShare: Double? { closedAsked == 0 ? nil : Double(closedAnswered) / Double(closedAsked) }
    public var averageRating: Double? {
        ratings.isEmpty ? nil : Double(ratings.reduce(0) { $0 + Int($1) }) / Double(ratings.count)
    }
    public var recommendShare: Double? {
        recommendYes + recommendNo == 0 ? nil : Double(recommendYes) / Double(recommendYes + recommendNo)
    }
    public var medianReplyHours: Double? {
        guard !replyHours.isEmpty else { return nil }
        let sorted = replyHours.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    public init() {}

    /// Candidate filters choose the candidates; entry filters (since, via …) the entries counted.
    public init(state: State, now: Instant, filter: Filter = Filter()) {
        let facts = state.facts(filter: filter)
        forgotten = state.forgotten
        var chosen = Set<Int32>()
        for k in state.liveCandidates where filter.matches(state.candidates[Int(k)]) {
            chosen.insert(k)
            let c = state.candidates[Int(k)]
            let f = facts[Int(k)]
            candidates += 1
            byStatus[c.status, default: 0] += 1
            byStage[c.stage, default: 0] += 1
            let asked = !f.asks.isEmpty
            if c.status == .rejected || c.status == .withdrawn {
                closed += 1
                if asked {
                    closedAsked += 1
                    if !f.feedback.isEmpty { closedAnswered += 1 }
                    stages[Int(c.stage.rawValue)].asked += 1
                }
                if c.status == .rejected { stages[Int(c.stage.rawValue)].rejected += 1 }
            }
            for stage in Set(c.stages.map(\.stage)) { stages[Int(stage.rawValue)].reached += 1 }
            for answer in f.feedback {
                if answer.rating > 0 { ratings.append(answer.rating) }
                if let recommend = answer.recommend {
                    if recommend { recommendYes += 1 } else { recommendNo += 1 }
                }
            }
            replyHours += f.replyHours
            if f.contact.isWaiting { waitingNow += 1 }
            if c.status == .active, now.seconds - (f.contact.lastContact ?? c.created).seconds >= Digest.silence {
                silentActive += 1
            }
        }
        for m in state.meetings where chosen.contains(m.candidate) {
            var counts = m.kind == .talk ? talks : checkins
            switch m.status {
            case .done: counts.held += 1
            case .cancelled: counts.cancelled += 1
            case .scheduled:
                counts.scheduled += 1
                if m.start < now { counts.overdue += 1 }
            }
            if m.kind == .talk { talks = counts } else { checkins = counts }
        }
    }
}
