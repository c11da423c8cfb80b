import Conversation
import Testing

/// `undo` takes back the newest change of the user that can still be undone, passing over (and
/// naming) the ones someone changed since; `undo #seq` takes back one named change.
@Suite("Undo plans")
struct UndoPlanTests {
    var state = State()
    var records: [Record] = []
    var clock = Instant(seconds: 1_796_115_600)

    mutating func apply(_ change: Change, by user: String = "rita") throws {
        clock = clock.adding(seconds: 60)
        let record = Record(seq: state.lastSeq + 1, ts: clock, by: user, change: change)
        try state.apply(record)
        records.append(record)
    }

    mutating func edit(_ handle: String, _ field: CandidateField, _ value: String, by user: String = "rita") throws {
        try apply(
            .edit(
                handle: handle, id: state.nextID, fields: [FieldChange(field: field, value: value)],
                summary: .string("\(field.name) \(value)")), by: user)
    }

    mutating func note(_ handle: String, by user: String = "rita") throws {
        try apply(
            .entry(EntryDraft(handle: handle, id: state.nextID, at: clock, kind: .note, text: .string("n"))), by: user)
    }

    /// rita: add ada (1), email (2), stage offer (3); maria: stage assessment (4).
    mutating func blockedStage() throws {
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada", email: "a@x.org")]))
        try edit("ada", .email, "b@x.org")
        try apply(.stage(handle: "ada", id: state.nextID, stage: .offer))
        try apply(.stage(handle: "ada", id: state.nextID, stage: .assessment), by: "maria")
    }

    // MARK: - undo

    /// The bug: rita's stage change was refused (maria changed the stage since), and that
    /// refusal blocked every older undo of rita's for good.
    @Test mutating func refusedChangeDoesNotBlockOlderOnes() throws {
        try blockedStage()
        let plan = state.undoPlan(by: "rita")
        #expect(plan.target?.seq == 2)
        #expect(plan.target?.op == "edit")
        #expect(plan.skipped.map(\.item.seq) == [3])
        #expect(plan.skipped.first?.reason == .undoConflict("the stage of ada was changed since"))
        #expect(plan.skipped.first?.why == "the stage of ada was changed since")
        #expect(plan.skipped.first?.summary.hasPrefix("stage #") == true)
        #expect(plan.skipped.first?.summary.hasSuffix(" on ada (the stage of ada was changed since)") == true)
        try apply(.undo(target: plan.target!.seq))
        #expect(state.candidates[0].email == "a@x.org")
        #expect(state.candidateIndex(email: "b@x.org") == nil)
        #expect(state.candidates[0].stage == .assessment)
        // The refused change stays in rita's history.
        #expect(state.undoHistory(by: "rita").map(\.seq) == [3, 1])
    }

    @Test mutating func allBlocked() throws {
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada")]))
        try apply(.stage(handle: "ada", id: state.nextID, stage: .offer))
        try note("ada", by: "maria")
        try apply(.stage(handle: "ada", id: state.nextID, stage: .assessment), by: "maria")
        // rita's stage: changed since; rita's add: the candidate has later changes.
        let plan = state.undoPlan(by: "rita")
        #expect(plan.target == nil)
        #expect(plan.skipped.map(\.item.seq) == [2, 1])
        #expect(throws: UndoRefusal.self) { try state.undoTarget(by: "rita") }
        do {
            _ = try state.undoTarget(by: "rita")
        } catch {
            guard case .allBlocked(let user, let count, let newest) = error else {
                Issue.record("expected allBlocked, got \(error)")
                return
            }
            #expect(user == "rita")
            #expect(count == 2)
            #expect(newest.item.seq == 2)
            #expect(error.description.hasPrefix("cannot undo any of rita's 2 changes now; the latest, #2 stage #"))
            #expect(error.description.hasSuffix(": the stage of ada was changed since"))
        }
        #expect(throws: UndoRefusal.nothingToUndo(user: "kim")) { try state.undoTarget(by: "kim") }
        #expect(state.undoPlan(by: "kim") == UndoPlan(target: nil, skipped: []))
        // Once maria undoes hers, rita's are free again, newest first.
        try apply(.undo(target: try state.undoTarget(by: "maria").target!.seq), by: "maria")
        try apply(.undo(target: try state.undoTarget(by: "maria").target!.seq), by: "maria")
        #expect(try state.undoTarget(by: "rita").target?.seq == 2)
        #expect(try state.undoTarget(by: "rita").skipped.isEmpty)
    }

