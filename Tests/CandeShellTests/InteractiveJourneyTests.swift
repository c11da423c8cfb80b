import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// The interactive parts of issues 4 and 5, through a pseudo-terminal: `reject` offering a
/// feedback ask, and a second user's change showing up in an open session.
@Suite("Interactive journey")
struct InteractiveJourneyTests {
    let dir = TemporaryDirectory("cande-tty2")
    var store: String { dir.file("store") }

    func environment(user: String = "rita") -> [String: String] {
        let home = dir.file("home")
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.editrc", contents: Data())
        var env = Cande.environment(store: store, user: user)
        env["HOME"] = home
        env["XDG_STATE_HOME"] = dir.file("state")
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        env["PAGER"] = ""
        env["NO_COLOR"] = "1"
        return env
    }

    func history(_ handle: String) throws -> [[String: Any]] {
        let result = Cande.run(["--json", "-c", "history \(handle)"], environment: environment())
        return try #require(parseJSON(result.stdout) as? [[String: Any]])
    }

    @Test("interactive reject offers a feedback ask: y records it, n does not")
    func rejectOffersAnAsk() throws {
        #expect(
            Cande.run(["-c", #"add "Ada Lovelace""#, "-c", #"add "Bob Stone""#], environment: environment()).status == 0
        )
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        tty.send("reject ada reason:\"Not now\"\r")
        tty.expect("ada-lovelace is rejected")
        tty.expect("Ask ada-lovelace for feedback on the process now? [y/N] ")
        tty.send("y\r")
        tty.expect("asked ada-lovelace for feedback")
        tty.expect("cande> ")
        tty.send("reject bob\r")
        tty.expect("[y/N] ")
        tty.send("n\r")
        tty.expect("cande> ")
        tty.send("\u{4}")
        #expect(tty.wait() == 0)
        #expect(try history("ada").filter { $0["kind"] as? String == "ask" }.count == 1)
        #expect(try history("bob").contains { $0["kind"] as? String == "ask" } == false)
        #expect(try history("bob").contains { $0["status"] as? String == "rejected" })
    }

    @Test("a note Maria adds from another process shows in the open session's next history")
    func twoUsers() throws {
        #expect(
            Cande.run(["-c", #"add "Ada Lovelace""#, "-c", "note ada Rita's first note"], environment: environment())
                .status == 0)
        let tty = try PseudoTerminal(Cande.binary, environment: environment())
        tty.expect("cande> ")
        tty.send("history ada\r")
        tty.expect("Rita's first note")
        tty.expect("cande> ")
        let maria = Cande.run(
            ["--as", "maria", "-c", #"note ada "Strong systems design — push for the offer.""#],
            environment: environment())
        #expect(maria.status == 0, "\(maria.stderr)")
        tty.send("history ada\r")
        let shown = tty.expect("cande> ").map { PseudoTerminal.readable($0) } ?? ""
        #expect(shown.contains("✎ maria") && shown.contains("Strong systems design — push for the offer."), "\(shown)")
        // And the session can answer on top of it without restarting.
        tty.send("note ada Agreed\r")
        tty.expect("logged #")
        tty.send("\u{4}")
        #expect(tty.wait() == 0)
        #expect(
            try history("ada").compactMap { $0["text"] as? String } == [
                "Rita's first note", "Strong systems design — push for the offer.", "Agreed",
            ])
    }
}
