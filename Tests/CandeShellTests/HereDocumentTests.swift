import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Here-documents (`note ada <<END` … `END`) in scripts, `-c` and standard input, and `find`
/// with filters and no text (the team's feed).
@Suite struct HereDocumentTests {
    let directory = TemporaryDirectory("cande-heredoc")
    var env: [String: String] { Cande.environment(store: directory.file("store")) }

    func entries() throws -> [StoredEntry] {
        let store = try FileStore(path: directory.file("store"))
        try store.loadTimeline()
        return StoredEntry.all(store)
    }

    /// A script's here-document is the text, exactly, lines that look like commands included:
    /// `stage offer` inside it moves nobody.
    @Test func inAScriptFile() throws {
        let script = directory.file("mail.cande")
        let text = """
            add "Ada Lovelace"
            log ada in via:email <<MAIL
            Hi Rita, thanks for the update.
            Note that I can only start in March.
              Ask me if you need references.

            stage offer
            MAIL
            note ada Read her mail
            """
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        let result = Cande.run([script], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try entries()
        #expect(stored.count == 2)
        #expect(
            stored.first?.text
                == "Hi Rita, thanks for the update.\nNote that I can only start in March.\n  Ask me if you need references.\n\nstage offer"
        )
        #expect(stored.first?.direction == .inbound)
        #expect(stored.last?.text == "Read her mail")
        let state = try FileStore(path: directory.file("store")).state
        #expect(state.candidates[0].stage == .applied)
    }

    /// In `-c` (one string with newlines) and on standard input, with words before `<<`.
    @Test func inDashCAndStandardInput() throws {
        Cande.run(["-c", #"add "Ada Lovelace""#], environment: env)
        let c = Cande.run(["-c", "note ada Call notes: <<END\nfirst line\nsecond line\nEND"], environment: env)
        #expect(c.status == 0, "\(c.stderr)")
        let piped = Cande.run([], stdin: "open ada\n> <<EOF\nThanks, Ada!\nSpeak soon.\nEOF\n", environment: env)
        #expect(piped.status == 0, "\(piped.stderr)")
        let texts = try entries().map(\.text)
        #expect(texts == ["Call notes:\nfirst line\nsecond line", "Thanks, Ada!\nSpeak soon."])
    }

    /// Unterminated: an error naming the line it starts on, and nothing of it stored.
    @Test func unterminated() throws {
        Cande.run(["-c", #"add "Ada Lovelace""#], environment: env)
        let result = Cande.run([], stdin: "note ada first\nnote ada <<END\nnever\nstage offer\n", environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.contains("-:2: here-document <<END"), "\(result.stderr)")
        #expect(try entries().map(\.text) == ["first"])
        #expect(try FileStore(path: directory.file("store")).state.candidates[0].stage == .applied)
    }

    /// `<<` that is not a here-document marker stays text: inside a line, or after a command
    /// that takes no text.
    @Test func notAMarker() throws {
        Cande.run(["-c", #"add "Ada Lovelace""#], environment: env)
        #expect(Cande.run(["-c", "note ada a << b"], environment: env).status == 0)
        #expect(try entries().map(\.text) == ["a << b"])
        #expect(Cande.run(["-c", "list <<END"], environment: env).status == 1)
    }

    /// `find` with filters and no text: the team's matching entries across candidates, oldest
    /// first, each naming its candidate; no text and no filter is an error.
    @Test func findWithoutText() throws {
        Cande.run(
            [
                "-c", #"add "Ada Lovelace""#, "-c", #"add "Bob Stone""#, "-c", "note bob at:-2d older note",
                "-c", "note ada newer note", "-c", "log ada in Hello",
            ], environment: env)
        let feed = Cande.run(["-c", "find kind:note"], environment: env)
        #expect(feed.status == 0, "\(feed.stderr)")
        let heads = feed.stdoutLines.filter { !$0.hasPrefix("  ") }
        #expect(heads.count == 2, "\(feed.stdout)")
        #expect(heads.first?.hasPrefix("bob-stone · ") == true && heads.last?.hasPrefix("ada-lovelace · ") == true)
        #expect(!feed.stdout.contains("Hello"))
        let json = Cande.run(["--json", "-c", "find by:rita"], environment: env)
        #expect((parseJSON(json.stdout) as? [[String: Any]])?.count == 3)
        #expect(Cande.run(["-c", "find"], environment: env).status == 1)
    }
}
