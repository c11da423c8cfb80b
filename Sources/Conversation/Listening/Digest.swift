/// The assistant's digest (`today`, SPEC §7): who and what needs attention, in this order.
/// Rule-based and local.
public struct Digest: Sendable {
    public struct Waiting: Sendable, Equatable {
        public var candidate: Int32
        public var since: Instant
    }
    public struct Ask: Sendable, Equatable {
        public var candidate: Int32
        public var since: Instant
    }
    /// Rejected or withdrawn `since` (the status change).
    public struct Closed: Sendable, Equatable {
        public var candidate: Int32
        public var since: Instant
    }
    public struct Silent: Sendable, Equatable {
        public var candidate: Int32
        /// The last message either way (nil: none ever).
        public var lastContact: Instant?
    }

    /// Waiting for our reply, longest first.
    public var waiting: [Waiting] = []
    /// Scheduled for today (local day).
    public var meetingsToday: [Meeting] = []
    /// Start passed, still scheduled.
    public var overdue: [Meeting] = []
    /// Rejected or withdrawn, never asked for feedback, longest closed first.
    public var neverAsked: [Closed] = []
    /// Feedback requests unanswered after 7 days, oldest first.
    public var unansweredAsks: [Ask] = []
    /// Active candidates with no message either way for 14 days.
    public var silent: [Silent] = []
    /// Hired (in the last 180 days) without a check-in in the next 30 days.
    public var hiresWithoutCheckin: [Int32] = []

    public static let askPatience: Int64 = 7 * 86_400
    public static let silence: Int64 = 14 * 86_400
    public static let checkinHorizon: Int64 = 30 * 86_400
    public static let newHire: Int64 = 180 * 86_400

    public init(state: State, now: Instant, zone: ZoneRules, filter: Filter = Filter()) {
        let today = zone.local(now).date
        var chosen = Set<Int32>()
        var waiting: [Waiting] = []
        var neverAsked: [Closed] = []
        var unansweredAsks: [Ask] = []
        var silent: [Silent] = []
        var hiresWithoutCheckin: [Int32] = []
        func consider(_ k: Int32, _ c: DigestRow) {
            chosen.insert(k)
            if let since = c.waitingSince { waiting.append(Waiting(candidate: k, since: since)) }
            if c.status == .rejected || c.status == .withdrawn, !c.asked {
                neverAsked.append(Closed(candidate: k, since: c.statusSince ?? c.updated))
            }
            if let since = c.openAskSince, now.seconds - since.seconds >= Self.askPatience {
                unansweredAsks.append(Ask(candidate: k, since: since))
            }
            if c.status == .active {
                let last = c.lastContact
                if now.seconds - (last ?? c.created).seconds >= Self.silence {
                    silent.append(Silent(candidate: k, lastContact: last))
                }
            }
            if c.status == .hired, let hired = c.onboarded, now.seconds - hired.seconds <= Self.newHire {
                let ahead = state.meetings(of: k).contains {
                    $0.kind == .checkin && $0.status == .scheduled && $0.start >= now
                        && $0.start.seconds - now.seconds <= Self.checkinHorizon
                }
                if !ahead { hiresWithoutCheckin.append(k) }
            }
        }
        if filter == Filter() {
            // Everyone: from the snapshot's columns where nothing changed (no candidate decoded).
            state.forEachDigestRow(names: false, consider)
        } else {
            state.candidates.forEach { i, c in
                guard !c.removed, filter.matches(c) else { return }
                consider(Int32(i), DigestRow(c))
            }
        }
        waiting.sort { ($0.since, $0.candidate) < ($1.since, $1.candidate) }
        unansweredAsks.sort { ($0.since, $0.candidate) < ($1.since, $1.candidate) }
        neverAsked.sort { ($0.since, $0.candidate) < ($1.since, $1.candidate) }
        silent.sort {
            (($0.lastContact?.seconds ?? Int64.min), $0.candidate) < (
                ($1.lastContact?.seconds ?? Int64.min), $1.candidate
            )
        }
        self.waiting = waiting
        self.neverAsked = neverAsked
        self.unansweredAsks = unansweredAsks
        self.silent = silent
        self.hiresWithoutCheckin = hiresWithoutCheckin
        for m in state.meetings where m.status == .scheduled && chosen.contains(m.candidate) {
            if m.start < now {
                overdue.append(m)
            } else if zone.local(m.start).date == today {
                meetingsToday.append(m)
            }
        }
        overdue.sort { $0.start < $1.start }
        meetingsToday.sort { $0.start < $1.start }
    }

    public var isEmpty: Bool {
        waiting.isEmpty && meetingsToday.isEmpty && overdue.isEmpty && neverAsked.isEmpty && unansweredAsks.isEmpty
            && silent.isEmpty && hiresWithoutCheckin.isEmpty
    }
}
