/// One line of a candidate's history: an entry, or a meeting at the time it was scheduled.
public enum TimelineItem: Sendable, Equatable {
    case entry(Entry)
    case meeting(Meeting)

    public var at: Instant {
        switch self {
        case .entry(let e): e.at
        case .meeting(let m): m.scheduled
        }
    }

    public var id: Int32 {
        switch self {
        case .entry(let e): e.id
        case .meeting(let m): m.id
        }
    }
}

extension State {
    /// A candidate's live entries and meetings in the order they happened (then by id).
    public func timeline(of candidate: Int32) -> [TimelineItem] {
        var items = entryPositions(of: candidate).map { TimelineItem.entry(entries[Int($0)]) }
        items += meetings(of: candidate).map { TimelineItem.meeting($0) }
        items.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        return items
    }
}
