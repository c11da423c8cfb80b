/// What the assistant and the report need to know about each candidate's conversation: whose
/// move it is, how fast we replied, the feedback loop. Kept with each candidate and up to date
/// as changes are applied (`State+Facts.swift`), written into the snapshot's candidate lines, so
/// that `list`, `waiting`, `today` and `report` never read the timeline (README "Listening
/// facts"). The same values are worked out from the timeline by `State.facts(filter:)`.
public struct CandidateFacts: Sendable, Equatable {
    public var contact = ContactSummary()
    /// Times of our feedback requests.
    public var asks: [Instant] = []
    /// The candidate's answers.
    public var feedback: [Feedback] = []
    /// The oldest request not yet answered (an ask answered by feedback is closed).
    public var openAskSince: Instant?
    /// Seconds from the first unanswered inbound message of a run to our next reply.
    public var replySeconds: [Int64] = []
    /// The latest message, ask or feedback, by time then id: a later one is applied on top of
    /// these facts; an earlier one (logged with a past `at:`) means working them out again.
    public var lastEvent: EventKey?
    /// The candidate's latest inbound message by time (their last words, for `waiting`).
    public var lastInbound: Int32?
    /// Where that message's line is in the entries file of the snapshot these facts were read
    /// from; nil when the message is in memory (the journal, or a loaded timeline).
    public var lastInboundLine: Int64?
    /// When the current status was set (the latest status change), if it ever changed.
    public var statusSince: Instant?

    /// `replySeconds` in hours.
    public var replyHours: [Double] { replySeconds.map { Double($0) / 3600 } }

    public struct Feedback: Sendable, Equatable {
        public var at: Instant
        public var rating: UInt8
        public var recommend: Bool?

        public init(at: Instant, rating: UInt8, recommend: Bool?) {
            self.at = at
            self.rating = rating
            self.recommend = recommend
        }
    }

    /// A conversation event's place in time: its `at`, then its id.
    public struct EventKey: Sendable, Equatable, Comparable {
        public var at: Int64
        public var id: Int32

        public init(at: Int64, id: Int32) {
            self.at = at
            self.id = id
        }

        public static func < (a: EventKey, b: EventKey) -> Bool { (a.at, a.id) < (b.at, b.id) }
    }

    /// What a timeline entry is to the conversation.
    public enum Event: Sendable, Equatable {
        case inbound, outbound, ask
        case feedback(rating: UInt8, recommend: Bool?)

        /// The event an entry is, if it is one (messages, asks, feedback).
        public init?(_ entry: Entry) {
            switch entry.kind {
            case .message: self = entry.direction == .inbound ? .inbound : .outbound
            case .ask: self = .ask
            case .feedback: self = .feedback(rating: entry.rating, recommend: entry.recommend)
            default: return nil
            }
        }
    }

    public init() {}

    /// Applies one event that comes after every event applied so far (`key > lastEvent`).
    public mutating func record(_ event: Event, key: EventKey) {
        let at = Instant(seconds: key.at)
        switch event {
        case .inbound:
            contact.lastContact = at
            contact.lastInbound = at
            if contact.waitingSince == nil { contact.waitingSince = at }
            lastInbound = key.id
            lastInboundLine = nil
        case .outbound, .ask:
            contact.lastContact = at
            contact.lastOutbound = at
            if let since = contact.waitingSince { replySeconds.append(key.at - since.seconds) }
            contact.waitingSince = nil
            if event == .ask {
                asks.append(at)
                if openAskSince == nil { openAskSince = at }
            }
        case .feedback(let rating, let recommend):
            feedback.append(Feedback(at: at, rating: rating, recommend: recommend))
            openAskSince = nil
        }
        lastEvent = key
    }

    /// The facts without where the snapshot kept the last inbound message (for comparing facts
    /// kept up to date with facts worked out from the timeline).
    public var comparable: CandidateFacts {
        var facts = self
        facts.lastInboundLine = nil
        return facts
    }
}

extension State {
    /// The facts of every candidate (by number), worked out from the timeline in one pass;
    /// entries outside `filter`'s entry constraints are left out. Without entry constraints these
    /// equal the facts kept with each candidate (`Candidate.facts`).
    public func facts(filter: Filter = Filter()) -> [CandidateFacts] {
        var events = [[(key: CandidateFacts.EventKey, event: CandidateFacts.Event)]](
            repeating: [], count: candidates.count)
        var statusSince = [Instant?](repeating: nil, count: candidates.count)
        let checksAuthors = !filter.authors.isEmpty
        for entry in entries where !entry.removed {
            if entry.kind == .status {
                statusSince[Int(entry.candidate)] = entry.at
                continue
            }
            guard let event = CandidateFacts.Event(entry) else { continue }
            if filter.constrainsEntries, !filter.matches(entry, author: checksAuthors ? user(entry.by) : "") {
                continue
            }
            events[Int(entry.candidate)].append((CandidateFacts.EventKey(at: entry.at.seconds, id: entry.id), event))
        }
        return events.enumerated().map { k, list in
            var facts = Self.facts(of: list)
            facts.statusSince = statusSince[k]
            return facts
        }
    }

    /// The facts of one candidate, from their timeline (which must be in memory).
    public func derivedFacts(of k: Int32) -> CandidateFacts {
        var events: [(key: CandidateFacts.EventKey, event: CandidateFacts.Event)] = []
        var statusSince: Instant?
        for position in entryPositions(of: k) {
            let entry = entries[Int(position)]
            if entry.kind == .status { statusSince = entry.at }
            guard let event = CandidateFacts.Event(entry) else { continue }
            events.append((CandidateFacts.EventKey(at: entry.at.seconds, id: entry.id), event))
        }
        var facts = Self.facts(of: events)
        facts.statusSince = statusSince
        return facts
    }

    private static func facts(of list: [(key: CandidateFacts.EventKey, event: CandidateFacts.Event)])
        -> CandidateFacts
    {
        var ordered = list
        if zip(ordered, ordered.dropFirst()).contains(where: { $0.key > $1.key }) { ordered.sort { $0.key < $1.key } }
        var facts = CandidateFacts()
        for item in ordered { facts.record(item.event, key: item.key) }
        return facts
    }
}
