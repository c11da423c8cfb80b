import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The team store end to end with the built binary (README "Team store"): two users in two pty
/// shells on one store, a client killed mid-commit, a server lost mid-session. Each user is a
/// machine of their own (HOME and cache directories of their own), logged in as their login.
@Suite("Team store, end to end", .enabled(if: TeamServer.conninfo != nil || TeamServer.required))
struct TeamStoreEndToEndTests {
    /// Each user's machine: HOME, history, cache.
    let machines = ["rita": TemporaryDirectory("cande-team-rita"), "maria": TemporaryDirectory("cande-team-maria")]
    let conninfo: String
    let schema = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)

    init() throws {
        conninfo = try #require(TeamServer.conninfo, "CANDE_REQUIRE_PG is set but CANDE_TEST_PG names no server")
        try Self.prepare(conninfo, schema: schema, logins: ["rita", "maria"])
    }

    /// The schema installed with `cande init`, and logins in the team's role.
    static func prepare(_ conninfo: String, schema: String, logins: [String]) throws {
        let made = Cande.run(["init", conninfo + " schema=\(schema)"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("created the team store"), "\(made.stdout)")
        let admin = try PGConnection(conninfo)
        for login in logins { try TeamServer.makeLogin(login, on: admin) }
    }

    func environment(_ user: String, conninfo: String? = nil, schema: String? = nil) -> [String: String] {
        let address = (conninfo ?? self.conninfo) + " user=\(user) schema=\(schema ?? self.schema)"
        let machine = machines[user] ?? TemporaryDirectory("cande-team-other")
        var env = TerminalEnvironment.make(directory: machine, store: address)
        env["XDG_CACHE_HOME"] = machine.file("cache")
        env["CANDE_USER"] = "someone-else"  // the login decides
        return env
    }

    /// The texts of a candidate's notes, as `history --json` gives them.
    func notes(_ env: [String: String]) -> [String] {
        let run = Cande.run(["--json", "-c", "history ada-lovelace"], environment: env)
        let entries = parseJSON(run.stdout) as? [[String: Any]] ?? []
        return entries.filter { $0["kind"] as? String == "note" }.compactMap { $0["text"] as? String }
    }

    @Test(
        "a server restored from an older backup: the cache is rebuilt from it, with a warning, with and without the agent",
        arguments: ["on", "off"])
    func serverRestoredFromBackup(agent: String) throws {
        var rita = environment("rita")
        rita["CANDE_AGENT"] = agent
        let made = Cande.run(
            ["-c", #"add "Ada Lovelace""#, "-c", "note ada-lovelace kept", "-c", "note ada-lovelace after the backup"],
            environment: rita)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(notes(rita) == ["kept", "after the backup"])
        // The server as a restore of a dump taken after record 2 leaves it: record 3 gone, the
        // head at 2. rita's cache still holds 3 records.
        let admin = try PGConnection(conninfo)
        _ = try admin.simple("delete from \(schema).records where seq > 2; update \(schema).head set seq = 2")
        let after = Cande.run(["--json", "-c", "history ada-lovelace"], environment: rita)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(
            after.stderr.contains("the team store holds fewer records (2) than this machine's cache (3)"),
            "\(after.stderr)")
        #expect(notes(rita) == ["kept"])
        // Said once: the cache is the server's again.
        #expect(!Cande.run(["-c", "list"], environment: rita).stderr.contains("fewer records"))
        // Changes go on from the server's head, and another machine sees the same store.
        let noted = Cande.run(["--json", "-c", "note ada-lovelace again"], environment: rita)
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(notes(rita) == ["kept", "again"])
        #expect(notes(environment("maria")) == ["kept", "again"])
        let head = try admin.simple("select seq from \(schema).head")
        #expect(head.first?.first == "3")
    }

    @Test("two users in two shells see each other's notes live; the half-typed line stays intact")
    func liveLines() throws {
        let rita = environment("rita")
        let added = Cande.run(["-c", #"add "Ada Lovelace" email:ada@example.org"#], environment: rita)
        #expect(added.status == 0, "\(added.stderr)")
        let maria = try PseudoTerminal(Cande.binary, environment: environment("maria"))
        #expect(maria.expect("cande> ") != nil)
        maria.send("list\r")
        #expect(maria.expect("ada-lovelace") != nil)
        #expect(maria.expect("cande> ") != nil)
        maria.send("note ada-lovelace half")
        #expect(maria.expect("half") != nil)
        let noted = Cande.run(["-c", "note ada-lovelace hello from rita"], environment: rita)
        #expect(noted.status == 0, "\(noted.stderr)")
        let shown = maria.expect("rita noted on ada-lovelace: hello from rita", timeout: 5)
        #expect(shown != nil, "\(PseudoTerminal.readable(maria.transcript).suffix(400))")
        maria.send(" typed\r")
        #expect(maria.expect("logged #") != nil)
        maria.send("quit\r")
        #expect(maria.wait() == 0)
        let history = Cande.run(["-c", "history ada-lovelace"], environment: rita)
        #expect(history.stdout.contains("half typed"), "\(history.stdout)")
        #expect(history.stdout.contains("maria"), "the author is the login, not CANDE_USER")
        #expect(!history.stdout.contains("someone-else"))
        let posing = Cande.run(["--as", "maria", "-c", "note ada-lovelace as whom?"], environment: rita)
        #expect(posing.stderr.contains("database login (rita), not as maria"), "\(posing.stderr)")
        #expect(
            Cande.run(["-c", "history ada-lovelace"], environment: rita).stdout.split(separator: "\n")
                .contains { $0.contains("as whom?") && $0.contains("rita") })
    }

    @Test("a client killed with SIGKILL mid-commit loses nothing it acknowledged")
    func killedClient() throws {
        let rita = environment("rita")
        #expect(Cande.run(["-c", #"add "Ada Lovelace""#], environment: rita).status == 0)
        signal(SIGPIPE, SIG_IGN)  // writing to the killed client's input is an error, not our death
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Cande.binary)
        process.environment = rita
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Bursts of notes (each burst one group, one transaction) until the client is killed,
        // in the middle of its work, once it has acknowledged 30 of them.
        let stop = Unchecked(false)
        let writing = Thread.detached {
            var burst = 0
            while !stop.value, burst < 2_000 {
                let lines = (0..<10).map { "note ada-lovelace burst \(burst) line \($0)\n" }.joined()
                guard (try? input.fileHandleForWriting.write(contentsOf: Data(lines.utf8))) != nil else { break }
                burst += 1
                usleep(2_000)
            }
        }
        var received = Data()
        var acknowledged: [String] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
            acknowledged = String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
            if acknowledged.filter({ $0.hasPrefix("logged #") }).count >= 30 {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        kill(process.processIdentifier, SIGKILL)
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        acknowledged = String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
        stop.value = true
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        writing.join()
        #expect(process.terminationReason == .uncaughtSignal)
        let logged = acknowledged.filter { $0.hasPrefix("logged #") }
        #expect(logged.count >= 30, "too little was acknowledged before the kill: \(acknowledged.prefix(3))")
        let admin = try PGConnection(conninfo)
        let rows = try admin.execute("select seq, line from \(schema).records order by seq")
        // Gapless, and every acknowledged note is there.
        #expect(rows.map { Int($0[0] ?? "") } == Array(1...rows.count).map { Optional($0) })
        let lines = rows.compactMap { $0[1] }
        #expect(lines.count - 1 >= logged.count)
        // The same client on the same machine carries on (its cache may be behind the server).
        let again = Cande.run(
            ["-c", "note ada-lovelace after the kill", "-c", "history ada-lovelace"], environment: rita)
        #expect(again.status == 0, "\(again.stderr)")
        for k in 0..<logged.count {
            let text = "burst \(k / 10) line \(k % 10)"
            #expect(again.stdout.contains(text), "acknowledged but missing: \(text)")
        }
        #expect(again.stdout.contains("after the kill"))
    }

    @Test("the server crashing mid-session: a clear error, nothing half-saved, the next command reconnects")
    func serverLostMidSession() throws {
        let server = try PrivateServer()
        defer { server.stop() }
        let schema = "cande"
        try Self.prepare(server.conninfo, schema: schema, logins: ["rita"])
        let env = environment("rita", conninfo: server.conninfo, schema: schema)
        let tty = try PseudoTerminal(Cande.binary, environment: env)
        #expect(tty.expect("cande> ") != nil)
        tty.send(#"add "Ada Lovelace""# + "\r")
        #expect(tty.expect("ada-lovelace") != nil)
        tty.send("note ada-lovelace one\r")
        #expect(tty.expect("logged #") != nil)
        #expect(tty.expect("cande> ") != nil)
        try server.crash()
        tty.send("note ada-lovelace two\r")
        let refused = tty.expect("cande> ").map(PseudoTerminal.readable) ?? ""
        #expect(refused.contains("error:") && refused.contains("team store"), "\(refused)")
        #expect(!refused.contains("logged #"))
        try server.restart()
        tty.send("note ada-lovelace three\r")
        let after = tty.expect("cande> ").map(PseudoTerminal.readable) ?? ""
        #expect(after.contains("logged #"), "\(after)")
        tty.send("quit\r")
        _ = tty.wait()
        let history = Cande.run(["-c", "history ada-lovelace"], environment: env)
        #expect(history.stdout.contains("one") && history.stdout.contains("three"), "\(history.stdout)")
        #expect(!history.stdout.contains("two"))
    }
}

/// A PostgreSQL of the test's own (`scripts/pg-test-server`), to crash and restart.
final class PrivateServer {
    let conninfo: String
    let directory: String
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server").path

    init() throws {
        let log = NSTemporaryDirectory() + "cande-private-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { unlink(log) }
        try Self.script("start", log: log)
        conninfo = try String(contentsOfFile: log, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        directory = String(conninfo.split(separator: " ")[0].dropFirst(5))
    }

    /// Runs the script with its output in `log`, by posix_spawn and waitpid (Foundation's
    /// Process never saw the shell end when the script leaves a daemon behind).
    static func script(_ arguments: String, log: String = "/dev/null") throws {
        let command = "'\(script)' \(arguments) </dev/null >'\(log)' 2>&1"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for arg in argv { free(arg) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        try #require(spawned == 0, "posix_spawn: \(spawned)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        try #require(status == 0, "pg-test-server \(arguments) failed (\(status))")
    }

    func crash() throws { try Self.script("crash '\(directory)'") }

    func restart() throws { try Self.script("restart '\(directory)'") }

    func stop() { try? Self.script("stop '\(directory)'") }
}
