import Store

#if canImport(Glibc)
    import Glibc
#endif

/// What a one-shot cande and the team store's agent say to each other (README "Team store",
/// "The agent"): a unix socket in a directory only the user can enter, one request per
/// connection. The request is the command line, the working directory, the umask and the whole
/// environment, with the caller's standard input, output and error passed along (SCM_RIGHTS),
/// so the agent reads and writes exactly where the caller would have; the reply is the exit
/// status.
enum AgentLink {
    static let protocolName = "cande-agent 1"
    /// The reply of an agent built from another binary: the caller runs the command itself.
    static let staleAgent: Int32 = -1

    /// The socket for a team store at `address` in this environment, or nil where there is no
    /// safe place for one. The name hashes everything that decides what the agent connects to
    /// and where its cache is, so a different login, server or cache gets a different agent.
    static func socketPath(address: String, environment: [String]) -> String? {
        let runtime = environment.first { $0.hasPrefix("XDG_RUNTIME_DIR=") }.map { String($0.dropFirst(16)) }
        guard let directory = directory(runtime: runtime) else { return nil }
        var key = "\(protocolName)\u{0}\(address)\u{0}"
        for entry in environment.sorted()
        where entry.hasPrefix("PG") || entry.hasPrefix("HOME=") || entry.hasPrefix("XDG_CACHE_HOME=") {
            key += entry + "\u{0}"
        }
        let path = directory + "/agent-" + FNV1a.hex(key.utf8) + ".sock"
        return path.utf8.count < 100 ? path : nil
    }

    /// `$XDG_RUNTIME_DIR/cande`, else `/tmp/cande-UID` (as tmux does): made 0700 when missing,
    /// used only when it is a directory of this user's that nobody else can enter.
    static func directory(runtime: String?) -> String? {
        let directory = runtime.flatMap { $0.hasPrefix("/") ? $0 + "/cande" : nil } ?? "/tmp/cande-\(getuid())"
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { return nil }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(),
            info.st_mode & 0o077 == 0
        else { return nil }
        return directory
    }

    /// This executable, as the kernel knows it: an agent started from another build (an
    /// upgrade) refuses requests and ends.
    static func executableIdentity() -> String {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    static func environmentValue(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// The process's environment, `NAME=value` each.
    static func currentEnvironment() -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return entries
    }

    // MARK: - The request

    struct Request: Equatable {
        var executable: String
        var directory: String
        var umask: mode_t
        var arguments: [String]
        var environment: [String]

        /// Length-prefixed (4 bytes, little-endian), NUL-separated fields.
        func encoded() -> [UInt8] {
            var fields = [AgentLink.protocolName, executable, directory, String(umask), String(arguments.count)]
            fields += arguments
            fields.append(String(environment.count))
            fields += environment
            var body: [UInt8] = []
            for field in fields {
                body += field.utf8
                body.append(0)
            }
            let count = UInt32(body.count)
            return (0..<4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) } + body
        }

        /// The fields of a body (without its length), or nil when it is not a whole request.
        static func decode(_ body: [UInt8]) -> Request? {
            var fields = body.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.last == "" else { return nil }
            fields.removeLast()
            guard fields.count >= 6, fields[0] == AgentLink.protocolName, let mask = mode_t(fields[3]),
                let argc = Int(fields[4]), argc >= 0, fields.count >= 6 + argc, let envc = Int(fields[5 + argc]),
                fields.count == 6 + argc + envc
            else { return nil }
            return Request(
                executable: fields[1], directory: fields[2], umask: mask,
                arguments: Array(fields[5..<5 + argc]), environment: Array(fields[(6 + argc)...]))
        }
    }

