import CEdit
import Conversation

#if canImport(Glibc)
    import Glibc
#endif

nonisolated(unsafe) private var interrupted: sig_atomic_t = 0
nonisolated(unsafe) private var resized: sig_atomic_t = 0
/// Bracketed paste is on at the terminal (to be turned off should a signal end cande).
nonisolated(unsafe) private var pasteModeOn: sig_atomic_t = 0
/// The terminal's modes when the shell started, for a signal that ends cande mid-line.
nonisolated(unsafe) private var startModes = termios()
nonisolated(unsafe) private var haveStartModes: sig_atomic_t = 0

/// SIGTERM, SIGHUP: leave the terminal as it was found (bracketed paste off, its modes), then end
/// by the signal as before. Only async-signal-safe calls.
private func leaveTerminal(dyingOf signal: Int32) {
    if pasteModeOn != 0 {
        let off: StaticString = "\u{1B}[?2004l"
        _ = write(1, off.utf8Start, off.utf8CodeUnitCount)
    }
    // Not from the background: setting the modes there would stop the process (SIGTTOU).
    if haveStartModes != 0, tcgetpgrp(0) == getpgrp() { _ = tcsetattr(0, TCSANOW, &startModes) }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}

/// The interactive line reader, on libedit: emacs keys (or `bind -v` in ~/.editrc), UTF-8,
/// history kept across sessions, Tab completion, Ctrl-C dropping the line, Ctrl-Z suspending
/// (the prompt and the half-typed line drawn again on `fg`). The only file that touches C.
///
/// Pasted text is text (SPEC §5): libedit reads its characters through `KeyStream`
/// (`EL_GETCFN`), which takes a bracketed paste (`ESC[200~` … `ESC[201~`, turned on with
/// `ESC[?2004h` while the shell runs) as one text and applies `FastLines` at line ends. Such
/// text reaches the line through the key `insertKey`, bound to `cande-insert`, which puts it in
/// with `el_insertstr`, newlines included: only the user's own Enter (or, without bracketed
/// paste, the paste's last line end) ends the line.
///
/// Live lines (`live`): while it waits for a key at the prompt, `KeyStream` watches the store's
/// descriptor too; the lines it brings are written above the prompt, and libedit draws the
/// prompt and the half-typed line again below them (`EL_REFRESH`), the cursor where it was.
final class EditLineReader: InteractiveReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    /// The history file; nil when there is none, or when a symbolic link stands there.
    private var historyPath: String?
    private let warn: (ShellError) -> Void
    var completer: Completer?
    private let keys = KeyStream(fd: 0)
    /// What `cande-insert` puts into the line next.
    private var pendingInsert: (text: String, atEnd: Bool)?
    var live: LiveWatch?
    /// The prompt being shown (its colours unmarked), to find the cursor's row.
    private var shownPrompt = ""

    /// The key `KeyStream`'s texts come through: U+009F, a C1 control no one types (typed, it
    /// inserts nothing).
    static let insertKey: UInt32 = 0x9F
    private static let insertKeyString = String(UnicodeScalar(UInt8(insertKey)))

    /// Loads libedit, or says why it cannot be loaded. `warn` hears about a history file that
    /// cannot be used.
    static func make(historyPath: String?, warn: @escaping (ShellError) -> Void) -> Result<EditLineReader, ShellError> {
        var error: UnsafePointer<CChar>? = nil
        guard cedit_load(&error) == 0 else {
            return .failure(.failed("cannot load libedit (\(error.map { String(cString: $0) } ?? "unknown reason"))"))
        }
        return .success(EditLineReader(historyPath: historyPath, warn: warn))
    }

    private init(historyPath: String?, warn: @escaping (ShellError) -> Void) {
        Self.prepareLocale()
        self.historyPath = historyPath
        self.warn = warn
        editor = cedit_init("cande")
        history = cedit_history_init()
        _ = cedit_history_set_size(history, &event, 1000)
        _ = cedit_history_set_unique(history, &event, 1)
        loadHistory()
        _ = cedit_set_history(editor, history)
        _ = cedit_set_editor(editor, "emacs")
        _ = cedit_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        _ = cedit_set_prompt_esc(
            editor,
            { editor in
                guard let editor, let data = cedit_get_client_data(editor) else { return nil }
                return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
            }, 1)
        _ = cedit_add_function(
            editor, "cande-complete", "Complete a command word",
            { editor, _ in
                guard let editor, let data = cedit_get_client_data(editor) else { return UInt8(CC_ERROR) }
                return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
            })
        _ = cedit_bind(editor, "^I", "cande-complete")
        _ = cedit_source(editor, nil)  // ~/.editrc (e.g. `bind -v`) after our defaults
        _ = cedit_set_getc(
            editor,
            { editor, character in
                guard let editor, let character, let data = cedit_get_client_data(editor) else { return -1 }
                return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().nextCharacter(character)
            })
        _ = cedit_add_function(
            editor, "cande-insert", "Insert pasted text",
            { editor, _ in
                guard let editor, let data = cedit_get_client_data(editor) else { return UInt8(CC_ERROR) }
                return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().insertPending()
            })
        // After ~/.editrc, whose `bind -v` would reset the maps; in both of vi's modes.
        _ = cedit_bind(editor, Self.insertKeyString, "cande-insert")
        _ = cedit_bind_alternative(editor, Self.insertKeyString, "cande-insert")
        if tcgetattr(0, &startModes) == 0 { haveStartModes = 1 }
        Self.installSignalHandlers()
        // Ctrl-Z: libedit gives the terminal back, stops, and on `fg` returns to raw mode and
        // redraws the prompt and the line. Only under job control: in a process group without
        // it (the session's own: cande started by `exec`, `ssh -t`, a terminal emulator) the
        // system ignores Ctrl-Z, but libedit's handler would end the read.
        _ = cedit_set_signal(editor, getpgrp() != getsid(0) ? 1 : 0)
    }

    deinit {
        cedit_end(editor)
        cedit_history_end(history)
        free(promptBuffer)
    }

    /// libedit drops non-ASCII bytes unless the locale's codeset is UTF-8.
    static func prepareLocale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacing("-", with: "") != "UTF8" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    private static func installSignalHandlers() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interrupted = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: el_gets returns with EINTR
        sigaction(SIGINT, &action, nil)
        var winch = sigaction()
        winch.__sigaction_handler.sa_handler = { _ in resized = 1 }
        sigemptyset(&winch.sa_mask)
        winch.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &winch, nil)
        var ending = sigaction()
        ending.__sigaction_handler.sa_handler = { signal in leaveTerminal(dyingOf: signal) }
        sigemptyset(&ending.sa_mask)
        for signal in [SIGTERM, SIGHUP] { sigaction(signal, &ending, nil) }
    }

    /// Bracketed paste at the terminal (`ESC[?2004h` / `ESC[?2004l`), when standard output is it.
    func bracketedPaste(_ on: Bool) {
        guard Terminal.isTerminal(1), (pasteModeOn != 0) != on else { return }
        pasteModeOn = on ? 1 : 0
        Output.writeAll(1, Array((on ? "\u{1B}[?2004h" : "\u{1B}[?2004l").utf8))
    }

    /// libedit's next character (`EL_GETCFN`): 1 with it, 0 at the end, -1 with errno set.
    private func nextCharacter(_ character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        var key = keys.next(lineTakesText: { FastLines.takesText(typedLine() ?? "") })
        while case .live(let lines) = key {
            showAbove(lines)
            key = keys.next(lineTakesText: { FastLines.takesText(typedLine() ?? "") })
        }
        switch key {
        case .character(let value):
            character.pointee = wchar_t(bitPattern: value)
            return 1
        case .insert(let text, let atEnd):
            pendingInsert = (text, atEnd)
            character.pointee = wchar_t(bitPattern: Self.insertKey)
            return 1
        case .end:
            character.pointee = 0
            return 0
        case .failed(let code):
            // Ctrl-C drops the line, and a paste that was arriving for it.
            if code == EINTR && interrupted != 0 { keys.abandonPaste() }
            character.pointee = 0
            errno = code
            return -1
        case .live:
            return -1  // not reached: taken above
        }
    }

    /// Writes `lines` where the prompt is (its rows cleared first), then has libedit draw the
    /// prompt and the line again below them, the cursor where it was.
    private func showAbove(_ lines: [String]) {
        let rows = cursorRow()
        var out = "\r" + (rows > 0 ? "\u{1B}[\(rows)A\u{1B}[J" : "\u{1B}[K")
        for line in lines { out += line + "\r\n" }
        Output.writeAll(1, Array(out.utf8))
        _ = cedit_refresh(editor)
    }

    /// The row the cursor is on, counted from the prompt's first (the terminal wraps a long line
    /// and libedit starts a row at each newline in it).
    private func cursorRow() -> Int {
        guard let info = cedit_line(editor), let start = UnsafeRawPointer(info.pointee.buffer),
            let cursor = UnsafeRawPointer(info.pointee.cursor)
        else { return 0 }
        let before = String(
            decoding: UnsafeRawBufferPointer(start: start, count: start.distance(to: cursor)), as: UTF8.self)
        return Self.row(of: shownPrompt + before, width: Terminal.width())
    }

    /// The row after `text` written from the start of row 0 on a terminal `width` columns wide.
    static func row(of text: String, width: Int) -> Int {
        guard width > 0 else { return 0 }
        var row = 0
        var column = 0
        for ch in text {
            if ch == "\n" {
                row += 1
                column = 0
                continue
            }
            let w = DisplayWidth.of(ch)
            if column + w > width {
                row += 1
                column = 0
            }
            column += w
            if column >= width {
                row += 1
                column = 0
            }
        }
        return row
    }

    /// `cande-insert`: puts the pending text into the line (a joined line at its end).
    private func insertPending() -> UInt8 {
        guard let (text, atEnd) = pendingInsert else { return UInt8(CC_NORM) }
        pendingInsert = nil
        guard !text.isEmpty else { return UInt8(CC_NORM) }
        if atEnd, let info = cedit_line(editor), let cursor = UnsafeRawPointer(info.pointee.cursor),
            let last = UnsafeRawPointer(info.pointee.lastchar)
        {
            // The line's characters after the cursor (the buffer holds UTF-8 here).
            let after = String(
                decoding: UnsafeRawBufferPointer(start: cursor, count: cursor.distance(to: last)), as: UTF8.self)
            _ = cedit_cursor(editor, Int32(after.unicodeScalars.count))
        }
        return cedit_insertstr(editor, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
    }

    /// `prompt` may contain ANSI colours; they are marked so libedit does not count them.
    func read(prompt: String) -> InteractiveRead {
        free(promptBuffer)
        promptBuffer = strdup(Self.markEscapes(prompt))
        shownPrompt = LineFitter.stripColour(prompt)
        keys.live = live
        if resized != 0 {
            resized = 0
            cedit_resize(editor)
        }
        interrupted = 0
        var count: Int32 = 0
        var raw = cedit_gets(editor, &count)
        while raw == nil && count == -1 && errno == EINTR && interrupted == 0 {
            // A signal other than SIGINT ended the read (a Ctrl-Z that did not stop the process,
            // `fg` after one that did): read on, with the line as it was (newlines and all, put
            // back through `cande-insert`), drawn again from the start of the row.
            guard let line = typedLine() else { break }
            Output.writeAll(1, Array("\r".utf8))
            if !line.isEmpty {
                pendingInsert = (line, false)
                cedit_push(editor, Self.insertKeyString)
            }
            raw = cedit_gets(editor, &count)
        }
        guard let raw else {
            if count == -1 && (errno == EINTR || interrupted != 0) {
                interrupted = 0
                return .interrupted
            }
            return .end
        }
        var bytes = Array(
            UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        if bytes.last == 0x0A { bytes.removeLast() }
        switch BatchReader.check(bytes, number: 0) {
        case .line(let line, _): return .line(line)
        case .bad(let error, _): return .invalid(error)
        }
    }

    /// Remembers a line in the history (no duplicates in a row) and saves the file. A line of
    /// several lines (a paste) is one entry: libedit's history file writes each entry with
    /// strvis(3) (a newline as `\012`) and reads it back with strunvis(3), so it survives a
    /// restart whole, and Up brings it back with its newlines.
    func remember(_ line: String) {
        guard !line.trimmingBlanks().isEmpty else { return }
        _ = cedit_history_enter(history, &event, line)
        saveHistory()
    }

    /// Reads the history file, never through a symbolic link (opened with `O_NOFOLLOW`, then
    /// read by libedit through that descriptor).
    private func loadHistory() {
        guard let path = historyPath else { return }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { refuseLink(path) }
            return
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        _ = cedit_history_load(history, &event, "/dev/fd/\(fd)")
    }

    /// Replaces the history file whole: a new private file beside it (`O_EXCL`, never through a
    /// link), fsynced, renamed over it. A symbolic link at the path is neither followed nor
    /// replaced.
    private func saveHistory() {
        guard let path = historyPath else { return }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return refuseLink(path) }
        let temporary = path + ".\(getpid()).new"
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST {  // left behind by a crash
            unlink(temporary)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { return }
        guard fchmod(fd, 0o600) == 0, let file = fdopen(fd, "w") else {
            close(fd)
            unlink(temporary)
            return
        }
        let written = cedit_history_save_fp(history, &event, file) >= 0 && fflush(file) == 0 && fsync(fd) == 0
        let closed = fclose(file) == 0
        if !(written && closed && rename(temporary, path) == 0) { unlink(temporary) }
    }

    /// Says once that the history file is a symbolic link, and leaves it alone from then on.
    private func refuseLink(_ path: String) {
        historyPath = nil
        warn(.historyIsLink(path))
    }

    /// Asks a yes/no question on the terminal; anything but y/yes is no. Ctrl-C and Ctrl-D
    /// answer no, and end the question's line (what follows starts on a fresh one). No live
    /// lines meanwhile: the command asking is not done.
    func confirm(_ question: String) -> Bool {
        let watching = live
        live = nil
        defer { live = watching }
        switch read(prompt: question + " [y/N] ") {
        case .line(let answer):
            let a = answer.trimmingBlanks().lowercased()
            return a == "y" || a == "yes"
        case .interrupted, .end:
            Output.writeAll(1, [0x0A])
            return false
        case .invalid: return false
        }
    }

    /// The whole line in the editor (it stays there after `el_gets` returns, until the next).
    private func typedLine() -> String? {
        guard let info = cedit_line(editor), let start = UnsafeRawPointer(info.pointee.buffer),
            let last = UnsafeRawPointer(info.pointee.lastchar)
        else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: start, count: start.distance(to: last)), as: UTF8.self)
    }

    private func complete() -> UInt8 {
        guard let completer, let info = cedit_line(editor) else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.pointee.buffer)!
        let length = start.distance(to: UnsafeRawPointer(info.pointee.cursor)!)
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        let (word, matches) = completer.candidates(for: before)
        guard !matches.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if matches.count == 1 {
            let match = matches[0]
            let suffix = String(match.dropFirst(word.count)) + (match.hasSuffix(":") ? "" : " ")
            _ = cedit_insertstr(editor, suffix)
            return UInt8(CC_REFRESH)
        }
        let common = Completer.commonPrefix(matches)
        if common.count > word.count {
            _ = cedit_insertstr(editor, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        // Several choices: list them under the line in columns, then draw the line again.
        let shown = matches.prefix(Self.listLimit).map { SafeText.line($0) }
        var rows = Completer.columns(Array(shown), width: Terminal.width())
        if matches.count > shown.count { rows.append("… and \(matches.count - shown.count) more") }
        Output.writeAll(1, Array(("\r\n" + rows.joined(separator: "\r\n") + "\r\n").utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// The most choices a Tab lists.
    static let listLimit = 200

    /// Wraps ANSI sequences in the prompt between \1 markers (`EL_PROMPT_ESC`).
    private static func markEscapes(_ prompt: String) -> String {
        var out = ""
        var inEscape = false
        for ch in prompt {
            if ch == "\u{1B}" {
                out += "\u{1}\u{1B}"
                inEscape = true
            } else if inEscape && ch == "m" {
                out += "m\u{1}"
                inEscape = false
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
