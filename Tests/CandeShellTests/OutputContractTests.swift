import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// One result, one renderer (README "Architecture"): every command's text fits the width, every
/// command under `--json` prints exactly one JSON document, and every confirmation names the
/// candidate.
@Suite struct OutputContractTests {
    /// A tour that runs every verb of the command table on names long enough to need the room.
    /// `MEETING`, `MEETING2` stand for the ids of the talk and the check-in scheduled first.
    static let tour: [String] = [
        #"add "Bartholomew Montgomery-Fitzgerald" email:bart@example.org role:"Principal Distributed Systems Engineer" source:referral owner:katherine-johnson tags:berlin,senior tz:America/New_York"#,
        #"add "Ada Lovelace" email:ada@example.org role:"Backend Engineer" owner:rita"#,
        #"add "Linus Torvalds" handle:linus-t role:"Kernel Maintainer""#,
        "edit ada tags:+urgent",
        "open ada",
        "< via:email Hi! Any news? I'm also weighing another offer from a company with a rather long name indeed.",
        "> Decision by Friday; happy to set up a chat with the team and the hiring manager next week.",
        "log bartholomew-montgomery-fitzgerald in via:phone Called back about the role, the relocation and the visa",
        "note ada Strong systems design — push for the offer before the other company closes its process.",
        "edit NOTE text:\"Strong systems design and a calm, thorough debugger — push for the offer this week.\"",
        "import mail MAILFILE",
        "stage ada phone-screen",
        #"talk ada with:"Samantha Lee-Richardson" as:peer at:"tomorrow 15:00" for:45m where:"video call, room four""#,
        #"checkin bartholomew-montgomery-fitzgerald at:"thu 10:00" with:"Katherine Johnson (buddy)""#,
        #"move MEETING at:"fri 11:00""#,
        #"cancel MEETING2 reason:"Katherine is ill and the buddy programme is on hold this week""#,
        "agenda",
        "agenda mon..fri",
        "list",
        "show ada",
        "history ada",
        "history bartholomew-montgomery-fitzgerald",
        "waiting",
        "find offer",
        "today",
        "report",
        "export csv",
        "export ics status:scheduled alarm:15m",
        "ask bartholomew-montgomery-fitzgerald via:email",
        "feedback bartholomew-montgomery-fitzgerald rating:4 recommend:yes Clear process, but the take-home was long.",
        #"reject linus-t reason:"Went with a more senior profile for the kernel team, sadly""#,
        "withdraw bartholomew-montgomery-fitzgerald reason:\"Accepted another offer closer to home\"",
        "hire ada start:2026-12-07",
        "undo",
        "import csv CSVFILE",
        "help",
        "help talk",
        "close",
        "forget NOTE",
        "compact",
        "init",
        "forget linus-t",
    ]

