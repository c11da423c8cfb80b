import Store

/// The one printer of errors, warnings and notes, in every phase: invocation, settings,
/// commands, store (README "Errors and exit codes"). Text (`error: LINE: message`) or, with
/// `--json`, one JSON object per line on standard error (`{"error":…,"line":…}`,
/// `{"warning":…}`, `{"note":…}`).
final class Diagnostics {
    let errors: Output
    /// `--json` for the whole run …
    var runJSON: Bool
    /// … or for the command being run (`report bogus:1 --json`: its error is JSON too).
    var commandJSON = false
    var json: Bool { runJSON || commandJSON }
    var style = Style(enabled: false)
    /// The terminal's width when standard error is one: messages wrap at word boundaries.
    var width: Int?
    /// A `ProgressLine` is on the terminal's last line: wiped before anything else is said.
    var progressShown = false

    init(errors: Output, json: Bool) {
        self.errors = errors
        runJSON = json
    }

    func error(_ message: String, at where_: String? = nil) {
        clearProgress()
        if json {
            write { w in
                w.field("error", message)
                w.field("line", where_)
            }
        } else {
            let line = style.red("error:") + " " + (where_.map { $0 + ": " } ?? "") + SafeText.line(message)
            for piece in LineFitter.fit(line, width: width) { errors.line(piece) }
        }
        errors.drain()
    }

    /// A command's error; a rejected import lists its problems under it (as `"problems"` with
    /// `--json`: every one, `{"row","column","value","problem"}`).
    func error(_ error: ShellError, at where_: String? = nil) {
        guard case .importRejected(_, let cells) = error else { return self.error(error.description, at: where_) }
        if json {
            write { w in
                w.field("error", error.description)
                w.field("line", where_)
                w.key("problems")
                w.beginArray()
                for cell in cells {
                    w.beginObject()
                    w.field("row", cell.line)
                    w.field("column", cell.column)
                    w.field("value", cell.value)
                    w.field("problem", cell.problem.description)
                    w.endObject()
                }
                w.endArray()
            }
            errors.drain()
            return
        }
        let line = style.red("error:") + " " + (where_.map { $0 + ": " } ?? "") + SafeText.line(error.description)
        for piece in LineFitter.fit(line, width: width) { errors.line(piece) }
        for detail in error.detailLines {
            for piece in LineFitter.fit("  " + detail, width: width) { errors.line(piece) }
        }
        errors.drain()
    }

    func warning(_ message: String) { say("warning", message) }

    func note(_ message: String) { say("note", message) }

    private func say(_ kind: StaticString, _ message: String) {
        clearProgress()
        if json {
            write { w in w.field(kind, message) }
        } else {
            for piece in LineFitter.fit("\(kind): " + SafeText.line(message), width: width) { errors.line(piece) }
        }
        errors.drain()
    }

    /// Several lines of text (an invocation's usage) as one message.
    func invocationError(_ message: String, usage: String) {
        if json {
            write { w in
                w.field("error", message)
                w.field("usage", usage)
            }
        } else {
            errors.line("error: " + SafeText.lines(message).joined(separator: "\n"))
            errors.line(usage)
        }
        errors.drain()
    }

    func clearProgress() {
        guard progressShown else { return }
        progressShown = false
        errors.write("\r\u{1B}[K")
        errors.drain()
    }

    private func write(_ fields: (inout JSONWriter) -> Void) {
        var w = JSONWriter()
        w.beginObject()
        fields(&w)
        w.endObject()
        w.bytes.append(0x0A)
        errors.bytes(w.bytes)
    }
}
