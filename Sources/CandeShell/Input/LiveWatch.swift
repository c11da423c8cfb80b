#if canImport(Glibc)
    import Glibc
#endif

/// What the interactive reader watches besides the terminal while it waits for a key (SPEC §8
/// "Team store": an open shell shows others' changes live): a descriptor that becomes readable
/// when there may be news, and the lines to show above the prompt then.
struct LiveWatch {
    /// The descriptor to wait on, asked before every wait (a store that reconnected has a new
    /// one); nil: none now.
    var descriptor: () -> Int32?
    /// Milliseconds to wait at most before `lines` is asked anyway (a paused feed trying again);
    /// nil: no limit.
    var retryIn: () -> Int32? = { nil }
    /// The lines to show (each one terminal line, safe to print); asked when the descriptor is
    /// readable or the wait for `retryIn` ended. Empty: nothing to show.
    var lines: () -> [String]

    /// The shortest time between two wake-ups handled (a descriptor that stays readable must not
    /// spin the shell).
    static let gap: Int32 = 50

    /// What ended a wait.
    enum Outcome: Equatable {
        /// `fd` has something (a key, the end, an error): read it.
        case input
        /// News to show.
        case lines([String])
        /// A signal ended the wait (errno EINTR), as it ends a read.
        case interrupted
    }

    /// Waits until `fd` has input, or until there are lines to show. Without a descriptor and a
    /// retry time, returns `.input` at once (the caller's read waits).
    func wait(for fd: Int32, handledWakeJustNow: inout Bool) -> Outcome {
        while true {
            if handledWakeJustNow {
                // Keys first for a moment after a wake-up.
                handledWakeJustNow = false
                if FastLines.inputArrives(on: fd, within: Self.gap) { return .input }
            }
            let wake = descriptor()
            let timeout = retryIn()
            if wake == nil && timeout == nil { return .input }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), timeout.map { max(0, $0) } ?? -1)
            if n < 0 { return errno == EINTR ? .interrupted : .input }
            // News before keys: keys wait in the terminal, lost by no one.
            if n == 0 || (fds.count > 1 && fds[1].revents != 0) {
                handledWakeJustNow = true
                let shown = lines()
                if !shown.isEmpty { return .lines(shown) }
                continue
            }
            return .input
        }
    }
}
