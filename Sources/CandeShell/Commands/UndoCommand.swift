import Conversation
import Store

/// `undo`: reverts the current user's latest change (repeatable). The journal keeps both records.
enum UndoCommand {
    static let spec = CommandSpec(
        verb: "undo", usage: "undo",
        summary: "revert your latest change (repeatable; others' changes are never undone)",
        examples: ["undo"], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        _ = try input.read(words: 0)
        let session = input.session
        var what = ""
        var target: Int64 = 0
        let record = try session.commit { state in
            guard let item = state.latestUndoable(by: session.user) else {
                throw ChangeError.nothingToUndo(user: session.user)
            }
            what = item.summary
            target = item.seq
            return .undo(target: item.seq)
        }
        if session.json {
            session.emitJSON { w in
                w.beginObject()
                w.field("ok", true)
                w.field("undone", target)
                w.field("what", what)
                w.field("seq", record.seq)
                w.endObject()
            }
        } else {
            session.emit("undid " + SafeText.line(what))
        }
        return .next
    }
}

/// `forget REF`: erases a candidate's personal data from every file of the store (asks first).
enum ForgetCommand {
    static let spec = CommandSpec(
        verb: "forget", usage: "forget REF",
        summary: "erase a candidate's personal data everywhere in the store (asks to confirm; --yes in scripts)",
        examples: ["forget ada"], arguments: [.handle], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, _) = try input.read(words: 1)
        guard let word = words.first else { throw .missingArgument(what: "a candidate", usage: spec.usage) }
        let session = input.session
        let state = try session.state()
        let k = try session.resolve(word, in: state)
        let candidate = state.candidates[Int(k)]
        let question =
            "Erase \(SafeText.line(candidate.name)) (\(candidate.handle)) and all their data from every file of the store? This cannot be undone."
        guard session.confirm(question) else {
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
        if session.json {
            session.emitJSON { w in
                w.beginObject()
                w.field("ok", true)
                w.field("handle", candidate.handle)
                w.field("forgotten", true)
                w.endObject()
            }
        } else {
            session.emit("forgot \(candidate.handle): their data is erased from every file of the store")
        }
        return .next
    }
}
