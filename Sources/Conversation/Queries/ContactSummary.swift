/// Whose move it is with a candidate (SPEC §2): the last contact either way, and — when the
/// latest message is theirs and unanswered — since when they have been waiting for us.
public struct ContactSummary: Sendable, Equatable {
    public var lastContact: Instant?
    /// The first inbound message after our last outbound one, if no outbound followed it.
    public var waitingSince: Instant?
    public var lastInbound: Instant?
    public var lastOutbound: Instant?

    public init() {}
    public var isWaiting: Bool { waitingSince != nil }
}

extension State {
    /// The contact summary of every candidate (by number), in one pass over the timeline.
    /// Messages are taken in the order they happened (`at`), whatever order they were logged in.
    public func contactSummaries() -> [ContactSummary] {
        var contacts = [[(at: Int64, id: Int32, inbound: Bool)]](repeating: [], count: candidates.count)
        for entry in entries where !entry.removed {
            switch entry.kind {
            case .message:
                contacts[Int(entry.candidate)].append((entry.at.seconds, entry.id, entry.direction == .inbound))
            case .ask:
                // A feedback request is a message of ours.
                contacts[Int(entry.candidate)].append((entry.at.seconds, entry.id, false))
            default: break
            }
        }
        return contacts.map(Self.summarize)
    }

    public func contactSummary(of candidate: Int32) -> ContactSummary {
        var contacts: [(at: Int64, id: Int32, inbound: Bool)] = []
        for position in entryPositions(of: candidate) {
            let entry = entries[Int(position)]
            if entry.kind == .message || entry.kind == .ask {
                contacts.append((entry.at.seconds, entry.id, entry.kind == .message && entry.direction == .inbound))
            }
        }
        return Self.summarize(contacts)
    }

    static func summarize(_ contacts: [(at: Int64, id: Int32, inbound: Bool)]) -> ContactSummary {
        var ordered = contacts
        var sorted = true
        for k in ordered.indices.dropFirst()
        where (ordered[k - 1].at, ordered[k - 1].id) > (ordered[k].at, ordered[k].id) {
            sorted = false
            break
        }
        if !sorted { ordered.sort { ($0.at, $0.id) < ($1.at, $1.id) } }
        var summary = ContactSummary()
        for contact in ordered {
            let at = Instant(seconds: contact.at)
            summary.lastContact = at
            if contact.inbound {
                summary.lastInbound = at
                if summary.waitingSince == nil { summary.waitingSince = at }
            } else {
                summary.lastOutbound = at
                summary.waitingSince = nil
            }
        }
        return summary
    }
}
