#if canImport(Glibc)
    import Glibc
#endif

/// A free text written in the user's editor (SPEC §5), as `git commit` does it: `$VISUAL`, else
/// `$EDITOR`, else `vi`, on a private temporary file that holds the initial text and a
/// commented template. Used for a free text left out interactively (`note ada`) and by
/// commands that edit a text they have (`edit #ID`).
struct TextEditor {
    /// The help below the text in the file, after the lines the caller gives.
    static let howTo = "Lines starting with # are left out; an empty text logs nothing."

    /// Runs the editor on `initial` followed by `comments` (each as a `# ` line) and returns
    /// what the user left: lines starting with `#` dropped, CRLF as LF, blank lines at the start
    /// and blanks at the end taken off; nil when that is empty. The file is created 0600 in
    /// `$TMPDIR` (else /tmp), named `cande-XXXXXX.txt`, and removed on every path. The editor
    /// command may have arguments (`code --wait`): it runs as `/bin/sh -c '$EDITOR "$1"' sh FILE`
    /// with `environment`, on the terminal as it is (the caller hands it over). A non-zero exit
    /// is an error: nothing is taken.
    static func compose(initial: String, comments: [String], environment: [String: String]) throws(ShellError)
        -> String?
    {
        let directory = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/cande-XXXXXX.txt").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            throw .editorFailed(
                "cannot create a file for the editor in \(directory): " + String(cString: strerror(errno)))
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        let content = Array(fileText(initial: initial, comments: comments).utf8)
        let failure = Output.writeAll(fd, content)
        close(fd)
        guard failure == 0 else { throw .editorFailed("cannot write \(path): " + String(cString: strerror(failure))) }
        try run(editorCommand(environment), on: path, environment: environment)
        return try text(fromFile: path)
    }

    /// `$VISUAL`, else `$EDITOR`, else `vi` (an empty value counts as none).
    static func editorCommand(_ environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.trimmingBlanks().isEmpty { return value }
        }
        return "vi"
    }

    /// The file the editor opens: the initial text (an empty first line without one), a blank
    /// line after a text, then the comments.
    static func fileText(initial: String, comments: [String]) -> String {
        let lines = (comments + [howTo]).map { "# " + $0 }
        return initial + "\n" + (initial.isEmpty ? "" : "\n") + lines.joined(separator: "\n") + "\n"
    }

    /// What the user's text is, from the file's text (nil: empty).
    static func cleaned(_ text: String) -> String? {
        var lines = text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeAll { $0.hasPrefix("#") }
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        var result = Substring(lines.joined(separator: "\n"))
        while let last = result.last, last == " " || last == "\t" || last == "\n" { result.removeLast() }
        return result.isEmpty ? nil : String(result)
    }

    /// Runs the editor and waits for it; fails unless it exits with status 0.
    private static func run(_ editor: String, on path: String, environment: [String: String]) throws(ShellError) {
        let argv: [UnsafeMutablePointer<CChar>?] =
            [String](["sh", "-c", editor + #" "$1""#, "sh", path]).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, envp)
        guard spawned == 0 else {
            throw .editorFailed("cannot start the editor (\(editor)): " + String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7F != 0 { throw .editorKilled(signal: status & 0x7F) }
        let code = (status >> 8) & 0xFF
        if code != 0 { throw .editorExited(status: code) }
    }

    /// The text the editor left (read afresh by name: editors often write a new file and rename
    /// it over the old one), or nil when it is empty.
    private static func text(fromFile path: String) throws(ShellError) -> String? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            // Removed in the editor: nothing was left.
            if errno == ENOENT { return nil }
            throw .editorFailed("cannot read \(path): " + String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .editorFailed("cannot read \(path): " + String(cString: strerror(errno))) }
            if n == 0 { break }
            bytes += chunk[..<n]
            if bytes.count > BatchReader.lineLimit { throw .lineTooLong(limit: BatchReader.lineLimit) }
        }
        if bytes.contains(0) { throw .editorFailed("the text contains a NUL byte") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .editorFailed("the text is not valid UTF-8")
        }
        return cleaned(text)
    }

    /// This process's environment, for the editor.
    static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}

extension Session {
    /// Whether a free text left out is written in the editor: interactively only (batch mode,
    /// `-c` and scripts keep their error).
    var canCompose: Bool { settings.interactive && terminal != nil }

    /// Runs the editor (`TextEditor.compose`) with the terminal handed over to it.
    func composeText(initial: String, comments: [String]) throws(ShellError) -> String? {
        let handOver = terminal ?? .none
        handOver.before()
        defer { handOver.after() }
        return try TextEditor.compose(
            initial: initial, comments: comments, environment: TextEditor.processEnvironment())
    }
}
