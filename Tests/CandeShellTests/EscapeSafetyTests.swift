import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// SPEC §5: text that came from a candidate is printed safely — control characters, terminal
/// escape sequences and bidirectional overrides are shown escaped, never sent to the terminal.
@Suite("Escape safety")
struct EscapeSafetyTests {
    /// Clears the screen, retitles the window, returns the carriage, rings the bell, flips the
    /// text direction.
    static let hostile = "Hi \u{1B}[2J there \u{1B}]0;pwned\u{07} and\rover bell\u{07} rlo \u{202E}esrever end"
    static let hostileName = "Mal \u{202E}yroL"

    @Test func safeTextEscapes() {
        #expect(
            SafeText.line(Self.hostile)
                == #"Hi \e[2J there \e]0;pwned\a and\rover bell\a rlo \u{202E}esrever end"#)
        #expect(
            SafeText.line("del\u{7F} nul\u{0} c1\u{85} ls\u{2028} lrm\u{200E} fsi\u{2068} bs\u{8}")
                == #"del\x7F nul\x00 c1\u{0085} ls\u{2028} lrm\u{200E} fsi\u{2068} bs\b"#)
        #expect(SafeText.line("tab\there") == "tab  here")
        #expect(SafeText.line("two\nlines") == #"two\nlines"#)
        #expect(SafeText.lines("two\nlines\u{1B}") == ["two", #"lines\e"#])
        // Ordinary text, accents, emoji, right-to-left scripts pass unchanged.
        let plain = "Zoë ✓ 👩🏽‍💻 مرحبا עברית «ok» — fine"
        #expect(SafeText.line(plain) == plain)
    }

    /// What a terminal would act on: C0 controls but newline, DEL, C1 controls, and the
    /// bidirectional formatting characters.
    static func rawControls(in text: String, allowing allowed: Set<UInt32> = [0x0A]) -> [String] {
        text.unicodeScalars.filter { s in
            guard !allowed.contains(s.value) else { return false }
            return s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value) || s.value == 0x200E || s.value == 0x200F
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test func historyListAndShowThroughAPipe() {
        let dir = TemporaryDirectory("cande-escape")
        var env = Cande.environment(store: dir.file("store"))
        env["COLUMNS"] = "120"  // wide enough for list to show the whole name
        let setup = Cande.run(
            [
                "-c", "add \"\(Self.hostileName)\" role:Engineer", "-c", "log mal in via:email " + Self.hostile,
                "-c", "note mal " + Self.hostile,
            ], environment: env)
        #expect(setup.status == 0)
        #expect(setup.stdout == "mal-yrol\nlogged #1 · message from mal-yrol\nlogged #2 · note on mal-yrol\n")

        for command in ["history mal", "list", "show mal", "open mal"] {
            let result = Cande.run(["-c", command], environment: env)
            #expect(result.status == 0)
            #expect(Self.rawControls(in: result.stdout) == [], "\(command)")
            #expect(!result.stdout.isEmpty)
        }
        let history = Cande.run(["-c", "history mal"], environment: env).stdout
        #expect(history.contains(#"\e[2J"#))
        #expect(history.contains(#"\e]0;pwned\a"#))
        #expect(history.contains(#"\r"#))
        #expect(history.contains(#"\u{202E}"#))
        #expect(Cande.run(["-c", "list"], environment: env).stdout.contains(#"Mal \u{202E}y"#))

        // Error messages quote what was typed, escaped too.
        let error = Cande.run(["-c", "\u{1B}]0;pwned\u{07}", "-c", "note \u{1B}[2J hi"], environment: env)
        #expect(error.status == 1)
        #expect(Self.rawControls(in: error.stderr) == [])
        #expect(error.stderr.contains(#"\e]0;pwned\a"#))

        // The store keeps the text exactly as it came.
        let texts =
            (try? { () throws -> [String] in
                let store = try FileStore(path: dir.file("store"))
                try store.loadTimeline()
                return store.state.entries.map { store.state.text($0.text, from: store.texts) }
            }()) ?? []
        #expect(texts == [Self.hostile, Self.hostile])
    }

    /// At a terminal, with colours: the only escape sequences are cande's own colours (SGR,
    /// ESC [ digits ; m); with NO_COLOR or --no-color, none at all.
    @Test(arguments: [
        ("colours", [String](), [String: String]()), ("NO_COLOR", [], ["NO_COLOR": "1"]),
        ("--no-color", ["--no-color"], [:]),
    ])
    func historyAtATerminal(mode: String, arguments: [String], extra: [String: String]) throws {
        let dir = TemporaryDirectory("cande-escape-tty")
        var env = Cande.environment(store: dir.file("store"))
        Cande.run(["-c", "add \"\(Self.hostileName)\"", "-c", "log mal in " + Self.hostile], environment: env)
        let home = dir.file("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        env["HOME"] = home
        env["XDG_STATE_HOME"] = dir.file("state")
        env["TERM"] = "xterm"
        env["PAGER"] = ""
        env.merge(extra) { $1 }
        let tty = try PseudoTerminal(Cande.binary, arguments: arguments, environment: env)
        tty.expect("cande> ")
        for command in ["history mal", "list"] {
            tty.send(command + "\r")
            tty.expect(command)
            let output = try #require(tty.expect("cande> "))
            let text = String(decoding: output, as: UTF8.self)
            #expect(text.contains(#"\e]0;pwned\a"#) || command == "list", "\(mode) \(command)")
            #expect(text.contains(#"\u{202E}"#), "\(mode) \(command)")
            // The terminal turns "\n" into "\r\n"; no other control may appear.
            let controls = Self.rawControls(
                in: text.replacingOccurrences(of: "\r\n", with: "\n"), allowing: [0x0A, 0x1B])
            #expect(controls == [], "\(mode) \(command)")
            let escapes = Self.escapeSequences(in: output)
            if mode == "colours" {
                #expect(!escapes.isEmpty, "colours are on at a terminal")
                #expect(escapes.allSatisfy(Self.isSGR), "\(mode) \(command): \(escapes)")
            } else {
                #expect(escapes == [], "\(mode) \(command)")
            }
        }
        tty.send("\u{4}")
        #expect(tty.wait() == 0)
    }

    /// Each ESC and what follows it up to the end of the sequence.
    static func escapeSequences(in bytes: [UInt8]) -> [String] {
        var found: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x1B else {
                i += 1
                continue
            }
            var j = i + 1
            if j < bytes.count, bytes[j] == 0x5B {
                j += 1
                while j < bytes.count, !(0x40...0x7E).contains(bytes[j]) { j += 1 }
            }
            found.append(String(decoding: bytes[i..<min(j + 1, bytes.count)], as: UTF8.self))
            i = j + 1
        }
        return found
    }

    static func isSGR(_ sequence: String) -> Bool {
        let body = sequence.unicodeScalars.dropFirst()
        guard body.first == "[", body.last == "m" else { return false }
        return body.dropFirst().dropLast().allSatisfy { ($0 >= "0" && $0 <= "9") || $0 == ";" }
    }
}