    /// Skipping over a change of one's own that is blocked, then undoing it once freed.
    @Test mutating func repeatedUndoWalksBack() throws {
        try blockedStage()
        try note("ada")  // 5
        var undone: [Int64] = []
        while let target = state.undoPlan(by: "rita").target {
            try apply(.undo(target: target.seq))
            undone.append(target.seq)
        }
        // The note, then the email; the stage (3) is blocked, and so is the add (1): ada has
        // later changes (the stage, maria's).
        #expect(undone == [5, 2])
        #expect(state.undoPlan(by: "rita").skipped.map(\.item.seq) == [3, 1])
        try apply(.undo(target: state.undoPlan(by: "maria").target!.seq), by: "maria")
        #expect(state.undoPlan(by: "rita").target?.seq == 3)
        try apply(.undo(target: 3))
        #expect(state.undoPlan(by: "rita").target?.seq == 1)
        try apply(.undo(target: 1))
        #expect(state.candidate(handle: "ada") == nil)
        #expect(state.undoPlan(by: "rita") == UndoPlan(target: nil, skipped: []))
    }

    // MARK: - undo #seq

    @Test mutating func undoOneNamedChange() throws {
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada")]))
        try edit("ada", .phone, "123")  // 2
        try edit("ada", .role, "Backend")  // 3
        let item = try state.undoable(seq: 2, by: "rita")
        #expect(item.seq == 2)
        try apply(.undo(target: 2))
        #expect(state.candidates[0].phone == nil)
        #expect(state.candidates[0].role == "Backend")
        #expect(state.undoHistory(by: "rita").map(\.seq) == [3, 1])
        // Already undone.
        #expect(throws: UndoRefusal.notInHistory(seq: 2, user: "rita")) { try state.undoable(seq: 2, by: "rita") }
        // The undo itself (4) is no change to undo.
        #expect(throws: UndoRefusal.notInHistory(seq: 4, user: "rita")) { try state.undoable(seq: 4, by: "rita") }
        #expect(throws: UndoRefusal.noSuchChange(seq: 5)) { try state.undoable(seq: 5, by: "rita") }
        #expect(throws: UndoRefusal.noSuchChange(seq: 0)) { try state.undoable(seq: 0, by: "rita") }
        #expect(try state.undoPlan(by: "rita").target?.seq == 3)
    }

    @Test mutating func namedChangeRefusals() throws {
        try blockedStage()
        #expect(throws: UndoRefusal.notYours(seq: 4, by: "maria")) { try state.undoable(seq: 4, by: "rita") }
        do {
            _ = try state.undoable(seq: 3, by: "rita")
            Issue.record("undo #3 was allowed")
        } catch {
            guard case .blocked(let skipped) = error else {
                Issue.record("expected blocked, got \(error)")
                return
            }
            #expect(skipped.item.seq == 3)
            #expect(skipped.reason == .undoConflict("the stage of ada was changed since"))
            #expect(error.description.hasPrefix("cannot undo #3 stage #"))
            #expect(error.description.hasSuffix("on ada: the stage of ada was changed since"))
        }
        // The state refuses it too.
        #expect(throws: ChangeError.undoConflict("the stage of ada was changed since")) {
            try self.apply(.undo(target: 3))
        }
        // A record naming a change not in the author's history is refused.
        #expect(throws: ChangeError.self) { try self.apply(.undo(target: 4)) }
        #expect(throws: ChangeError.nothingToUndo(user: "kim")) { try self.apply(.undo(target: 1), by: "kim") }
        #expect(UndoRefusal.notYours(seq: 4, by: "maria").description.contains("only your own changes"))
        #expect(UndoRefusal.notInHistory(seq: 9, user: "rita").description.contains("already undone"))
        #expect(UndoRefusal.noSuchChange(seq: 99).description == "there is no change #99")
    }

    /// A later change of one's own that changed the same value blocks the older one too.
    @Test mutating func ownLaterChangeBlocks() throws {
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada")]))
        try edit("ada", .phone, "1")  // 2
        try edit("ada", .phone, "2")  // 3
        #expect(throws: UndoRefusal.self) { try state.undoable(seq: 2, by: "rita") }
        #expect(state.undoPlan(by: "rita").target?.seq == 3)
    }

    /// A journal with undos out of order replays to the same state.
    @Test mutating func replays() throws {
        try blockedStage()
        try note("ada")
        try apply(.undo(target: 2))
        try apply(.undo(target: 5))
        var replayed = State()
        for record in records { try replayed.apply(record) }
        #expect(replayed.candidates[0] == state.candidates[0])
        #expect(replayed.entries == state.entries)
        #expect(replayed.undoStacks == state.undoStacks)
        #expect(replayed.lastSeq == state.lastSeq)
    }
}
