import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

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
        TerminalEnvironment.make(directory: dir, store: store, extra)
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

    /// Meetings #10 and #11 (nine notes take #1 to #9), owners sam and tom, entries by rita.
    func meetingsAndOwners() {
        batch(#"add "Ada Lovelace" owner:sam"#, #"add "Bob Brown" owner:tom"#)
        batch(
            "note ada one", "note ada two", "note ada three", "note ada four", "note ada five", "note ada six",
            "note ada seven", "note ada eight", "note ada nine",
            #"talk ada with:"Sam Lee" as:peer at:tomorrow@15:00"#, "checkin ada at:fri@10:00")
    }

    /// The choices a Tab listed: the lines between the typed line and the prompt drawn again.
    func listing(_ tty: PseudoTerminal, until line: String) -> [String] {
        let shown = tty.expect(line).map { PseudoTerminal.readable($0) } ?? ""
        // The first line is the one typed, up to the Tab.
        return shown.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
            .filter { !$0.contains("> ") && !$0.isEmpty }
    }

    /// The words of a listing, row by row.
    func words(_ rows: [String]) -> [[String]] { rows.map { $0.split(separator: " ").map(String.init) } }

    @Test func completionOffersEachChoiceOnceFromTheKindsOfTheArguments() throws {
        meetingsAndOwners()
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["NO_COLOR": "1"]))
        tty.expect("cande> ")

        // A meeting id: each once (not once as an id and again as a meeting), then the options.
        tty.send("done \t")
        #expect(words(listing(tty, until: "cande> done ")) == [["#10", "#11", "mood:", "force:"]])
        tty.send("\u{15}")
        tty.send("move #1\t")
        #expect(words(listing(tty, until: "cande> move #1")) == [["#10", "#11"]])
        tty.send("\u{15}")
        // Typed without "#", an id completes as digits; the completed line runs.
        tty.send("move 1\t")
        #expect(words(listing(tty, until: "cande> move 1")) == [["10", "11"]])
        tty.send("1\tat:fri@11:00\r")
        tty.expect("moved #11")
        tty.expect("cande> ")

        // help takes a verb.
        tty.send("help hist\t")
        tty.expect("ory")
        tty.send("\r")
        tty.expect("history [REF]")
        tty.expect("cande> ")

        // owner: and by: take the users the store knows: owners, and authors of entries.
        tty.send("list owner:\t")
        #expect(words(listing(tty, until: "cande> list owner:")) == [["owner:rita", "owner:sam", "owner:tom"]])
        tty.send("s\t")
        tty.expect("sam")
        tty.send("by:r\t")
        tty.expect("ita")
        tty.send("\r")
        tty.expect("ada-lovelace")
        tty.expect("cande> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
    }

    @Test func manyChoicesAreListedInColumnsThatFitTheTerminal() throws {
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["NO_COLOR": "1"]), columns: 40)
        tty.expect("cande> ")
        tty.send("\t")
        let rows = listing(tty, until: "cande> ")
        let verbs = Set(CommandTable.verbs.filter { $0.count > 1 }).sorted()
        // Every verb once, in rows no wider than the terminal (its last column left free) …
        #expect(rows.flatMap { $0.split(separator: " ").map(String.init) }.sorted() == verbs)
        #expect(rows.count > 1 && rows.allSatisfy { DisplayWidth.of($0) < 40 }, "\(rows)")
        // … sorted down the columns: the first column is the first verbs.
        #expect(rows.map { String($0.split(separator: " ")[0]) } == Array(verbs.prefix(rows.count)))
        // The columns line up: the second starts at the same place in every row.
        let second = rows.compactMap { row -> Int? in
            guard let gap = row.range(of: "  ") else { return nil }
            return row.distance(from: row.startIndex, to: row[gap.upperBound...].drop { $0 == " " }.startIndex)
        }
        #expect(second.count == rows.count && Set(second).count == 1, "\(rows)")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
    }

    /// Ctrl-C and Ctrl-D at a question answer no, and end its line: what follows starts afresh.
    func interruptQuestions(_ tty: PseudoTerminal, raw: Bool) throws {
        for key in ["\u{3}", "\u{4}"] {
            tty.send("forget ada\r", waitingForRawMode: raw)
            tty.expect("[y/N] ")
            tty.send(key, waitingForRawMode: raw)
            let answer = tty.expect("error: not forgotten").map { PseudoTerminal.readable($0) } ?? ""
            #expect(answer.contains("\n"), "\(answer.debugDescription)")
            tty.expect("cande> ")
        }
        // The shell goes on, and ada is still there.
        tty.send("list\r", waitingForRawMode: raw)
        tty.expect("ada-lovelace")
        tty.expect("cande> ")
        tty.send("quit\r", waitingForRawMode: raw)
        #expect(tty.wait() == 0)
        #expect(Cande.run(["-c", "show ada"], environment: environment()).status == 0)
    }

    @Test func ctrlCAndCtrlDAtAQuestionAnswerNoOnALineOfTheirOwn() throws {
        batch(#"add "Ada Lovelace""#)
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["NO_COLOR": "1"]))
        tty.expect("cande> ")
        try interruptQuestions(tty, raw: true)
    }

    @Test func withoutLibeditToo() throws {
        batch(#"add "Ada Lovelace""#)
        // A "libedit" that lacks libedit's functions (libm under its name): no line editing.
        let maps = FileHandle(forReadingAtPath: "/proc/self/maps").map {
            String(decoding: $0.readDataToEndOfFile(), as: UTF8.self)
        }
        let libm = try #require(
            maps?.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
                .first { $0.contains("/libm.so") })
        let fake = dir.file("fake-lib")
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fake + "/libedit.so.2", withDestinationPath: libm)
        let tty = try PseudoTerminal(
            Cande.binary, environment: environment(["NO_COLOR": "1", "LD_LIBRARY_PATH": fake]))
        tty.expect("no line editing this time")
        tty.expect("cande> ")
        // Ctrl-C drops the line being typed, and only that.
        tty.send("note ada never", waitingForRawMode: false)
        tty.expect("never")
        tty.send("\u{3}", waitingForRawMode: false)
        tty.expect("cande> ")
        try interruptQuestions(tty, raw: false)
        #expect(try notes().isEmpty)
    }

    @Test func ctrlZThenFgDrawsThePromptAndTheLineAgain() throws {
        batch(#"add "Ada Lovelace""#)
        let tty = try PseudoTerminal.underJobControl(Cande.binary, environment: environment(["NO_COLOR": "1"]))
        tty.expect("cande> ")
        tty.send("note ada half")
        tty.expect("note ada half")
        tty.send("\u{1A}")  // Ctrl-Z
        let stopped = tty.stoppedChild()
        #expect(stopped != nil)
        // Stopped, it gave the terminal back as it found it.
        #expect(tty.isCanonical)
        // `fg`: the prompt and the half-typed line come back, and editing goes on.
        tty.send("\r", waitingForRawMode: false)
        tty.expect("cande> note ada half", timeout: 5)
        tty.send(" typed\r")
        tty.expect("logged #1")
        tty.expect("cande> ")
        // Again, on the next line; then Ctrl-C drops it as ever.
        tty.send("note ada again")
        tty.expect("again")
        tty.send("\u{1A}")
        #expect(tty.stoppedChild() != nil)
        tty.send("\r", waitingForRawMode: false)
        tty.expect("cande> note ada again", timeout: 5)
        tty.send("\u{3}")
        tty.expect("cande> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        #expect(try notes() == ["half typed"])
    }

    /// Where Ctrl-Z cannot stop cande, the half-typed line stays as it was.
    @Test(arguments: [false, true])
    func ctrlZThatCannotStopLeavesTheLineAlone(underJobControl: Bool) throws {
        batch(#"add "Ada Lovelace""#)
        let env = environment(["NO_COLOR": "1"])
        // Without job control (cande leads its session: the system ignores Ctrl-Z, libedit is not
        // asked to handle it), or under a shell that traps Ctrl-Z away (libedit's handler runs,
        // the stop does not happen, and the read ends: cande reads on with the line).
        let tty =
            underJobControl
            ? try PseudoTerminal(
                "/bin/sh", arguments: ["-i", "-c", #"trap "" TSTP; "$0""#, Cande.binary], environment: env)
            : try PseudoTerminal(Cande.binary, environment: env)
        tty.expect("cande> ")
        tty.send("note ada half")
        tty.expect("note ada half")
        tty.send("\u{1A}")
        tty.send(" typed\r")
        tty.expect("logged #1")
        tty.expect("cande> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        #expect(try notes() == ["half typed"])
    }
}
