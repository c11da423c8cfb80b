import Conversation

/// How a meeting reads in one line: `talk with Sam Lee (peer) · Wed 2 Dec 15:00–15:45 · video`.
enum MeetingText {
    static func describe(_ m: Meeting, zone: ZoneRules, now: Instant) -> String {
        var parts = [m.kind == .talk ? "talk" : "check-in"]
        if let with = m.with { parts[0] += " with " + SafeText.line(with) + (m.role.map { " (\($0.name))" } ?? "") }
        parts.append(HumanTime.range(m.start, m.end, zone: zone, now: now))
        if let place = m.place { parts.append(SafeText.line(place)) }
        return parts.joined(separator: " · ")
    }

    /// ` · 09:00 for Ada (America/New_York)` when the candidate's clock differs from ours.
    static func candidateClock(_ m: Meeting, candidate: Candidate, zone: ZoneRules, session: Session) -> String {
        guard let name = candidate.tz, let theirs = session.zone(named: name),
            theirs.offset(at: m.start) != zone.offset(at: m.start)
        else { return "" }
        let first = SafeText.line(String(candidate.name.split(separator: " ").first ?? Substring(candidate.handle)))
        return " · " + HumanTime.clock(theirs.local(m.start)) + " for \(first) (\(name))"
    }
}
