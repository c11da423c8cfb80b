import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// `ConversationStore`'s guarantees (README "The store", SPEC §8), on every backend.
@Suite("Store contract")
struct StoreContractTests {
    static let start = Instant(seconds: 1_764_579_600)  // 2025-12-01T09:00:00Z

    /// Commits with a clock that moves a minute per change.
    struct Writer {
        let store: ConversationStore
        var user: String
        var clock = StoreContractTests.start

        @discardableResult
        mutating func commit(_ build: (State) throws -> Change) throws -> Record {
            clock = clock.adding(seconds: 60)
            return try store.commit(by: user, at: clock, build)
        }

        @discardableResult
        mutating func note(_ handle: String, _ text: String) throws -> Record {
            let at = clock
            return try commit {
                .entry(EntryDraft(handle: handle, id: $0.nextID, at: at, kind: .note, text: .string(text)))
            }
        }
    }

    /// What a store holds, as text, read through `ConversationStore` only.
    static func contents(_ store: ConversationStore) throws -> [String] {
        try store.refresh()
        try store.load(.everyone)
        let state = store.state
        var lines: [String] = state.candidates.filter { !$0.removed }.map {
            "candidate \($0.handle) \($0.name) \($0.stage) \($0.status) \(String(describing: $0.email))"
        }
        lines += state.meetings.map {
            "meeting \($0.id) \($0.kind) \($0.start) \($0.minutes) \($0.status) changed \($0.changed) #\($0.sequence)"
        }
        lines += state.entries.filter { !$0.removed }.map { e in
            "entry \(e.id) \(state.candidates[Int(e.candidate)].handle) \(e.kind) \(state.user(e.by)) \(e.at) "
                + state.text(e.text, from: store.texts)
        }
        return lines
    }

    @Test("every kind of change comes back the same from a new client", arguments: ContractBackend.available)
    func roundTrip(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var w = Writer(store: try store.client(), user: "rita")
        try w.commit { _ in
            .add([
                CandidateDraft(handle: "ada", name: "Ada Lovelace 👩🏽‍💻", email: "ada@example.org", stage: .phoneScreen),
                CandidateDraft(handle: "bob", name: "بوب"),
            ])
        }
        let at = w.clock
        try w.commit {
            .entry(
                EntryDraft(
                    handle: "ada", id: $0.nextID, at: at, kind: .message, direction: .inbound, channel: .email,
                    text: .string("Any news?\nI'm weighing another offer. \u{1B}[2J \"quoted\" \\")))
        }
        try w.note("ada", "strong on systems")
        try w.commit { .stage(handle: "ada", id: $0.nextID, stage: .liveInterview) }
        try w.commit {
            .schedule(
                MeetingDraft(
                    id: $0.nextID, handle: "ada", kind: .talk, start: at.adding(seconds: 86_400), minutes: 45))
        }
        try w.commit { state in .move(meeting: state.meetings[0].id, start: at.adding(seconds: 2 * 86_400)) }
        try w.commit { .status(handle: "bob", id: $0.nextID, status: .rejected, reason: .string("no visa")) }
        try w.note("bob", "to be undone")
        try w.commit { $0.latestUndoable(by: "rita").map { .undo(target: $0.seq) }! }
        let written = try Self.contents(w.store)
        #expect(written.contains { $0.contains("Any news?") && $0.contains("message") })
        #expect(!written.contains { $0.contains("to be undone") })
        #expect(written.contains { $0.hasPrefix("meeting") && $0.contains("\(at.adding(seconds: 2 * 86_400))") })
        #expect(written.contains { $0.hasPrefix("meeting") && $0.hasSuffix(" #1") }, "the move counted: \(written)")
        #expect(try Self.contents(store.client()) == written)
        if let compacting = try store.client() as? CompactingStore {
            try compacting.compact()
            #expect(try Self.contents(store.client()) == written)
        }
    }

    @Test("every client names the store by one id; another store has another", arguments: ContractBackend.available)
    func identity(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var w = Writer(store: try store.client(), user: "rita")
        let id = try w.store.identity()
        #expect((16...64).contains(id.count) && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        try w.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        #expect(try w.store.identity() == id, "a write keeps it")
        #expect(try store.client(as: "maria").identity() == id)
        if let compacting = w.store as? CompactingStore {
            try compacting.compact()
            #expect(try store.client().identity() == id, "compaction keeps it")
        }
        #expect(try backend.makeStore().client().identity() != id)
    }

    @Test("refresh shows what another client committed", arguments: ContractBackend.available)
    func refreshSeesOthers(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var a = Writer(store: try store.client(), user: "rita")
        let b = try store.client(as: "maria")
        try a.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        try b.refresh()
        #expect(b.state.candidates.handle(at: 0) == "ada")
        try a.note("ada", "seen by b")
        try b.refresh()
        try b.load(.candidate(0))
        #expect(b.state.entries.contains { b.state.text($0.text, from: b.texts) == "seen by b" })
    }

