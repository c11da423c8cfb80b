import Conversation

/// Runs one command line (README "Architecture"): the language layer reads the verb and the
/// flags after it, the command returns a result, a question is asked (or answered by `--yes`),
/// and the renderer writes the result as text or as the command's one JSON document.
enum Dispatcher {
    /// True for lines that are not commands: blank, or a `#` comment.
    static func isSilent(_ line: String) -> Bool {
        let trimmed = line.trimmingBlanks()
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// `hereText`: the lines of a here-document, for the free text (README "The command language").
    static func execute(_ line: String, session: Session, hereText: String? = nil) throws(ShellError) -> Flow {
        session.diagnostics.commandJSON = false
        var trimmed = Substring(line)
        while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
        if trimmed.hasPrefix("/") { trimmed.removeFirst() }
        var input: CommandInput
        // `<` and `>` need no blank after them: `<Hi there` is `< Hi there`.
        if let first = trimmed.first, first == "<" || first == ">" {
            let spec = CommandTable.lookup(String(first))!
            input = CommandInput(session: session, spec: spec, tokens: Tokenizer(String(trimmed.dropFirst())))
        } else {
            var tokens = Tokenizer(String(trimmed))
            guard let first = try tokens.next() else { return .next }
            guard let spec = CommandTable.lookup(first.value) else {
                throw .unknownVerb(SafeText.line(first.value), suggestion: CommandTable.suggest(first.value))
            }
            input = CommandInput(session: session, spec: spec, tokens: tokens)
        }
        // `--json` anywhere among the words makes this command's errors JSON too, whatever
        // fails first.
        input.hereText = hereText
        let flags = input.scanFlags()
        session.diagnostics.commandJSON = flags.json
        // `VERB --help` shows help, whatever the verb; it never runs the command.
        if input.takeLeadingFlags() || flags.help {
            Renderer.render(CommandHelp(spec: input.spec), json: session.settings.json || input.json, session: session)
            return .next
        }
        if session.groupCommits, input.spec.mayWrite { session.beginGroup() }
        let result = try session.failingOnDamage { () throws(ShellError) in try input.spec.run(&input) }
        return try deliver(result, json: session.settings.json || input.json, session: session)
    }

    /// Asks a result's question (if it is one), then renders what it came to.
    private static func deliver(
        _ result: any CommandResult, json: Bool, session: Session, skipping: Int = 0
    ) throws(ShellError) -> Flow {
        if let question = result as? Question {
            var skipping = 0
            if !json, let shown = question.shown {
                skipping = Renderer.render(shown, json: false, session: session)
            }
            let yes = session.confirm(question.prompt)
            let answered = try session.failingOnDamage { () throws(ShellError) in try question.answer(yes) }
            return try deliver(answered, json: json, session: session, skipping: skipping)
        }
        // Results read the store as they render (a candidate's line is decoded when shown): if
        // that met damage, what was rendered is dropped and the command fails.
        let mark = session.out.pending.count
        Renderer.render(result, json: json, session: session, skipping: skipping)
        do {
            try session.checkReads()
        } catch {
            let printed = session.out.take()
            if printed.count >= mark { session.out.bytes(Array(printed[..<mark])) }
            throw error
        }
        return result is Quit ? .quit : .next
    }
}
