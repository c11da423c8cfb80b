import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// The built binary with piped standard input, `-c` and scripts (SPEC §3): exit statuses, error
/// labels, `--bail`, `--json`, `--help` and `--version`.
@Suite("End to end")
struct EndToEndTests {
    let dir = TemporaryDirectory("cande-e2e")
    var store: String { dir.file("store") }
    var env: [String: String] { Cande.environment(store: store) }

    func handles() throws -> [String] {
        let opened = try FileStore(path: store)
        return opened.state.handles.sorted()
    }

    func write(_ name: String, _ text: String) -> String {
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    // MARK: - Exit statuses

    @Test func statusZeroWhenEverythingSucceeds() throws {
        let result = Cande.run(["-c", #"add "Ada Lovelace""#, "-c", "note ada Hello"], environment: env)
        #expect(result.status == 0)
        #expect(result.stdout == "ada-lovelace\nlogged #1 · note on ada-lovelace\n")
        #expect(result.stderr == "")
        #expect(try handles() == ["ada-lovelace"])
    }

    @Test func statusOneWhenALineFails() throws {
        let result = Cande.run([], stdin: "add Ann\nlst\nadd Ben\n", environment: env)
        #expect(result.status == 1)
        #expect(result.stdout == "ann\nben\n")
        #expect(
            result.stderrLines == [#"error: -:2: unknown command "lst" (did you mean "list"?); type help for the list"#]
        )
        #expect(try handles() == ["ann", "ben"])
    }

    @Test func statusTwoForAnUnknownFlag() {
        let result = Cande.run(["--frobnicate", "-c", "add Ann"], environment: env)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("--frobnicate"))
        #expect(!FileManager.default.fileExists(atPath: store), "nothing ran, not even opening the store")
    }

    /// Every script is checked before anything runs: the -c before the missing script never ran.
    @Test func statusTwoForAnUnreadableScript() throws {
        let missing = dir.file("missing.cande")
        let result = Cande.run(["-c", "add Ann", missing], environment: env)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderrLines == ["error: cannot read script \(missing): No such file or directory"])
        #expect(!FileManager.default.fileExists(atPath: store))

        try FileManager.default.createDirectory(atPath: dir.file("a-directory"), withIntermediateDirectories: false)
        let directory = Cande.run([dir.file("a-directory")], environment: env)
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("cannot read script"))
    }

    @Test func statusTwoForAnUnusableStore() throws {
        // A directory with other things in it is not a store, and is left alone.
        let notAStore = dir.file("documents")
        try FileManager.default.createDirectory(atPath: notAStore, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: notAStore + "/thesis.txt", contents: Data("mine".utf8))
        let piped = Cande.run([], stdin: "add Ann\nadd Ben\n", environment: Cande.environment(store: notAStore))
        #expect(piped.status == 2)
        #expect(piped.stdout == "")
        #expect(piped.stderrLines.count == 1, "it stops at the first line")
        #expect(piped.stderr.hasPrefix("error: -:1: \(notAStore) is not a usable cande store"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: notAStore) == ["thesis.txt"])

        let file = write("plain-file", "x")
        let flagged = Cande.run(["--store", file, "-c", "list"], environment: env)
        #expect(flagged.status == 2)
        #expect(flagged.stderr.hasPrefix("error: -c:1: \(file) is not a usable cande store"))
    }

    @Test func statusTwoForBadSettings() {
        var badNow = env
        badNow["CANDE_NOW"] = "someday"
        let now = Cande.run(["-c", "list"], environment: badNow)
        #expect(now.status == 2)
        #expect(now.stderr.contains("CANDE_NOW"))
        let user = Cande.run(["--as", "", "-c", "list"], environment: env)
        #expect(user.status == 2)
        #expect(user.stderr.contains("user name"))
    }

    // MARK: - --bail

