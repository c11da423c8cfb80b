import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// One candidate's older timeline loads alone (the snapshot lists where its lines are), and gives
/// exactly what loading everyone's would.
@Suite("One candidate's timeline")
struct CandidateTimelineTests {
    /// Texts of a candidate's live entries, in order.
    private func texts(_ store: FileStore, _ handle: String) -> [String] {
        let state = store.state
        let k = state.candidateIndex(handle: handle)!
        return state.entryPositions(of: k).map { state.text(state.entries[Int($0)].text, from: store.texts) }
    }

    /// Three candidates with interleaved notes, compacted, then more notes in the journal.
    private func makeStore(_ dir: TemporaryDirectory) throws -> Script {
        var s = Script(try FileStore(path: dir.path))
        for h in ["ada", "bo", "cy"] { try s.add(h) }
        for i in 0..<30 { try s.note(["ada", "bo", "cy"][i % 3], "old \(i) ✓") }
        try s.store.compact()
        try s.note("bo", "new bo")
        try s.note("ada", "new ada")
        try s.add("dee")
        try s.note("dee", "new dee")
        return s
    }

    @Test("loads only that candidate's lines, equal to the full load, in order")
    func equalsFullLoad() throws {
        let dir = TemporaryDirectory()
        _ = try makeStore(dir)
        let full = try FileStore(path: dir.path)
        try full.loadTimeline()

        let partial = try FileStore(path: dir.path)
        #expect(!partial.state.timelineComplete)
        let bo = partial.state.candidateIndex(handle: "bo")!
        try partial.loadTimeline(of: bo)
        #expect(partial.state.hasTimeline(of: bo))
        #expect(!partial.state.hasTimeline(of: partial.state.candidateIndex(handle: "ada")!))
        #expect(texts(partial, "bo") == texts(full, "bo"))
        #expect(texts(partial, "bo") == (0..<30).filter { $0 % 3 == 1 }.map { "old \($0) ✓" } + ["new bo"])
        // Only bo's ten older entries were read, beside the journal's three.
        #expect(partial.state.entries.count == 10 + 3)

        // A second candidate, then everyone: no duplicates, same as the full load.
        try partial.loadTimeline(of: partial.state.candidateIndex(handle: "ada")!)
        #expect(texts(partial, "ada") == texts(full, "ada"))
        #expect(partial.state.entries.map(\.id) == partial.state.entries.map(\.id).sorted())
        try partial.loadTimeline()
        #expect(partial.state.entries.map(\.id) == full.state.entries.map(\.id))
        for h in ["ada", "bo", "cy", "dee"] { #expect(texts(partial, h) == texts(full, h)) }
    }

    @Test("a candidate added since the snapshot reads nothing from the entries file")
    func addedSince() throws {
        let dir = TemporaryDirectory()
        _ = try makeStore(dir)
        let store = try FileStore(path: dir.path)
        try store.loadTimeline(of: store.state.candidateIndex(handle: "dee")!)
        #expect(texts(store, "dee") == ["new dee"])
        #expect(store.state.entries.count == 3)
    }

    @Test("an entry undone after a partial load stays undone when everything loads")
    func undoSurvivesFullLoad() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada")
        try s.note("ada", "keep")
        try s.note("ada", "undo me")
        try s.store.compact()

        // A second process: partial load, then an undo of the older note, then a full load.
        var other = Script(try FileStore(path: dir.path))
        let ada = other.store.state.candidateIndex(handle: "ada")!
        try other.store.loadTimeline(of: ada)
        try other.commit { $0.latestUndoable(by: "rita").map { .undo(target: $0.seq) }! }
        #expect(texts(other.store, "ada") == ["keep"])
        try other.store.loadTimeline()
        #expect(texts(other.store, "ada") == ["keep"])
        let reopened = try FileStore(path: dir.path)
        try reopened.loadTimeline(of: ada)
        #expect(texts(reopened, "ada") == ["keep"])
    }

    @Test("a damaged line of that candidate is an error naming the entries file")
    func damagedLine() throws {
        let dir = TemporaryDirectory()
        _ = try makeStore(dir)
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("entries-") })
        var bytes = try #require(FileManager.default.contents(atPath: dir.file(name)))
        let target = try #require(bytes.range(of: Data("old 4 ".utf8)))  // one of bo's lines
        bytes[target.lowerBound] = UInt8(ascii: "O")
        try bytes.write(to: URL(fileURLWithPath: dir.file(name)))

        let store = try FileStore(path: dir.path)
        let cy = store.state.candidateIndex(handle: "cy")!
        try store.loadTimeline(of: cy)  // cy's lines are intact
        #expect(texts(store, "cy").count == 10)
        let bo = store.state.candidateIndex(handle: "bo")!
        #expect {
            try store.loadTimeline(of: bo)
        } throws: { error in
            "\(error)".contains(name) && "\(error)".contains("checksum")
        }
        #expect(store.readOnlyReason != nil, "damage makes the store read-only")
    }
}
