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
    /// `import csv` with bad rows: nothing imported; every bad cell, in line order.
    case importRejected(path: String, cells: [BadCell])
    /// A `map:` file `import csv` cannot use (line 0: the whole file).
    case badMap(path: String, line: Int, MapProblem)
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
        case .importRejected(let path, let cells):
            let rows = Set(cells.map(\.line)).count
            return "nothing imported from \(path): \(rows) bad row\(rows == 1 ? "" : "s"), "
                + "\(cells.count) problem\(cells.count == 1 ? "" : "s")"
        case .badMap(let path, let line, let problem):
            return "nothing imported: the map \(path)" + (line > 0 ? " line \(line)" : "") + ": \(problem)"
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

extension ShellError {
    /// Lines printed under the message (text only; `--json` has them as `problems`).
    var detailLines: [String] {
        guard case .importRejected(_, let cells) = self else { return [] }
        var rows: [(line: Int, cells: [BadCell])] = []
        for cell in cells {
            if rows.last?.line == cell.line {
                rows[rows.count - 1].cells.append(cell)
            } else {
                rows.append((cell.line, [cell]))
            }
        }
        let shown = rows.prefix(BadCell.rowsShown)
        var lines = shown.map { row in
            "line \(row.line): " + row.cells.map(\.text).joined(separator: "; ")
        }
        if rows.count > shown.count {
            let more = rows.count - shown.count
            lines.append("… and \(more) more row\(more == 1 ? "" : "s") (--json lists every problem)")
        }
        return lines
    }
}

/// One problem of an imported file: the line its row starts on (the header is line 1), the
/// column's header and the cell as written (nil for a problem of the whole row).
struct BadCell: Equatable, Sendable {
    /// How many bad rows the text lists.
    static let rowsShown = 20

    let line: Int
    let column: String?
    let value: String?
    let problem: ImportProblem

    /// `Email "bob@": is not an email address`.
    var text: String {
        var head = ""
        if let column { head = SafeText.line(column) }
        if let value, !value.isEmpty {
            let shown = value.count > 60 ? String(value.prefix(59)) + "…" : value
            head += (head.isEmpty ? "" : " ") + "\"" + SafeText.line(shown) + "\""
        }
        return head.isEmpty ? problem.description : head + ": " + problem.description
    }
}

/// What is wrong with a cell (or a row) of an imported file.
enum ImportProblem: Equatable, Sendable, CustomStringConvertible {
    case cellCount(Int, header: Int)
    case noName
    /// A field rule's own words (`is not an email address`).
    case field(String)
    case badHandle
    case unknownZone
    case unknownStage
    case unknownStatus
    case badDate
    case ambiguousDate
    case future
    case updatedBeforeCreated
    case handleTaken
    case handleRepeated(line: Int)
    case emailTaken(handle: String)
    case emailRepeated(line: Int)

    var description: String {
        switch self {
        case .cellCount(let n, let header): "the row has \(n) cell\(n == 1 ? "" : "s"); the header has \(header)"
        case .noName: "the row has no name"
        case .field(let rule): rule
        case .badHandle:
            "is no handle (1–40 lowercase letters, digits, dots, dashes, starting with a letter or digit)"
        case .unknownZone: "is no time zone (use an IANA name like Europe/Berlin)"
        case .unknownStage: "is no stage cande knows (\(ImportNames.stageNames); a map: file can name it)"
        case .unknownStatus: "is no status cande knows (\(Status.names.joined(separator: ", ")))"
        case .badDate: "is no date (2026-10-05, 2026-10-05T14:30:00Z, 05.10.2026, 10/25/2026 …)"
        case .ambiguousDate: "could be day/month or month/day; write it as YYYY-MM-DD"
        case .future: "is in the future"
        case .updatedBeforeCreated: "is before created"
        case .handleTaken: "the handle is taken"
        case .handleRepeated(let line): "the handle is also on line \(line)"
        case .emailTaken(let handle): "is already the email of \(handle)"
        case .emailRepeated(let line): "the email is also on line \(line)"
        }
    }
}

/// What is wrong with a `map:` file.
enum MapProblem: Equatable, Sendable, CustomStringConvertible {
    case notText
    /// It cannot be read (the reason).
    case unreadable(String)
    case noEquals(String)
    case emptyName
    case unknownSection(String)
    case unknownField(String, suggestion: String?)
    case repeatedHeader(String, line: Int)
    case sameField(String, header: String, other: String, line: Int)
    case unknownValue(String, String, expected: [String])
    /// The CSV has no column the map names.
    case missingColumn(String)

    var description: String {
        switch self {
        case .notText: "it is not UTF-8 text"
        case .unreadable(let why): why
        case .noEquals(let line): "\"\(line)\" has no =; write Column Header = field"
        case .emptyName: "nothing before the ="
        case .unknownSection(let name):
            "no section [\(name)]; there are [columns], [stages], [statuses] and [sources]"
        case .unknownField(let name, let suggestion):
            "\(name) is no field of cande's"
                + (suggestion.map { " (did you mean \($0)?)" } ?? "")
                + "; fields: " + ImportField.allCases.map(\.rawValue).joined(separator: ", ") + "; - ignores the column"
        case .repeatedHeader(let header, let line): "\(header) is also on line \(line)"
        case .sameField(let field, let header, let other, let line):
            "\(header) and \(other) (line \(line)) both map to \(field)"
        case .unknownValue(let section, let value, let expected):
            "\(value) is none of cande's \(section) (\(expected.joined(separator: ", ")))"
        case .missingColumn(let header): "the file has no column \(header)"
        }
    }
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