    // MARK: - Sockets

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func connect(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = address(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends `bytes` on `socket` with `fds` attached to the first part.
    static func send(_ bytes: [UInt8], fds: [Int32], on socket: Int32) -> Bool {
        let header = MemoryLayout<cmsghdr>.size
        let payload = fds.count * MemoryLayout<Int32>.size
        var control = [UInt8](repeating: 0, count: header + (payload + 7) / 8 * 8)
        control.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: header + payload, toByteOffset: 0, as: Int.self)
            raw.storeBytes(of: SOL_SOCKET, toByteOffset: MemoryLayout<Int>.size, as: Int32.self)
            raw.storeBytes(
                of: Int32(SCM_RIGHTS), toByteOffset: MemoryLayout<Int>.size + MemoryLayout<Int32>.size, as: Int32.self)
            for (k, fd) in fds.enumerated() {
                raw.storeBytes(of: fd, toByteOffset: header + k * MemoryLayout<Int32>.size, as: Int32.self)
            }
        }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { body in
                control.withUnsafeMutableBytes { controlBytes in
                    var part = iovec(
                        iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress! + offset),
                        iov_len: bytes.count - offset)
                    return withUnsafeMutablePointer(to: &part) { vector in
                        var message = msghdr()
                        message.msg_iov = vector
                        message.msg_iovlen = 1
                        if offset == 0 {
                            message.msg_control = controlBytes.baseAddress
                            message.msg_controllen = controlBytes.count
                        }
                        return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
                    }
                }
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Reads one request: its bytes and the descriptors that came with it (closed again when
    /// the request is not whole).
    static func receive(on socket: Int32) -> (Request, [Int32])? {
        var fds: [Int32] = []
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var control = [UInt8](repeating: 0, count: 256)
        var expected: Int?
        while expected.map({ bytes.count < $0 + 4 }) ?? true {
            let n = buffer.withUnsafeMutableBytes { body in
                control.withUnsafeMutableBytes { controlBytes in
                    var part = iovec(iov_base: body.baseAddress, iov_len: body.count)
                    return withUnsafeMutablePointer(to: &part) { vector in
                        var message = msghdr()
                        message.msg_iov = vector
                        message.msg_iovlen = 1
                        message.msg_control = controlBytes.baseAddress
                        message.msg_controllen = controlBytes.count
                        let n = recvmsg(socket, &message, Int32(MSG_CMSG_CLOEXEC))
                        if n >= 0 { fds += descriptors(controlBytes, length: message.msg_controllen) }
                        return n
                    }
                }
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0, bytes.count + n <= 16 << 20 else {
                fds.forEach { close($0) }
                return nil
            }
            bytes += buffer[..<n]
            if expected == nil, bytes.count >= 4 {
                expected = (0..<4).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
            }
        }
        guard bytes.count == expected! + 4, let request = Request.decode(Array(bytes[4...])) else {
            fds.forEach { close($0) }
            return nil
        }
        return (request, fds)
    }

    private static func descriptors(_ control: UnsafeMutableRawBufferPointer, length: Int) -> [Int32] {
        let header = MemoryLayout<cmsghdr>.size
        guard length >= header else { return [] }
        let total = control.load(fromByteOffset: 0, as: Int.self)
        let level = control.load(fromByteOffset: MemoryLayout<Int>.size, as: Int32.self)
        let type = control.load(fromByteOffset: MemoryLayout<Int>.size + 4, as: Int32.self)
        guard level == SOL_SOCKET, type == Int32(SCM_RIGHTS), total > header, total <= length else { return [] }
        return (0..<(total - header) / 4).map { control.load(fromByteOffset: header + 4 * $0, as: Int32.self) }
    }

    static func writeStatus(_ status: Int32, on socket: Int32) {
        var value = status.littleEndian
        _ = withUnsafeBytes(of: &value) { Glibc.send(socket, $0.baseAddress, 4, Int32(MSG_NOSIGNAL)) }
    }

    /// The reply, or nil when the agent went away first.
    static func readStatus(on socket: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 4)
        var have = 0
        while have < 4 {
            let n = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + have, 4 - have, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            have += n
        }
        return Int32(littleEndian: bytes.withUnsafeBytes { $0.load(as: Int32.self) })
    }
}
