import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// A free text left out interactively (`note ada`, `<`, `log ada in`) is written in `$VISUAL` /
/// `$EDITOR` on a commented template (SPEC §5); in batch mode it stays an error.
@Suite("Editor")
struct EditorTests {
    let dir = TemporaryDirectory("cande-editor")
    var store: String { dir.file("store") }
    /// The editor's temporary files go here ($TMPDIR).
    var temporary: String { dir.file("tmp") }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        try? FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        return TerminalEnvironment.make(
            directory: dir, store: store, noColor: true, ["TMPDIR": temporary].merging(extra) { $1 })
    }

    /// An editor script named `name`: it counts its runs, keeps a copy of the file it was given
    /// (`name-N.txt`), that file's path and mode, says EDITOR-RAN on the terminal, then replaces
    /// the file's text with `text` and exits with `status`. It takes the file as its last
    /// argument (an editor command may have arguments of its own).
    func editor(_ name: String, writing text: String, status: Int = 0) throws -> String {
        let script = dir.file(name + ".sh")
        let output = dir.file(name + ".out")
        try text.write(toFile: output, atomically: true, encoding: .utf8)
        let base = dir.file(name)
        let body = """
            #!/bin/sh
            for file; do :; done
            echo run >> '\(base).runs'
            n=$(wc -l < '\(base).runs' | tr -d ' ')
            cp "$file" '\(base)'-$n.txt
            echo "$file" >> '\(base).paths'
            stat -c %a "$file" >> '\(base).modes'
            printf 'EDITOR-RAN\\n'
            cat '\(output)' > "$file"
            exit \(status)

            """
        try body.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        return script
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func addAda() {
        let result = Cande.run(["-c", #"add "Ada Lovelace""#], environment: environment())
        #expect(result.status == 0, "\(result.stderr)")
    }

    func conversation() throws -> [StoredEntry] {
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        return StoredEntry.all(opened).filter { [.message, .note, .ask].contains($0.kind) }
    }

    @Test func aTextLeftOutIsWrittenInTheEditor() throws {
        addAda()
        let visual = try editor("visual", writing: "Line one\nLine two  \n# a comment\n\n")
        let wrong = try editor("wrong", writing: "from $EDITOR")
        let tty = try PseudoTerminal(
            Cande.binary, environment: environment(["VISUAL": visual + " -w", "EDITOR": wrong]))
        tty.expect("cande> ")
        tty.send("note ada\r")
        tty.expect("EDITOR-RAN")
        tty.expect("logged #1 · note on ada-lovelace")
        tty.expect("cande> ")
        tty.send("log ada in via:email\r")
        tty.expect("logged #2 · message from ada-lovelace")
        tty.expect("cande> ")
        tty.send("open ada\r")
        tty.expect("ada-lovelace> ")
        tty.send("<\r")
        tty.expect("logged #3 · message from ada-lovelace")
        tty.expect("ada-lovelace> ")
        // An optional text is no reason for the editor.
        tty.send("ask\r")
        tty.expect("asked ada-lovelace for feedback")
        tty.expect("ada-lovelace> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)

        let entries = try conversation()
        try #require(entries.map(\.kind) == [.note, .message, .message, .ask], "\(entries)")
        #expect(entries.prefix(3).allSatisfy { $0.text == "Line one\nLine two" }, "\(entries)")
        #expect(entries[1].channel == .email && entries[1].direction == .inbound)

        // $VISUAL ran (with its argument), three times; $EDITOR never.
        #expect(lines(dir.file("visual.runs")).count == 3)
        #expect(!FileManager.default.fileExists(atPath: dir.file("wrong.runs")))
        // Each time on a private .txt file in $TMPDIR, gone afterwards.
        let paths = lines(dir.file("visual.paths"))
        #expect(paths.count == 3 && paths.allSatisfy { $0.hasPrefix(temporary + "/cande-") && $0.hasSuffix(".txt") })
        #expect(paths.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(lines(dir.file("visual.modes")) == ["600", "600", "600"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        // The template: an empty first line, then who and what, commented.
        let hint = "# Lines starting with # are left out; an empty text logs nothing.\n"
        #expect(
            try String(contentsOfFile: dir.file("visual-1.txt"), encoding: .utf8)
                == "\n# A note on ada-lovelace (internal: never shown to the candidate).\n" + hint)
        #expect(
            try String(contentsOfFile: dir.file("visual-2.txt"), encoding: .utf8)
                == "\n# The message from ada-lovelace (inbound, by email).\n" + hint)
        #expect(
            try String(contentsOfFile: dir.file("visual-3.txt"), encoding: .utf8)
                == "\n# The message from ada-lovelace (inbound).\n" + hint)

        // Bracketed paste is off while the editor has the terminal, and on again after it.
        let shown = String(decoding: tty.transcript, as: UTF8.self)
        let ran = try #require(shown.range(of: "EDITOR-RAN"))
        let before = try #require(shown[..<ran.lowerBound].range(of: "\u{1B}[?2004", options: .backwards))
        #expect(shown[before.upperBound...].hasPrefix("l"))
        let after = try #require(shown[ran.upperBound...].range(of: "\u{1B}[?2004"))
        #expect(shown[after.upperBound...].hasPrefix("h"))
    }

    @Test func anEmptyTextOrAFailingEditorLogsNothing() throws {
        addAda()
        let empty = try editor("empty", writing: "# only a comment\n\n   \n")
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["EDITOR": empty]))
        tty.expect("cande> ")
        tty.send("note ada\r")
        let said = tty.expect("cande> ").map { PseudoTerminal.readable($0) } ?? ""
        // Said plainly, as a notice: not an error.
        #expect(said.split(separator: "\n").contains("nothing logged"), "\(said.debugDescription)")
        #expect(!said.contains("error"), "\(said.debugDescription)")
        tty.send("quit\r")
        #expect(tty.wait() == 0)

        let failing = try editor("failing", writing: "Some text", status: 3)
        let second = try PseudoTerminal(Cande.binary, environment: environment(["EDITOR": failing]))
        second.expect("cande> ")
        second.send("log ada out\r")
        second.expect("error: the editor exited with status 3; nothing logged")
        second.expect("cande> ")
        second.send("quit\r")
        #expect(second.wait() == 0)

        #expect(lines(dir.file("empty.runs")).count == 1 && lines(dir.file("failing.runs")).count == 1)
        #expect(try conversation().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }

    @Test func inBatchModeAMissingTextStaysAnError() throws {
        addAda()
        let marker = try editor("marker", writing: "never")
        let env = environment(["EDITOR": marker, "VISUAL": marker])
        let command = Cande.run(["-c", "note ada"], environment: env)
        #expect(command.status == 1)
        #expect(command.stderr.contains("error: -c:1: note needs a text"), "\(command.stderr)")
        let piped = Cande.run([], stdin: "note ada\nlog ada in\n", environment: env)
        #expect(piped.status == 1)
        #expect(piped.stderr.contains("error: -:1: note needs a text"), "\(piped.stderr)")
        #expect(piped.stderr.contains("error: -:2: log needs a text"), "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("marker.runs")))
        #expect(try conversation().isEmpty)
    }

    @Test func whatTheEditorLeftIsCleanedUp() {
        #expect(TextEditor.cleaned("Line one\r\nLine two  \r\n# comment\r\n\r\n") == "Line one\nLine two")
        #expect(TextEditor.cleaned("\n  \nText\n\n# more\n") == "Text")
        #expect(TextEditor.cleaned("  indented\n\n  kept\n") == "  indented\n\n  kept")
        #expect(TextEditor.cleaned("# only\n#\n \n") == nil)
        #expect(TextEditor.cleaned("") == nil)
        #expect(TextEditor.fileText(initial: "", comments: ["Who."]) == "\n# Who.\n# " + TextEditor.howTo + "\n")
        #expect(TextEditor.fileText(initial: "Old text", comments: []) == "Old text\n\n# " + TextEditor.howTo + "\n")
    }

    @Test func theEditorCommand() {
        #expect(TextEditor.editorCommand(["VISUAL": "code --wait", "EDITOR": "nano"]) == "code --wait")
        #expect(TextEditor.editorCommand(["VISUAL": "", "EDITOR": "nano -w"]) == "nano -w")
        #expect(TextEditor.editorCommand([:]) == "vi")
    }
}

