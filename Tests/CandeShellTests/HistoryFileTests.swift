import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// "Trust the store", break 12: the interactive history file is never written through a
/// symbolic link, and is replaced whole (a new file renamed over it), never truncated in place.
@Suite("History file")
struct HistoryFileTests {
    let dir = TemporaryDirectory("cande-history")
    var historyDirectory: String { dir.file("state/cande") }
    var history: String { historyDirectory + "/history-rita" }

    func environment() -> [String: String] {
        let home = dir.file("home")
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.editrc", contents: Data())
        var env = Cande.environment(store: dir.file("store"))
        env["HOME"] = home
        env["XDG_STATE_HOME"] = dir.file("state")
        env["TERM"] = "xterm"
        env["PAGER"] = ""
        env["NO_COLOR"] = "1"
        return env
    }

    /// Types `lines` into an interactive session, then leaves it; returns what the terminal showed.
    @discardableResult
    func session(typing lines: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ", sourceLocation: sourceLocation)
        for line in lines {
            tty.send(line + "\r", sourceLocation: sourceLocation)
            tty.expect("cande> ", sourceLocation: sourceLocation)
        }
        tty.send("quit\r", sourceLocation: sourceLocation)
        #expect(tty.wait(sourceLocation: sourceLocation) == 0, sourceLocation: sourceLocation)
        return PseudoTerminal.readable(tty.transcript)
    }

    static func info(_ path: String) -> stat {
        var info = stat()
        lstat(path, &info)
        return info
    }

    @Test("a symbolic link at the history path: its target keeps its bytes and mode, nothing is loaded")
    func symlinkIsNeverFollowed() throws {
        try FileManager.default.createDirectory(atPath: historyDirectory, withIntermediateDirectories: true)
        let victim = dir.file("victim")
        // A valid libedit history, so that a load through the link would show it.
        let original = Data("_HiStOrY_V2_\nsecret\\040from\\040the\\040victim\n".utf8)
        #expect(FileManager.default.createFile(atPath: victim, contents: original))
        #expect(chmod(victim, 0o644) == 0)
        #expect(symlink(victim, history) == 0)

        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        tty.send("help quit\r")
        tty.expect("cande> ")
        tty.send("\u{1B}[A")  // Up: the previous line of this session, nothing of the victim's
        tty.send("\u{1B}[A")
        tty.send("\u{15}quit\r")
        #expect(tty.wait() == 0)
        let shown = PseudoTerminal.readable(tty.transcript)

        #expect(FileManager.default.contents(atPath: victim) == original)
        #expect(StoreFiles.mode(victim) == 0o644)
        #expect(Self.info(history).st_mode & S_IFMT == S_IFLNK, "the link itself is left alone")
        #expect(!shown.contains("secret from the victim"), "\(shown.debugDescription)")
        // One warning, naming the path.
        let warnings = shown.components(separatedBy: "warning: ").count - 1
        #expect(warnings == 1, "\(shown.debugDescription)")
        #expect(shown.contains("history-rita is a symbolic link"), "\(shown.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: historyDirectory) == ["history-rita"])
    }

    @Test("the history file is replaced whole, 0600, with the command in it")
    func historyIsReplacedAtomically() throws {
        try session(typing: ["help list"])
        let before = Self.info(history)
        #expect(before.st_mode & S_IFMT == S_IFREG)
        #expect(chmod(history, 0o644) == 0)
        // A second name for the file as it is now: it keeps the old bytes unless they are
        // overwritten in place (and keeps its inode from being reused).
        let old = dir.file("old-history")
        #expect(link(history, old) == 0)
        let oldBytes = FileManager.default.contents(atPath: old)

        try session(typing: ["help agenda"])
        let after = Self.info(history)
        #expect(after.st_mode & S_IFMT == S_IFREG)
        #expect(after.st_ino != before.st_ino, "a new file was renamed over the old one")
        #expect(FileManager.default.contents(atPath: old) == oldBytes, "the old file was not rewritten")
        #expect(after.st_mode & 0o777 == 0o600)
        let text = try String(contentsOfFile: history, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_\n"))
        #expect(text.contains("help\\040list") && text.contains("help\\040agenda"), "\(text.debugDescription)")
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: historyDirectory) == ["history-rita"])
    }
}
