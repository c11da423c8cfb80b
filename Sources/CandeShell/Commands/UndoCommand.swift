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
/// `forget #ID`: erases one entry the same way.
enum ForgetCommand {
    static let spec = CommandSpec(
        verb: "forget", usage: "forget REF | forget #ID",
        summary:
            "erase a candidate's personal data, or one entry, everywhere in the store (asks to confirm; --yes in scripts)",
        examples: ["forget ada", "forget #41"],
        positionals: [ArgumentSpec(what: "a candidate or an entry id like #41", kind: .handle)], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let session = input.session
        if EntryCorrection.isEntryID(words[0]) {
            return try forgetEntry(CommandInput.entryID(words[0]), session: session)
        }
        let state = try session.state()
        let k = try session.resolve(words[0], in: state)
        let candidate = state.candidates[Int(k)]
        let question =
            "Erase \(SafeText.line(candidate.name)) (\(candidate.handle)) and all their data from every file of the store? This cannot be undone."
        return erasing(question, session: session) { (store) throws(StoreError) in
            try store.forget(handle: candidate.handle)
            if session.focus == candidate.handle { session.focus = nil }
            return Done(
                lines: ["forgot \(candidate.handle): their data is erased from every file of the store"],
                fields: [("handle", .string(candidate.handle)), ("forgotten", .bool(true))])
        }
    }

    /// Asks `question` (`--yes` in scripts), then erases with `erase`.
    static func erasing(
        _ question: String, session: Session, _ erase: @escaping (ConversationStore) throws(StoreError) -> Done
    ) -> Question {
        Question(prompt: question) { (yes) throws(ShellError) in
            guard yes else {
                throw .refused(
                    session.settings.interactive ? "not forgotten" : "forget needs confirmation: run it with --yes")
            }
            let store = try session.store()
            do throws(StoreError) {
                return try ProgressLine.phases(of: store, "forgetting", session: session) { () throws(StoreError) in
                    try erase(store)
                }
            } catch {
                throw ShellError.from(error)
            }
        }
    }
}

extension ForgetCommand {
    /// `forget #ID`: one message, note, ask, feedback or correction, with its corrections.
    static func forgetEntry(_ id: Int32, session: Session) throws(ShellError) -> any CommandResult {
        let state = try session.state(timeline: true)
        let entry = try EntryCorrection.loggedEntry(id, in: state, meeting: "cancel it, or forget the candidate")
        guard entry.isCorrectable || entry.kind == .correction else {
            throw .store(.rejected(.notErasable(id, entry.kind)))
        }
        let handle = state.candidates[Int(entry.candidate)].handle
        let corrections = state.corrections(of: id).count
        let with =
            corrections == 0 ? "" : corrections == 1 ? " and its correction" : " and its \(corrections) corrections"
        let question =
            "Erase \(entry.kind.name) #\(id) on \(handle)\(with) from every file of the store? This cannot be undone."
        return erasing(question, session: session) { (store) throws(StoreError) in
            try store.forget(entry: id)
            return Done(
                lines: ["forgot #\(id) (\(entry.kind.name) on \(handle))\(with): erased from every file of the store"],
                fields: [("id", .int(Int64(id))), ("handle", .string(handle)), ("forgotten", .bool(true))])
        }
    }
}
