import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("Round trip")
struct RoundTripTests {
    static let edgeCases: [String] = [
        "emoji 🎉👩🏽‍💻🇩🇪 and more",
        "RTL مرحبا بالعالم עברית",
        "NUL \u{0000} inside",
        "ESC \u{1B}[2J clears and \u{1B}]0;title\u{07}",
        "line\u{2028}separator and \u{2029} paragraph",
        "quotes \" and \\ backslashes \\\" and \\n literally",
        "tabs\tand\nnewlines\r\nand CR",
        "control \u{01}\u{02}\u{7F}\u{85} bytes",
        "",
        String(repeating: "1 MiB of text ", count: (1 << 20) / 14),
    ]

    /// Every kind of change, with every edge-case string somewhere in it.
    static func fill(_ store: FileStore) throws {
        var s = Script(store)
        try s.commit { _ in
            .add([
                CandidateDraft(
                    handle: "ada", name: "Ada \u{1B}[31mLovelace 👩🏽‍💻", email: "ada@example.org",
                    phone: "+44 20 7946 0000",
                    role: "Backend Engineer \u{2028}", source: .referral, owner: "rita", stage: .phoneScreen,
                    tags: ["senior", "berlin"], tz: "Europe/Berlin")
            ])
        }
        try s.commit { _ in
            .add([
                CandidateDraft(handle: "bob", name: "بوب"), CandidateDraft(handle: "cy", name: "Cy \"Quote\" \\ Back"),
            ])
        }
        for (k, text) in edgeCases.enumerated() {
            try s.message("ada", k % 2 == 0 ? .inbound : .outbound, text)
            try s.note("bob", text)
        }
        try s.commit {
            .edit(
                handle: "cy", id: $0.nextID,
                fields: [
                    FieldChange(field: .role, value: "Staff \u{0000} Engineer"), FieldChange(field: .phone, value: nil),
                ], summary: .string("role: — → Staff"))
        }
        let at = s.clock
        try s.commit {
            .entry(
                EntryDraft(
                    handle: "bob", id: $0.nextID, at: at, kind: .ask, channel: .sms,
                    text: .string("How did we do? \u{1B}")))
        }
        try s.commit {
            .entry(
                EntryDraft(
                    handle: "bob", id: $0.nextID, at: at, kind: .feedback, rating: 4, recommend: true,
                    text: .string("Good 🎉")))
        }
        try s.commit { .stage(handle: "ada", id: $0.nextID, stage: .liveInterview) }
        try s.commit { .stage(handle: "ada", id: $0.nextID, stage: .assessment) }
        try s.commit {
            .status(handle: "bob", id: $0.nextID, status: .rejected, reason: .string("Not a fit \u{2028} sorry"))
        }
        try s.commit {
            .schedule(
                MeetingDraft(
                    id: $0.nextID, handle: "ada", kind: .talk, with: "Sam \u{1B} Lee", role: .peer,
                    start: at.adding(seconds: 86_400), minutes: 45, place: "video, room \"3\""))
        }
        try s.commit {
            .schedule(
                MeetingDraft(
                    id: $0.nextID, handle: "ada", kind: .talk, with: "Kim", role: .manager,
                    start: at.adding(seconds: 2 * 86_400), minutes: 30))
        }
        let talks = store.state.meetings.map(\.id)
        try s.commit { _ in .move(meeting: talks[1], start: at.adding(seconds: 3 * 86_400)) }
        try s.commit { _ in .done(meeting: talks[0], mood: .good, outcome: "Great chat 👍 \n second line") }
        try s.commit { _ in .cancel(meeting: talks[1], reason: "Kim is ill \u{0000}") }
        try s.commit {
            let id = $0.nextID
            return .hire(
                handle: "cy", id: id, start: at.adding(seconds: 7 * 86_400),
                checkins: [
                    MeetingDraft(
                        id: id + 1, handle: "cy", kind: .checkin, start: at.adding(seconds: 8 * 86_400), minutes: 30),
                    MeetingDraft(
                        id: id + 2, handle: "cy", kind: .checkin, with: "Buddy", start: at.adding(seconds: 14 * 86_400),
                        minutes: 30),
                ])
        }
        try s.note("cy", "to be undone")
        try s.commit { $0.latestUndoable(by: "rita").map { .undo(target: $0.seq) }! }
        s.user = "maria"
        try s.note("ada", "Maria's note ✎")
    }

    @Test("every change kind and edge-case string survives append, reopen, compaction, reopen")
    func survivesEverything() throws {
        let dir = TemporaryDirectory()
        let store = try FileStore(path: dir.path)
        try Self.fill(store)
        let written = try dump(store)
        #expect(written.contains("Maria\\'s note"))
        #expect(!written.contains("to be undone"))
        for text in Self.edgeCases where !text.isEmpty {
            #expect(written.contains(text.debugDescription.dropFirst().dropLast()))
        }

        let reopened = try dump(FileStore(path: dir.path))
        #expect(reopened == written)

        let compacting = try FileStore(path: dir.path)
        try compacting.compact()
        #expect(try dump(compacting) == written)
        let journal = dir.file(journalName(dir.path))
        #expect(FileManager.default.contents(atPath: journal)?.isEmpty == true)
        #expect(try dump(FileStore(path: dir.path)) == written)

        // And once more after changes on top of the snapshot.
        var s = Script(compacting)
        try s.note("ada", "after compaction \u{1B}")
        let more = try dump(compacting)
        #expect(try dump(FileStore(path: dir.path)) == more)
        try compacting.compact()
        #expect(try dump(FileStore(path: dir.path)) == more)
    }

    @Test("jq can read every file of the store that holds data (the search index is derived, binary)")
    func filesAreJSON() throws {
        let dir = TemporaryDirectory()
        let store = try FileStore(path: dir.path)
        try Self.fill(store)
        try store.compact()
        var s = Script(store)
        try s.note("ada", "in the journal")
        let names = StoreFiles.all(dir.path).keys
        #expect(names.contains { $0.hasPrefix("search-") && $0.hasSuffix(".idx") })
        for (name, data) in StoreFiles.all(dir.path) where name != "lock" && !name.hasSuffix(".idx") {
            if name.hasSuffix(".jsonl") {
                for line in data.split(separator: 0x0A) {
                    #expect(try JSONSerialization.jsonObject(with: Data(line)) is [String: Any], "\(name)")
                }
            } else {
                #expect(try JSONSerialization.jsonObject(with: data) is [String: Any], "\(name)")
            }
        }
    }
}
