/// What a plain `undo` of one user would do: revert `target`, the newest of the user's changes
/// that can still be undone, passing over the newer ones in `skipped` (a value of theirs was
/// changed since by someone else, or by a later change of the user that stays).
public struct UndoPlan: Sendable, Equatable {
    /// The change to revert (commit `.undo(target: target.seq)`); nil when none can be.
    public var target: UndoItem?
    /// The user's changes newer than `target` that cannot be undone now, newest first. They stay
    /// in the user's history: once what blocks them is undone, they can be undone too.
    public var skipped: [Skipped]

    public init(target: UndoItem?, skipped: [Skipped]) {
        self.target = target
        self.skipped = skipped
    }

    public struct Skipped: Sendable, Equatable {
        public var item: UndoItem
        /// Always `.undoConflict`.
        public var reason: ChangeError

        public init(item: UndoItem, reason: ChangeError) {
            self.item = item
            self.reason = reason
        }

        /// Why, without the "cannot undo: " of `reason`'s text: "the stage of ada was changed since".
        public var why: String {
            if case .undoConflict(let why) = reason { return why }
            return reason.description
        }

        /// "stage #12 on ada (the stage of ada was changed since)", for `undo`'s answer.
        public var summary: String { item.summary + " (" + why + ")" }
    }
}

/// Why `undo` (or `undo #seq`) reverts nothing; the text is user-facing.
public enum UndoRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The user has no change left in their undo history.
    case nothingToUndo(user: String)
    /// Every change in the user's history is blocked; `newest` is the newest one's refusal.
    case allBlocked(user: String, count: Int, newest: UndoPlan.Skipped)
    /// No change has that number.
    case noSuchChange(seq: Int64)
    /// The change is another user's (only their own changes are undone).
    case notYours(seq: Int64, by: String)
    /// The change is in nobody's undo history: already undone, an undo itself, or older than
    /// what `undo` reaches (`State.undoDepth`).
    case notInHistory(seq: Int64, user: String)
    /// The user's change, but something it would restore was changed since.
    case blocked(UndoPlan.Skipped)

    public var description: String {
        switch self {
        case .nothingToUndo(let user): return "nothing of \(user)'s left to undo"
        case .allBlocked(let user, let count, let newest):
            let changes = count == 1 ? "change" : "\(count) changes"
            return
                "cannot undo any of \(user)'s \(changes) now; the latest, #\(newest.item.seq) "
                + newest.item.summary + ": " + newest.why
        case .noSuchChange(let seq): return "there is no change #\(seq)"
        case .notYours(let seq, let user):
            return "change #\(seq) is \(user)'s; only your own changes can be undone"
        case .notInHistory(let seq, let user):
            return
                "change #\(seq) is not in \(user)'s undo history: it was already undone, is an undo "
                + "itself, or is older than your last \(State.undoDepth) changes"
        case .blocked(let skipped):
            return "cannot undo #\(skipped.item.seq) " + skipped.item.summary + ": " + skipped.why
        }
    }
}

extension State {
    /// The latest change in `user`'s undo history, whether or not it can be undone now; for
    /// `undo` itself use `undoPlan(by:)`, which skips the changes that cannot.
    public func latestUndoable(by user: String) -> UndoItem? { undoStacks[user]?.last }

    /// `user`'s undo history, newest first.
    public func undoHistory(by user: String) -> [UndoItem] { (undoStacks[user] ?? []).reversed() }

    /// What `undo` does for `user`: the newest of their changes that can be undone, and the newer
    /// ones it passes over with why. Changes nothing.
    public func undoPlan(by user: String) -> UndoPlan {
        var skipped: [UndoPlan.Skipped] = []
        for item in undoHistory(by: user) {
            do {
                try checkRevertible(item.revert)
                return UndoPlan(target: item, skipped: skipped)
            } catch {
                skipped.append(UndoPlan.Skipped(item: item, reason: error))
            }
        }
        return UndoPlan(target: nil, skipped: skipped)
    }

    /// The change `undo` reverts for `user`, or why there is none; `skipped` as in `undoPlan`.
    public func undoTarget(by user: String) throws(UndoRefusal) -> UndoPlan {
        let plan = undoPlan(by: user)
        guard plan.target == nil else { return plan }
        guard let newest = plan.skipped.first else { throw .nothingToUndo(user: user) }
        throw .allBlocked(user: user, count: plan.skipped.count, newest: newest)
    }