    /// An email from Bartholomew for `import mail`: long lines, a quoted history to leave out.
    static let mailFile: String = {
        let path = NSTemporaryDirectory() + "cande-tour-\(getpid()).eml"
        let message = [
            "Message-ID: <tour@example.org>", "Date: Mon, 30 Nov 2026 16:02:00 +0100",
            "From: Bartholomew Montgomery-Fitzgerald <bart@example.org>", "To: rita@example.com",
            "Subject: Re: relocation", "", "Hi Rita,",
            "the relocation package sounds good; I would need the visa paperwork started by January at the latest.",
            "", "On Mon, 30 Nov 2026 at 10:00, Rita <rita@example.com> wrote:", "> How is the relocation going?",
            "",
        ]
        try? message.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// A CSV of one candidate for `import csv`.
    static let csvFile: String = {
        let path = NSTemporaryDirectory() + "cande-tour-\(getpid()).csv"
        try? "name,email,role\nGrace Hopper,grace@example.org,Compiler Engineer\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// The tour's lines with the meeting ids filled in from the state.
    static func resolved(_ line: String, state: State) -> String {
        let meetings = state.meetings.sorted { $0.id < $1.id }.map { "#\($0.id)" }
        let note = state.entries.first { $0.kind == .note && !$0.removed }.map { "#\($0.id)" } ?? "#0"
        return line.replacingOccurrences(of: "CSVFILE", with: csvFile)
            .replacingOccurrences(of: "MAILFILE", with: mailFile)
            .replacingOccurrences(of: "NOTE", with: note)
            .replacingOccurrences(of: "MEETING2", with: meetings.count > 1 ? meetings[1] : "#0")
            .replacingOccurrences(of: "MEETING", with: meetings.first ?? "#0")
    }

    @Test(arguments: [60, 80, 120])
    func everyLineFitsTheWidth(width: Int) throws {
        let shell = ShellHarness(width: width, yes: true)
        var verbs: Set<String> = []
        for template in Self.tour {
            let state = try shell.session.state()
            let line = Self.resolved(template, state: state)
            let printed = shell.ok(line)
            verbs.insert(String(line.prefix { $0 != " " }))
            // A CSV on standard output is data, not a table: its rows are as long as they are.
            if line.hasPrefix("export") { continue }
            for text in printed {
                #expect(LineFitter.visibleWidth(text) <= width, "\(line) at \(width): \(text.debugDescription)")
            }
        }
        // `done` needs a meeting that has started: on Saturday, the talk moved to Friday.
        let later = ShellHarness(now: "2026-12-05T09:00:00Z", width: width, sharing: shell)
        let talk = try #require(try later.session.state().meetings.first { $0.kind == .talk })
        let done = later.ok("done #\(talk.id) mood:+ Samantha thought the design discussion went really well")
        #expect(done.first?.hasPrefix("done #\(talk.id) · ada-lovelace") == true, "\(done)")
        for text in done { #expect(LineFitter.visibleWidth(text) <= width, "done at \(width): \(text)") }
        verbs.insert("done")
        #expect(later.ok("quit").isEmpty)
        verbs.insert("quit")
        let missing = Set(CommandTable.all.map(\.verb)).subtracting(verbs).subtracting(["<", ">"])
        #expect(missing.isEmpty, "verbs the tour does not run: \(missing.sorted())")
    }

    /// `list` at 80 columns: whole handles and names; the columns that do not fit are left out.
    @Test func listChoosesColumnsAndKeepsNames() throws {
        let shell = ShellHarness(width: 80)
        for line in Self.tour.prefix(3) { shell.ok(line) }
        let rows = shell.ok("list")
        #expect(rows.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(rows)")
        #expect(rows.contains { $0.contains("Bartholomew Montgomery-Fitzgerald") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("bartholomew-montgomery-fitzgerald ") }, "\(rows)")
        #expect(rows[0].contains("WHOSE MOVE"))
        #expect(!rows[0].contains("ROLE"), "the role column gives way first: \(rows[0])")
        // No width (a file, a pipe without COLUMNS): every column, nothing cut.
        let whole = ShellHarness(width: nil)
        for line in Self.tour.prefix(3) { whole.ok(line) }
        let all = whole.ok("list")
        #expect(all[0].contains("ROLE") && all[0].contains("OWNER") && all[0].contains("LAST CONTACT"))
        #expect(all.contains { $0.contains("Principal Distributed Systems Engineer") })
        #expect(!all.joined().contains("…"))
    }

    /// `cande -c list > file`: no width limit unless COLUMNS says so.
    @Test func listIntoAPipeKeepsWholeNames() {
        let directory = TemporaryDirectory("cande-width")
        let env = Cande.environment(store: directory.file("store"))
        Cande.run(["-c", Self.tour[0]], environment: env)
        let piped = Cande.run(["-c", "list"], environment: env)
        #expect(piped.stdoutLines.contains { $0.contains("Principal Distributed Systems Engineer") }, "\(piped.stdout)")
        var narrow = env
        narrow["COLUMNS"] = "60"
        let sixty = Cande.run(["-c", "list"], environment: narrow)
        #expect(sixty.stdoutLines.allSatisfy { DisplayWidth.of($0) <= 60 }, "\(sixty.stdout)")
        #expect(sixty.stdoutLines.contains { $0.contains("bartholomew-montgomery-fitzgerald") })
    }

    /// Every command under `--json --yes` prints exactly one JSON document on one line, `reject`
    /// with its feedback ask included.
    @Test func everyVerbUnderJSONPrintsOneDocument() throws {
        let directory = TemporaryDirectory("cande-json")
        let env = Cande.environment(store: directory.file("store"))
        var lines: [String] = []
        for template in Self.tour {
            let store = try? FileStore(path: directory.file("store"))
            lines.append(Self.resolved(template, state: store?.state ?? State()))
            // `<` and `>` need a focus: `open` first, one document each.
            let focused = lines.last!.hasPrefix("<") || lines.last!.hasPrefix(">")
            let result = Cande.run(
                ["--json", "--yes"] + (focused ? ["-c", "open ada"] : []) + ["-c", lines.last!], environment: env)
            #expect(result.status == 0, "\(lines.last!): \(result.stderr)")
            let documents = result.stdoutLines
            #expect(documents.count == (focused ? 2 : 1), "\(lines.last!): \(result.stdout)")
            for document in documents {
                #expect(parseJSON(document) != nil, "\(lines.last!): not JSON: \(document)")
            }
        }
        // Two days later the talk has been held: `done` is one document too.
        var later = env
        later["CANDE_NOW"] = "2026-12-05T09:00:00Z"
        let state = try FileStore(path: directory.file("store")).state
        let held = try #require(
            state.meetings.first { $0.status == .scheduled && $0.start < utc("2026-12-05T09:00:00Z") })
        let done = Cande.run(["--json", "-c", "done #\(held.id) mood:+ Great chat"], environment: later)
        #expect(done.stdoutLines.count == 1 && parseJSON(done.stdout) != nil, "\(done.stdout) \(done.stderr)")
        // `quit` too, and a script of several commands is one line per command.
        let script = Cande.run(["--json", "--yes"], stdin: "list\nwaiting\nquit\n", environment: env)
        #expect(script.stdoutLines.count == 3)
        #expect(script.stdoutLines.allSatisfy { parseJSON($0) != nil })
    }

    /// `cande --json --yes -c 'reject ada'`: one document that holds the ask (it was a JSON
    /// document followed by a plain "logged #… · asked …" line).
    @Test func rejectWithYesIsOneDocument() throws {
        let directory = TemporaryDirectory("cande-reject")
        let env = Cande.environment(store: directory.file("store"))
        Cande.run(["-c", #"add "Ada Lovelace""#], environment: env)
        let result = Cande.run(["--json", "--yes", "-c", "reject ada"], environment: env)
        #expect(result.stdoutLines.count == 1, "\(result.stdout)")
        let document = try #require(parseJSON(result.stdout) as? [String: Any])
        #expect(document["handle"] as? String == "ada-lovelace")
        let also = try #require(document["also"] as? [[String: Any]])
        #expect(also.count == 1 && also[0]["handle"] as? String == "ada-lovelace")
        // As text: both lines, each naming her.
        Cande.run(["-c", #"add "Bob Builder""#], environment: env)
        let text = Cande.run(["--yes", "-c", "reject bob"], environment: env)
        #expect(text.stdoutLines.count == 2)
        #expect(text.stdoutLines.first == "bob-builder is rejected")
        #expect(text.stdoutLines.last?.hasSuffix(" · asked bob-builder for feedback") == true, "\(text.stdout)")
    }

    /// Every change says whom it was about.
    @Test func confirmationsNameTheCandidate() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        #expect(shell.ok("note ada Strong design") == ["logged #1 · note on ada-lovelace"])
        #expect(shell.ok("log ada in Hello") == ["logged #2 · message from ada-lovelace"])
        #expect(shell.ok("log ada out Hi back") == ["logged #3 · message to ada-lovelace"])
        #expect(shell.ok("ask ada") == ["logged #4 · asked ada-lovelace for feedback"])
        #expect(shell.ok("feedback ada rating:5") == ["logged #5 · feedback from ada-lovelace"])
        let talk = shell.ok(#"talk ada with:Sam as:peer at:"tomorrow 15:00""#)
        #expect(talk.first?.hasPrefix("scheduled #6 · ada-lovelace · talk with Sam") == true, "\(talk)")
    }

    /// In focus, a first word that is short for another handle is refused, never silently taken
    /// as the text of a note on the focused candidate.
    @Test func aPrefixOfAnotherHandleInFocusIsRefused() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok(#"add "Linus Torvalds""#)
        shell.ok("open ada")
        let error = try #require(shell.failure("note linus is great"))
        #expect(error.description.contains("linus-torvalds"), "\(error)")
        #expect(StoredEntry.all(try shell.reopened()).isEmpty)
        // The exact handle still works, and a text that names nobody stays on the focus.
        #expect(shell.ok("note linus-torvalds is great") == ["logged #1 · note on linus-torvalds"])
        #expect(shell.ok("note great design") == ["logged #2 · note on ada-lovelace"])
    }

    /// `VERB --help` shows help and runs nothing (in focus, `note --help` was logged as a note).
    @Test func verbHelpShowsHelp() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok("open ada")
        let note = shell.ok("note --help")
        #expect(note.first?.hasPrefix("note [REF]") == true, "\(note)")
        #expect(shell.ok("talk --help").first?.hasPrefix("talk [REF]") == true)
        #expect(shell.ok("reject ada --help").first?.hasPrefix("reject [REF]") == true)
        #expect(StoredEntry.all(try shell.reopened()).isEmpty)
        #expect(try shell.reopened().state.candidates[0].status == .active)
        #expect(shell.failure("help tlak") == .unknownVerb("tlak", suggestion: "talk"))
    }

    /// `cande list` (a git habit) says how to run the command.
    @Test func aVerbGivenAsAScript() {
        let directory = TemporaryDirectory("cande-verb")
        let result = Cande.run(["list"], environment: Cande.environment(store: directory.file("store")))
        #expect(result.status == 2)
        #expect(result.stderr.contains("use cande -c 'list'"), "\(result.stderr)")
    }

    /// A new store is announced once on standard error (a mistyped --store must not look like an
    /// empty store); JSON with --json; nothing on a store that exists.
    @Test func creatingAStoreSaysSo() {
        let directory = TemporaryDirectory("cande-new")
        let env = Cande.environment(store: directory.file("typo"))
        let first = Cande.run(executable: Cande.binary, ["-c", "list"], environment: env)
        #expect(first.stderr == "note: created a new store at \(directory.file("typo"))\n")
        #expect(first.stdout == "no candidates yet (add one: add \"Ada Lovelace\" role:…)\n")
        let again = Cande.run(executable: Cande.binary, ["-c", "list"], environment: env)
        #expect(again.stderr == "")
        let other = Cande.environment(store: directory.file("other"))
        let json = Cande.run(executable: Cande.binary, ["--json", "-c", "list"], environment: other)
        let note = parseJSON(json.stderr) as? [String: Any]
        #expect(note?["note"] as? String == "created a new store at \(directory.file("other"))")
        #expect(json.stdout == "[]\n")
    }

    /// With --json, every phase's errors are JSON on standard error: settings, scripts, options.
    @Test func invocationErrorsAreJSON() {
        let directory = TemporaryDirectory("cande-invocation")
        var env = Cande.environment(store: directory.file("store"))
        env["CANDE_NOW"] = "yesterday-ish"
        let badNow = Cande.run(["--json", "-c", "list"], environment: env)
        #expect(badNow.status == 2)
        #expect((parseJSON(badNow.stderr) as? [String: Any])?["error"] is String, "\(badNow.stderr)")
        env["CANDE_NOW"] = "2026-12-01T09:00:00Z"
        let noScript = Cande.run(["--json", directory.file("missing.cande")], environment: env)
        #expect(noScript.status == 2)
        #expect((parseJSON(noScript.stderr) as? [String: Any])?["error"] is String, "\(noScript.stderr)")
        var zone = env
        zone["TZ"] = "Mars/Olympus_Mons"
        let badZone = Cande.run(["--json", "-c", "help"], environment: zone)
        #expect(
            badZone.stderrLines.allSatisfy { parseJSON($0) is [String: Any] } && !badZone.stderr.isEmpty,
            "\(badZone.stderr)")
        let badFlag = Cande.run(["--json", "--frobnicate"], environment: env)
        #expect(badFlag.status == 2)
        #expect((parseJSON(badFlag.stderr) as? [String: Any])?["error"] is String, "\(badFlag.stderr)")
        // `--json` before or after a bad option gives the same error.
        let before = Cande.run(["-c", "report --json bogus:1"], environment: env)
        let after = Cande.run(["-c", "report bogus:1 --json"], environment: env)
        #expect(before.stderr == after.stderr)
        #expect((parseJSON(before.stderr) as? [String: Any])?["error"] is String, "\(before.stderr)")
    }

    /// `history` never cuts meeting ids, authors or channels to its label column.
    @Test func historyLabelsAreWhole() throws {
        let shell = ShellHarness(user: "Katherine Johnson-Smith")
        shell.ok(#"add "Ada Lovelace""#)
        for n in 1...100 { shell.ok("note ada filler \(n)") }
        shell.ok(#"checkin ada at:"tomorrow 10:00""#)
        shell.ok(#"add "Bartholomew Smith""#)
        shell.ok("log bartholomew-smith in via:in-person Thanks for the chat")
        let lines = shell.ok("history ada") + shell.ok("history bartholomew-smith")
        let all = lines.joined(separator: "\n")
        #expect(all.contains("checkin #101"), "\(all)")
        #expect(all.contains("Katherine Johnson-Smith"), "\(all)")
        #expect(all.contains("Bartholomew ▸ in-person"), "\(all)")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(all)")
    }

    /// The greeting says its parts in short lines (at most three), never cut with "…".
    @Test func greetingFitsInShortLines() {
        let parts = [
            "3 waiting for a reply (longest: bartholomew-montgomery-fitzgerald, 2d 4h)", "2 talks today",
            "1 check-in today", "4 overdue", "5 rejected or withdrawn never asked for feedback",
        ]
        let lines = Greeting.lines(parts, width: 80)
        #expect(lines.count <= 3)
        #expect(lines.allSatisfy { DisplayWidth.of($0) < 80 }, "\(lines)")
        for part in parts { #expect(lines.joined(separator: " · ").contains(part), "\(part) in \(lines)") }
        #expect(!lines.joined().contains("…"))
    }

    /// `find` lists its hits by time (they were in id order: a message logged late with at:
    /// came last).
    @Test func findListsHitsByTime() {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok("log ada in at:-1d the offer, second")
        shell.ok("log ada in at:-3d the offer, first")
        shell.ok("log ada in at:-2h the offer, third")
        let hits = shell.ok("find offer").filter { $0.hasPrefix("  ") }
        #expect(hits.count == 3)
        #expect(hits.map { $0.contains("first") } == [true, false, false], "\(hits)")
        #expect(hits.last?.contains("third") == true, "\(hits)")
    }

    /// The match `find` shows is found as `find` finds it, case folded.
    @Test func findMarksAFoldedMatch() {
        let plain = Style(enabled: false)
        #expect(
            MatchContext.excerpt("Wir wohnen in der STRASSE 5", query: "straße", style: plain).contains("«STRASSE»"))
        #expect(MatchContext.excerpt("Ich wohne in der Straße 5", query: "STRASSE", style: plain).contains("«Straße»"))
        #expect(MatchContext.excerpt("ΣΟΦΟΣ είπε", query: "σοφος", style: plain).contains("«ΣΟΦΟΣ»"))
    }

    /// Every spec's usage names each of its options (help and errors show the usage).
    @Test func usageNamesEveryOption() {
        for spec in CommandTable.all where spec.options != OptionSpec.filters {
            for option in spec.options where !OptionSpec.filters.contains(option) {
                #expect(spec.usage.contains(option.key), "\(spec.verb): usage lacks \(option.key)")
            }
        }
    }
}

/// Errors on a terminal wrap at word boundaries within its width (they wrapped mid-word).
@Suite struct DiagnosticsWidthTests {
    @Test func errorsWrapAtWords() {
        let errors = Output(fd: -1)
        errors.holding = true
        let diagnostics = Diagnostics(errors: errors, json: false)
        diagnostics.width = 40
        let message = "overlaps #12 talk with Samantha Lee-Richardson (peer) · Wed 2 Dec 15:00–15:45; add force:yes"
        diagnostics.error(message, at: "-c:1")
        let lines = ShellHarness.lines(errors.take())
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 }, "\(lines)")
        // Only blanks were turned into line ends: the words read back whole.
        let words = lines.flatMap { $0.split(separator: " ") }.map(String.init)
        #expect(words == ("error: -c:1: " + message).split(separator: " ").map(String.init))
        // Without a width (not a terminal) it stays one line.
        diagnostics.width = nil
        diagnostics.error(message)
        #expect(ShellHarness.lines(errors.take()).count == 1)
    }
}
