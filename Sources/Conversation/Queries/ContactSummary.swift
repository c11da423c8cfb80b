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
    /// One candidate's contact summary (their kept facts; `facts(filter:)` works it out from
    /// the timeline).
    public func contactSummary(of candidate: Int32) -> ContactSummary { candidates[Int(candidate)].facts.contact }
}
