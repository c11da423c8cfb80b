import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// `import csv` adds candidates with the status and times their file says (an export, another
/// tracking system's): the add record carries them, replay and compaction keep them, and a plain
/// `add` writes none of the new keys (so an older cande still reads it).
@Suite("Imported candidates' status and times")
struct ImportedDraftTests {
    static let created = Instant(seconds: 1_780_000_000)
    static let updated = Instant(seconds: 1_785_000_000)
    static let now = Instant(seconds: 1_790_000_000)

    @Test("status, created and updated survive the journal, compaction and reopening")
    func survives() throws {
        let dir = TemporaryDirectory("cande-imported")
        let store = try FileStore(path: dir.path)
        _ = try store.commit(by: "rita", at: Self.now) { _ in
            .add([
                CandidateDraft(
                    handle: "rob", name: "Rob", stage: .offer, status: .rejected, created: Self.created,
                    updated: Self.updated),
                CandidateDraft(handle: "cy", name: "Cy", created: Self.created),
                CandidateDraft(handle: "plain", name: "Plain"),
            ])
        }
        func check(_ state: State, _ when: String) throws {
            let rob = try #require(state.candidate(handle: "rob"), "\(when)")
            #expect(rob.status == .rejected, "\(when)")
            #expect(rob.created == Self.created && rob.updated == Self.updated, "\(when)")
            #expect(rob.stages.first?.at == Self.created, "the stage path starts when the candidate was created")
            let cy = try #require(state.candidate(handle: "cy"), "\(when)")
            #expect(cy.created == Self.created && cy.updated == Self.now, "updated: when it was imported")
            let plain = try #require(state.candidate(handle: "plain"), "\(when)")
            #expect(plain.status == .active && plain.created == Self.now && plain.updated == Self.now, "\(when)")
        }
        try check(store.state, "as committed")
        try check(try FileStore(path: dir.path).state, "replayed from the journal")
        let journal = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: dir.file("journal-0.jsonl"))), as: UTF8.self)
        let plain = try #require(journal.firstRange(of: #"{"handle":"plain""#).map { journal[$0.lowerBound...] })
        let plainDraft = plain.prefix { $0 != "}" }
        #expect(!plainDraft.contains("status") && !plainDraft.contains("created") && !plainDraft.contains("updated"))
        try FileStore(path: dir.path).compact()
        try check(try FileStore(path: dir.path).state, "from the snapshot")
    }

    @Test("a candidate updated before it was created is refused")
    func updatedBeforeCreated() throws {
        let dir = TemporaryDirectory("cande-imported")
        let store = try FileStore(path: dir.path)
        #expect(throws: (any Error).self) {
            _ = try store.commit(by: "rita", at: Self.now) { _ in
                .add([CandidateDraft(handle: "x", name: "X", created: Self.updated, updated: Self.created)])
            }
        }
        #expect(try FileStore(path: dir.path).state.liveCandidates.isEmpty)
    }
}
