import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Runs command lines and reports their errors. In batch mode it commits in groups: changes
/// share one fsync, and their output is held until that fsync succeeds (nothing is acknowledged
/// before it is durable).
final class Runner {
    let session: Session
    private(set) var failures = 0
    /// The store could not be opened or written: stop, exit status 2 (or 1 for a failed write).
    private(set) var storeUnusable = false
    private(set) var stopped = false
    /// Standard output is a pipe nobody reads any more: the run stopped quietly.
    private(set) var outputClosed = false
    private var outputFailureSeen = false
    /// Lines whose changes wait for the group's fsync.
    private var unsaved: [String] = []
    /// Changes per fsync at most, in batch mode …
    var groupLimit = 8192
    /// … and how long a group may stay open (and hold the write lock) before it is flushed.
    var groupMilliseconds: Int64 = 100
    private var groupStarted: Int64?

    init(session: Session) { self.session = session }

    /// Runs every line of `reader`, labelled `label:N` in errors. Returns false if it stopped early.
    func runBatch(_ reader: inout BatchReader, label: String, fixedNumber: Int? = nil) -> Bool {
        session.out.holding = true
        session.groupCommits = true
        // Commands piped in while the output goes elsewhere and standard error is a terminal:
        // say how many were read (README "Progress").
        let progress =
            label == "-" && !Terminal.isTerminal(0) && !Terminal.isTerminal(1)
            ? ProgressLine("reading commands:", total: nil, session: session) : nil
        var read = 0
        defer {
            finishGroup()
            progress?.clear()
        }
        while !stopped, let input = reader.next() {
            read += 1
            progress?.update(read)
            switch input {
            case .bad(let error, let number):
                fail(error, at: "\(label):\(fixedNumber ?? number)")
            case .line(var line, let number):
                if Dispatcher.isSilent(line) { continue }
                let where_ = "\(label):\(fixedNumber ?? number)"
                var hereText: String?
                if let (command, word) = HereDocument.marker(in: line) {
                    // The lines up to WORD are the text; unterminated, nothing of it runs.
                    guard let body = hereDocument(until: word, from: &reader) else {
                        fail(.unterminatedHereDocument(word: word), at: where_)
                        continue
                    }
                    line = command
                    hereText = body
                }
                session.committed = false
                do {
                    let flow = try Dispatcher.execute(line, session: session, hereText: hereText)
                    if session.committed {
                        unsaved.append(where_)
                        if groupStarted == nil { groupStarted = Clock.monotonicMilliseconds() }
                    }
                    if flow == .quit { stopped = true }
                } catch {
                    if session.committed { unsaved.append(where_) }
                    fail(error, at: where_)
                }
            }
            // The group ends before any read that could wait: a script paused mid-line must not
            // keep the write lock (nor its output) while it waits.
            let groupAge = groupStarted.map { Clock.monotonicMilliseconds() - $0 } ?? 0
            if unsaved.count >= groupLimit || groupAge >= groupMilliseconds || session.out.pending.count >= 4 << 20
                || !reader.hasWholeLine()
            {
                finishGroup()
            }
        }
        return !stopped
    }

    /// The lines of a here-document up to the one that is exactly `word`; nil when the input
    /// ends first (or a line of it cannot be read). Like every read that could wait, it ends
    /// the open group first: a script paused inside a here-document holds no lock.
    private func hereDocument(until word: String, from reader: inout BatchReader) -> String? {
        var lines: [String] = []
        while true {
            if !reader.hasWholeLine() { finishGroup() }
            guard let input = reader.next() else { return nil }
            guard case .line(let line, _) = input else { return nil }
            if line == word { return lines.joined(separator: "\n") }
            lines.append(line)
        }
    }

    /// Makes the group durable, then releases its output; on failure, reports every line whose
    /// change was lost and stops.
    func finishGroup() {
        session.groupPending = false
        guard session.isStoreOpen, let store = try? session.store() else {
            session.out.release()
            session.out.holding = true
            checkOutput()
            return
        }
        do {
            try store.flush()
            session.out.release()
        } catch {
            session.out.discard()
            // "Not saved" only when that is known; a write that may have happened says so itself.
            let lost: ShellError
            if case .outcomeUnknown = error { lost = .store(error) } else { lost = .failed("not saved: \(error)") }
            for where_ in unsaved { report(lost, at: where_) }
            failures += max(1, unsaved.count)
            stopped = true
        }
        unsaved = []
        groupStarted = nil
        session.out.holding = true
        checkOutput()
    }

    /// Once a write to standard output failed, nothing more can be said: the run stops. A closed
    /// pipe (EPIPE) is no error; anything else (a full disk) is one, on standard error.
    func checkOutput() {
        guard !outputFailureSeen, let code = session.out.failure else { return }
        outputFailureSeen = true
        stopped = true
        if code == EPIPE {
            outputClosed = true
            return
        }
        failures += 1
        report(.outputFailed(errno: code), at: nil)
    }

    func fail(_ error: ShellError, at where_: String?) {
        failures += 1
        report(error, at: where_)
        if case .store = error, !session.isStoreOpen {
            storeUnusable = true
            stopped = true
        }
        if session.settings.bail { stopped = true }
    }

    /// `error: LINE: message`, or `{"error":…,"line":…}` with `--json` (the one printer).
    func report(_ error: ShellError, at where_: String?) { session.diagnostics.error(error, at: where_) }
}
