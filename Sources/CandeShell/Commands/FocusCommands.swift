import Conversation
import Store

/// `open REF` and `close`: the focus the prompt shows and commands default to.
enum FocusCommands {
    static let open = CommandSpec(
        verb: "open", usage: "open REF", summary: "focus a candidate (REF may then be left out)",
        examples: ["open ada", "open ada@example.org"], positionals: [.ref],
        run: { (input) throws(ShellError) in
            let (words, _) = try input.read()
            let word = words[0]
            let session = input.session
            let state = try session.state()
            let k = try session.resolve(word, in: state)
            let c = state.candidates[Int(k)]
            session.focus = c.handle
            let parts = [c.name, c.role, c.stage.name, c.status == .active ? nil : c.status.name].compactMap { $0 }
            return Done(
                lines: [session.style.bold(c.handle) + " · " + SafeText.line(parts.joined(separator: " · "))],
                fields: [("focus", .string(c.handle))])
        })

    static let close = CommandSpec(
        verb: "close", usage: "close", summary: "leave the focus",
        run: { (input) throws(ShellError) in
            _ = try input.read()
            input.session.focus = nil
            return Done(fields: [("focus", .string(nil))])
        })
}
