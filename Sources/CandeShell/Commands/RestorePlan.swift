import Conversation

/// What `import json` commits for a backup on the store's current state (README "Backing up
/// and restoring"): one `restore` change per candidate (first, in the file's order), then per
/// entry and meeting in id order — the ids kept, or with `merge` new ones from the store's next
/// id on, in the same order. A corrected entry is restored with its values as first logged
/// (the first correction of each value says what it was before) and its corrections after it,
/// so that it shows what the backup shows.
struct RestorePlan {
    /// The changes, each with the element of the file it comes from.
    var changes: [(change: Change, place: String)] = []
    var handles: [String] = []
    var entries = 0
    var meetings = 0
    /// The first and last id given (merge), nil when the ids are kept or there are none.
    var newIDs: ClosedRange<Int32>?

    /// Where the plan cannot go on this store.
    enum Refusal: Error {
        case notEmpty(String)
        case collisions([String])
        case failed(place: String, reason: String)
    }

    init(_ backup: Backup, state: State, merge: Bool, importSeq: Int64) throws(Refusal) {
        let live = state.liveCandidates.count
        let ids = (backup.entries.map(\.id) + backup.meetings.map(\.meeting.id)).sorted()
        if !merge {
            if live > 0 { throw .notEmpty("the store has \(live) candidate\(live == 1 ? "" : "s")") }
            if let lowest = ids.first, lowest < state.nextID {
                throw .notEmpty("this store has used ids up to #\(state.nextID - 1) (the backup's start at #\(lowest))")
            }
        } else {
            try Self.checkCollisions(backup, state: state)
        }
        var idMap: [Int32: Int32] = [:]
        if merge {
            guard Int64(state.nextID) + Int64(ids.count) < Int64(Int32.max) else {
                throw .failed(place: "", reason: "the store has not enough ids left for the backup")
            }
            for (n, id) in ids.enumerated() { idMap[id] = state.nextID + Int32(n) }
            if !ids.isEmpty { newIDs = state.nextID...(state.nextID + Int32(ids.count - 1)) }
        }
        func mapped(_ id: Int32) -> Int32 { idMap[id] ?? id }

        for c in backup.candidates {
            changes.append((.restore(Restoration(importSeq: importSeq, item: .candidate(c))), "candidate \(c.handle)"))
            handles.append(c.handle)
        }
        let originals = Self.originals(backup.entries)
        var timeline: [(id: Int32, change: Change, place: String)] = []
        for e in backup.entries {
            var restored = Self.restored(e, original: originals[e.id])
            restored.id = mapped(e.id)
            restored.target = e.of.map(mapped)
            timeline.append((e.id, .restore(Restoration(importSeq: importSeq, item: .entry(restored))), e.place))
        }
        for b in backup.meetings {
            var m = b.meeting
            m.id = mapped(m.id)
            timeline.append(
                (
                    b.meeting.id, .restore(Restoration(importSeq: importSeq, item: .meeting(m, handle: b.handle))),
                    b.place
                ))
        }
        timeline.sort { $0.id < $1.id }
        changes += timeline.map { ($0.change, $0.place) }
        entries = backup.entries.count
        meetings = backup.meetings.count
    }

    private static func checkCollisions(_ backup: Backup, state: State) throws(Refusal) {
        var collisions: [String] = []
        for c in backup.candidates {
            if state.candidateIndex(handle: c.handle) != nil {
                collisions.append("\(c.handle): the handle is taken")
            }
            if let email = c.email, let k = state.candidateIndex(email: email) {
                collisions.append(
                    "\(c.handle): \(email) is already the email of \(state.candidates.handle(at: Int(k)))")
            }
        }
        if !collisions.isEmpty { throw .collisions(collisions) }
    }

    /// The values corrected entries were first logged with: per entry and value, the `"old"` of
    /// the first correction that changed it.
    private static func originals(_ entries: [BackupEntry]) -> [Int32: Backup.Values] {
        var originals: [Int32: Backup.Values] = [:]
        for e in entries.sorted(by: { $0.id < $1.id }) where e.kind == .correction {
            guard let target = e.of else { continue }
            var values = originals[target] ?? Backup.Values()
            if values.text == nil, let text = e.old.text { values.text = .some(text) }
            if values.at == nil, let at = e.old.at { values.at = .some(at) }
            if values.via == nil, let via = e.old.via { values.via = .some(via) }
            originals[target] = values
        }
        return originals
    }

    private static func restored(_ e: BackupEntry, original: Backup.Values?) -> RestoredEntry {
        var r = RestoredEntry(
            handle: e.handle, id: e.id, at: e.at, author: e.by, kind: e.kind, direction: e.direction,
            channel: e.channel, stage: e.kind == .stage ? e.stage : nil, status: e.kind == .status ? e.status : nil,
            rating: e.rating, recommend: e.recommend, start: e.status == .hired ? e.start : nil,
            text: e.text.map { .string($0) })
        if let original {
            if let text = original.text { r.text = text.map { .string($0) } }
            if let at = original.at, let at { r.at = at }
            if let via = original.via { r.channel = via }
        }
        if e.kind == .correction {
            r.channel = e.new.via ?? nil
            r.newAt = e.new.at ?? nil
            r.text = (e.new.text ?? nil).map { .string($0) }
        }
        return r
    }
}
