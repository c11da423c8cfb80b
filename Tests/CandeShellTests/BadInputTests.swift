import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// SPEC §9: every malformed line gets one clear error naming what was wrong, changes nothing
/// (the store's files are byte for byte the same), and the session goes on.
@Suite("Bad input")
struct BadInputTests {
    /// A malformed line and a check of its error.
    struct Case: CustomTestStringConvertible, Sendable {
        let line: String
        let expected: ShellError?
        let mentions: [String]

        init(_ line: String, _ expected: ShellError) {
            self.line = line
            self.expected = expected
            mentions = []
        }

        init(_ line: String, mentioning: String...) {
            self.line = line
            expected = nil
            mentions = mentioning
        }

        var testDescription: String { line }
    }

    static let cases: [Case] = [
        // Unbalanced quotes.
        Case(#"add "Ada"#, .unterminatedQuote(column: 5)),
        Case(#"list role:"Backend"#, .unterminatedQuote(column: 11)),
        Case(#"log ada in via:'email hi"#, .unterminatedQuote(column: 16)),
        Case(#"log ada in at:"yesterday 16:00 we talked"#, .unterminatedQuote(column: 15)),
        Case(#"edit ada role:"Staff"#, .unterminatedQuote(column: 15)),
        Case(#"add Bob\"#, .trailingBackslash),
        // Unknown verbs, with a "did you mean" when one is close.
        Case("lsit", .unknownVerb("lsit", suggestion: "list")),
        Case("histroy ada", .unknownVerb("histroy", suggestion: "history")),
        Case("/nte ada hi", .unknownVerb("nte", suggestion: "note")),
        Case("frobnicate ada", .unknownVerb("frobnicate", suggestion: nil)),
        // Unknown option keys.
        Case("list colour:red", .unknownOption(key: "colour", verb: "list", suggestion: nil)),
        Case("add Bob emial:bob@example.org", .unknownOption(key: "emial", verb: "add", suggestion: "email")),
        Case("edit ada rol:CTO", .unknownOption(key: "rol", verb: "edit", suggestion: "role")),
        Case("history ada lats:3", .unknownOption(key: "lats", verb: "history", suggestion: "last")),
        Case("log ada in vai:phone hi", .unknownOption(key: "vai", verb: "log", suggestion: "via")),
        Case("note ada tat:yesterday hi", .unknownOption(key: "tat", verb: "note", suggestion: "at")),
        // Bad dates and times.
        Case("log ada in at:2026-02-30 hi", .badWhen(key: "at", .badDate("2026-02-30"))),
        Case(#"log ada in at:"tomorrow 25:00" hi"#, .badWhen(key: "at", .badTime("25:00"))),
        Case("log ada in at:tomorow hi", mentioning: "at: cannot read \"tomorow\"", "did you mean \"tomorrow\"?"),
        Case("log ada in at:tomorrow hi", mentioning: "cannot be in the future"),
        Case("note ada at:+3d hi", mentioning: "cannot be in the future"),
        Case("log ada in at:-999999w hi", .badWhen(key: "at", .outOfRange("-999999w"))),
        Case("log ada in at:+999999w hi", .badWhen(key: "at", .outOfRange("+999999w"))),
        Case("log ada in at:0001-01-01 hi", .badWhen(key: "at", .outOfRange("0001-01-01"))),
        Case("history ada since:2026-13-01", .badWhen(key: "since", .badDate("2026-13-01"))),
        Case("list until:+999999w", .badWhen(key: "until", .outOfRange("+999999w"))),
        Case("list since:someday", mentioning: "since: cannot read \"someday\""),
        // Times that parse but that the store could not write back (check-ins in the year 10000).
        Case("hire ada start:9999-12-31", mentioning: "too far away"),
        Case(#"talk ada with:Sam as:peer at:"9999-12-31 23:30" for:2d"#, mentioning: "too far away"),
        // Bad values and references.
        Case("stage ada ofer", mentioning: "stage: cannot be \"ofer\"", "did you mean offer?"),
        Case("log ada in via:fax hi", mentioning: "via: cannot be \"fax\"", "email, phone, sms"),
        Case("log ada sideways hi", mentioning: "in or out"),
        Case("add Bob email:bob-at-example.org", mentioning: "email", "is not an email address"),
        Case("add Bob tz:Mars/Olympus", .unknownZone("Mars/Olympus")),
        Case("add Bob handle:Bob!", mentioning: "cannot be a handle"),
        Case("edit ada handle:ada2", .refused("handles are stable and cannot be edited")),
        Case("history ada last:0", mentioning: "last: cannot be \"0\""),
        Case("note nobody hi", .unknownCandidate("nobody", closest: [])),
        Case("note ada", .emptyText(verb: "note")),
        Case(#"note ada """#, .emptyText(verb: "note")),
        Case("< hi", .noFocus(verb: "<")),
        Case("add", mentioning: "missing the candidate's name"),
        Case("close now", mentioning: "unexpected \"now\""),
        Case("list ada", mentioning: "unexpected \"ada\""),
    ]

    @Test(arguments: cases)
    func refusedWithoutATrace(_ bad: Case) throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace" email:ada@example.org"#)
        shell.ok("note ada first")
        let before = shell.files()
        #expect(!before.isEmpty)

        let error = try #require(shell.failure(bad.line))
        if let expected = bad.expected { #expect(error == expected) }
        for fragment in bad.mentions { #expect(error.description.contains(fragment), "\(error)") }
        #expect(shell.session.out.take().isEmpty, "a failing line prints nothing on standard output")
        #expect(shell.files() == before, "the store is unchanged")

        // The session goes on.
        #expect(shell.ok("note ada second") == ["logged #2 · note on ada-lovelace"])
        #expect(StoredEntry.all(try shell.reopened()).map(\.text) == ["first", "second"])
    }

    /// Entry ids (`#17` or `17`) where a meeting is expected.
    @Test(arguments: [
        Case("done #abc", .badID("#abc")),
        Case("cancel abc", .badID("abc")),
        Case("cancel 17x", .badID("17x")),
        Case(#"move #0 at:"fri 10:00""#, .badID("#0")),
        Case("done ##1", .badID("##1")),
        Case("done #999", mentioning: "no meeting #999"),
        Case("done", mentioning: "missing a meeting id"),
        Case("move #1 at:someday", mentioning: "at: cannot read \"someday\""),
        Case(#"move #1 at:"tomorrow 25:00""#, .badWhen(key: "at", .badTime("25:00"))),
    ])
    func badIDs(_ bad: Case) throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok(#"talk ada with:"Sam Lee" as:peer at:"today 15:00" for:45m where:video"#)
        let before = shell.files()

        let error = try #require(shell.failure(bad.line))
        if let expected = bad.expected { #expect(error == expected) }
        for fragment in bad.mentions { #expect(error.description.contains(fragment), "\(error)") }
        #expect(shell.files() == before, "the store is unchanged")

        // The meeting is still there to be closed, by its id in either spelling.
        #expect(
            shell.ok(bad.line.hasPrefix("done #") ? "done 1 force:yes mood:+ Great" : "done #1 force:yes mood:+ Great")
                .first?.hasPrefix(
                    "done #1 · ") == true)
        let meeting = try #require(try shell.reopened().state.meeting(id: 1))
        #expect(meeting.status == .done)
        #expect(meeting.outcome == "Great")
    }

    /// The messages themselves, read by people.
    /// A command that may write starts a batch's group before it runs (a team store takes its
    /// head's lock then); a bad line must still not create the store it names.
    @Test(arguments: ["add", "stage ada nowhere", "hire"])
    func badBatchLineCreatesNoStore(line: String) {
        let parent = TemporaryDirectory("cande-nostore")
        let path = parent.file("store")
        let result = Cande.run(["-c", line], environment: Cande.environment(store: path))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path), "\(line) created \(path)")
    }

    @Test func messagesNameWhatWasWrong() {
        #expect(
            ShellError.unknownVerb("lsit", suggestion: "list").description
                == #"unknown command "lsit" (did you mean "list"?); type help for the list"#)
        #expect(
            ShellError.unknownVerb("frobnicate", suggestion: nil).description
                == #"unknown command "frobnicate"; type help for the list"#)
        #expect(
            ShellError.unknownOption(key: "vai", verb: "log", suggestion: "via").description
                == "log has no option vai: (did you mean via:?)")
        #expect(
            ShellError.badWhen(key: "at", .badDate("2026-02-30")).description
                == #"at: no such date: "2026-02-30" (use YYYY-MM-DD)"#)
        #expect(ShellError.invalidUTF8.description == "the line is not valid UTF-8")
        #expect(ShellError.nulByte.description == "the line contains a NUL byte")
        #expect(ShellError.lineTooLong(limit: BatchReader.lineLimit).description == "the line is longer than 1 MiB")
    }

    /// The checks every line goes through before it is a command (batch and interactive alike).
    @Test func lineChecks() {
        func verdict(_ bytes: [UInt8]) -> String {
            switch BatchReader.check(bytes, number: 7) {
            case .line(let line, let number): return "line \(number) \(line.debugDescription)"
            case .bad(let error, let number): return "bad \(number) \(error)"
            }
        }
        #expect(verdict(Array("note ada Zoë ✓".utf8)) == "line 7 \"note ada Zoë ✓\"")
        #expect(verdict(Array("note ada hi\r".utf8)) == "line 7 \"note ada hi\"")
        #expect(verdict(Array("note ada a\rb".utf8)) == "line 7 \"note ada a\\rb\"")
        #expect(verdict(Array("note ada ".utf8) + [0xFF]) == "bad 7 \(ShellError.invalidUTF8)")
        #expect(verdict(Array("note ada ".utf8) + [0xC3]) == "bad 7 \(ShellError.invalidUTF8)")  // cut in the middle
        // A surrogate:
        #expect(verdict(Array("note ada ".utf8) + [0xED, 0xA0, 0x80]) == "bad 7 \(ShellError.invalidUTF8)")
        #expect(verdict(Array("note ada ".utf8) + [0xC0, 0xAF]) == "bad 7 \(ShellError.invalidUTF8)")  // overlong "/"
        #expect(verdict(Array("note ada a".utf8) + [0] + Array("b".utf8)) == "bad 7 \(ShellError.nulByte)")
        let limit = BatchReader.lineLimit
        #expect(verdict([UInt8](repeating: 0x61, count: limit)).hasPrefix("line 7"))
        #expect(verdict([UInt8](repeating: 0x61, count: limit + 1)) == "bad 7 \(ShellError.lineTooLong(limit: limit))")
    }

    /// Invalid UTF-8, NUL bytes and overlong lines through a real pipe: one error each, with the
    /// line number, the store's files unchanged, and the next good line still runs.
    @Test func bytesThatAreNotCommandsThroughAPipe() throws {
        let dir = TemporaryDirectory("cande-bytes")
        let store = dir.file("store")
        let env = Cande.environment(store: store)
        Cande.run(["-c", #"add "Ada Lovelace""#, "-c", "note ada first"], environment: env)
        let before = StoreFiles.all(store)

        var input = Data()
        input += Data("note ada caf".utf8) + Data([0xE9]) + Data(" au lait\n".utf8)  // Latin-1, not UTF-8
        input += Data("note ada nul".utf8) + Data([0]) + Data("byte\n".utf8)
        input += Data("note ada ".utf8) + Data(repeating: 0x78, count: BatchReader.lineLimit) + Data("\n".utf8)
        input += Data(#"note ada "unbalanced"#.utf8) + Data("\n".utf8)
        input += Data("history ada\n".utf8)
        // No newline at the end:
        input += Data("note ada ".utf8) + Data(repeating: 0x79, count: 3 * BatchReader.lineLimit)
        let result = Cande.run(executable: Cande.binary, [], stdin: input, environment: env)
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "error: -:1: the line is not valid UTF-8",
                "error: -:2: the line contains a NUL byte",
                "error: -:3: the line is longer than 1 MiB",
                "error: -:6: the line is longer than 1 MiB",
            ])
        // Line 4 is a note whose text happens to start with a quote (free text is literal);
        // line 5 shows the session went on after the bad lines.
        #expect(result.stdout.hasPrefix("logged #2 · note on ada-lovelace\n Ada Lovelace · applied\n"))
        #expect(result.stdout.contains("\"unbalanced"))
        let after = StoreFiles.all(store)
        #expect(after.keys.sorted() == before.keys.sorted())
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        #expect(
            opened.state.entries.map { opened.state.text($0.text, from: opened.texts) } == ["first", #""unbalanced"#])
    }

    /// Only bad lines: the store's bytes do not change at all.
    @Test func onlyBadLinesLeaveTheStoreUntouched() throws {
        let dir = TemporaryDirectory("cande-untouched")
        let store = dir.file("store")
        let env = Cande.environment(store: store)
        Cande.run(["-c", #"add "Ada Lovelace""#, "-c", "note ada first"], environment: env)
        let before = StoreFiles.all(store)
        var input = Data([0xFF, 0xFE, 0x0A])
        input += Data("add \"Bob\n".utf8)
        input += Data("adx Bob\n".utf8)
        input += Data("list colour:red\n".utf8)
        input += Data("log ada in at:2026-02-30 hi\n".utf8)
        input += Data("note ada \u{0}\n".utf8)
        input += Data("list\n".utf8)
        let result = Cande.run(executable: Cande.binary, [], stdin: input, environment: env)
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 6)
        #expect(
            result.stderrLines.map { $0.prefix(10) } == [
                "error: -:1", "error: -:2", "error: -:3", "error: -:4", "error: -:5", "error: -:6",
            ])
        #expect(result.stdoutLines.count == 2, "the last line, list, printed its table")
        #expect(StoreFiles.all(store) == before)
    }
}
