import Conversation
import Foundation
import Store
import TestSupport

/// Builds changes for tests with less noise.
struct Script {
    let store: FileStore
    var clock = Instant(seconds: 1_764_579_600)  // 2025-12-01T09:00:00Z
    var user = "rita"

    init(_ store: FileStore) { self.store = store }

    @discardableResult
    mutating func commit(_ build: (State) throws -> Change) throws -> Record {
        clock = clock.adding(seconds: 60)
        return try store.commit(by: user, at: clock, build)
    }

    mutating func add(_ handle: String, name: String? = nil, email: String? = nil, phone: String? = nil) throws {
        try commit { _ in .add([CandidateDraft(handle: handle, name: name ?? handle, email: email, phone: phone)]) }
    }

    mutating func note(_ handle: String, _ text: String) throws {
        let at = clock
        try commit { .entry(EntryDraft(handle: handle, id: $0.nextID, at: at, kind: .note, text: .string(text))) }
    }

    mutating func message(_ handle: String, _ direction: Direction, _ text: String) throws {
        let at = clock
        try commit {
            .entry(
                EntryDraft(
                    handle: handle, id: $0.nextID, at: at, kind: .message, direction: direction, channel: .email,
                    text: .string(text)))
        }
    }
}

/// A canonical text of everything a store holds, to compare stores.
func dump(_ store: FileStore) throws -> String {
    try store.loadTimeline()
    let state = store.state
    var lines: [String] = []
    for var c in state.candidates where !c.removed {
        // Where the snapshot keeps the last inbound message changes with every compaction.
        c.facts = c.facts.comparable
        lines.append("candidate \(c)")
    }
    for m in state.meetings {
        lines.append(
            "meeting \(m.id) \(state.candidates[Int(m.candidate)].handle) \(m.kind) \(String(describing: m.with)) \(String(describing: m.role)) \(m.start) \(m.minutes) \(String(describing: m.place)) \(m.status) \(String(describing: m.outcome)) \(String(describing: m.mood)) \(String(describing: m.reason)) \(m.scheduled) \(m.by)"
        )
    }
    for e in state.entries where !e.removed {
        lines.append(
            "entry \(e.id) \(state.candidates[Int(e.candidate)].handle) \(e.at) \(state.user(e.by)) \(e.kind) \(String(describing: e.direction)) \(String(describing: e.channel)) \(String(describing: e.stage)) \(String(describing: e.status)) \(e.rating) \(String(describing: e.recommend)) \(e.extra) text=\(state.text(e.text, from: store.texts).debugDescription)"
        )
    }
    for user in state.undoStacks.keys.sorted() {
        for item in state.undoStacks[user]! { lines.append("undo \(user) \(item.seq) \(item.summary)") }
    }
    lines.append("seq \(state.lastSeq) next \(state.nextID) forgotten \(state.forgotten)")
    return lines.joined(separator: "\n")
}

/// The byte offsets where each line of a file starts, and its total size.
func lineStarts(_ data: Data) -> [Int] {
    var starts = [0]
    for (i, b) in data.enumerated() where b == 0x0A && i + 1 < data.count { starts.append(i + 1) }
    return starts
}

func journalName(_ path: String) -> String {
    (try? FileManager.default.contentsOfDirectory(atPath: path))?.first { $0.hasPrefix("journal-") }
        ?? "journal-0.jsonl"
}
