/// FILTER of SPEC §4, for candidates and for timeline entries. Different keys AND together; the
/// values of one key OR together. Keys that concern the other kind of thing are ignored.
public struct Filter: Sendable, Equatable {
    public var stages: Set<Stage> = []
    public var statuses: Set<Status> = []
    public var owners: Set<String> = []
    /// Matched case-insensitively as a part of the role ("backend" matches "Backend Engineer").
    public var roles: [String] = []
    public var sources: Set<Source> = []
    public var tags: Set<String> = []
    public var channels: Set<Channel> = []
    public var directions: Set<Direction> = []
    public var authors: Set<String> = []
    public var since: Instant?
    /// Exclusive.
    public var until: Instant?
    /// Entry kinds by name; `meeting` stands for `talk` and `checkin`.
    public var kinds: Set<String> = []

    public init() {}

    public var constrainsCandidates: Bool {
        !stages.isEmpty || !statuses.isEmpty || !owners.isEmpty || !roles.isEmpty || !sources.isEmpty || !tags.isEmpty
    }

    public var constrainsEntries: Bool {
        !channels.isEmpty || !directions.isEmpty || !authors.isEmpty || since != nil || until != nil || !kinds.isEmpty
    }

    public func matches(_ c: Candidate) -> Bool {
        if !stages.isEmpty, !stages.contains(c.stage) { return false }
        if !statuses.isEmpty, !statuses.contains(c.status) { return false }
        if !owners.isEmpty, !owners.contains(where: { $0.lowercased() == (c.owner ?? "").lowercased() }) {
            return false
        }
        if !roles.isEmpty {
            let role = (c.role ?? "").lowercased()
            if !roles.contains(where: { role.contains($0.lowercased()) }) { return false }
        }
        if !sources.isEmpty, !(c.source.map(sources.contains) ?? false) { return false }
        if !tags.isEmpty, !c.tags.contains(where: tags.contains) { return false }
        return true
    }

    public func inRange(_ at: Instant) -> Bool {
        if let since, at < since { return false }
        if let until, at >= until { return false }
        return true
    }

    public func matches(_ e: Entry, author: String) -> Bool {
        if !kinds.isEmpty, !kinds.contains(e.kind.name) { return false }
        if !channels.isEmpty, !(e.channel.map(channels.contains) ?? false) { return false }
        if !directions.isEmpty {
            // `dir:out` also takes our asks; `dir:in` also the feedback we got.
            let direction = e.direction ?? (e.kind == .ask ? .outbound : e.kind == .feedback ? .inbound : nil)
            if !(direction.map(directions.contains) ?? false) { return false }
        }
        if !authors.isEmpty, !authors.contains(author) { return false }
        return inRange(e.at)
    }

    public func matches(_ m: Meeting) -> Bool {
        if !kinds.isEmpty, !kinds.contains(m.kind.name), !kinds.contains("meeting") { return false }
        if !channels.isEmpty || !directions.isEmpty { return false }
        if !authors.isEmpty, !authors.contains(m.by) { return false }
        return inRange(m.scheduled)
    }

    public func matches(_ item: TimelineItem, state: State) -> Bool {
        switch item {
        case .entry(let e): matches(e, author: state.user(e.by))
        case .meeting(let m): matches(m)
        }
    }
}
