/// Keeping each candidate's `CandidateFacts` up to date as changes are applied (README
/// "Listening facts"): a message, ask or feedback later than everything before it is applied on
/// top; one logged with an earlier `at:`, an undo or a correction works the candidate's facts
/// out again from their timeline — at once when it is in memory, else the candidate is marked
/// stale and the store loads their timeline (`settleFacts`), which is cheap for one candidate.
extension State {
    /// After an entry was appended: its event applied to the facts, or the facts worked out again.
    mutating func noteFacts(of entry: Entry) {
        let k = entry.candidate
        if entry.kind == .status {
            candidates[Int(k)].facts.statusSince = entry.at
            return
        }
        guard let event = CandidateFacts.Event(entry) else { return }
        let key = CandidateFacts.EventKey(at: entry.at.seconds, id: entry.id)
        if !staleFacts.contains(k), candidates[Int(k)].facts.lastEvent.map({ $0 < key }) ?? true {
            candidates[Int(k)].facts.record(event, key: key)
        } else {
            refreshFacts(of: k)
        }
    }

    /// Works candidate `k`'s facts out again from their timeline, or marks them stale.
    mutating func refreshFacts(of k: Int32) {
        guard Int(k) < candidates.count else { return }
        if hasTimeline(of: k) {
            candidates[Int(k)].facts = derivedFacts(of: k)
            staleFacts.remove(k)
        } else {
            staleFacts.insert(k)
        }
    }

    /// Works out again the stale facts whose timelines are now in memory.
    public mutating func settleFacts() {
        for k in staleFacts where hasTimeline(of: k) {
            candidates[Int(k)].facts = derivedFacts(of: k)
            staleFacts.remove(k)
        }
    }

    /// Every candidate's facts are to be worked out from the timeline (a snapshot of an older
    /// schema holds none).
    public mutating func markAllFactsStale() {
        digestSource = nil
        staleFacts = Set((0..<Int32(candidates.count)).filter { !candidates[Int($0)].removed })
        settleFacts()
    }
}
