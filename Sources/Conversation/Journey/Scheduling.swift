/// The rule for scheduling: a meeting may not overlap another scheduled meeting of the same
/// candidate or with the same colleague (unless forced).
public enum Scheduling {
    /// The first scheduled meeting that `start…start+minutes` would overlap, ignoring `excluding`.
    public static func conflict(
        in state: State, candidate: Int32, with colleague: String?, start: Instant, minutes: Int,
        excluding: Int32? = nil
    ) -> Meeting? {
        let end = start.adding(seconds: Int64(minutes) * 60)
        let name = colleague.map(normalized)
        return state.meetings.first { m in
            guard m.status == .scheduled, m.id != excluding, start < m.end, m.start < end else { return false }
            if m.candidate == candidate { return true }
            if let name, let other = m.with { return normalized(other) == name }
            return false
        }
    }

    private static func normalized(_ name: String) -> String {
        name.trimmingBlanks().lowercased().split(separator: " ").joined(separator: " ")
    }
}
