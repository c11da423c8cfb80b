import Conversation
import Store

/// `open REF` and `close`: the focus the prompt shows and commands default to.
enum FocusCommands {
    static let open = CommandSpec(
        verb: "open", usage: "open REF", summary: "focus a candidate (REF may then be left out)",
        examples: ["open ada", "open ada@example.org"], arguments: [.handle],
        run: { (input) throws(ShellError) in
            let (words, _) = try input.read(words: 1)
            guard let word = words.first else { throw .missingArgument(what: "a candidate", usage: "open REF") }
            let session = input.session
            let state = try session.state()
            let k = try session.resolve(word, in: state)
            let c = state.candidates[Int(k)]
            session.focus = c.handle
            if session.json {
                session.emitJSON { w in
                    w.beginObject()
                    w.field("ok", true)
                    w.field("focus", c.handle)
                    w.endObject()
                }
            } else {
                let parts = [c.name, c.role, c.stage.name, c.status == .active ? nil : c.status.name].compactMap { $0 }
                session.emit(session.style.bold(c.handle) + " · " + SafeText.line(parts.joined(separator: " · ")))
            }
            return .next
        })

    static let close = CommandSpec(
        verb: "close", usage: "close", summary: "leave the focus",
        run: { (input) throws(ShellError) in
            _ = try input.read(words: 0)
            let session = input.session
            session.focus = nil
            if session.json {
                session.emitJSON { w in
                    w.beginObject()
                    w.field("ok", true)
                    w.key("focus")
                    w.null()
                    w.endObject()
                }
            }
            return .next
        })
}