    @Test(
        "8 clients × 200 notes on one candidate while another compacts: 1,600 notes, gapless seqs",
        arguments: ContractBackend.available)
    func noLostUpdates(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var setup = Writer(store: try store.client(), user: "rita")
        try setup.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        let clients = try (0..<8).map { n in try store.client(as: "user\(n)") }
        let compactor = try store.client()
        let failures = Failures()
        let writers = clients.enumerated().map { (n, client) in
            let client = Unchecked(client)  // each client is used by its own thread only
            return Thread.detached { [failures] in
                var w = Writer(store: client.value, user: "user\(n)")
                for i in 0..<200 {
                    do { try w.note("ada", "note \(n)-\(i)") } catch { failures.add("\(n)-\(i): \(error)") }
                }
            }
        }
        let compactorBox = Unchecked(compactor)
        let compacting = Thread.detached { [failures] in
            guard let c = compactorBox.value as? CompactingStore else { return }
            for _ in 0..<5 {
                do { try c.compact() } catch { failures.add("compact: \(error)") }
                usleep(20_000)
            }
        }
        for thread in writers + [compacting] { thread.join() }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        let reader = try store.client()
        let notes = try Self.contents(reader).filter { $0.contains(/\ note \d+-\d+$/) }
        #expect(notes.count == 1_600)
        #expect(Set(notes).count == 1_600)
        for n in 0..<8 {
            let mine = notes.filter { $0.contains(" user\(n) ") }
            // Each client's notes in the order it made them.
            let order = mine.compactMap { $0.split(separator: "-").last.flatMap { Int($0) } }
            #expect(order == Array(0..<200), "user\(n)")
        }
        // Gapless: the add, then 1,600 notes, numbered 1…1,601 in commit order.
        #expect(reader.state.lastSeq == 1_601)
        #expect(Set(reader.state.entries.map(\.id)).count == 1_600)
    }

    @Test("undo is per user, across clients", arguments: ContractBackend.available)
    func undoPerUser(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var rita = Writer(store: try store.client(), user: "rita")
        var maria = Writer(store: try store.client(as: "maria"), user: "maria")
        try rita.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        try rita.note("ada", "rita's")
        try maria.note("ada", "maria's")
        // Rita, on a third client, undoes her latest change: her note, not Maria's later one.
        var ritaElsewhere = Writer(store: try store.client(), user: "rita")
        ritaElsewhere.clock = maria.clock
        try ritaElsewhere.commit { $0.latestUndoable(by: "rita").map { .undo(target: $0.seq) }! }
        let texts = try Self.contents(store.client())
        #expect(!texts.contains { $0.contains("rita's") })
        #expect(texts.contains { $0.contains("maria's") })
        try maria.store.refresh()
        #expect(maria.store.state.latestUndoable(by: "maria") != nil)
    }

    @Test("forget leaves no trace of the candidate in any place the store keeps", arguments: ContractBackend.available)
    func forgetLeavesNoTrace(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var w = Writer(store: try store.client(), user: "rita")
        try w.commit { _ in
            .add([
                CandidateDraft(handle: "zed-quimby", name: "Zed Quimby", email: "zed.quimby@example.org"),
                CandidateDraft(handle: "ada", name: "Ada"),
            ])
        }
        try w.note("zed-quimby", "Zed's secret salary wish: 123456")
        try w.note("ada", "kept")
        if let c = try store.client() as? CompactingStore { try c.compact() }
        try w.note("zed-quimby", "after the snapshot: zed again")
        try w.store.forget(handle: "zed-quimby")
        for (place, bytes) in store.places() {
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in ["Quimby", "quimby", "123456", "zed again"] {
                #expect(!text.contains(secret), "\(secret) in \(place)")
            }
        }
        #expect(try Self.contents(store.client()).contains { $0.contains("kept") })
    }

    @Test("a store of a newer schema is refused for writing and nothing changes", arguments: ContractBackend.available)
    func newerSchemaRefused(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var w = Writer(store: try store.client(), user: "rita")
        try w.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        try store.markNewerSchema()
        var later = Writer(store: try store.client(), user: "rita")
        let before = store.places()
        #expect(later.store.readOnlyReason != nil)
        #expect(throws: StoreError.self) { try later.note("ada", "must not land") }
        do {
            try later.note("ada", "must not land")
        } catch let error as StoreError {
            guard case .newerSchema = error else { throw error }
        }
        #expect(store.places() == before)
    }

    @Test("a damaged record is detected, not read past, and nothing is written", arguments: ContractBackend.available)
    func damageDetected(backend: ContractBackend) throws {
        let store = try backend.makeStore()
        var w = Writer(store: try store.client(), user: "rita")
        try w.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        for i in 0..<4 { try w.note("ada", "a note long enough to be damaged in its middle, number \(i)") }
        try store.damageOneRecord()
        var reader = Writer(store: try store.client(), user: "rita")
        let before = store.places()
        let read = Result { () throws -> [String] in
            let lines = try Self.contents(reader.store)
            try reader.store.checkReads()
            return lines
        }
        #expect(throws: StoreError.self) { try read.get() }
        #expect(throws: (any Error).self) { try reader.note("ada", "must not land") }
        #expect(store.places() == before)
    }
}
