/// What a correction can change in a logged entry.
struct LoggedValues: Sendable, Equatable {
    var text: TextRef
    var at: Instant
    var channel: Channel?

    init(_ entry: Entry) {
        text = entry.text
        at = entry.at
        channel = entry.channel
    }
}

/// Corrections (`edit #ID`, README "Correcting what was logged"): a correction is an entry of its
/// own; the corrected entry shows the values of its latest live correction over what was first
/// logged. Undoing a correction, or loading entries from a snapshot, works the values out again
/// from the original and the corrections that remain, so nothing depends on the order things were
/// loaded in.
extension State {
    /// The ids of the live corrections of entry `id`, oldest first.
    public func corrections(of id: Int32) -> [Int32] {
        (correctionsOf[id] ?? []).filter { correction in
            guard let position = entryPosition(id: correction) else { return !removedBeforeLoad.contains(correction) }
            return !entries[position].removed
        }
    }

    /// The entry as its own record states it, before any correction: what compaction copies and
    /// what reading the record back gives.
    public func asLogged(_ entry: Entry) -> Entry {
        guard let original = originals[entry.id] else { return entry }
        var logged = entry
        logged.text = original.text
        logged.at = original.at
        logged.channel = original.channel
        return logged
    }

    /// For readers of stored entries: correction `id` sets `at`.
    public mutating func registerCorrectedTime(_ at: Instant, correction id: Int32) { correctedTimes[id] = at }

    /// For readers of stored entries: entry `id` is the email with this `Message-ID`.
    public mutating func registerMessageID(_ messageID: String, entry id: Int32) { messageIDs[messageID] = id }

    /// The `at:` correction `id` set, if it set one.
    public func correctedTime(of id: Int32) -> Instant? { correctedTimes[id] }

    /// What entry `target` said just before correction `id` (its values as logged, then the
    /// corrections before `id`), for showing a correction's old and new values.
    public func valuesBefore(correction id: Int32, of target: Int32) -> (text: TextRef, at: Instant, channel: Channel?)?
    {
        guard let position = entryPosition(id: target) else { return nil }
        var values = originals[target] ?? LoggedValues(entries[position])
        for earlier in corrections(of: target) where earlier < id {
            apply(earlier, to: &values)
        }
        return (values.text, values.at, values.channel)
    }

    private func apply(_ correction: Int32, to values: inout LoggedValues) {
        guard let position = entryPosition(id: correction) else { return }
        let entry = entries[position]
        if entry.text.hasText { values.text = entry.text }
        if let channel = entry.channel { values.channel = channel }
        if let at = correctedTimes[correction] { values.at = at }
    }

    /// Sets entry `target`'s values from what it was logged with and its live corrections.
    mutating func applyCorrections(to target: Int32) {
        guard let position = entryPosition(id: target) else { return }
        if originals[target] == nil {
            guard correctionsOf[target] != nil else { return }
            originals[target] = LoggedValues(entries[position])
        }
        var values = originals[target]!
        for correction in corrections(of: target) { apply(correction, to: &values) }
        if entries[position].text != values.text { correctionsRevision += 1 }
        entries[position].text = values.text
        entries[position].at = values.at
        entries[position].channel = values.channel
    }

    /// After entries were loaded from a snapshot: registers the corrections among them and works
    /// out every corrected entry again (its original may have just been loaded).
    mutating func rederiveCorrections() {
        for entry in entries where entry.kind == .correction {
            let target = Int32(truncatingIfNeeded: entry.extra)
            var ids = correctionsOf[target] ?? []
            guard !ids.contains(entry.id) else { continue }
            ids.append(entry.id)
            ids.sort()
            correctionsOf[target] = ids
        }
        guard !correctionsOf.isEmpty else { return }
        for target in correctionsOf.keys { applyCorrections(to: target) }
    }

    /// Why a correction cannot be applied, if it cannot: the entry must be a message, note, ask or
    /// feedback of the same candidate, still shown. An entry not loaded yet (a journal replayed
    /// over a snapshot) is taken on trust: its record was checked when it was made.
    func checkCorrection(_ correction: Correction, candidate k: Int32) throws(ChangeError) {
        guard let position = entryPosition(id: correction.target) else {
            if hasTimeline(of: k) { throw .unknownEntry(correction.target) }
            return
        }
        let entry = entries[position]
        guard !entry.removed else { throw .unknownEntry(correction.target) }
        guard entry.candidate == k else {
            throw .inconsistent("entry #\(correction.target) is not \(correction.handle)'s")
        }
        guard entry.isCorrectable else { throw .notCorrectable(correction.target, entry.kind) }
    }
}