    /// `undo #seq`: the change numbered `seq` (its record's `seq`) if it is `user`'s and can be
    /// undone now, whatever came after it; else why not. Commit `.undo(target: seq)`.
    public func undoable(seq: Int64, by user: String) throws(UndoRefusal) -> UndoItem {
        guard seq >= 1, seq <= lastSeq else { throw .noSuchChange(seq: seq) }
        if let item = undoStacks[user]?.last(where: { $0.seq == seq }) {
            do {
                try checkRevertible(item.revert)
            } catch {
                throw .blocked(UndoPlan.Skipped(item: item, reason: error))
            }
            return item
        }
        for (other, stack) in undoStacks where other != user && stack.contains(where: { $0.seq == seq }) {
            throw .notYours(seq: seq, by: other)
        }
        throw .notInHistory(seq: seq, user: user)
    }

    /// Throws unless every value `revert` would restore still holds what the change set.
    func checkRevertible(_ revert: Revert) throws(ChangeError) {
        guard Set(revert.candidates).count == revert.candidates.count else {
            throw .undoConflict("the change names a candidate twice")
        }
        for handle in revert.candidates {
            guard let k = handleIndex[handle] else { throw .undoConflict("\(handle) is gone") }
            if candidates[Int(k)].touches > 1 {
                throw .undoConflict("\(handle) has later changes; undo those first or use forget")
            }
        }
        guard let handle = revert.handle else { return }
        guard let k = handleIndex[handle] else { throw .undoConflict("\(handle) is gone") }
        let candidate = candidates[Int(k)]
        for field in revert.fields where candidate.value(of: field.field) != field.new {
            throw .undoConflict("\(field.field.name) of \(handle) was changed since")
        }
        if let stage = revert.stage, candidate.stage != stage.new {
            throw .undoConflict("the stage of \(handle) was changed since")
        }
        if let status = revert.status, candidate.status != status.new {
            throw .undoConflict("the status of \(handle) was changed since")
        }
        for created in revert.createdMeetings where meeting(id: created.id)?.sameContent(as: created) != true {
            throw .undoConflict("meeting #\(created.id) was changed since")
        }
        if let change = revert.meeting, meeting(id: change.new.id)?.sameContent(as: change.new) != true {
            throw .undoConflict("meeting #\(change.new.id) was changed since")
        }
        // A restore brings corrections back with the entries they correct: those do not block it.
        let own = revert.candidates.isEmpty ? [] : Set(revert.entries)
        for id in revert.entries where revert.corrected == nil {
            if let correction = corrections(of: id).last, !own.contains(correction) {
                throw .undoConflict("#\(id) was corrected since (#\(correction)); undo or forget that first")
            }
        }
        if let target = revert.corrected, let correction = revert.entries.first,
            let latest = corrections(of: target).last, latest != correction
        {
            throw .undoConflict("#\(target) was corrected again since (#\(latest))")
        }
    }

    mutating func undo(_ revert: Revert, at ts: Instant) {
        for handle in revert.candidates {
            guard let k = handleIndex[handle] else { continue }  // `checkRevertible` refuses this
            candidates[Int(k)].removed = true
            handleIndex[handle] = nil
            if let email = candidates[Int(k)].email { emailIndex[Self.emailKey(email)] = nil }
        }
        for id in revert.entries { markRemoved(entry: id) }
        if let target = revert.corrected { applyCorrections(to: target) }
        if !revert.entries.isEmpty, let handle = revert.handle, let k = handleIndex[handle] { refreshFacts(of: k) }
        if !revert.createdMeetings.isEmpty {
            let ids = Set(revert.createdMeetings.map(\.id))
            meetings.removeAll { ids.contains($0.id) }
        }
        if let change = revert.meeting, let position = meetingPosition(id: change.old.id) {
            // What it was, as one more change: a calendar that saw the undone one must take
            // this one too (its SEQUENCE only grows).
            var restored = change.old
            restored.changed = ts
            restored.sequence = meetings[position].sequence &+ 1
            meetings[position] = restored
        }
        guard let handle = revert.handle, let k = handleIndex[handle] else { return }
        for field in revert.fields.reversed() { set(field.field, to: field.old, of: k) }
        if let stage = revert.stage { candidates[Int(k)].stage = stage.old }
        if let seq = revert.visit { candidates[Int(k)].stages.removeAll { $0.seq == seq } }
        if let status = revert.status { candidates[Int(k)].status = status.old }
        candidates[Int(k)].touches -= 1
        candidates[Int(k)].updated = ts
    }
}