extension EditorTests {
    /// `edit #ID` without text:, at: or via: opens the entry's text in the editor; the
    /// correction is what the editor left (the template's # lines dropped); unchanged, nothing.
    @Test func editOfAnEntryOpensItsText() throws {
        addAda()
        let log = Cande.run(["-c", "log ada in Hi Rita, I can start in March."], environment: environment())
        #expect(log.status == 0, "\(log.stderr)")
        let fixed = try editor("fixed", writing: "Hi Rita, I can start in April.\n# a comment\n")
        var tty = try PseudoTerminal(Cande.binary, environment: environment(["VISUAL": fixed]))
        tty.expect("cande> ")
        tty.send("edit #1\r")
        tty.expect("EDITOR-RAN")
        tty.expect("edited #1 · message on ada-lovelace: text")
        tty.expect("cande> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        // The editor was given the entry's text, then the template.
        let given = try String(contentsOfFile: dir.file("fixed-1.txt"), encoding: .utf8)
        #expect(given.hasPrefix("Hi Rita, I can start in March.\n"), "\(given)")
        #expect(given.contains("# Correct message #1 on ada-lovelace."), "\(given)")
        var entries = try conversation()
        #expect(entries.map(\.text) == ["Hi Rita, I can start in April."])

        // Leaving the text as it is changes nothing.
        let same = try editor("same", writing: "Hi Rita, I can start in April.\n")
        tty = try PseudoTerminal(Cande.binary, environment: environment(["VISUAL": same]))
        tty.expect("cande> ")
        tty.send("edit #1\r")
        tty.expect("EDITOR-RAN")
        tty.expect("nothing changed")
        tty.expect("cande> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        entries = try conversation()
        #expect(entries.map(\.text) == ["Hi Rita, I can start in April."])
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        #expect(opened.state.entries.filter { $0.kind == .correction && !$0.removed }.count == 1)

        // With --json: one key each, `changed` false (as `"logged":false` for a note left empty).
        tty = try PseudoTerminal(Cande.binary, arguments: ["--json"], environment: environment(["VISUAL": same]))
        tty.expect("cande> ")
        tty.send("edit #1\r")
        let answer = PseudoTerminal.readable(tty.expect("cande> ") ?? [])
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        let line = answer.split(whereSeparator: \.isNewline).first { $0.contains("{") }.map(String.init) ?? ""
        let object = line[(line.firstIndex(of: "{") ?? line.startIndex)...]
        #expect(object.hasPrefix(#"{"ok":true,"changed":false}"#), "\(answer)")
    }
}