    @Test func bailStopsAtTheFirstFailure() throws {
        let result = Cande.run(["--bail"], stdin: "add Ann\nlst\nadd Ben\n", environment: env)
        #expect(result.status == 1)
        #expect(result.stdout == "ann\n")
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("error: -:2: "))
        #expect(try handles() == ["ann"])

        // Across sources too: the script after the failing -c does not run.
        let script = write("later.cande", "add Cid\n")
        let across = Cande.run(["--bail", "-c", "nope", script, "-c", "add Dee"], environment: env)
        #expect(across.status == 1)
        #expect(across.stdout == "")
        #expect(try handles() == ["ann"])
    }

    // MARK: - Sources and labels

    @Test func commandsAndScriptsRunInOrderWithTheirLabels() throws {
        let script = write("plan.cande", "# a plan\r\nadd Ben\r\n\r\nlsit\r\nnote ann from the script\r\n")
        let result = Cande.run(
            ["-c", "add Ann", script, "-c", "frobnicate", "-c", "note ann from -c\nnote nobody x"], environment: env)
        #expect(result.status == 1)
        #expect(result.stdout == "ann\nben\nlogged #1 · note on ann\nlogged #2 · note on ann\n")
        #expect(
            result.stderrLines == [
                "error: \(script):4: unknown command \"lsit\" (did you mean \"list\"?); type help for the list",
                "error: -c:2: unknown command \"frobnicate\"; type help for the list",
                "error: -c:3: no candidate \"nobody\"",
            ])
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        let state = opened.state
        #expect(state.entries.map { state.text($0.text, from: opened.texts) } == ["from the script", "from -c"])
    }

    @Test func standardInputCountsEveryLine() {
        let result = Cande.run([], stdin: "# header\n\nadd Ann\n   \nnote ann\nnote anm hi", environment: env)
        #expect(result.status == 1)
        #expect(result.stdout == "ann\n")
        #expect(
            result.stderrLines == [
                "error: -:5: note needs a text",
                "error: -:6: no candidate \"anm\" (closest: ann)",
            ])
        // `-` names standard input among scripts.
        let dash = Cande.run(["-c", "add Ben", "-"], stdin: "lst\n", environment: env)
        #expect(dash.stdout == "ben\n")
        #expect(dash.stderr.hasPrefix("error: -:1: unknown command \"lst\""))
    }

    // MARK: - --json

    @Test func jsonIsOneDocumentPerCommand() throws {
        let weird = "Hi \u{1B}[2J \"quoted\" back\\slash\ttab \u{7}"
        let result = Cande.run(
            [
                "--json", "-c", #"add "Ada Lovelace" role:"Backend Engineer""#, "-c", "lst", "-c",
                "log ada in via:email " + weird,
                "-c", "note nobody x", "-c", "open ada", "-c", "history", "-c", "list", "-c", "close",
            ],
            environment: env)
        #expect(result.status == 1)
        let lines = result.stdoutLines
        try #require(lines.count == 6, "one line for each of the six commands that succeeded")
        let documents = lines.map { parseJSON($0) }
        #expect(documents.allSatisfy { $0 != nil }, "every line is JSON on its own")
        let add = try #require(documents[0] as? [String: Any])
        #expect(add["handle"] as? String == "ada-lovelace")
        let log = try #require(documents[1] as? [String: Any])
        #expect(log["ok"] as? Bool == true)
        #expect(log["id"] as? Int == 1)
        #expect(log["handle"] as? String == "ada-lovelace")
        let history = try #require(documents[3] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history[0]["text"] as? String == weird)
        #expect(history[0]["at"] as? String == "2026-12-01T09:00:00Z")
        #expect(history[0]["dir"] as? String == "in")
        #expect(history[0]["via"] as? String == "email")
        let list = try #require(documents[4] as? [[String: Any]])
        #expect(list.map { $0["handle"] as? String } == ["ada-lovelace"])
        #expect(list[0]["waiting"] as? Bool == true)
        // Control characters are escaped inside the JSON strings, never raw.
        #expect(!result.stdout.utf8.contains { $0 < 0x20 && $0 != 0x0A })

        let errors = result.stderrLines.map { parseJSON($0) as? [String: Any] }
        try #require(errors.count == 2)
        #expect(errors[0]?["line"] as? String == "-c:2")
        #expect((errors[0]?["error"] as? String)?.contains("unknown command \"lst\"") == true)
        #expect(errors[1]?["line"] as? String == "-c:4")
        #expect((errors[1]?["error"] as? String)?.contains("no candidate \"nobody\"") == true)
    }

    @Test func jsonErrorsFromStandardInput() {
        let result = Cande.run(["--json"], stdin: "add Ann\n\nfrobnicate\n", environment: env)
        #expect(result.status == 1)
        #expect(result.stdoutLines.count == 1)
        let error = parseJSON(result.stderr) as? [String: Any]
        #expect(error?["line"] as? String == "-:3")
        #expect(error?["error"] is String)
    }

    // MARK: - --help, --version

    @Test func helpAndVersion() {
        for flag in ["--help", "-h"] {
            let help = Cande.run([flag], environment: env)
            #expect(help.status == 0)
            #expect(help.stderr == "")
            for word in ["--store", "--as", "--json", "--bail", "--yes", "--no-color", "-c"] {
                #expect(help.stdout.contains(word), "\(flag) mentions \(word)")
            }
        }
        let version = Cande.run(["--version"], environment: env)
        #expect(version.status == 0)
        #expect(version.stderr == "")
        // One line: the name and a MAJOR.MINOR.PATCH version.
        #expect(version.stdoutLines.count == 1)
        let words = (version.stdoutLines.first ?? "").split(separator: " ")
        #expect(words.count == 2)
        #expect(words.first == "cande")
        let parts = words.last?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// `CommandLine.arguments` repairs bytes that are not UTF-8; cande must still refuse them.
    @Test func commandThatIsNotUTF8() throws {
        Cande.run(["-c", "add Ann"], environment: env)
        let before = StoreFiles.all(store)
        var shellEnv = env
        shellEnv["CANDE"] = Cande.binary
        let result = Cande.shell(
            #""$CANDE" -c "$(printf 'note ann caf\351')" -c 'note ann fine'"#, environment: shellEnv)
        #expect(result.status == 1)
        #expect(result.stderrLines == ["error: -c:1: the line is not valid UTF-8"])
        #expect(result.stdout == "logged #1 · note on ann\n")
        let opened = try FileStore(path: store)
        try opened.loadTimeline()
        #expect(opened.state.entries.map { opened.state.text($0.text, from: opened.texts) } == ["fine"])
        #expect(before.count > 0)
    }

    // MARK: - Times shown are the times things happened

    @Test("today dates a rejection by the rejection, not by the candidate's latest change, oldest first")
    func neverAskedSinceTheRejection() throws {
        func at(_ now: String, _ commands: String...) {
            let result = Cande.run(
                commands.flatMap { ["-c", $0] }, environment: Cande.environment(store: store, now: now))
            #expect(result.status == 0, "\(commands): \(result.stderr)")
        }
        at("2026-11-10T10:00:00Z", "add Ann", "add Bo", "reject bo")
        at("2026-11-20T10:00:00Z", "reject ann")
        at("2026-11-30T08:00:00Z", "note ann Sent her the expenses form")

        let json = Cande.run(["-c", "today --json"], environment: env)  // 2026-12-01T09:00:00Z
        let digest = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(digest["neverAsked"] as? [[String: Any]])
        #expect(rows.map { $0["handle"] as? String } == ["bo", "ann"])
        #expect(rows.map { $0["since"] as? String } == ["2026-11-10T10:00:00Z", "2026-11-20T10:00:00Z"])
        // 20 Nov 10:00 to 1 Dec 09:00 is 10 days 23 hours.
        let text = Cande.run(["-c", "today"], environment: env).stdout
        #expect(text.split(separator: " ").joined(separator: " ").contains("ann rejected 10d 23h ago → ask ann"))
    }
}
