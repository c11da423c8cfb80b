import Conversation
import Foundation
import TestSupport
import Testing

@testable import Store

/// Store files with a valid `sum` but hostile content: each makes the store read-only with an
/// error naming the file, never kills the process by a signal (SPEC §8.5, §9).
@Suite("Hostile store files")
struct HostileStoreFilesTests {
    static let start = Instant(seconds: 1_796_202_000)  // 2026-12-02T09:00:00Z

    /// `ada` (a long role to pad with, no timeline) and `bob` with one note; compacted.
    static func compactedStore(talk: Bool = false) throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let store = try FileStore(path: dir.path)
        var s = Script(store)
        try s.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada", role: String(repeating: "r", count: 40))])
        }
        try s.add("bob")
        try s.note("bob", "hello")
        if talk {
            try s.commit {
                .schedule(MeetingDraft(id: $0.nextID, handle: "ada", kind: .talk, start: start, minutes: 45))
            }
        }
        try store.compact()
        return dir
    }

    @Test("a journal line holding an array 200,000 deep is damage in the journal")
    func deepJournalLine() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada")
        // A note as long as the hostile value, so that the write keeps its length.
        try s.note("ada", String(repeating: "x", count: 399_998))
        let journal = journalName(dir.path)
        Hostile.editLine(dir, journal, startingWith: #"{"seq":2,"#) { body in
            body = body.replacingOccurrences(
                of: #""text":""# + String(repeating: "x", count: 399_998) + #"""#,
                with: #""text":"# + Hostile.nested(200_000))
        }
        let damage = Hostile.damage(dir)
        #expect(damage.contains(journal), "\(damage)")
    }

    @Test("an entries line holding an array 200,000 deep is damage, not a stack overflow")
    func deepEntriesLine() throws {
        let dir = try Self.compactedStore()
        Hostile.editLine(dir, "entries-1.jsonl", startingWith: #"{"seq":3,"#) { body in
            body = body.replacingOccurrences(
                of: #""text":"#, with: #""fields":"# + Hostile.nested(200_000) + #","text":"#)
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        #expect(damage.contains("entries-1.jsonl") && damage.contains("nested too deeply"), "\(damage)")
    }

    @Test(
        "a snapshot candidate holding an array 200,000 deep is damage when it is read",
        arguments: ["entries", "tags"])
    func deepCandidateLine(key: String) throws {
        let dir = try Self.compactedStore()
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"handle":"ada""#) { body in
            body = body.replacingOccurrences(
                of: #""name":"Ada","#,
                with: #""name":"Ada",""# + key + #"":"#
                    + Hostile.nested(200_000) + ",")
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        // Tags are read as strings, so the first nested array is already wrong; a key whose
        // value is skipped (the offsets of older schemas) is skipped only so deep.
        let reason = key == "tags" ? "expected a string" : "nested too deeply"
        #expect(damage.contains("snapshot-1.json") && damage.contains(reason), "\(damage)")
    }

    @Test("a meeting of 2^63-1 minutes in the snapshot is damage, not an overflow")
    func hugeMinutesInSnapshot() throws {
        let dir = try Self.compactedStore(talk: true)
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"id":"#) { body in
            body = body.replacingOccurrences(of: #""minutes":45"#, with: #""minutes":9223372036854775807"#)
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        #expect(damage.contains("snapshot-1.json") && damage.contains("minutes"), "\(damage)")
    }

    @Test("a talk of 2^63-1 minutes in the journal is damage, not an overflow")
    func hugeMinutesInJournal() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada")
        let place = String(repeating: "p", count: 20)
        try s.commit {
            .schedule(
                MeetingDraft(id: $0.nextID, handle: "ada", kind: .talk, start: Self.start, minutes: 45, place: place))
        }
        // 17 more digits, 17 fewer bytes of the place: the write keeps its length.
        let journal = journalName(dir.path)
        Hostile.editLine(dir, journal, startingWith: #"{"seq":2,"#) { body in
            body = body.replacingOccurrences(of: #""minutes":45"#, with: #""minutes":9223372036854775807"#)
                .replacingOccurrences(of: place, with: "ppp")
        }
        let damage = Hostile.damage(dir)
        #expect(damage.contains(journal) && damage.contains("minutes"), "\(damage)")
    }

    @Test(
        "snapshot header counts beyond what the file holds are damage, not a huge allocation",
        arguments: [
            (#""candidates":2"#, #""candidates":2147483647"#), (#""candidates":2"#, #""candidates":-1"#),
            (#""meetings":0"#, #""meetings":1000000000"#), (#""undo":3"#, #""undo":2147483647"#),
        ])
    func hugeHeaderCounts(old: String, new: String) throws {
        let dir = try Self.compactedStore()
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"snapshot":"#) { body in
            body = body.replacingOccurrences(of: old, with: new)
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        #expect(damage.contains("snapshot-1.json line 1") || damage.contains("snapshot-1.json is damaged at line 1"))
        #expect(!damage.isEmpty, "\(damage)")
    }

    @Test("a snapshot header seq of 2^63-1 is damage, not an overflow on the next change")
    func hugeHeaderSeq() throws {
        let dir = try Self.compactedStore()
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"snapshot":"#) { body in
            body = body.replacingOccurrences(of: #""seq":3"#, with: #""seq":9223372036854775807"#)
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        #expect(damage.contains("snapshot-1.json") && damage.contains("seq"), "\(damage)")
    }

    @Test("an undo item that removes a candidate twice is damage, not a crash of the next undo")
    func undoRemovingTwice() throws {
        let dir = try Self.compactedStore()
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"user":"rita","seq":3,"#) { body in
            let revert = body.range(of: #""revert":"#)!.lowerBound
            body = String(body[..<revert]) + #""revert":{"candidates":["ada","ada"]}"#
        }
        try Hostile.updatePointer(dir)
        var damage = ""
        do {
            let store = try FileStore(path: dir.path)
            damage = store.readOnlyReason ?? ""
            if damage.isEmpty { _ = try store.commit(by: "rita", at: Self.start) { _ in .undo(target: 3) } }
        } catch {
            damage = "\(error)"
        }
        #expect(damage.contains("snapshot-1.json") && damage.contains("twice"), "\(damage)")
    }

    @Test("an entry offset far beyond the entries file is damage, not a read of petabytes")
    func offsetBeyondTheFile() throws {
        let dir = try Self.compactedStore()
        // Bob's line in the offsets section (the second: the candidates' order).
        Hostile.editLine(dir, "snapshot-1.json", startingWith: #"{"at":[0]"#) { body in
            body = body.replacingOccurrences(of: #""at":[0]"#, with: #""at":[1000000000000000]"#)
        }
        try Hostile.updatePointer(dir)
        let damage = Hostile.damage(dir)
        #expect(damage.contains("entries-1.jsonl") && damage.contains("outside the file"), "\(damage)")
    }
}
