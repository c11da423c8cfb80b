#if canImport(Glibc)
    import Glibc
#endif

/// What the interactive shell reads from: libedit normally, plain lines if it cannot be loaded.
protocol InteractiveReader: AnyObject {
    var completer: Completer? { get set }
    func read(prompt: String) -> InteractiveRead
    func remember(_ line: String)
    func confirm(_ question: String) -> Bool
}

enum InteractiveRead {
    case line(String)
    case invalid(ShellError)
    /// Ctrl-C: the line was dropped.
    case interrupted
    /// Ctrl-D on an empty line.
    case end
}

/// The fallback without line editing: a prompt and one line at a time from standard input.
final class PlainTerminalReader: InteractiveReader {
    var completer: Completer?
    private var input = BatchReader(fd: 0)

    func read(prompt: String) -> InteractiveRead {
        Output.writeAll(1, Array(prompt.utf8))
        switch input.next() {
        case nil: return .end
        case .line(let line, _)?: return .line(line)
        case .bad(let error, _)?: return .invalid(error)
        }
    }

    func remember(_ line: String) {}

    func confirm(_ question: String) -> Bool {
        guard case .line(let answer) = read(prompt: question + " [y/N] ") else { return false }
        let a = answer.trimmingBlanks().lowercased()
        return a == "y" || a == "yes"
    }
}
