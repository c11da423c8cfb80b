import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// `edit #ID` (a correction kept as its own record, undone by `undo`) and `forget #ID` (one entry
/// erased from every file), README "Correcting what was logged".
@Suite("corrections")
struct CorrectionTests {
    /// Ada with one inbound message (#1) logged yesterday at 16:00 Berlin.
    func shop() -> ShellHarness {
        let shell = ShellHarness()
        shell.ok("add \"Ada Lovelace\" email:ada@example.org")
        shell.ok("log ada in via:email at:\"yesterday 16:00\" Hi Rita, I can start in March.\nThanks, Ada")
        return shell
    }

    func entries(_ shell: ShellHarness) throws -> [StoredEntry] { StoredEntry.all(try shell.reopened()) }

    func json(_ shell: ShellHarness, _ line: String) throws -> [[String: Any]] {
        let harness = ShellHarness(json: true, sharing: shell)
        let printed = try harness.run(line)
        return try #require(parseJSON(printed.joined(separator: "\n")) as? [[String: Any]])
    }

    @Test("a text correction shows in history and JSON with old and new, and is one more record")
    func textCorrection() throws {
        let shell = shop()
        let answer = shell.ok("edit #1 text:\"Hi Rita, I can start in April.\"")
        #expect(answer.first?.hasPrefix("edited #1 · message on ada-lovelace: text") == true, "\(answer)")
        let stored = try entries(shell)
        #expect(stored.map(\.kind) == [.message, .correction])
        #expect(stored[0].text == "Hi Rita, I can start in April.")
        #expect(stored[0].direction == .inbound)
        let history = shell.ok("history ada")
        #expect(history.contains { $0.contains("I can start in April. (edited)") }, "\(history)")
        #expect(!history.contains { $0.contains("March") })
        #expect(history.contains { $0.contains("edited #1") && $0.contains("corrected text") })
        let items = try json(shell, "history ada")
        let correction = try #require(items.first { $0["kind"] as? String == "correction" })
        #expect(correction["of"] as? Int == 1)
        #expect(
            (correction["old"] as? [String: Any])?["text"] as? String == "Hi Rita, I can start in March.\nThanks, Ada")
        #expect((correction["new"] as? [String: Any])?["text"] as? String == "Hi Rita, I can start in April.")
        #expect(items.first?["edited"] as? Bool == true)
        // The journal keeps the message as logged and the correction as a record of its own.
        let journal = try #require(shell.files().first { $0.key.hasPrefix("journal-") }?.value)
        let text = String(decoding: journal, as: UTF8.self)
        #expect(text.contains(#""op":"message""#) && text.contains("March"))
        #expect(text.contains(#""op":"correct""#) && text.contains(#""of":1"#))
        // find sees the corrected text only.
        #expect(shell.ok("find April").contains { $0.contains("«April»") })
        #expect(shell.ok("find March").first?.hasPrefix("no match") == true)
    }

    @Test("undo takes a correction back; the entry says what it said before")
    func undoCorrection() throws {
        let shell = shop()
        shell.ok("edit #1 text:\"I can start in April.\" via:phone at:\"yesterday 17:30\"")
        var stored = try entries(shell)
        #expect(stored[0].text == "I can start in April.")
        #expect(stored[0].channel == .phone)
        #expect(stored[0].at == utc("2026-11-30T16:30:00Z"))
        #expect(shell.ok("undo").first?.hasPrefix("undid correct #2 on ada-lovelace") == true)
        stored = try entries(shell)
        #expect(stored.map(\.kind) == [.message])
        #expect(stored[0].text == "Hi Rita, I can start in March.\nThanks, Ada")
        #expect(stored[0].channel == .email)
        #expect(stored[0].at == utc("2026-11-30T15:00:00Z"))
        #expect(!shell.ok("history ada").contains { $0.contains("edited") })
    }

    @Test("an older correction cannot be undone past a newer one of the same entry")
    func undoOrder() throws {
        let shell = shop()
        shell.ok("edit #1 text:first")
        let maria = ShellHarness(user: "maria", sharing: shell)
        maria.ok("edit #1 text:second")
        // rita's correction is blocked by maria's: undo says so and changes nothing.
        let error = try #require(shell.failure("undo"))
        #expect(error.description.contains("#1 was corrected again since (#3)"), "\(error)")
        #expect(try entries(shell)[0].text == "second")
        maria.ok("undo")
        #expect(try entries(shell)[0].text == "first")
        shell.ok("undo")
        #expect(try entries(shell)[0].text.hasPrefix("Hi Rita, I can start in March."))
    }

    @Test("corrections survive compaction and a journal tail over a snapshot, read whole or per candidate")
    func compactionAndTail() throws {
        let shell = shop()
        shell.ok("add \"Bob Byte\"")
        shell.ok("note bob Solid")
        shell.ok("edit #1 at:\"yesterday 18:00\"")
        shell.ok("compact")
        // After compaction: the entries file holds #1 as logged and its correction (#3) as a line.
        let entriesFile = try #require(shell.files().first { $0.key.hasPrefix("entries-") }?.value)
        let lines = String(decoding: entriesFile, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains(#""op":"message""#) && lines[0].contains(#""at":"2026-11-30T15:00:00Z""#))
        // A correction in the journal of an entry that is in the snapshot.
        shell.ok("edit #1 text:\"Corrected after compaction\"")
        for perCandidate in [false, true] {
            let store = try FileStore(path: shell.storePath)
            if perCandidate {
                try store.loadTimeline(of: try #require(store.state.candidateIndex(handle: "ada-lovelace")))
            } else {
                try store.loadTimeline()
            }
            let state = store.state
            let position = try #require(state.entryPosition(id: 1))
            #expect(state.text(state.entries[position].text, from: store.texts) == "Corrected after compaction")
            #expect(state.entries[position].at == utc("2026-11-30T17:00:00Z"))
            #expect(state.corrections(of: 1) == [3, 4])
        }
        shell.ok("compact")
        let reread = try entries(shell)
        #expect(reread.first { $0.id == 1 }?.text == "Corrected after compaction")
        #expect(reread.first { $0.id == 1 }?.at == utc("2026-11-30T17:00:00Z"))
    }

    @Test("bad corrections are refused and change nothing")
    func refusals() throws {
        let shell = shop()
        shell.ok("stage ada phone-screen")
        shell.ok("note ada Strong")
        shell.ok("talk ada with:Sam as:peer at:\"tomorrow 15:00\"")
        let before = shell.files()
        let refused = [
            "edit #2 text:x",  // a stage entry
            "edit #99 text:x",  // no such entry
            "edit #4 text:x",  // a meeting
            "edit #3 via:phone",  // a note has no channel
            "edit #3 text:Strong",  // nothing changes
            "edit #3 text:\"  \"",  // an empty text
            "edit #1 at:tomorrow",  // the future
            "edit #1",  // batch: nothing to change, no editor
            "edit ada text:x",  // text: is for an entry
        ]
        for line in refused {
            #expect(shell.failure(line) != nil, "\(line)")
        }
        #expect(shell.files() == before)
        if case .store(let error)? = shell.failure("edit #2 text:x") {
            #expect("\(error)".contains("only messages, notes, asks and feedback can be corrected"))
        }
    }

    @Test("forget #ID erases one entry and its corrections from every file; others stay")
    func forgetEntry() throws {
        let shell = shop()
        shell.ok("note ada salary expectation 91234 EUR")
        shell.ok("edit #2 text:\"salary expectation 95678 EUR\"")
        shell.ok("note ada keep this")
        // Without --yes, batch mode refuses and nothing changes.
        let before = shell.files()
        #expect(shell.failure("forget #2") != nil)
        #expect(shell.files() == before)
        // A torn write kept in quarantine that held a correction of it goes too; another stays.
        let torn = shell.storePath + "/quarantine-0-100-1.torn"
        let other =
            #"{"seq":9,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"note","id":7,"c":"ada-lovelace","at":"2026-12-01T09:00:00Z","text":"unrelated""#
        let about =
            #"{"seq":9,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"correct","id":8,"c":"ada-lovelace","of":2,"text":"salary 91234"#
        FileManager.default.createFile(atPath: torn, contents: Data((other + "\n" + about).utf8))
        let yes = ShellHarness(yes: true, sharing: shell)
        let answer = yes.ok("forget #2")
        #expect((try? String(contentsOfFile: torn, encoding: .utf8)) == other + "\n")
        #expect(answer.first?.hasPrefix("forgot #2 (note on ada-lovelace) and its correction") == true, "\(answer)")
        for (name, bytes) in shell.files() {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("91234") && !text.contains("95678"), "\(name)")
        }
        let stored = try entries(shell)
        #expect(stored.map(\.id) == [1, 4])
        #expect(stored.map(\.text).last == "keep this")
        // Nothing of it is left to undo; the note after it still is.
        #expect(shell.ok("undo").first?.hasPrefix("undid note #4") == true)
        // A stage change is not forgotten on its own.
        shell.ok("stage ada offer")
        if case .store(let error)? = yes.failure("forget #5") {
            #expect("\(error)".contains("forget REF erases a whole candidate"))
        } else {
            Issue.record("forget #5 of a stage entry did not fail as a store refusal")
        }
    }
}
