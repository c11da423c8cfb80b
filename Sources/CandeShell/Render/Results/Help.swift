import Conversation
import Store

/// `help`: every command with its summary, from the command table.
struct HelpList: CommandResult {
    func json(_ w: inout JSONWriter) {
        w.beginArray()
        for spec in CommandTable.all { CommandHelp.describe(spec, into: &w) }
        w.endArray()
    }

    func text(_ context: TextContext) -> [String] {
        let width = CommandTable.all.map { DisplayWidth.of($0.verb) }.max() ?? 8
        var lines = ["Commands (help VERB for usage and examples; a leading / is fine: /open ada):"]
        for spec in CommandTable.all {
            // A summary wraps under itself, not under the verb.
            let pieces = LineFitter.fit(spec.summary, width: context.width.map { max(20, $0 - width - 4) })
            lines.append("  " + context.style.bold(DisplayWidth.pad(spec.verb, to: width)) + "  " + pieces[0])
            for piece in pieces.dropFirst() { lines.append(String(repeating: " ", count: width + 2) + piece) }
        }
        lines.append("REF: a handle, its unique prefix, or an email; in focus (open REF) it may be left out.")
        lines.append("WHEN: now, today, tomorrow 15:00, fri@9:30, 2026-12-01, 2026-12-01T09:30Z, +3d, -2h.")
        return lines
    }
}

/// `help VERB` and `VERB --help`: usage, summary, options, examples, details.
struct CommandHelp: CommandResult {
    let spec: CommandSpec

    func json(_ w: inout JSONWriter) { Self.describe(spec, into: &w) }

    func text(_ context: TextContext) -> [String] {
        var lines = [context.style.bold(spec.usage), "  " + spec.summary]
        if !spec.aliases.isEmpty { lines.append("  also: " + spec.aliases.joined(separator: ", ")) }
        if !spec.options.isEmpty {
            lines.append("  options: " + spec.options.map { $0.key + ":" }.joined(separator: " "))
        }
        if !spec.examples.isEmpty {
            lines.append("  examples:")
            for example in spec.examples { lines.append("    " + example) }
        }
        for line in spec.details { lines.append("  " + line) }
        return lines
    }

    static func describe(_ spec: CommandSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.field("verb", spec.verb)
        w.field("usage", spec.usage)
        w.field("summary", spec.summary)
        w.key("options")
        w.strings(spec.optionKeys)
        w.key("examples")
        w.strings(spec.examples)
        if !spec.details.isEmpty {
            w.key("details")
            w.strings(spec.details)
        }
        w.endObject()
    }
}
