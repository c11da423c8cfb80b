import Conversation
import Store

/// `help`, `quit`/`exit`, `compact`, `init`.
enum SystemCommands {
    static let help = CommandSpec(
        verb: "help", usage: "help [VERB]", summary: "list every command, or show one's usage and examples",
        examples: ["help", "help talk"], positionals: [ArgumentSpec(what: "a command", kind: .verb, optional: true)],
        run: { (input) throws(ShellError) in
            let (words, _) = try input.read()
            guard let verb = words.first else { return HelpList() }
            guard let spec = CommandTable.lookup(verb) else {
                throw .unknownVerb(SafeText.line(verb), suggestion: CommandTable.suggest(verb))
            }
            return CommandHelp(spec: spec)
        })

    static let quit = CommandSpec(
        verb: "quit", aliases: ["exit"], usage: "quit", summary: "leave the shell (Ctrl-D does too)",
        run: { (input) throws(ShellError) in
            _ = try input.read()
            return Quit()
        })

    static let compact = CommandSpec(
        verb: "compact", usage: "compact", summary: "rewrite the store in its compact form now",
        run: { (input) throws(ShellError) in
            _ = try input.read()
            guard let store = try input.session.store() as? CompactingStore else {
                throw .refused("this store keeps itself compact: nothing to do")
            }
            do throws(StoreError) {
                try ProgressLine.phases(of: store, "compacting", session: input.session) { () throws(StoreError) in
                    try store.compact()
                }
            } catch {
                throw .store(error)
            }
            let state = store.state
            return Done(lines: [
                "compacted: \(state.liveCandidates.count) candidates, \(state.meetings.count) meetings"
            ])
        })

    static let initStore = CommandSpec(
        verb: "init", usage: "init [URL|PATH]",
        summary: "create a store: a team store's schema on PostgreSQL, or a file store's directory",
        examples: ["init postgres://rita@db.example.org/recruiting", "init"],
        positionals: [ArgumentSpec(what: "where", kind: .text, optional: true)],
        run: { (input) throws(ShellError) in
            let (words, _) = try input.read()
            let address = words.first ?? input.session.settings.storePath
            do throws(StoreError) {
                return Done(lines: [try StoreOpener.create(address)])
            } catch {
                throw .store(error)
            }
        })
}
