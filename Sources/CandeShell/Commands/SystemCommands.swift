import Conversation
import Store

/// `help`, `quit`/`exit`, `compact`.
enum SystemCommands {
    static let help = CommandSpec(
        verb: "help", usage: "help [VERB]", summary: "list every command, or show one's usage and examples",
        examples: ["help", "help talk"], arguments: [.text],
        run: { (input) throws(ShellError) in
            let (words, _) = try input.read(words: 1)
            HelpText.show(words.first, session: input.session)
            return .next
        })

    static let quit = CommandSpec(
        verb: "quit", aliases: ["exit"], usage: "quit", summary: "leave the shell (Ctrl-D does too)",
        run: { (input) throws(ShellError) in
            _ = try input.read(words: 0)
            if input.session.json { input.session.emitJSON { ok(&$0) } }
            return .quit
        })

    static let compact = CommandSpec(
        verb: "compact", usage: "compact", summary: "rewrite the store's snapshot now (the journal starts empty)",
        run: { (input) throws(ShellError) in
            _ = try input.read(words: 0)
            let session = input.session
            let store = try session.store()
            do throws(StoreError) {
                try store.compact()
            } catch {
                throw .store(error)
            }
            let state = store.state
            if session.json {
                session.emitJSON { ok(&$0) }
            } else {
                session.emit(
                    "compacted: \(state.liveCandidates.count) candidates, \(state.meetings.count) meetings; the journal is empty"
                )
            }
            return .next
        })

    static func ok(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        w.endObject()
    }
}

/// The text of `help`, from the command table.
enum HelpText {
    static func show(_ verb: String?, session: Session) {
        if let verb {
            guard let spec = CommandTable.lookup(verb) else {
                session.emit(
                    "no command \"\(SafeText.line(verb))\""
                        + (CommandTable.suggest(verb).map { "; did you mean \($0)?" } ?? ""))
                return
            }
            if session.json {
                session.emitJSON { w in describe(spec, into: &w) }
                return
            }
            session.emit(session.style.bold(spec.usage))
            session.emit("  " + spec.summary)
            if !spec.aliases.isEmpty { session.emit("  also: " + spec.aliases.joined(separator: ", ")) }
            if !spec.options.isEmpty {
                session.emit("  options: " + spec.options.map { $0.key + ":" }.joined(separator: " "))
            }
            if !spec.examples.isEmpty {
                session.emit("  examples:")
                for example in spec.examples { session.emit("    " + example) }
            }
            for line in spec.details { session.emit("  " + line) }
            return
        }
        if session.json {
            session.emitJSON { w in
                w.beginArray()
                for spec in CommandTable.all { describe(spec, into: &w) }
                w.endArray()
            }
            return
        }
        let width = CommandTable.all.map { DisplayWidth.of($0.verb) }.max() ?? 8
        session.emit("Commands (help VERB for usage and examples; a leading / is fine: /open ada):")
        for spec in CommandTable.all {
            session.emit("  " + session.style.bold(DisplayWidth.pad(spec.verb, to: width)) + "  " + spec.summary)
        }
        session.emit("REF: a handle, its unique prefix, or an email; in focus (open REF) it may be left out.")
        session.emit("WHEN: now, today, tomorrow 15:00, fri@9:30, 2026-12-01, 2026-12-01T09:30Z, +3d, -2h.")
    }

    private static func describe(_ spec: CommandSpec, into w: inout JSONWriter) {
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
