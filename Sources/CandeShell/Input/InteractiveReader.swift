#if canImport(Glibc)
    import Glibc
#endif

/// What the interactive shell reads from: libedit normally, plain lines if it cannot be loaded.
protocol InteractiveReader: AnyObject {
    var completer: Completer? { get set }
    /// Watched while the prompt waits: lines (others' changes) shown above it.
    var live: LiveWatch? { get set }
    func read(prompt: String) -> InteractiveRead
    func remember(_ line: String)
    func confirm(_ question: String) -> Bool
    /// Turns the terminal's bracketed paste on (the shell reads lines) or off (it leaves, or
    /// hands the terminal to `$PAGER` or `$EDITOR`).
    func bracketedPaste(_ on: Bool)
}

extension InteractiveReader {
    /// The terminal handed to another program while it runs: bracketed paste off, then on again.
    var handOver: TerminalHandOver {
        TerminalHandOver(
            before: { [weak self] in self?.bracketedPaste(false) }, after: { [weak self] in self?.bracketedPaste(true) }
        )
    }
}

enum InteractiveRead {
    case line(String)
    case invalid(ShellError)
    /// Ctrl-C: the line was dropped.
    case interrupted
    /// Ctrl-D on an empty line.
    case end
}

nonisolated(unsafe) private var plainInterrupted: sig_atomic_t = 0

/// The fallback without line editing: a prompt and one line at a time from standard input, the
/// terminal's own line editing; Ctrl-C drops the line (the shell stays). No bracketed paste (the
/// terminal's line editing would take its markers for text), but `FastLines`: the lines that
/// come within 30 ms of a free-text command's line are its text. Live lines come before the
/// prompt, written again after them (the half-typed line stays with the terminal, unseen: Ctrl-R
/// shows it).
final class PlainTerminalReader: InteractiveReader {
    var completer: Completer?
    var live: LiveWatch?
    private var liveWoke = false
    private var input = BatchReader(fd: 0)
    /// A line that could not be joined to the one before (it is not one), for the next read.
    private var held: InputLine?

    init() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in plainInterrupted = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    func read(prompt: String) -> InteractiveRead {
        plainInterrupted = 0
        Output.writeAll(1, Array(prompt.utf8))
        // The terminal hands over a line at Enter; waiting for it in poll, which Ctrl-C ends.
        while !input.hasWholeLine() {
            if plainInterrupted != 0 { break }
            if let live {
                switch live.wait(for: 0, handledWakeJustNow: &liveWoke) {
                case .lines(let lines):
                    Output.writeAll(1, Array(("\r\u{1B}[K" + lines.map { $0 + "\r\n" }.joined() + prompt).utf8))
                    continue
                case .interrupted: continue
                case .input: break
                }
            }
            var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, -1) < 0 && errno != EINTR { break }
        }
        if plainInterrupted != 0 {
            plainInterrupted = 0
            return .interrupted
        }
        let next = held ?? input.next()
        held = nil
        switch next {
        case nil: return .end
        case .line(let line, _)?: return .line(FastLines.takesText(line) ? joiningFastLines(to: line) : line)
        case .bad(let error, _)?: return .invalid(error)
        }
    }

    /// `line` and the whole lines that follow it each within 30 ms of the one before
    /// (`FastLines`; the terminal hands over whole lines only).
    private func joiningFastLines(to line: String) -> String {
        var text = line
        while input.hasWholeLine() || (FastLines.inputArrives(on: 0) && input.hasWholeLine()) {
            let next = input.next()
            guard case .line(let more, _)? = next, !more.hasPrefix("\u{1B}") else {
                held = next
                break
            }
            text += "\n" + more
        }
        return text
    }

    func remember(_ line: String) {}

    func bracketedPaste(_ on: Bool) {}

    /// Anything but y/yes is no; Ctrl-C and Ctrl-D too, and they end the question's line.
    func confirm(_ question: String) -> Bool {
        let watching = live
        live = nil
        defer { live = watching }
        switch read(prompt: question + " [y/N] ") {
        case .line(let answer):
            let a = answer.trimmingBlanks().lowercased()
            return a == "y" || a == "yes"
        case .interrupted:
            Output.writeAll(1, [0x0A])
            return false
        case .end:
            Output.writeAll(1, [0x0A])
            input = BatchReader(fd: 0)  // a terminal reads on after a Ctrl-D
            return false
        case .invalid: return false
        }
    }
}
