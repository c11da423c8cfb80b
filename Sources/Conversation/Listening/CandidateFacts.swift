/// What the assistant and the report need to know about each candidate's conversation, worked
/// out in one pass over the timeline: whose move it is, how fast we replied, the feedback loop.
public struct CandidateFacts: Sendable, Equatable {
    public var contact = ContactSummary()
    /// Times of our feedback requests.
    public var asks: [Instant] = []
    /// The candidate's answers.
    public var feedback: [Feedback] = []
    /// The oldest request not yet answered (an ask answered by feedback is closed).
    public var openAskSince: Instant?
    /// Hours from the first unanswered inbound message of a run to our next reply.
    public var replyHours: [Double] = []

    public struct Feedback: Sendable, Equatable {
        public var at: Instant
        public var rating: UInt8
        public var recommend: Bool?
    }

    public init() {}
}

extension State {
    /// The facts of every candidate (by number); entries outside `filter`'s entry constraints
    /// are left out.
    public func facts(filter: Filter = Filter()) -> [CandidateFacts] {
        enum Event: UInt8 { case inbound, outbound, ask, feedback }
        var events = [[(at: Int64, id: Int32, event: Event, position: Int32)]](repeating: [], count: candidates.count)
        let checksAuthors = !filter.authors.isEmpty
        for (position, entry) in entries.enumerated() where !entry.removed {
            let event: Event
            switch entry.kind {
            case .message: event = entry.direction == .inbound ? .inbound : .outbound
            case .ask: event = .ask
            case .feedback: event = .feedback
            default: continue
            }
            if filter.constrainsEntries, !filter.matches(entry, author: checksAuthors ? user(entry.by) : "") {
                continue
            }
            events[Int(entry.candidate)].append((entry.at.seconds, entry.id, event, Int32(position)))
        }
        return events.map { list in
            var ordered = list
            if zip(ordered, ordered.dropFirst()).contains(where: { ($0.at, $0.id) > ($1.at, $1.id) }) {
                ordered.sort { ($0.at, $0.id) < ($1.at, $1.id) }
            }
            var facts = CandidateFacts()
            var waiting: Int64?
            for item in ordered {
                let at = Instant(seconds: item.at)
                switch item.event {
                case .inbound:
                    facts.contact.lastContact = at
                    facts.contact.lastInbound = at
                    if waiting == nil { waiting = item.at }
                case .outbound, .ask:
                    facts.contact.lastContact = at
                    facts.contact.lastOutbound = at
                    if let since = waiting { facts.replyHours.append(Double(item.at - since) / 3600) }
                    waiting = nil
                    if item.event == .ask {
                        facts.asks.append(at)
                        if facts.openAskSince == nil { facts.openAskSince = at }
                    }
                case .feedback:
                    let e = entries[Int(item.position)]
                    facts.feedback.append(.init(at: at, rating: e.rating, recommend: e.recommend))
                    facts.openAskSince = nil
                }
            }
            facts.contact.waitingSince = waiting.map { Instant(seconds: $0) }
            return facts
        }
    }
}
