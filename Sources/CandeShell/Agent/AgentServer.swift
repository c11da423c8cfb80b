import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `cande --agent ADDRESS` (README "The agent"): keeps a team store open — its connection and
/// its warm cache — and runs one-shot command lines for processes of the same user, one at a
/// time, each as that process would have run it (its directory, umask, environment and standard
/// streams). It ends after `CANDE_AGENT_IDLE` seconds without a request (600 unless set), when
/// its socket is removed, and for a request from another build of cande. Should the process
/// that sent a request go away mid-command, the agent ends at once (SIGIO), as that process's
/// own command would have.
enum AgentServer {
    static func run(address: String) -> Int32 {
        for fd: Int32 in 3..<1024 { close(fd) }
        chdir("/")
        let environment = AgentLink.currentEnvironment()
        guard let path = AgentLink.socketPath(address: address, environment: environment) else { return 2 }
        // One agent per socket: the lock is held for the agent's life.
        let lock = open(String(path.dropLast(5)) + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0, take(lock) else { return 0 }
        let idle = AgentLink.environmentValue("CANDE_AGENT_IDLE").flatMap(Double.init) ?? 600
        let store: ConversationStore
        do {
            store = try StoreOpener.open(address)
        } catch {
            return 2
        }
        // Said by the command that started this agent: not again to every later one.
        _ = store.takeWarnings()
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var socketAddress = AgentLink.address(path)
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard listener >= 0, bound == 0, listen(listener, 64) == 0 else { return 2 }
        var info = stat()
        stat(path, &info)
        let inode = info.st_ino
        let identity = AgentLink.executableIdentity()
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        var lastRequest = Clock.monotonicMilliseconds()
        while true {
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, 1000)
            if ready <= 0 {
                var current = stat()
                if Double(Clock.monotonicMilliseconds() - lastRequest) / 1000 > idle || stat(path, &current) != 0
                    || current.st_ino != inode
                {
                    break
                }
                continue
            }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            defer { close(client) }
            guard sameUser(client), let (request, fds) = AgentLink.receive(on: client) else {
                continue
            }
            guard request.executable == identity, fds.count == 3 else {
                fds.forEach { close($0) }
                AgentLink.writeStatus(AgentLink.staleAgent, on: client)
                break
            }
            let status = serve(request, fds: fds, client: client, store: store, address: address, devNull: devNull)
            AgentLink.writeStatus(status, on: client)
            lastRequest = Clock.monotonicMilliseconds()
        }
        var current = stat()
        if stat(path, &current) == 0, current.st_ino == inode { unlink(path) }
        return 0
    }

    /// Runs one request on the caller's streams and in the caller's environment.
    static func serve(
        _ request: AgentLink.Request, fds: [Int32], client: Int32, store: ConversationStore, address: String,
        devNull: Int32
    ) -> Int32 {
        // The caller gone mid-command ends this process (SIGIO's default), as it would have
        // ended the caller's own command.
        signal(SIGIO, SIG_DFL)
        fcntl(client, F_SETOWN, getpid())
        let flags = fcntl(client, F_GETFL)
        fcntl(client, F_SETFL, flags | O_ASYNC)
        for (target, fd) in fds.enumerated() {
            dup2(fd, Int32(target))
            close(fd)
        }
        clearenv()
        for entry in request.environment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            setenv(String(entry[..<equals]), String(entry[entry.index(after: equals)...]), 1)
        }
        umask(request.umask)
        let status: Int32
        if chdir(request.directory) == 0 {
            status = Main.invoke(request.arguments, notUTF8: [], store: (address, store))
        } else {
            Diagnostics(errors: Output(fd: 2), json: false).error(
                "cannot enter \(request.directory): \(String(cString: strerror(errno)))")
            status = 2
        }
        fflush(nil)
        fcntl(client, F_SETFL, flags)
        for fd: Int32 in 0...2 { dup2(devNull, fd) }
        chdir("/")
        return status
    }

    static func take(_ lock: Int32) -> Bool {
        for _ in 0..<40 {
            if flock(lock, LOCK_EX | LOCK_NB) == 0 { return true }
            usleep(50_000)
        }
        return false
    }

    static func sameUser(_ client: Int32) -> Bool {
        // struct ucred (pid, uid, gid), hidden behind _GNU_SOURCE.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var size = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        return getsockopt(client, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 && credentials.uid == getuid()
    }

}
