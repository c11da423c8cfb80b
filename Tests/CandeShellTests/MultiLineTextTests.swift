import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Multi-line texts through the views (SPEC §2 "Texts"): `find` shows the line a match is on,
/// JSON keeps `\n`, `history` shows the block; a held talk's multi-line outcome, given as a
/// here-document, reaches the calendar export intact.
@Suite struct MultiLineTextTests {
    let directory = TemporaryDirectory("cande-multiline")
    var env: [String: String] { Cande.environment(store: directory.file("store")) }
    static let mail =
        "Hi Rita, thanks for the update.\nNote that I can only start in March.\nAsk me if you need references."

    func setUp() {
        let script = "add \"Ada Lovelace\"\nlog ada in via:email <<MAIL\n\(Self.mail)\nMAIL\n"
        let result = Cande.run([], stdin: script, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func findShowsTheMatchingLine() throws {
        setUp()
        let text = Cande.run(["-c", "find march"], environment: env)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.last == "  line 2: Note that I can only start in «March».", "\(lines)")
        // JSON carries the whole text with its line breaks.
        let json = Cande.run(["--json", "-c", "find march"], environment: env)
        let hits = try #require(parseJSON(json.stdout) as? [[String: Any]])
        #expect(hits.first?["text"] as? String == Self.mail)
        // history shows all three lines.
        let history = Cande.run(["-c", "history ada"], environment: env).stdout
        for line in Self.mail.split(separator: "\n") { #expect(history.contains(line), "\(history)") }
    }

    @Test func multiLineOutcomeReachesTheCalendar() throws {
        setUp()
        let now = "2026-12-01T09:00:00Z"
        var later = env
        later["CANDE_NOW"] = "2026-12-02T16:00:00Z"
        var early = env
        early["CANDE_NOW"] = now
        let talk = Cande.run(["--json", "-c", "talk ada with:Sam as:peer at:2026-12-02T14:00Z"], environment: early)
        let id = try #require((parseJSON(talk.stdout) as? [String: Any])?["id"] as? Int, "\(talk.stderr)")
        let outcome = "Strong on systems design.\nWants to meet the team again; \"yes\", with Kim."
        let done = Cande.run(["-c", "done \(id) mood:+ <<END\n\(outcome)\nEND"], environment: later)
        #expect(done.status == 0, "\(done.stderr)")
        let file = directory.file("talks.ics")
        #expect(Cande.run(["-c", "export ics \(file)"], environment: later).status == 0)
        let script = """
            import sys, json
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            print(json.dumps([str(ev.get('DESCRIPTION', '')) for ev in cal.walk('VEVENT')]))
            """
        guard let descriptions = PythonChecker.run(script, arguments: [file], module: "icalendar") as? [String]
        else { return }
        #expect(descriptions.count == 1)
        #expect(descriptions.first?.contains("Outcome: " + outcome) == true, "\(descriptions)")
    }
}

extension MultiLineTextTests {
    /// A text that starts on the line after the command's words (a paste after `note ada`):
    /// the line break ends the candidate's word, the text is the lines after it.
    @Test func aLineBreakEndsTheWordsBeforeTheText() throws {
        let shell = ShellHarness()
        shell.ok("add \"Ada Lovelace\"")
        shell.ok("note ada\nfirst line\nsecond line")
        shell.ok("log ada in\nHi Rita,\nthanks.")
        let store = try shell.reopened()
        #expect(StoredEntry.all(store).map(\.text) == ["first line\nsecond line", "Hi Rita,\nthanks."])
    }
}
