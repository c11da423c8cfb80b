import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// What a one-shot cande and the team store's agent say to each other (README "The agent").
@Suite("The agent's request and socket")
struct AgentLinkTests {
    @Test("a request reads back as it was sent; a cut or foreign one is refused")
    func requestRoundTrip() throws {
        let request = AgentLink.Request(
            executable: "1:2:3:4.5", directory: "/tmp/a dir", umask: 0o027,
            arguments: ["--store", "host=/tmp port=5432 dbname=x", "-c", "note ada \"x y\"\nnote ada ü 🙂"],
            environment: ["CANDE_NOW=2026-12-01T09:00:00Z", "EMPTY=", "A=b=c"])
        let bytes = request.encoded()
        let length = (0..<4).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        #expect(length == bytes.count - 4)
        #expect(AgentLink.Request.decode(Array(bytes[4...])) == request)
        #expect(AgentLink.Request.decode(Array(bytes[4..<(bytes.count - 3)])) == nil)
        var foreign = Array(bytes[4...])
        foreign[0] = UInt8(ascii: "x")
        #expect(AgentLink.Request.decode(foreign) == nil)
        #expect(AgentLink.Request.decode([]) == nil)
    }

    @Test("one agent per address, server settings and cache; other variables do not matter")
    func socketNames() throws {
        let runtime = TemporaryDirectory("cande-agent-runtime")
        let base = ["XDG_RUNTIME_DIR=\(runtime.path)", "HOME=/home/rita", "TERM=xterm", "PGUSER=rita"]
        let address = "host=/tmp port=5432 dbname=team"
        let path = try #require(AgentLink.socketPath(address: address, environment: base))
        #expect(path.hasPrefix(runtime.path + "/cande/agent-") && path.hasSuffix(".sock"))
        #expect(AgentLink.socketPath(address: address, environment: base.reversed() + ["TERM=dumb", "TZ=UTC"]) == path)
        let others = [
            AgentLink.socketPath(address: address + " user=maria", environment: base),
            AgentLink.socketPath(address: address, environment: base.filter { $0 != "PGUSER=rita" } + ["PGUSER=maria"]),
            AgentLink.socketPath(address: address, environment: base + ["XDG_CACHE_HOME=/tmp/c"]),
            AgentLink.socketPath(address: address, environment: base.filter { $0 != "HOME=/home/rita" }),
        ]
        for other in others { #expect(other != nil && other != path) }
        var info = stat()
        #expect(stat(runtime.file("cande"), &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test("no agent where others could reach its socket")
    func unsafeDirectory() throws {
        let runtime = TemporaryDirectory("cande-agent-runtime")
        mkdir(runtime.file("cande"), 0o700)
        chmod(runtime.file("cande"), 0o755)
        #expect(AgentLink.directory(runtime: runtime.path) == nil)
        chmod(runtime.file("cande"), 0o700)
        #expect(AgentLink.directory(runtime: runtime.path) == runtime.file("cande"))
    }
}

/// The agent end to end, with the built binary and the test server.
@Suite("The team store's agent, end to end", .enabled(if: TeamServer.conninfo != nil || TeamServer.required))
struct AgentEndToEndTests {
    let machine = TemporaryDirectory("cande-agent")
    let conninfo: String
    let schema = "a_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let login = "agent_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    var address: String { conninfo + " user=\(login) schema=\(schema)" }

    init() throws {
        conninfo = try #require(TeamServer.conninfo, "CANDE_REQUIRE_PG is set but CANDE_TEST_PG names no server")
        let made = Cande.run(["init", conninfo + " schema=\(schema)"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(made.status == 0, "\(made.stderr)")
        try TeamServer.makeLogin(login, on: try PGConnection(conninfo))
    }

    func environment(now: String = "2026-12-01T09:00:00Z", _ extra: [String: String] = [:]) -> [String: String] {
        var env = Cande.environment(store: address, now: now)
        env["HOME"] = machine.file("home")
        env["XDG_CACHE_HOME"] = machine.file("cache")
        env["XDG_RUNTIME_DIR"] = machine.path
        env.merge(extra) { $1 }
        return env
    }

    var socketPath: String {
        get throws {
            let env = environment().map { "\($0.key)=\($0.value)" }
            return try #require(AgentLink.socketPath(address: address, environment: env))
        }
    }

    /// Waits until an agent answers on the socket.
    func waitForAgent() throws {
        let path = try socketPath
        for _ in 0..<200 {
            if let fd = AgentLink.connect(path) {
                close(fd)
                return
            }
            usleep(25_000)
        }
        Issue.record("no agent at \(path)")
    }

    /// True once no agent holds the socket's lock (it ended), within `seconds`.
    func agentEnded(within seconds: Double = 5) throws -> Bool {
        let lock = open(String(try socketPath.dropLast(5)) + ".lock", O_RDWR | O_CLOEXEC)
        guard lock >= 0 else { return true }
        defer { close(lock) }
        for _ in 0..<Int(seconds * 40) {
            if flock(lock, LOCK_EX | LOCK_NB) == 0 { return true }
            usleep(25_000)
        }
        return false
    }

    @Test("after the first one-shot, the agent runs them: the caller's environment, directory, streams and status")
    func servedByTheAgent() throws {
        let first = Cande.run(["-c", #"add "Ada Lovelace""#], environment: environment())
        #expect(first.status == 0 && first.stdout == "ada-lovelace\n", "\(first.stderr)")
        try waitForAgent()
        // The agent holds the login's one connection: a command that connects itself fails.
        let admin = try PGConnection(conninfo)
        try admin.execute("alter role \(login) connection limit 1")
        defer { _ = try? admin.execute("alter role \(login) connection limit -1") }
        let itself = Cande.run(["-c", "note ada-lovelace hi"], environment: environment(["CANDE_AGENT": "off"]))
        #expect(itself.status != 0 && itself.stderr.contains("too many connections"), "\(itself.stderr)")

        let added = Cande.run(["-c", #"add "Grace Hopper""#], environment: environment(now: "2026-11-02T10:30:00Z"))
        #expect(added.status == 0 && added.stdout == "grace-hopper\n", "\(added.stderr)")
        let grace = Cande.run(["--json", "-c", "show grace-hopper"], environment: environment())
        #expect(grace.stdout.contains(#""created":"2026-11-02T10:30:00Z""#), "\(grace.stdout)\(grace.stderr)")
        let ada = Cande.run(["--json", "-c", "show ada-lovelace"], environment: environment())
        #expect(ada.stdout.contains(#""created":"2026-12-01T09:00:00Z""#), "\(ada.stdout)\(ada.stderr)")

        let work = TemporaryDirectory("cande-agent-cwd")
        let exported = Cande.shell(
            "cd '\(work.path)' && '\(Cande.binary)' -c 'export csv people.csv'", environment: environment())
        #expect(exported.status == 0, "\(exported.stderr)")
        let csv = (try? String(contentsOfFile: work.file("people.csv"), encoding: .utf8)) ?? ""
        #expect(csv.contains("grace-hopper") && csv.contains("ada-lovelace"), "\(csv)")

        let failed = Cande.run(["-c", "note nobody-here hello"], environment: environment())
        #expect(failed.status == 1 && failed.stdout.isEmpty, "\(failed.stdout)")
        #expect(failed.stderr.hasPrefix("error: -c:1:"), "\(failed.stderr)")
        #expect(try !agentEnded(within: 0.2), "the agent ended while serving")
    }

    @Test("a caller killed mid-command ends the agent's command with it; what it acknowledged is saved")
    func callerKilled() throws {
        #expect(Cande.run(["-c", "add Al"], environment: environment()).status == 0)
        try waitForAgent()
        // As many as one argument holds (128 KiB).
        let notes = (0..<8000).map { "note al n\($0)" }.joined(separator: "\n")
        let output = machine.file("acks.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Cande.binary)
        process.arguments = ["-c", notes]
        process.environment = environment()
        FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var acknowledged = 0
        for _ in 0..<400 where acknowledged < 50 {
            usleep(10_000)
            acknowledged = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(acknowledged >= 50, "the notes were not under way")
        #expect(try agentEnded(), "the agent went on with a dead caller's command")
        let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines.count < 8000, "the command ended before the kill: nothing was tested")
        let admin = try PGConnection(conninfo)
        let row = try admin.execute("select count(*), max(seq) from \(schema).records")
        let saved = Int(row[0][0] ?? "") ?? -1
        #expect(saved == Int(row[0][1] ?? "") ?? -2, "seqs are not gapless")
        #expect(saved - 1 >= lines.count, "acknowledged \(lines.count) notes, saved \(saved - 1)")
        #expect(lines.allSatisfy { $0.hasPrefix("logged #") })
        // The next command runs again, and starts the next agent.
        #expect(Cande.run(["-c", "note al after"], environment: environment()).status == 0)
    }

    @Test("an agent from another build of cande refuses and ends; the caller runs the command itself")
    func otherBuild() throws {
        #expect(Cande.run(["-c", #"add "Ada Lovelace""#], environment: environment()).status == 0)
        try waitForAgent()
        let socket = try #require(AgentLink.connect(try socketPath))
        defer { close(socket) }
        let request = AgentLink.Request(
            executable: "another build", directory: "/", umask: 0o022, arguments: ["-c", "note ada-lovelace x"],
            environment: environment().map { "\($0.key)=\($0.value)" })
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        #expect(AgentLink.send(request.encoded(), fds: [null, null, null], on: socket))
        #expect(AgentLink.readStatus(on: socket) == AgentLink.staleAgent)
        #expect(try agentEnded())
        let history = Cande.run(["-c", "history ada-lovelace"], environment: environment())
        #expect(history.status == 0 && !history.stdout.contains(" x"), "\(history.stdout)")
    }
}
