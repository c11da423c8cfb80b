import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// "Trust the store", break 11: no raw control character reaches a terminal — not through
/// invocation errors, not through JSON, not through an export shown on a terminal — and
/// one-line fields refuse them.
@Suite("Control characters")
struct ControlCharacterTests {
    let dir = TemporaryDirectory("cande-controls")
    var store: String { dir.file("store") }
    var env: [String: String] { Cande.environment(store: store) }

    /// ESC starting a colour sequence, the one-byte C1 CSI, a right-to-left override.
    static let hostile = ["x\u{1B}[31my", "x\u{9B}31my", "x\u{202E}y"]

    /// The raw bytes a terminal would act on: ESC, C1 U+009B (C2 9B), U+202E (E2 80 AE).
    static func rawControls(_ text: String) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        if bytes.contains(0x1B) { found.append("ESC") }
        for i in bytes.indices.dropLast() where bytes[i] == 0xC2 && bytes[i + 1] == 0x9B { found.append("U+009B") }
        for i in bytes.indices.dropLast(2) where bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xAE {
            found.append("U+202E")
        }
        return found
    }

    static let escapedForms = [#"\e[31m"#, #"\u{009B}"#, #"\u{202E}"#]

    // MARK: - Invocation

    @Test(arguments: zip(hostile, escapedForms))
    func invocationErrorsAreEscaped(value: String, escaped: String) {
        var cases: [(String, [String], [String: String], Int32)] = [
            ("--as", ["--as", value, "-c", "help"], [:], 2),
            ("CANDE_USER", ["-c", "help"], ["CANDE_USER": value], 2),
            ("CANDE_NOW", ["-c", "help"], ["CANDE_NOW": "2026-12-01T09:00:00Z" + value], 2),
            ("TZ", ["-c", "help"], ["TZ": "Europe/" + value], 0),
            ("flag", ["--" + value, "-c", "help"], [:], 2),
        ]
        cases.append(("--json --as", ["--json", "--as", value, "-c", "help"], [:], 2))
        for (what, arguments, extra, status) in cases {
            let result = Cande.run(arguments, environment: env.merging(extra) { $1 })
            #expect(result.status == status, "\(what)")
            #expect(!result.stderr.isEmpty, "\(what)")
            #expect(Self.rawControls(result.stderr) == [], "\(what): \(result.stderr.debugDescription)")
            if arguments.contains("--json") {
                // JSON on standard error: the escaping is JSON's, and the message reads back whole.
                let error = (try? JSONSerialization.jsonObject(with: Data(result.stderr.utf8))) as? [String: Any]
                #expect((error?["error"] as? String)?.contains(value) == true, "\(what): \(result.stderr)")
            } else {
                #expect(result.stderr.contains(escaped), "\(what): \(result.stderr.debugDescription)")
            }
        }
    }

    // MARK: - JSON

    @Test func jsonEscapesC1AndBidiControls() throws {
        let text = "hi \u{9B}31m there \u{202E}evil\u{2028}next \u{85}nel \u{7F}del \u{1B}[2J end"
        let setup = Cande.run(["-c", "add Ada handle:ada", "-c", "note ada " + text], environment: env)
        #expect(setup.status == 0, "\(setup.stderr)")
        for command in ["history ada", "export json"] {
            let result = Cande.run(["--json", "-c", command], environment: env)
            #expect(result.status == 0)
            #expect(Self.rawControls(result.stdout) == [], "\(command)")
            #expect(result.stdout.contains(#"\u009b31m"#), "\(command)")
            #expect(result.stdout.contains(#"\u202eevil\u2028next \u0085nel \u007fdel \u001b[2J"#), "\(command)")
            // Foundation reads the text back exactly.
            let decoded = try #require(parseJSON(result.stdout))
            let notes: [[String: Any]] =
                (decoded as? [[String: Any]]) ?? ((decoded as? [String: Any])?["entries"] as? [[String: Any]]) ?? []
            #expect(notes.compactMap { $0["text"] as? String } == [text], "\(command)")
        }
        // Errors in JSON too (the verb is shown escaped, and that text is JSON).
        let error = Cande.run(["--json", "-c", "lst\u{9B}"], environment: env)
        #expect(error.status == 1)
        #expect(Self.rawControls(error.stderr) == [])
        #expect(
            (parseJSON(error.stderr) as? [String: Any])?["error"] as? String
                == #"unknown command "lst\u{009B}"; type help for the list"#)
    }

    @Test func jsonWriterEscapesOnlyWhatItMust() {
        var w = JSONWriter()
        w.string("plain ascii, «ok» Zoë ✓ \u{A0}nbsp \u{9F}\u{80}\u{2066}\u{2069}\u{200E}\u{200F}\u{61C}\u{2029}")
        #expect(
            String(decoding: w.bytes, as: UTF8.self)
                == #""plain ascii, «ok» Zoë ✓ \#u{A0}nbsp \u009f\u0080\u2066\u2069\u200e\u200f\u061c\u2029""#)
        let located = w.stringLocated("x\u{85}")
        #expect(located.escaped)
        #expect(!w.stringLocated("Zoë ✓").escaped)
    }

    // MARK: - Exports shown on a terminal

    /// A store written before names refused control characters (through the store's own API).
    func legacyStore() throws {
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        let opened = try FileStore(path: store)
        _ = try opened.commit(by: "rita", at: Instant(seconds: 1_796_000_000)) { _ in
            .add([CandidateDraft(handle: "mal", name: "Mal \u{1B}[31mred\u{9B}2J \u{202E}yroL", role: "x\u{85}y")])
        }
        let talk = Cande.run(
            ["-c", #"talk ada with:Sam as:peer at:"tomorrow 15:00""#], environment: env)
        #expect(talk.status == 0, "\(talk.stderr)")
        var later = env
        later["CANDE_NOW"] = "2026-12-03T09:00:00Z"
        let id = talk.stdout.split(separator: " ").first { $0.hasPrefix("#") }?.dropFirst() ?? "1"
        let done = Cande.run(
            ["-c", "done \(id) went well \u{1B}[2Jcleared \u{9B}1m \u{202E}done"], environment: later)
        #expect(done.status == 0, "\(done.stderr)")
    }

    @Test(arguments: ["csv", "ics"])
    func exportToATerminalIsEscaped(format: String) throws {
        try legacyStore()
        let tty = try PseudoTerminal(
            Cande.binary, arguments: ["-c", "export \(format)", "-c", "help quit"],
            environment: env.merging(["TERM": "xterm"]) { $1 })
        let shown = try #require(tty.expect("quit"))
        #expect(tty.wait() == 0)
        let text = String(decoding: shown, as: UTF8.self)
        #expect(Self.rawControls(text) == [], "\(text.debugDescription)")
        // No other control reaches the terminal either: only line ends.
        #expect(!shown.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D }, "\(text.debugDescription)")
        #expect(text.contains(#"\u{202E}"#))
        if format == "csv" {
            #expect(text.contains(#"Mal \e[31mred\u{009B}2J \u{202E}yroL"#), "\(text.debugDescription)")
            #expect(text.contains(#"x\u{0085}y"#))
            // One row per line, as on any terminal.
            #expect(PseudoTerminal.readable(shown).split(separator: "\n").count >= 3)
        } else {
            // The calendar itself leaves C0 controls out (RFC 5545); C1 ones are its to carry.
            #expect(text.contains(#"cleared \u{009B}1m"#), "\(text.debugDescription)")
            #expect(PseudoTerminal.readable(shown).contains("BEGIN:VCALENDAR\nVERSION:2.0\n"))
        }

        // Into a file (or a pipe) the bytes stay exact.
        let file = dir.file("out.\(format)")
        #expect(Cande.run(["-c", "export \(format) \(file)"], environment: env).status == 0)
        let piped = Cande.run(["-c", "export \(format)"], environment: env)
        let exact = try String(contentsOfFile: file, encoding: .utf8)
        #expect(piped.stdout == exact)
        #expect(exact.contains("\u{202E}"))
        #expect(exact.contains(format == "csv" ? "\u{1B}[31mred\u{9B}2J" : "cleared \u{9B}1m"))
        #expect(exact.contains("\r\n"))
    }

    // MARK: - One-line fields

    @Test(arguments: ["\u{1B}", "\u{9B}", "\u{85}", "\u{7F}"])
    func oneLineFieldsRefuseControls(control: String) throws {
        #expect(Cande.run(["-c", "add Bob handle:bob"], environment: env).status == 0)
        let lines = [
            "add \"Ada\(control)Lovelace\"",
            "add Ada role:\"Eng\(control)\"",
            "add Ada email:\"ada\(control)@example.org\"",
            "add Ada owner:\"ri\(control)ta\"",
            "add Ada tags:\"a\(control)b\"",
            "edit bob name:\"Bob\(control)\"",
            "edit bob role:\"Eng\(control)\"",
            "edit bob phone:\"+49 30\(control)123\"",
            "talk bob with:\"Sam\(control)\" as:peer at:\"tomorrow 15:00\"",
            "talk bob with:Sam as:peer at:\"tomorrow 15:00\" where:\"room\(control)1\"",
            "checkin bob at:\"tomorrow 16:00\" where:\"\(control)video\"",
        ]
        for line in lines {
            let result = Cande.run(["-c", line], environment: env)
            #expect(result.status == 1, "\(line.debugDescription)")
            #expect(result.stderr.contains("control characters"), "\(line.debugDescription): \(result.stderr)")
            #expect(Self.rawControls(result.stderr) == [])
            #expect(!result.stderr.utf8.contains { $0 < 0x20 && $0 != 0x0A }, "\(result.stderr.debugDescription)")
        }
        let opened = try FileStore(path: store)
        #expect(opened.state.handles.sorted() == ["bob"], "nothing was added")
        #expect(opened.state.lastSeq == 1, "nothing was changed")
        #expect(opened.state.meetings.isEmpty)
    }
}
