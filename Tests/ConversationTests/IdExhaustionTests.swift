import Conversation
import Testing

/// Ids are `Int32`: a store that reached the last one refuses new entries instead of trapping
/// on `nextID + 1` (a snapshot header may say `"nextID":2147483647`).
@Suite("The last id")
struct IdExhaustionTests {
    static func state(nextID: Int32) -> State {
        State(
            candidates: CandidateList([Candidate(handle: "ada", name: "Ada", created: Instant(seconds: 0))]),
            handles: ["ada": 0], emails: [], meetings: [], undoStacks: [:], lastSeq: 1, nextID: nextID, forgotten: 0,
            olderEntriesPending: false)
    }

    @Test("an entry with the last id is refused; the one before it is taken, and then nothing more")
    func lastID() throws {
        var state = Self.state(nextID: Int32.max - 1)
        func note(_ id: Int32) -> Record {
            Record(
                seq: state.lastSeq + 1, ts: Instant(seconds: 60), by: "rita",
                change: .entry(
                    EntryDraft(handle: "ada", id: id, at: Instant(seconds: 60), kind: .note, text: .string("hi"))))
        }
        try state.apply(note(Int32.max - 1))
        #expect(state.nextID == Int32.max)
        #expect(throws: ChangeError.self) { try state.apply(note(Int32.max)) }
        #expect(state.nextID == Int32.max)
    }

    @Test("a hire whose check-ins would need ids past the last is refused")
    func hireOutOfIDs() throws {
        let state = Self.state(nextID: Int32.max - 2)
        let checkins = (0..<5).map { n in
            MeetingDraft(
                id: Int32(clamping: Int64(Int32.max - 2) + 1 + Int64(n)), handle: "ada", kind: .checkin,
                start: Instant(seconds: 86_400 * Int64(n + 1)), minutes: 30)
        }
        let hire = Record(
            seq: 2, ts: Instant(seconds: 60), by: "rita",
            change: .hire(handle: "ada", id: Int32.max - 2, start: Instant(seconds: 86_400), checkins: checkins))
        #expect(throws: ChangeError.self) { try state.validate(hire) }
    }
}
