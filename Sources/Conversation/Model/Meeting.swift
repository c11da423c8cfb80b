/// A talk with a future colleague or an onboarding check-in, in its current state.
public struct Meeting: Sendable, Equatable {
    public var id: Int32
    public var candidate: Int32
    public var kind: MeetingKind
    /// The colleague's name.
    public var with: String?
    /// The colleague's role towards the candidate (talks).
    public var role: ColleagueRole?
    public var start: Instant
    public var minutes: Int
    /// `where:`: a room, a link, "video".
    public var place: String?
    public var status: MeetingStatus
    public var outcome: String?
    public var mood: Mood?
    /// Why it was cancelled.
    public var reason: String?
    /// When it was scheduled: its place in the timeline.
    public var scheduled: Instant
    public var by: String
    /// When it last changed (scheduled, moved, held, cancelled, or one of those undone): a
    /// calendar's `DTSTAMP` and `LAST-MODIFIED`.
    public var changed: Instant
    /// How many times it changed since it was scheduled (each move, status change and undo of
    /// one): a calendar's `SEQUENCE` (RFC 5545 §3.8.7.4), which only ever grows.
    public var sequence: Int

    public init(
        id: Int32, candidate: Int32, kind: MeetingKind, with: String? = nil, role: ColleagueRole? = nil,
        start: Instant, minutes: Int, place: String? = nil, status: MeetingStatus = .scheduled,
        outcome: String? = nil, mood: Mood? = nil, reason: String? = nil, scheduled: Instant, by: String,
        changed: Instant? = nil, sequence: Int = 0
    ) {
        self.id = id
        self.candidate = candidate
        self.kind = kind
        self.with = with
        self.role = role
        self.start = start
        self.minutes = minutes
        self.place = place
        self.status = status
        self.outcome = outcome
        self.mood = mood
        self.reason = reason
        self.scheduled = scheduled
        self.by = by
        self.changed = changed ?? scheduled
        self.sequence = sequence
    }

    /// When it ends. A length no meeting has (the store keeps 1 minute to 31 days) saturates
    /// far outside the years 1–9999 instead of trapping.
    public var end: Instant {
        let limit: Int64 = 1 << 60
        let (length, overLength) = Int64(minutes).multipliedReportingOverflow(by: 60)
        let (end, overEnd) = start.seconds.addingReportingOverflow(length)
        if overLength || overEnd { return Instant(seconds: minutes < 0 ? -limit : limit) }
        return Instant(seconds: min(max(end, -limit), limit))
    }

    /// Equal in everything but `changed` and `sequence`: what `undo` checks before it reverts a
    /// meeting's change (a move undone since counts as no change to undo the talk itself).
    public func sameContent(as other: Meeting) -> Bool {
        var mine = self
        mine.changed = other.changed
        mine.sequence = other.sequence
        return mine == other
    }

    public func overlaps(_ other: Meeting) -> Bool {
        start < other.end && other.start < end
    }
}
