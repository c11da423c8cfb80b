import Conversation
import Store

/// `undo`: reverts the current user's latest change (repeatable). The journal keeps both records.
enum UndoCommand {
    static let spec = CommandSpec(
        verb: "undo", usage: "undo [#SEQ]",
        summary: "revert your latest change that can be (repeatable; others' changes are never undone)",
        examples: ["undo", "undo #57"],
        positionals: [ArgumentSpec(what: "a change number", kind: .number, optional: true)],
        details: [
            "A change someone else has built on since (they changed the same value) cannot be",
            "  undone; undo passes over it to your next older change and says which it skipped.",
            "undo #SEQ undoes that one change of yours (its number is in undo's answer and in",
            "  every --json answer as \"seq\").",
        ],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let named = try words.first.map { (word) throws(ShellError) -> Int64 in
            let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
            guard let seq = Int64(digits), seq > 0 else { throw .badID(word) }
            return seq
        }
        let session = input.session
        var target: UndoItem?
        var skipped: [UndoPlan.Skipped] = []
        let record = try session.commit { state in
            if let named {
                target = try state.undoable(seq: named, by: session.user)
            } else {
                let plan = try state.undoTarget(by: session.user)
                target = plan.target
                skipped = plan.skipped
            }
            return .undo(target: target!.seq)
        }
        let what = target?.summary ?? ""
        var lines = ["undid " + SafeText.line(what)]
        for skip in skipped {
            lines.append("  skipped #\(skip.item.seq) " + SafeText.line(skip.summary))
        }
        return Changed(record, handle: nil, lines) { w in
            w.field("undone", target?.seq ?? 0)
            w.field("what", what)
            w.key("skipped")
            w.beginArray()
            for skip in skipped {
                w.beginObject()
                w.field("seq", skip.item.seq)
                w.field("what", skip.item.summary)
                w.field("why", skip.why)
                w.endObject()
            }
            w.endArray()
        }
    }
}

/// `forget REF`: erases a candidate's personal data from every file of the store (asks first).
enum ForgetCommand {
    static let spec = CommandSpec(
        verb: "forget", usage: "forget REF",
        summary: "erase a candidate's personal data everywhere in the store (asks to confirm; --yes in scripts)",
        examples: ["forget ada"], positionals: [.ref], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let session = input.session
        let state = try session.state()
        let k = try session.resolve(words[0], in: state)
        let candidate = state.candidates[Int(k)]
        let question =
            "Erase \(SafeText.line(candidate.name)) (\(candidate.handle)) and all their data from every file of the store? This cannot be undone."
        return Question(prompt: question) { (yes) throws(ShellError) in
            guard yes else {
                throw .refused(
                    session.settings.interactive ? "not forgotten" : "forget needs confirmation: run it with --yes")
            }
            let store = try session.store()
            do throws(StoreError) {
                try store.forget(handle: candidate.handle)
            } catch {
                throw ShellError.from(error)
            }
            if session.focus == candidate.handle { session.focus = nil }
            return Done(
                lines: ["forgot \(candidate.handle): their data is erased from every file of the store"],
                fields: [("handle", .string(candidate.handle)), ("forgotten", .bool(true))])
        }
    }
}
