import Conversation
import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive shell (SPEC §5) driven through a pseudo-terminal, keystroke by keystroke:
/// prompts, UTF-8 typing, Tab completion, history (Up, and across restarts), Ctrl-C and Ctrl-D.
@Suite("Terminal")
struct TerminalTests {
    let dir = TemporaryDirectory("cande-tty")
    var store: String { dir.file("store") }

    /// A clean user: HOME and XDG_STATE_HOME in the temporary directory, an empty ~/.editrc,
    /// no pager, a UTF-8 locale, an xterm.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let home = dir.file("home")
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.editrc", contents: Data())
        var env = Cande.environment(store: store)
        env["HOME"] = home
        env["XDG_STATE_HOME"] = dir.file("state")
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        env["PAGER"] = ""
        env.merge(extra) { $1 }
        return env
    }

    func notes() throws -> [String] { try StoreFiles.notes(FileStore(path: store)) }

    func batch(_ commands: String...) {
        let result = Cande.run(commands.flatMap { ["-c", $0] }, environment: environment())
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func editingCompletionHistoryAndInterrupts() throws {
        batch(#"add "Ada Lovelace""#, #"add "Adam Smith""#)
        let tty = try PseudoTerminal(Cande.binary, environment: environment())

        // The prompt, in bold: colours are on at a terminal.
        let greeting = tty.expect("cande> ")
        #expect(greeting.map { String(decoding: $0, as: UTF8.self).hasSuffix("\u{1B}[1mcande\u{1B}[0m> ") } == true)

        // Tab completes a verb that "comp" starts uniquely; the completed line runs.
        tty.send("comp\t")
        tty.expect("compact ")
        tty.send("\r")
        tty.expect("compacted: 2 candidates")
        tty.expect("cande> ")

        // Several verbs start with "h": Tab lists them under the line, then shows the line again.
        tty.send("h\t")
        let listing = tty.expect("cande> h").map { PseudoTerminal.readable($0) } ?? ""
        let choices = listing.split(separator: "\n").first { $0.contains("help") }?.split(separator: " ") ?? []
        #expect(choices.contains("help") && choices.contains("history"), "\(listing.debugDescription)")
        #expect(choices.allSatisfy { $0.hasPrefix("h") })
        tty.send("\u{15}")  // Ctrl-U: drop what is typed

        // Handles: "ada" starts two of them; "ada-" only one.
        tty.send("open ada\t")
        tty.expect("ada-lovelace  adam-smith")
        tty.send("-\t")
        tty.expect("lovelace ")
        tty.send("\r")
        tty.expect("ada-lovelace · Ada Lovelace · applied")
        // The prompt shows the focus.
        tty.expect("ada-lovelace> ")

        // UTF-8 typed at the terminal arrives intact.
        tty.send("note Zoë ✓ said «yes»\r")
        tty.expect("logged #1")
        tty.expect("ada-lovelace> ")

        // Up brings the previous line back; Enter runs it again.
        tty.send("\u{1B}[A")
        tty.expect("note Zoë ✓ said «yes»")
        tty.send("\r")
        tty.expect("logged #2")
        tty.expect("ada-lovelace> ")

        // Ctrl-C drops a half-typed line, and only that: the shell stays, with its focus.
        tty.send("note half typed")
        tty.expect("half typed")
        tty.send("\u{3}")
        tty.expect("ada-lovelace> ")
        tty.send("close\r")
        tty.expect("cande> ")

        // Ctrl-D on an empty line leaves, successfully.
        tty.send("\u{4}")
        #expect(tty.wait() == 0)

        #expect(try notes() == ["Zoë ✓ said «yes»", "Zoë ✓ said «yes»"])
        let history = dir.file("state") + "/cande/history-rita"
        #expect(FileManager.default.fileExists(atPath: history))
        #expect(StoreFiles.mode(history) == 0o600)
    }

    @Test func historySurvivesARestart() throws {
        batch(#"add "Ada Lovelace""#)
        do {
            let first = try PseudoTerminal(Cande.binary, environment: environment())
            first.expect("cande> ")
            first.send("note ada from the first session\r")
            first.expect("logged #1")
            first.expect("cande> ")
            first.send("\u{4}")
            #expect(first.wait() == 0)
        }
        let second = try PseudoTerminal(Cande.binary, environment: environment())
        second.expect("cande> ")
        second.send("\u{1B}[A")
        second.expect("note ada from the first session")
        second.send("\r")
        second.expect("logged #2")
        second.expect("cande> ")
        second.send("quit\r")
        #expect(second.wait() == 0)
        #expect(try notes() == ["from the first session", "from the first session"])
    }

    @Test func errorsAreShownAndTheShellGoesOn() throws {
        batch(#"add "Ada Lovelace""#)
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["NO_COLOR": "1"]))
        tty.expect("cande> ")
        tty.send("lsit\r")
        // Interactively, errors have no line label.
        tty.expect(#"error: unknown command "lsit" (did you mean "list"?)"#)
        tty.expect("cande> ")
        tty.send(#"note ada "unterminated"# + "\r")
        tty.expect("logged #1")
        tty.send(#"add "Bob"# + "\r")
        tty.expect("error: unterminated quote (opened at column 5)")
        tty.expect("cande> ")
        tty.send("exit\r")
        #expect(tty.wait() != nil)
        #expect(try notes() == [#""unterminated"#])
    }
}
