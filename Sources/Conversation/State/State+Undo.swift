extension State {
    /// The change `undo` would revert for `user`, if any.
    public func latestUndoable(by user: String) -> UndoItem? { undoStacks[user]?.last }

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
        for created in revert.createdMeetings where meeting(id: created.id) != created {
            throw .undoConflict("meeting #\(created.id) was changed since")
        }
        if let change = revert.meeting, meeting(id: change.new.id) != change.new {
            throw .undoConflict("meeting #\(change.new.id) was changed since")
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
        if !revert.createdMeetings.isEmpty {
            let ids = Set(revert.createdMeetings.map(\.id))
            meetings.removeAll { ids.contains($0.id) }
        }
        if let change = revert.meeting, let position = meetingPosition(id: change.old.id) {
            meetings[position] = change.old
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
