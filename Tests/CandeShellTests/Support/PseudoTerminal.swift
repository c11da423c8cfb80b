import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program on a pseudo-terminal, as a user at a terminal would: the program's standard
/// input, output and error are the terminal, which is also its controlling terminal (a new
/// session), so line editing, Ctrl-C (the terminal sends SIGINT) and Ctrl-D behave as for real.
/// Every wait has a deadline, so a hang fails the test instead of blocking the run.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// The terminal's other side, held only to read its modes.
    private let slave: Int32
    /// Everything the program wrote to the terminal so far.
    private(set) var transcript: [UInt8] = []
    /// Where `expect` looks next.
    private var mark = 0
    private var status: Int32?

    init(
        _ executable: String, arguments: [String] = [], environment: [String: String],
        columns: UInt16 = 100, rows: UInt16 = 40
    ) throws {
        // Swift's Glibc module leaves out the pty functions (they need _XOPEN_SOURCE): look them up.
        let libc = dlopen(nil, RTLD_NOW)
        defer { if let libc { dlclose(libc) } }
        guard let posix_openpt = Self.function("posix_openpt", in: libc, as: (@convention(c) (Int32) -> Int32).self),
            let grantpt = Self.function("grantpt", in: libc, as: (@convention(c) (Int32) -> Int32).self),
            let unlockpt = Self.function("unlockpt", in: libc, as: (@convention(c) (Int32) -> Int32).self),
            let ptsname_r = Self.function(
                "ptsname_r", in: libc, as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
        else { throw PTYError.system("dlsym", ENOSYS) }
        let master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw PTYError.system("posix_openpt", errno) }
        guard grantpt(master) == 0, unlockpt(master) == 0 else {
            close(master)
            throw PTYError.system("grantpt/unlockpt", errno)
        }
        var name = [CChar](repeating: 0, count: 128)
        guard ptsname_r(master, &name, name.count) == 0 else {
            close(master)
            throw PTYError.system("ptsname_r", errno)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid(): the terminal becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(
            &attributes, Int16(Self.POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(master)
            throw PTYError.system("posix_spawn", spawned)
        }
        self.pid = pid
        self.master = master
        slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
    }

    /// glibc's value (spawn.h, a GNU extension since 2.26, not in Swift's Glibc module): the
    /// child calls setsid() before the file actions run.
    static let POSIX_SPAWN_SETSID: Int32 = 0x80

    private static func function<T>(_ name: String, in library: UnsafeMutableRawPointer?, as type: T.Type) -> T? {
        guard let symbol = dlsym(library, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }
        close(slave)
        close(master)
    }

    /// Types `text` (control characters included: "\r" is Enter, "\u{3}" Ctrl-C, "\u{4}" Ctrl-D)
    /// once the program is reading keys.
    ///
    /// libedit prints the prompt while the terminal is still in canonical ("cooked") mode and
    /// switches to raw mode only when it reads the first key; a Ctrl-D typed in between is taken
    /// by the terminal driver as end-of-file and reaches libedit as a NUL. A person does not type
    /// that fast; a test does, so it waits for raw mode first (unless told not to: a program
    /// reading plain lines, or a shell's job control, never leaves canonical mode).
    ///
    /// A key the terminal turns into a signal (Ctrl-C, Ctrl-Z, Ctrl-\\) is sent once the program
    /// waits for input, as when a person presses it (see `waitUntilWaitingForInput`).
    func send(_ text: String, waitingForRawMode: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        if waitingForRawMode { waitForRawMode(sourceLocation: sourceLocation) }
        if let first = text.unicodeScalars.first, [0x03, 0x1A, 0x1C].contains(first.value) {
            waitUntilWaitingForInput()
        }
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(master, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            done += n
        }
    }

    /// Whether the terminal is in canonical ("cooked") mode: lines edited by the terminal driver.
    var isCanonical: Bool {
        var modes = termios()
        return tcgetattr(slave, &modes) == 0 && modes.c_lflag & tcflag_t(ICANON) != 0
    }

    /// Waits until the terminal is out of canonical mode (line editing has begun).
    private func waitForRawMode(timeout: Double = 10, sourceLocation: SourceLocation) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var modes = termios()
            if tcgetattr(slave, &modes) == 0, modes.c_lflag & tcflag_t(ICANON) == 0 { return }
            pump(milliseconds: 5)
        }
        Issue.record(
            "the program never started reading keys; the terminal showed \(Self.readable(transcript).debugDescription)",
            sourceLocation: sourceLocation)
    }

    /// Reads what is there within `milliseconds`; false at end of output.
    @discardableResult
    func pump(milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, milliseconds)
        guard ready > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress!, $0.count) }
        if n > 0 {
            transcript += buffer[..<n]
            return true
        }
        return n < 0 && errno == EINTR
    }

    /// Waits until the terminal shows `text` (after the previous match, ignoring colours and
    /// cursor movements), and returns everything up to and including it, raw.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let pending = Array(transcript[mark...])
            if let end = Self.find(Array(text.utf8), in: pending) {
                mark += end
                return Array(pending[..<end])
            }
            if Date() > deadline || !pump(milliseconds: 50) {
                Issue.record(
                    "the terminal never showed \(text.debugDescription); it showed \(Self.readable(pending).debugDescription)",
                    sourceLocation: sourceLocation)
                return nil
            }
        }
    }

    /// Everything that arrives within `seconds` (for checking what does not appear).
    func drain(for seconds: Double) -> [UInt8] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, pump(milliseconds: 20) {}
        let rest = Array(transcript[mark...])
        mark = transcript.count
        return rest
    }

    /// Waits for the program to end; nil (with an issue) if it does not within `timeout`.
    func wait(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        if let status { return status }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(milliseconds: 20)
            var raw: Int32 = 0
            let done = waitpid(pid, &raw, WNOHANG)
            if done == pid {
                // Exited normally: the exit status; killed: 128 + the signal, as shells show it.
                let code = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                status = code
                return code
            }
        }
        Issue.record(
            "the program did not end within \(timeout)s; the terminal showed \(Self.readable(transcript).debugDescription)",
            sourceLocation: sourceLocation)
        return nil
    }

    /// The terminal's text with ANSI escape sequences and carriage returns taken out.
    static func readable(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 1 < bytes.count, bytes[i + 1] == 0x5B {  // CSI: ESC [ params final
                i += 2
                while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                i += 1
                continue
            }
            if b != 0x0D { out.append(b) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The end offset in `haystack` of the first `needle` in its readable form.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        // Match on the readable text, then map back to the raw offset.
        var plain: [UInt8] = []
        var rawEnd: [Int] = []  // rawEnd[k]: raw offset just after plain byte k
        var i = 0
        while i < haystack.count {
            let b = haystack[i]
            if b == 0x1B, i + 1 < haystack.count, haystack[i + 1] == 0x5B {
                var j = i + 2
                while j < haystack.count, !(0x40...0x7E).contains(haystack[j]) { j += 1 }
                i = j + 1
                continue
            }
            if b != 0x0D {
                plain.append(b)
                rawEnd.append(i + 1)
            }
            i += 1
        }
        guard !needle.isEmpty, plain.count >= needle.count else { return nil }
        for start in 0...(plain.count - needle.count) where plain[start] == needle[0] {
            if Array(plain[start..<(start + needle.count)]) == needle { return rawEnd[start + needle.count - 1] }
        }
        return nil
    }

    enum PTYError: Error, CustomStringConvertible {
        case system(String, Int32)
        var description: String {
            switch self {
            case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
            }
        }
    }
}
