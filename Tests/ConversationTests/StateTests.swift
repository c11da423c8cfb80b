import Conversation
import Testing

/// The state's rules, in memory: changes, validation, undo, whose move, scheduling, search.
@Suite("State")
struct StateTests {
    var state = State()
    var seq: Int64 = 0
    var clock = Instant(seconds: 1_796_115_600)

    mutating func apply(_ change: Change, by user: String = "rita") throws {
        clock = clock.adding(seconds: 60)
        try state.apply(Record(seq: seq + 1, ts: clock, by: user, change: change))
        seq += 1
    }

    mutating func add(_ handle: String, email: String? = nil) throws {
        try apply(.add([CandidateDraft(handle: handle, name: handle.capitalized, email: email)]))
    }

    mutating func message(_ handle: String, _ direction: Direction, at: Instant, _ text: String = "x") throws {
        try apply(
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at, kind: .message, direction: direction, text: .string(text))
            ))
    }

    @Test("references: handle, unique prefix, email (any case); ambiguity and unknowns")
    mutating func references() throws {
        try add("ada-lovelace", email: "Ada@Example.org")
        try add("ada-smith")
        try add("bob")
        #expect(state.resolve("bob") == .found(2))
        #expect(state.resolve("ada-l") == .found(0))
        #expect(state.resolve("ADA@example.ORG") == .found(0))
        #expect(state.resolve("ada") == .ambiguous(["ada-lovelace", "ada-smith"]))
        guard case .unknown(let closest) = state.resolve("bobb") else { Issue.record("bobb resolved"); return }
        #expect(closest.contains("bob"))
    }

    @Test("validation: taken handles and emails, repeated status, unknown meetings change nothing")
    mutating func validation() throws {
        try add("ada", email: "a@x.org")
        let before = state.lastSeq
        #expect(throws: ChangeError.handleTaken("ada")) { try self.add("ada") }
        #expect(throws: ChangeError.self) { try self.add("ada2", email: "A@X.ORG") }
        try apply(.status(handle: "ada", id: state.nextID, status: .rejected, reason: nil))
        #expect(throws: ChangeError.alreadyStatus("ada", .rejected)) {
            try self.apply(.status(handle: "ada", id: self.state.nextID, status: .rejected, reason: nil))
        }
        #expect(throws: ChangeError.unknownMeeting(99)) { try self.apply(.done(meeting: 99, mood: nil, outcome: nil)) }
        #expect(state.lastSeq == before + 1)
    }

    @Test("whose move: waiting since the first unanswered inbound message, in the order things happened")
    mutating func whoseMove() throws {
        try add("ada")
        let t = clock
        try message("ada", .inbound, at: t.adding(seconds: 100))
        try message("ada", .inbound, at: t.adding(seconds: 200))
        #expect(state.contactSummary(of: 0).waitingSince == t.adding(seconds: 100))
        try message("ada", .outbound, at: t.adding(seconds: 300))
        #expect(state.contactSummary(of: 0).waitingSince == nil)
        // A message logged later but dated before our reply is not waiting either.
        try message("ada", .inbound, at: t.adding(seconds: 250))
        #expect(state.contactSummary(of: 0).waitingSince == nil)
        try message("ada", .inbound, at: t.adding(seconds: 400))
        #expect(state.contactSummary(of: 0).waitingSince == t.adding(seconds: 400))
        let facts = state.facts()[0]
        #expect(facts.replyHours == [Double(200) / 3600])
    }

    @Test("undo reverts field by field, and refuses what someone changed since")
    mutating func undo() throws {
        try add("ada", email: "a@x.org")
        try apply(
            .edit(
                handle: "ada", id: state.nextID, fields: [FieldChange(field: .email, value: "b@x.org")],
                summary: .string("e")))
        #expect(state.candidateIndex(email: "b@x.org") == 0)
        try apply(.undo(target: state.latestUndoable(by: "rita")!.seq))
        #expect(state.candidates[0].email == "a@x.org")
        #expect(state.candidateIndex(email: "b@x.org") == nil)
        #expect(state.candidateIndex(email: "a@x.org") == 0)
        try apply(.stage(handle: "ada", id: state.nextID, stage: .offer))
        try apply(.stage(handle: "ada", id: state.nextID, stage: .assessment), by: "maria")
        let rita = state.latestUndoable(by: "rita")!
        #expect(throws: ChangeError.self) { try self.apply(.undo(target: rita.seq)) }
        try apply(.undo(target: state.latestUndoable(by: "maria")!.seq), by: "maria")
        try apply(.undo(target: rita.seq))
        #expect(state.candidates[0].stage == .applied)
        #expect(state.candidates[0].stages.map(\.stage) == [.applied])
        let allRemoved = state.entries.allSatisfy { $0.removed }
        #expect(allRemoved)
    }

    @Test("overlaps: the same candidate or the same colleague (any case), touching is fine")
    mutating func overlaps() throws {
        try add("ada")
        try add("bob")
        let start = clock.adding(seconds: 86_400)
        try apply(
            .schedule(
                MeetingDraft(
                    id: state.nextID, handle: "ada", kind: .talk, with: "Sam Lee", role: .peer, start: start,
                    minutes: 60)))
        #expect(
            Scheduling.conflict(in: state, candidate: 0, with: nil, start: start.adding(seconds: 1800), minutes: 30)
                != nil)
        #expect(
            Scheduling.conflict(
                in: state, candidate: 1, with: "sam  lee", start: start.adding(seconds: 1800), minutes: 30) != nil)
        #expect(
            Scheduling.conflict(in: state, candidate: 1, with: "Kim", start: start.adding(seconds: 1800), minutes: 30)
                == nil)
        #expect(
            Scheduling.conflict(in: state, candidate: 0, with: nil, start: start.adding(seconds: 3600), minutes: 30)
                == nil)
    }

    @Test("a meeting's versions: every move, status change and undo of one counts; undo of the talk still works")
    mutating func meetingVersions() throws {
        try add("ada")
        let start = clock.adding(seconds: 86_400)
        let id = state.nextID
        try apply(.schedule(MeetingDraft(id: id, handle: "ada", kind: .talk, start: start, minutes: 30)))
        let scheduled = clock
        #expect(state.meeting(id: id)?.sequence == 0 && state.meeting(id: id)?.changed == scheduled)
        try apply(.move(meeting: id, start: start.adding(seconds: 3600)))
        #expect(state.meeting(id: id)?.sequence == 1 && state.meeting(id: id)?.changed == clock)
        try apply(.cancel(meeting: id, reason: nil))
        #expect(state.meeting(id: id)?.sequence == 2)
        try apply(.undo(target: seq))  // the cancel
        #expect(state.meeting(id: id)?.status == .scheduled)
        #expect(state.meeting(id: id)?.sequence == 3, "an undo is a version of its own, never an older one")
        #expect(state.meeting(id: id)?.changed == clock && state.meeting(id: id)?.scheduled == scheduled)
        try apply(.undo(target: seq - 2))  // the move, though its sequence moved on since
        #expect(state.meeting(id: id)?.start == start && state.meeting(id: id)?.sequence == 4)
        let plan = state.undoPlan(by: "rita")
        #expect(plan.target?.op == "talk" && plan.skipped.isEmpty, "the talk can be undone: \(plan)")
    }

    @Test("check-in plans: parsing and 10:00 local on each day")
    func plans() throws {
        #expect(try CheckinPlan(parsing: "1d,2w, 30d").offsets == [1, 14, 30])
        #expect(try CheckinPlan(parsing: "none").offsets.isEmpty)
        #expect(throws: CheckinPlan.PlanError.self) { try CheckinPlan(parsing: "3x") }
        let starts = CheckinPlan(offsets: [0, 1]).starts(from: CivilDate(year: 2026, month: 12, day: 7)!, zone: .utc)
        #expect(starts.map(\.iso8601) == ["2026-12-07T10:00:00Z", "2026-12-08T10:00:00Z"])
    }

    @Test("search: case-insensitive over UTF-8, one hit per text, never across texts")
    mutating func search() throws {
        try add("ada")
        for text in ["Herr MÜLLER", "zoë and ZOË", "end", "start"] { try message("ada", .inbound, at: clock, text) }
        var index = SearchIndex()
        index.extend(state, texts: nil)
        #expect(index.search("müller").count == 1)
        #expect(index.search("ZOË").count == 1)
        #expect(index.search("endstart").isEmpty)
        #expect(index.search("x").isEmpty)
    }
}
