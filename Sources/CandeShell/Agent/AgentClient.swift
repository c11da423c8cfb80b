import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The one-shot side of the team store's agent (README "The agent"): a `cande -c …` on a team
/// store hands its command line to the agent, which holds the connection and the warm cache, and
/// ends with the agent's exit status. Without an agent it runs the commands itself, then starts
/// one for the commands that follow.
enum AgentClient {
    /// The team store this invocation may hand to an agent: only `-c` commands (no scripts, no
    /// standard input of commands, no interactive shell), every argument UTF-8, `CANDE_AGENT`
    /// not `off`.
    static func address(_ options: Invocation, arguments: [String], notUTF8: Bool) -> String? {
        let setting = AgentLink.environmentValue("CANDE_AGENT")?.lowercased() ?? ""
        guard !["0", "off", "no", "false"].contains(setting), !notUTF8 else { return nil }
        let sources = options.batchSources(arguments: arguments)
        guard !sources.isEmpty, sources.allSatisfy({ if case .command = $0 { true } else { false } }) else {
            return nil
        }
        let store = options.store ?? AgentLink.environmentValue("CANDE_STORE").flatMap { $0.isEmpty ? nil : $0 }
        guard let store, StoreOpener.isTeamStore(store) else { return nil }
        return store
    }

    enum Outcome {
        /// The agent ran the commands and ended with this status.
        case ran(Int32)
        /// There is no agent (or one of another build): run the commands here.
        case noAgent
        /// The agent went away during the commands.
        case lost
    }

    static func delegate(address: String, arguments: [String]) -> Outcome {
        let environment = AgentLink.currentEnvironment()
        guard let path = AgentLink.socketPath(address: address, environment: environment),
            let directory = workingDirectory(), let socket = AgentLink.connect(path)
        else { return .noAgent }
        defer { close(socket) }
        let mask = umask(0o022)
        umask(mask)
        let request = AgentLink.Request(
            executable: AgentLink.executableIdentity(), directory: directory, umask: mask, arguments: arguments,
            environment: environment)
        guard AgentLink.send(request.encoded(), fds: [0, 1, 2], on: socket) else { return .noAgent }
        guard let status = AgentLink.readStatus(on: socket) else { return .lost }
        return status == AgentLink.staleAgent ? .noAgent : .ran(status)
    }

    static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }

    /// Starts `cande --agent ADDRESS` in its own session, its standard streams on /dev/null; it
    /// ends by itself when idle (`CANDE_AGENT_IDLE`).
    static func start(address: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (0x80), hidden behind _GNU_SOURCE.
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setSession | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let arguments = ["cande", "--agent", address]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        _ = posix_spawn(&child, "/proc/self/exe", &actions, &attributes, &argv, environ)
    }
}
