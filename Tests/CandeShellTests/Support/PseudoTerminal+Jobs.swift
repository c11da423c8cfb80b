import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Job control on the pseudo-terminal: the program under a job-control shell (`sh -i`), so that
/// Ctrl-Z stops it as at a real terminal. (A program that is itself the session's leader, as
/// `PseudoTerminal` starts it, is in an orphaned process group: the system ignores its Ctrl-Z.)
extension PseudoTerminal {
    /// Runs `executable` from an interactive `sh`, which puts it in a process group of its own
    /// in the foreground; when it is stopped, the shell reads a line (what the user would type
    /// as `fg`) and brings it back to the foreground, until it exits.
    static func underJobControl(
        _ executable: String, environment: [String: String], columns: UInt16 = 100
    ) throws -> PseudoTerminal {
        try PseudoTerminal(
            "/bin/sh",
            arguments: ["-i", "-c", #""$0"; while [ $? -eq 148 ]; do read line; fg; done"#, executable],
            environment: environment, columns: columns)
    }

    /// A child of the program that the system has stopped (state T), once there is one.
    func stoppedChild(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> pid_t? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let child = Self.children(of: pid).first(where: { $0.state == "T" }) { return child.pid }
            pump(milliseconds: 50)
        }
        Issue.record(
            "no child of \(pid) stopped within \(timeout)s; the terminal showed \(Self.readable(transcript).debugDescription)",
            sourceLocation: sourceLocation)
        return nil
    }

    /// Waits (two seconds at most) until the program, or its child, sleeps waiting for input,
    /// as it does when a person presses a key. A test types faster than keys are handled, and a
    /// signal (Ctrl-C, Ctrl-Z) that comes while libedit is busy with the previous key is not
    /// seen until the next: a race no person wins, so tests wait it out.
    func waitUntilWaitingForInput(timeout: Double = 2) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ([pid] + Self.children(of: pid).map(\.pid)).contains(where: Self.isWaitingForInput) { return }
            pump(milliseconds: 2)
        }
    }

    /// Whether `pid` sleeps in read(2), poll(2) or select(2): its system call
    /// (/proc/PID/syscall), else its wait channel.
    static func isWaitingForInput(_ pid: pid_t) -> Bool {
        #if arch(x86_64)
            let calls: Set<Substring> = ["0", "7", "23", "270", "271"]  // read, poll, select, pselect6, ppoll
        #else
            let calls: Set<Substring> = ["63", "72", "73"]  // read, pselect6, ppoll (arm64, riscv64)
        #endif
        if let call = contents("/proc/\(pid)/syscall"), let number = call.split(separator: " ").first {
            return calls.contains(number)
        }
        let channel = contents("/proc/\(pid)/wchan") ?? ""
        return channel.contains("tty_read") || channel == "wait_woken" || channel.contains("poll")
            || channel.contains("select")
    }

    private static func contents(_ path: String) -> String? {
        FileHandle(forReadingAtPath: path).map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) }
    }

    /// The processes whose parent is `parent`, with their state letter, from /proc.
    static func children(of parent: pid_t) -> [(pid: pid_t, state: Character)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> (pid: pid_t, state: Character)? in
            guard let pid = pid_t(entry), let stat = contents("/proc/\(entry)/stat"),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (comm) state ppid …": the name may hold blanks and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let state = fields[0].first, pid_t(fields[1]) == parent else { return nil }
            return (pid, state)
        }
    }
}
