import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a command line can get wrong, with the user-facing text in one place.
enum ShellError: Error, Equatable, CustomStringConvertible {
    // Reading the line
    case invalidUTF8
    case nulByte
    case lineTooLong(limit: Int)
    case unterminatedQuote(column: Int)
    case trailingBackslash
    case unterminatedHereDocument(word: String)
    // The command language
    case unknownVerb(String, suggestion: String?)
    case unknownOption(key: String, verb: String, suggestion: String?)
    /// An option only `export ics` takes (`status:scheduled`, `alarm:`), given to another format.
    case calendarOnly(option: String, format: String)
    case repeatedOption(key: String)
    case missingOption(key: String, verb: String, example: String)
    case missingArgument(what: String, usage: String)
    case unexpectedArgument(String, usage: String)
    case badValue(key: String, value: String, expected: String)
    case badWhen(key: String, WhenError)
    case badID(String)
    case emptyText(verb: String)
    case noFocus(verb: String)
    case ambiguous(String, matches: [String])
    case unknownCandidate(String, closest: [String])
    case unknownMeeting(Int32)
    case badHandle(String)
    case badUser(String)
    case unknownZone(String)
    case refused(String)
    case agentLost
    /// `--generate-completion-script` with no shell or one without a script.
    case unknownShell(String)
    // Files (export, import)
    case fileExists(String)
    case symlinkTarget(String)
    case notAFile(String)
    case file(path: String, operation: String, errno: Int32)
    case badFile(path: String, reason: String)
    case importRejected(path: String, rows: [BadRow])
    /// `import mail` of an mbox with bad messages: nothing imported. `count` is all the messages.
    case mailRejected(path: String, count: Int, bad: [MailImportPlan.Bad])
    /// `import json` of a file that is not a backup cande can restore; `place` says where.
    case badBackup(path: String, place: String, reason: String)
    /// `import json` without `merge:yes` into a store that has candidates (or used ids).
    case restoreNeedsEmptyStore(path: String, why: String)
    /// `import json merge:yes`: handles or emails the store has already; nothing imported.
    case restoreCollisions(path: String, collisions: [String])
    case aborted
    case store(StoreError)
    case failed(String)
    // The terminal and standard output
    case outputFailed(errno: Int32)
    case historyIsLink(String)
    // $EDITOR, for a free text left out interactively
    /// The text written in the editor was empty: not a failure, a notice (the shell says so plainly).
    case nothingLogged
    case editorExited(status: Int32)
    case editorKilled(signal: Int32)
    /// The editor could not be run, or what it left is no text (the reason).
    case editorFailed(String)

