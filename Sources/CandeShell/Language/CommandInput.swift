import Conversation

/// The options of one command line, by key (a repeated filter keeps every value).
struct Options {
    private(set) var values: [String: [String]] = [:]

    mutating func add(_ key: String, _ value: String) { values[key, default: []].append(value) }

    func value(_ key: String) -> String? { values[key]?.last }
    func all(_ key: String) -> [String] { values[key] ?? [] }
    func has(_ key: String) -> Bool { values[key] != nil }
    var isEmpty: Bool { values.isEmpty }
}

/// A command's view of its line: the tokens after the verb, read as the command needs them.
struct CommandInput {
    let session: Session
    let spec: CommandSpec
    var tokens: Tokenizer

    var verb: String { spec.verb }

    /// Reads everything left as positional words and `key:value` options (commands without a
    /// free text). Unknown option keys are errors.
    mutating func readAll() throws(ShellError) -> (words: [String], options: Options) {
        var words: [String] = []
        var options = Options()
        while let token = try tokens.next() {
            if let key = token.key {
                try addOption(key, token.optionValue ?? "", to: &options)
            } else if token.value == "--json", !token.wholeQuoted {
                // `report --json`: JSON for this one command, as if cande ran with --json.
                session.commandJSON = true
            } else {
                words.append(token.value)
            }
        }
        return (words, options)
    }

    /// Like `readAll`, but with at most `limit` words.
    mutating func read(words limit: Int) throws(ShellError) -> (words: [String], options: Options) {
        let (words, options) = try readAll()
        if words.count > limit { throw .unexpectedArgument(words[limit], usage: spec.usage) }
        return (words, options)
    }

    private func addOption(_ key: String, _ value: String, to options: inout Options) throws(ShellError) {
        guard let option = spec.option(key) else {
            throw .unknownOption(key: key, verb: verb, suggestion: Suggestion.closest(to: key, among: spec.optionKeys))
        }
        if options.has(key), !option.repeatable { throw .repeatedOption(key: key) }
        options.add(key, try option.kind.check(value, key: key))
    }

    /// Free-text commands: the options written before the text, then the text exactly as typed.
    /// A leading word that looks like an unknown option close to a known one (`vai:phone`) is an
    /// error; anything else that is not a known option starts the text (`Re: your mail`).
    mutating func optionsThenText() throws(ShellError) -> (options: Options, text: String?) {
        var options = Options()
        while true {
            var lookahead = tokens
            let token: Tokenizer.Token?
            do {
                token = try lookahead.next()
            } catch {
                // An unbalanced quote inside a known option is an error; inside the text it is text.
                if let key = leadingKey(), spec.option(key) != nil { throw error }
                break
            }
            guard let token, let key = token.key, let value = token.optionValue, !value.isEmpty else { break }
            if spec.option(key) == nil {
                if let guess = Suggestion.closest(to: key, among: spec.optionKeys) {
                    throw .unknownOption(key: key, verb: verb, suggestion: guess)
                }
                break
            }
            try addOption(key, value, to: &options)
            tokens = lookahead
        }
        return (options, tokens.restAsText())
    }

    /// The `key` of a `key:` at the current position, if the line continues with one.
    private func leadingKey() -> String? {
        var copy = tokens
        copy.skipBlanks()
        let rest = copy.line[copy.position...]
        guard let colon = rest.firstIndex(of: 0x3A) else { return nil }
        let key = rest[rest.startIndex..<colon]
        guard !key.isEmpty, key.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) else { return nil }
        return String(decoding: key, as: UTF8.self)
    }

    /// For commands whose candidate may be left out in focus and that take a free text
    /// (`note [REF] TEXT`): with a focus, the first word names another candidate only if it is
    /// exactly a handle or an email; without one, it must name a candidate.
    mutating func candidateBeforeText(in state: State) throws(ShellError) -> Int32 {
        var lookahead = tokens
        if let token = try? lookahead.next(), !token.isOption, !token.value.isEmpty {
            if session.focus != nil {
                let exact =
                    state.candidateIndex(handle: token.value)
                    ?? (token.value.contains("@") ? state.candidateIndex(email: token.value) : nil)
                if let exact {
                    tokens = lookahead
                    return exact
                }
            } else {
                tokens = lookahead
                return try session.resolve(token.value, in: state)
            }
        }
        return try session.focused(in: state, verb: verb)
    }

    /// The candidate named by `word`, or the focused one when there is no word.
    func candidate(_ word: String?, in state: State) throws(ShellError) -> Int32 {
        if let word { return try session.resolve(word, in: state) }
        return try session.focused(in: state, verb: verb)
    }

    /// Records one change about the candidate `word` names (or the focused one), resolved against
    /// the fresh state under the write lock; `build` gets that state, the candidate and its handle.
    func commit(about word: String?, _ build: (State, Int32, String) throws -> Change) throws(ShellError) -> (
        record: Record, handle: String
    ) {
        var handle = ""
        let record = try session.commit { state in
            let k = try candidate(word, in: state)
            handle = state.candidates[Int(k)].handle
            return try build(state, k, handle)
        }
        return (record, handle)
    }

    /// A point in time from an option, read for this verb's direction.
    func when(_ text: String, key: String, direction: WhenParser.Direction, day: WhenParser.DayPolicy = .startOfDay)
        throws(ShellError) -> WhenParser.Resolved
    {
        do {
            return try WhenParser(now: session.now(), zone: session.zone).parse(
                text, direction: direction, dayPolicy: day)
        } catch {
            throw .badWhen(key: key, error)
        }
    }

    func duration(_ text: String, key: String) throws(ShellError) -> Int {
        do {
            return try DurationParser.minutes(text)
        } catch {
            throw .badWhen(key: key, error)
        }
    }

    /// `#17` or `17`.
    static func entryID(_ text: String) throws(ShellError) -> Int32 {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int32(digits), id > 0 else {
            throw .badID(text)
        }
        return id
    }
}
