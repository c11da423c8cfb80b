import Conversation
import Store
import TestSupport
import Testing

/// The phases a long rewrite goes through, for the shell's progress line (README "Progress").
@Suite("Phases of compaction and forget")
struct PhaseReportingTests {
    @Test("compact and forget say reading, writing, checking, in that order; size counts every file")
    func phases() throws {
        let dir = TemporaryDirectory("cande-phases")
        let store = try FileStore(path: dir.path)
        var s = Script(store)
        try s.add("ada", name: "Ada Lovelace")
        try s.add("grace", name: "Grace Hopper")
        for k in 0..<50 { try s.note("ada", "note \(k) with some text to make the store grow") }
        let before = store.byteSize
        #expect(before > 50 * 40, "the journal's bytes are not counted: \(before)")
        var seen: [String] = []
        store.onPhase = { seen.append($0) }
        try store.compact()
        #expect(seen == ["reading", "writing", "checking"])
        #expect(store.byteSize > 0)
        seen = []
        try store.forget(handle: "grace")
        #expect(seen == ["reading", "writing", "checking"])
        store.onPhase = nil
        try s.note("ada", "after")
        #expect(seen.count == 3)
    }
}
