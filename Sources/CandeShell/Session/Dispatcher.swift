import Conversation

/// Runs one command line: finds the verb in the table and hands it the rest.
enum Dispatcher {
    /// True for lines that are not commands: blank, or a `#` comment.
    static func isSilent(_ line: String) -> Bool {
        let trimmed = line.trimmingBlanks()
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    static func execute(_ line: String, session: Session) throws(ShellError) -> Flow {
        session.commandJSON = false
        var trimmed = Substring(line)
        while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
        if trimmed.hasPrefix("/") { trimmed.removeFirst() }
        // `<` and `>` need no blank after them: `<Hi there` is `< Hi there`.
        if let first = trimmed.first, first == "<" || first == ">" {
            let spec = CommandTable.lookup(String(first))!
            var input = CommandInput(session: session, spec: spec, tokens: Tokenizer(String(trimmed.dropFirst())))
            return try session.failingOnDamage { () throws(ShellError) in try spec.run(&input) }
        }
        var tokens = Tokenizer(String(trimmed))
        guard let first = try tokens.next() else { return .next }
        guard let spec = CommandTable.lookup(first.value) else {
            throw .unknownVerb(SafeText.line(first.value), suggestion: CommandTable.suggest(first.value))
        }
        var input = CommandInput(session: session, spec: spec, tokens: tokens)
        return try session.failingOnDamage { () throws(ShellError) in try spec.run(&input) }
    }
}
