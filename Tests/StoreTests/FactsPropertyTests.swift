import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// The facts kept with each candidate (README "Listening facts") equal the facts worked out from
/// the whole timeline, after any sequence of changes: messages logged in and out of time order,
/// asks, feedback, status changes, corrections of a time, undo by several users, compaction at
/// any point; read by a process that loaded the whole timeline, and by a one-shot process that
/// reads only the snapshot's candidate lines and the journal after it.
@Suite("Facts, as a property")
struct FactsPropertyTests {
    static let cases = 40
    static let steps = 45

    typealias Seeded = ErasurePropertyTests.Seeded

    /// What a random step does.
    enum Step: CaseIterable { case add, inbound, outbound, late, ask, feedback, status, correct, undo, compact, note }

    static func check(_ path: String, _ context: String) throws {
        let full = try FileStore(path: path)
        try full.loadTimeline()
        let derived = full.state.facts()
        let oneShot = try FileStore(path: path)
        #expect(oneShot.state.staleFacts.isEmpty, "\(context): stale facts after opening")
        // The digest's rows, read from the snapshot's digest line where nothing changed since.
        var rows: [Int32: DigestRow] = [:]
        var unnamed: [Int32: DigestRow] = [:]
        // The views that print no names read the columns without them first.
        oneShot.state.forEachDigestRow(names: false) { k, row in unnamed[k] = row }
        oneShot.state.forEachDigestRow { k, row in rows[k] = row }
        for (k, row) in rows {
            var stripped = row
            (stripped.name, stripped.role, stripped.owner) = ("", nil, nil)
            var other = unnamed[k]
            other?.name = ""
            other?.role = nil
            other?.owner = nil
            #expect(other == stripped, "\(context): digest row \(k) without names")
        }
        #expect(rows.count == full.state.liveCandidates.count, "\(context): digest rows")
        for k in full.state.liveCandidates {
            #expect(rows[k] == DigestRow(full.state.candidates[Int(k)]), "\(context): digest row \(k)")
        }
        for k in full.state.liveCandidates {
            let handle = full.state.candidates[Int(k)].handle
            #expect(full.state.candidates[Int(k)].facts.comparable == derived[Int(k)], "\(context): \(handle), loaded")
            let kept = oneShot.state.candidates[Int(try #require(oneShot.state.candidateIndex(handle: handle)))]
            #expect(kept.facts.comparable == derived[Int(k)], "\(context): \(handle), one-shot")
        }
    }

    @Test("kept facts equal facts from the timeline", arguments: 0..<cases)
    func keptEqualsDerived(seed: Int) throws {
        var rng = Seeded(state: UInt64(seed) &* 0x1234_5678_9ABC)
        let dir = TemporaryDirectory("cande-facts")
        var store = try FileStore(path: dir.path)
        var clock = Instant(seconds: 1_764_579_600)
        var handles: [String] = []
        let users = ["rita", "maria"]
        for step in 0..<Self.steps {
            clock = clock.adding(seconds: Int64.random(in: 60...7200, using: &rng))
            let user = users.randomElement(using: &rng)!
            let now = clock
            let kind = handles.isEmpty ? .add : Step.allCases.randomElement(using: &rng)!
            let handle = handles.randomElement(using: &rng) ?? ""
            func entry(_ kind: EntryKind, _ direction: Direction?, at: Instant, rating: UInt8 = 0) throws {
                _ = try store.commit(by: user, at: now) {
                    .entry(
                        EntryDraft(
                            handle: handle, id: $0.nextID, at: at, kind: kind, direction: direction, rating: rating,
                            recommend: rating > 0 ? rating > 2 : nil, text: .string("step \(step)")))
                }
            }
            do {
                switch kind {
                case .add:
                    let new = "c\(handles.count)"
                    handles.append(new)
                    _ = try store.commit(by: user, at: now) { _ in .add([CandidateDraft(handle: new, name: new)]) }
                case .inbound: try entry(.message, .inbound, at: now)
                case .outbound: try entry(.message, .outbound, at: now)
                case .late:
                    // Logged later with an earlier time: before some of the events already there.
                    let back = Int64.random(in: 60...(3 * 86_400), using: &rng)
                    try entry(.message, Bool.random(using: &rng) ? .inbound : .outbound, at: now.adding(seconds: -back))
                case .ask: try entry(.ask, nil, at: now)
                case .feedback: try entry(.feedback, nil, at: now, rating: UInt8.random(in: 0...5, using: &rng))
                case .note: try entry(.note, nil, at: now)
                case .status:
                    let status = [Status.rejected, .withdrawn].randomElement(using: &rng)!
                    _ = try store.commit(by: user, at: now) {
                        .status(handle: handle, id: $0.nextID, status: status, reason: nil)
                    }
                case .correct:
                    try store.loadTimeline()
                    let state = store.state
                    guard
                        let target = state.entries.filter({
                            !$0.removed && $0.kind == .message && state.candidates[Int($0.candidate)].handle == handle
                        }).randomElement(using: &rng)
                    else { continue }
                    let at = now.adding(seconds: -Int64.random(in: 0...(5 * 86_400), using: &rng))
                    _ = try store.commit(by: user, at: now) {
                        .correct(Correction(handle: handle, id: $0.nextID, target: target.id, at: at))
                    }
                case .undo:
                    let plan = store.state.undoPlan(by: user)
                    guard let target = plan.target else { continue }
                    _ = try store.commit(by: user, at: now) { _ in .undo(target: target.seq) }
                    handles = handles.filter { store.state.candidateIndex(handle: $0) != nil }
                case .compact:
                    try store.compact()
                }
            } catch let error as StoreError {
                // A change the state refuses (a repeated status) changes nothing.
                guard case .rejected = error else { throw error }
            }
            if step % 9 == 8 {
                try Self.check(dir.path, "seed \(seed) step \(step)")
                // Go on in a fresh process that has not loaded the timeline.
                store = try FileStore(path: dir.path)
            }
        }
        try Self.check(dir.path, "seed \(seed) end")
    }
}
