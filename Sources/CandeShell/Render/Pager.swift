#if canImport(Glibc)
    import Glibc
#endif

/// Shows long output through `$PAGER` (default `less -FRX`), as git does, when it does not fit
/// the screen.
enum Pager {
    /// Writes `bytes` to the terminal, through the pager if they are taller than the screen.
    /// `handOver` runs around the pager (bracketed paste off while it has the terminal).
    static func show(_ bytes: [UInt8], command: String?, handOver: TerminalHandOver = .none) {
        let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard let command, !command.isEmpty, let rows = Terminal.size(1)?.rows, lines >= rows - 1 else {
            Output.writeAll(1, bytes)
            return
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            Output.writeAll(1, bytes)
            return
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        setenv("LESS", environment("LESS") ?? "FRX", 0)
        handOver.before()
        defer { handOver.after() }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            Output.writeAll(1, bytes)
            return
        }
        let previous = signal(SIGPIPE, SIG_IGN)  // the user may quit the pager early
        Output.writeAll(fds[1], bytes)
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, previous)
    }
}