    var description: String {
        switch self {
        case .invalidUTF8: return "the line is not valid UTF-8"
        case .nulByte: return "the line contains a NUL byte"
        case .lineTooLong(let limit): return "the line is longer than \(limit / 1024 / 1024) MiB"
        case .unterminatedQuote(let column): return "unterminated quote (opened at column \(column))"
        case .trailingBackslash: return "a backslash at the end of the line escapes nothing"
        case .unterminatedHereDocument(let word):
            return "here-document <<\(word) has no line \(word) to end it; nothing of it was stored"
        case .unknownVerb(let verb, let suggestion):
            return "unknown command \"\(verb)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
                + "; type help for the list"
        case .unknownOption(let key, let verb, let suggestion):
            return "\(verb) has no option \(key):" + (suggestion.map { " (did you mean \($0):?)" } ?? "")
        case .calendarOnly(let option, let format):
            return "\(option) is about meetings: only export ics takes it, not export \(format)"
        case .repeatedOption(let key): return "\(key): is given twice"
        case .missingOption(let key, let verb, let example): return "\(verb) needs \(key): (e.g. \(example))"
        case .missingArgument(let what, let usage): return "missing \(what); usage: \(usage)"
        case .unexpectedArgument(let word, let usage): return "unexpected \"\(word)\"; usage: \(usage)"
        case .badValue(let key, let value, let expected):
            return "\(key): cannot be \"\(value)\"; \(expected)"
        case .badWhen(let key, let error): return key.isEmpty ? error.description : "\(key): \(error)"
        case .badID(let text): return "\"\(text)\" is not an entry id (like #17 or 17)"
        case .emptyText(let verb): return "\(verb) needs a text"
        case .noFocus(let verb):
            return "\(verb) needs a candidate: name one, or open one first (open ada)"
        case .ambiguous(let ref, let matches):
            return "\"\(ref)\" could be " + Self.list(matches) + "; type more of the handle"
        case .unknownCandidate(let ref, let closest):
            return "no candidate \"\(ref)\"" + (closest.isEmpty ? "" : " (closest: \(closest.joined(separator: ", ")))")
        case .unknownMeeting(let id): return "no meeting #\(id)"
        case .badHandle(let handle):
            return "\"\(handle)\" cannot be a handle: use 1–40 lowercase letters, digits, dots, dashes, "
                + "starting with a letter or digit, not only digits"
        case .badUser(let name): return "\"\(name)\" cannot be a user name (1–64 printable characters)"
        case .unknownZone(let name): return "unknown time zone \"\(name)\" (use an IANA name like Europe/Berlin)"
        case .refused(let why): return why
        case .unknownShell(let shell):
            return
                (shell.isEmpty ? "--generate-completion-script needs a shell" : "no completion script for \"\(shell)\"")
                + "; one of " + CompletionScripts.shells.joined(separator: ", ")
        case .agentLost:
            return "the team store's agent ended during the commands; `log` shows whether they were saved"
        case .fileExists(let path):
            return "\(path) already exists; add force:yes to replace it"
        case .symlinkTarget(let path):
            return "\(path) is a symbolic link; cande does not write through links (remove it or choose another name)"
        case .notAFile(let path): return "\(path) is not a regular file"
        case .file(let path, let operation, let code):
            return "cannot \(operation) \(path): " + String(cString: strerror(code))
        case .badFile(let path, let reason): return "\(path): \(reason)"
        case .importRejected(let path, let rows):
            return "nothing imported from \(path): \(rows.count) bad row\(rows.count == 1 ? "" : "s") — "
                + rows.map { "line \($0.line): \($0.problem)" }.joined(separator: " · ")
        case .mailRejected(let path, let count, let bad):
            return "nothing imported from \(path): \(bad.count) bad message\(bad.count == 1 ? "" : "s") of \(count) — "
                + bad.map { "message \($0.position) (line \($0.line)): \($0.reason)" }.joined(separator: " · ")
        case .badBackup(let path, let place, let reason):
            return "nothing imported from \(path): " + (place.isEmpty ? "" : place + ": ") + reason
        case .restoreNeedsEmptyStore(let path, let why):
            return "nothing imported from \(path): \(why); import json restores a backup into an empty store "
                + "(a new --store), keeping its ids; add merge:yes to add it to this store with new ids"
        case .restoreCollisions(let path, let collisions):
            let n = collisions.count
            return "nothing imported from \(path): \(n) handle\(n == 1 ? " or email" : "s and emails") of the backup "
                + "this store has already — " + collisions.joined(separator: " · ")
        case .aborted: return "not done"
        case .store(let error): return error.description
        case .failed(let why): return why
        case .outputFailed(let code): return "cannot write to standard output: " + String(cString: strerror(code))
        case .historyIsLink(let path):
            return "\(path) is a symbolic link; the history is neither read nor saved through it this session"
        case .nothingLogged: return "nothing logged"
        case .editorExited(let status): return "the editor exited with status \(status); nothing logged"
        case .editorKilled(let signal): return "the editor was ended by signal \(signal); nothing logged"
        case .editorFailed(let why): return "\(why); nothing logged"
        }
    }

    private static func list(_ items: [String]) -> String {
        let shown = items.prefix(5).joined(separator: ", ")
        return items.count > 5 ? shown + " and \(items.count - 5) more" : shown
    }
}

/// A row of an imported file that cannot be imported, by the line it starts on (the header is
/// line 1).
struct BadRow: Equatable, Sendable {
    let line: Int
    let problem: String
}

extension ShellError {
    /// Wraps errors from the lower layers so that each keeps its own text.
    static func from(_ error: any Error) -> ShellError {
        switch error {
        case let shell as ShellError: return shell
        case let store as StoreError:
            if case .rejected(let change) = store { return .failed(change.description) }
            return .store(store)
        case let change as ChangeError: return .failed(change.description)
        case let schedule as ScheduleError: return .refused(schedule.description)
        case let undo as UndoRefusal: return .refused(undo.description)
        case let when as WhenError: return .badWhen(key: "", when)
        default: return .failed("\(error)")
        }
    }
}
