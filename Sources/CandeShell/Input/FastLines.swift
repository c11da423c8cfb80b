#if canImport(Glibc)
    import Glibc
#endif

/// Pasted text on a terminal without bracketed paste (SPEC §5 "Pasted text is text").
///
/// The rule: when a line end would enter a line whose verb is a free-text command (`<`, `>`,
/// `log`, `note`, `ask`, `feedback`, `done`; a leading `/` allowed, verbs in any case), input
/// that is already waiting or arrives within `window` (30 ms) and forms a whole line (it has a
/// line end of its own) is taken as the next line of that command's text: the line end becomes
/// "\n" in the line, and the rule applies again at the joined line's end, within 30 ms of it.
/// Once a line was joined, an unfinished last line of the same burst (a paste without a final
/// line end) is joined too and stays on the line for the user's Enter. Input that begins with
/// ESC (keys, a bracketed paste) is never joined. Anything later than 30 ms is typed, not
/// pasted: a new command as before.
///
/// A person does not type a whole line within 30 ms of pressing Enter; a terminal delivering a
/// paste does. A bracketed paste is already on the line when the user's Enter comes (and that
/// Enter is not followed by more text within 30 ms), so the rule leaves it alone.
enum FastLines {
    /// How soon after a line end the next line must arrive to be joined.
    static let window: Int32 = 30

    /// The verbs whose free text may take more lines.
    static let verbs: Set<String> = ["<", ">", "log", "note", "ask", "feedback", "done"]

    /// Whether `line` starts with a free-text command.
    static func takesText(_ line: String) -> Bool {
        var rest = Substring(line)
        while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
        if rest.hasPrefix("/") { rest.removeFirst() }
        // `<` and `>` need no blank after them (`<Hi there`).
        if let first = rest.first, first == "<" || first == ">" { return true }
        let verb = rest.prefix { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "\r" }
        return verbs.contains(verb.lowercased())
    }

    /// Waits up to `window` for input on `fd`; true when some is there.
    static func inputArrives(on fd: Int32, within milliseconds: Int32 = window) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        // A signal (a window resize) ends the wait early: then nothing came in time.
        return poll(&poller, 1, milliseconds) > 0
    }
}
