import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// Pasted text is text (SPEC §5): a bracketed paste sits on the line, newlines and all, until
/// the user's own Enter; without bracketed paste, lines that come faster than anyone types after
/// a free-text command are its text (`FastLines`).
@Suite("Paste")
struct PasteTests {
    let dir = TemporaryDirectory("cande-paste")
    var store: String { dir.file("store") }

    static let email = [
        "Hi Rita, thanks for the update.", "Note that I can only start in March.", "Ask me if you need references.",
    ]
    static let pasteOn = "\u{1B}[?2004h"
    static let pasteOff = "\u{1B}[?2004l"

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        TerminalEnvironment.make(directory: dir, store: store, noColor: true, extra)
    }

    func addAda() {
        let result = Cande.run(["-c", #"add "Ada Lovelace""#], environment: environment())
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The messages, notes and asks in the store, in id order.
    func conversation() throws -> [StoredEntry] {
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        return StoredEntry.all(opened).filter { [.message, .note, .ask].contains($0.kind) }
    }

    /// A paste as a terminal with bracketed paste sends it.
    static func bracketed(_ text: String) -> String { "\u{1B}[200~" + text + "\u{1B}[201~" }

    static func count(_ needle: String, in bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    @Test func aBracketedPasteIsOneTextEnteredByTheUsersEnter() throws {
        addAda()
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        #expect(String(decoding: tty.transcript, as: UTF8.self).contains(Self.pasteOn))
        tty.send("open ada\r")
        tty.expect("ada-lovelace> ")
        // The user types "< ", pastes the email (a terminal sends its line ends as CR) …
        tty.send("< " + Self.bracketed(Self.email.joined(separator: "\r")))
        tty.expect("Ask me if you need references.")
        // … and nothing runs until Enter: no command was read from the pasted lines.
        let before = PseudoTerminal.readable(tty.drain(for: 0.3))
        #expect(!before.contains("logged") && !before.contains("error"), "\(before.debugDescription)")
        #expect(try conversation().isEmpty)
        tty.send("\r")
        tty.expect("logged #1 · message from ada-lovelace")
        tty.expect("ada-lovelace> ")
        // CR LF is one line end; the paste's UTF-8 arrives intact.
        tty.send("note " + Self.bracketed("Zoë said «ja»\r\nbis März"))
        tty.expect("bis März")
        tty.send("\r")
        tty.expect("logged #2 · note on ada-lovelace")
        tty.expect("ada-lovelace> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        let shown = String(decoding: tty.transcript, as: UTF8.self)
        #expect(!shown.contains("error"), "\(shown.debugDescription)")
        // Bracketed paste went off on the way out, after the last time it went on.
        let lastOn = try #require(shown.range(of: Self.pasteOn, options: .backwards))
        let lastOff = try #require(shown.range(of: Self.pasteOff, options: .backwards))
        #expect(lastOn.upperBound <= lastOff.lowerBound)

        let entries = try conversation()
        #expect(entries.count == 2, "\(entries)")
        let message = try #require(entries.first)
        #expect(message.kind == .message && message.direction == .inbound)
        #expect(message.text == Self.email.joined(separator: "\n"))
        #expect(message.text.filter { $0 == "\n" }.count == 2)
        #expect(entries.last?.kind == .note && entries.last?.text == "Zoë said «ja»\nbis März")
        // Ada wrote last: she is waiting for a reply.
        let waiting = Cande.run(["-c", "waiting"], environment: environment())
        #expect(waiting.stdout.contains("ada-lovelace"), "\(waiting.stdout)")

        // The history keeps the pasted line whole: Up brings it back, newlines and all.
        let again = try PseudoTerminal(Cande.binary, environment: environment())
        again.expect("cande> ")
        again.send("open ada\r")
        again.expect("ada-lovelace> ")
        again.send(String(repeating: "\u{1B}[A", count: 4))  // open ada, quit, the note, the message
        again.expect("Ask me if you need references.")
        again.send("\r")
        again.expect("logged #3 · message from ada-lovelace")
        again.send("quit\r")
        #expect(again.wait() == 0)
        #expect(try conversation().last?.text == Self.email.joined(separator: "\n"))
    }

    @Test func aPasteWithoutAVerbRunsNothing() throws {
        addAda()
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        tty.send("open ada\r")
        tty.expect("ada-lovelace> ")
        // No Enter: the pasted lines sit on the line; Ctrl-C drops them.
        tty.send(Self.bracketed("Hi Rita\rNote that I can start in March."))
        tty.expect("start in March.")
        tty.send("\u{3}")
        tty.expect("ada-lovelace> ")
        // Even a paste that ends in a line end: that line end is not the user's Enter.
        tty.send(Self.bracketed("Hi Rita\rNote that I can start in March.\r"))
        tty.expect("start in March.")
        tty.send("\u{3}")
        tty.expect("ada-lovelace> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        let shown = PseudoTerminal.readable(tty.transcript)
        #expect(!shown.contains("error") && !shown.contains("logged"), "\(shown.debugDescription)")
        #expect(try conversation().isEmpty)
    }

    /// What a terminal without bracketed paste sends: the lines with CR (Enter) at once.
    static let unbracketedEmail = "< " + email.joined(separator: "\r") + "\r"

    @Test func withoutBracketedPasteFastLinesAreTheFreeText() throws {
        addAda()
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        tty.send("open ada\r")
        tty.expect("ada-lovelace> ")
        tty.send(Self.unbracketedEmail)
        tty.expect("logged #1 · message from ada-lovelace")
        tty.expect("ada-lovelace> ")
        // Typed lines, a person's pause apart, are commands of their own.
        tty.send("note first\r")
        usleep(300_000)
        tty.send("note second\r")
        tty.expect("logged #3")
        tty.expect("ada-lovelace> ")
        tty.send("quit\r")
        #expect(tty.wait() == 0)
        let shown = PseudoTerminal.readable(tty.transcript)
        #expect(!shown.contains("error"), "\(shown.debugDescription)")
        let entries = try conversation()
        #expect(entries.map(\.kind) == [.message, .note, .note], "\(entries)")
        #expect(entries.first?.text == Self.email.joined(separator: "\n"))
        #expect(entries.dropFirst().map(\.text) == ["first", "second"])
    }

    @Test func withoutLibeditFastLinesAreTheFreeTextToo() throws {
        addAda()
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
        let tty = try PseudoTerminal(Cande.binary, environment: environment(["LD_LIBRARY_PATH": fake]))
        tty.expect("no line editing this time")
        tty.expect("cande> ")
        // Nothing to turn on without libedit: the terminal's line editing would take the markers.
        #expect(!String(decoding: tty.transcript, as: UTF8.self).contains(Self.pasteOn))
        tty.send("open ada\r", waitingForRawMode: false)
        tty.expect("ada-lovelace> ")
        tty.send(Self.unbracketedEmail, waitingForRawMode: false)
        tty.expect("logged #1")
        tty.expect("ada-lovelace> ")
        tty.send("note first\r", waitingForRawMode: false)
        usleep(300_000)
        tty.send("note second\r", waitingForRawMode: false)
        tty.expect("logged #3")
        tty.send("quit\r", waitingForRawMode: false)
        #expect(tty.wait() == 0)
        let entries = try conversation()
        #expect(entries.map(\.text) == [Self.email.joined(separator: "\n"), "first", "second"], "\(entries)")
    }

    /// The command layer takes a line with newlines in it: the text keeps them.
    @Test func aLineWithNewlinesIsOneCommandWithThemInItsText() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok("open ada")
        shell.ok("< " + Self.email.joined(separator: "\n"))
        shell.ok("note ada-lovelace first\nsecond")
        shell.ok("log ada out Thanks!\nTalk soon.")
        let entries = StoredEntry.all(try shell.reopened()).filter { [.message, .note].contains($0.kind) }
        #expect(entries.map(\.text) == [Self.email.joined(separator: "\n"), "first\nsecond", "Thanks!\nTalk soon."])
        #expect(entries.map(\.kind) == [.message, .note, .message])
    }

    @Test func theFreeTextVerbs() {
        for line in ["< Hi", "<Hi", "> Hi", " /note ada x", "NOTE ada x", "log ada in x", "ask", "feedback", "done 4"] {
            #expect(FastLines.takesText(line), "\(line)")
        }
        for line in ["list", "open ada", "notes", "/history ada", "", "quit"] {
            #expect(!FastLines.takesText(line), "\(line)")
        }
    }
}

/// `KeyStream` on a pipe: the bytes a terminal would send, and the keys libedit gets.
@Suite("Paste keys")
struct PasteKeyTests {
    /// The keys read from `bytes` (the writing end closed: then the input ends).
    static func keys(_ bytes: String, takesText: Bool = true) -> [Key] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return [] }
        _ = Output.writeAll(fds[1], Array(bytes.utf8))
        close(fds[1])
        defer { close(fds[0]) }
        let stream = KeyStream(fd: fds[0])
        var keys: [Key] = []
        while true {
            let key = stream.next(lineTakesText: { takesText })
            if key == .end { return keys }
            keys.append(key)
        }
    }

    static func typed(_ text: String) -> [Key] { text.unicodeScalars.map { .character($0.value) } }

    @Test func aBracketedPasteIsOneInsertWithItsLineEndsAsNewlines() {
        #expect(
            Self.keys("a\u{1B}[200~x\r\ny\n\rz\rü\u{1B}[201~b")
                == [.character(0x61), .insert("x\ny\nz\nü", atEnd: false), .character(0x62)])
    }

    @Test func otherEscapeSequencesAreKeys() {
        #expect(Self.keys("\u{1B}[A\u{1B}[2~") == Self.typed("\u{1B}[A\u{1B}[2~"))
    }

    @Test func linesThatCameAtOnceAfterAFreeTextLineAreJoined() {
        // Every line end but the last joins the next line; an unfinished last line joins too.
        #expect(
            Self.keys("< a\nb\rc\n")
                == Self.typed("< a") + [.insert("\nb", atEnd: true), .insert("\nc", atEnd: true), .character(0x0A)])
        #expect(
            Self.keys("< a\nb\nc")
                == Self.typed("< a") + [.insert("\nb", atEnd: true), .insert("\nc", atEnd: true)])
        // Not after a command without a free text, and not keys (ESC …).
        #expect(Self.keys("list\nb\n", takesText: false) == Self.typed("list\nb\n"))
        #expect(Self.keys("< a\n\u{1B}[A") == Self.typed("< a\n\u{1B}[A"))
        // A single unfinished line is typed, not pasted.
        #expect(Self.keys("< a\nb") == Self.typed("< a\nb"))
    }
}
