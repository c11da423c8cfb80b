import Conversation

/// The options of one command line, by key (a repeated filter keeps every value), parsed once:
/// vocabulary values in their canonical spelling, WHEN values as instants, durations as minutes.
struct Options {
    struct Value {
        let raw: String
        var when: WhenParser.Resolved?
        var number: Int?
    }
    private(set) var values: [String: [Value]] = [:]
    /// The options the command's spec declares (reading any other is a programming error,
    /// checked in debug builds: no set is built per command in release).
    let declared: [OptionSpec]

    init(declared: [OptionSpec]) { self.declared = declared }

    mutating func add(_ key: String, _ value: Value) { values[key, default: []].append(value) }

    private func check(_ key: OptionKey) {
        assert(declared.contains { $0.key == key.rawValue }, "option \(key.rawValue): is read but not in the spec")
    }

    func value(_ key: OptionKey) -> String? {
        check(key)
        return values[key.rawValue]?.last?.raw
    }
    /// The value, or nil when it is missing or only blanks.
    func nonBlank(_ key: OptionKey) -> String? {
        value(key).flatMap { $0.trimmingBlanks().isEmpty ? nil : $0 }
    }
    func all(_ key: OptionKey) -> [String] {
        check(key)
        return values[key.rawValue]?.map(\.raw) ?? []
    }
    func has(_ key: OptionKey) -> Bool {
        check(key)
        return values[key.rawValue] != nil
    }
    func when(_ key: OptionKey) -> WhenParser.Resolved? {
        check(key)
        return values[key.rawValue]?.last?.when
    }
    func number(_ key: OptionKey) -> Int? {
        check(key)
        return values[key.rawValue]?.last?.number
    }
    /// `force:yes`, `recommend:yes`.
    func yes(_ key: OptionKey) -> Bool { value(key) == "yes" }
    var isEmpty: Bool { values.isEmpty }
}

/// A command's view of its line: the tokens after the verb, read as its `CommandSpec` says
/// (README "How to add a command"). Positional counts, option keys and value kinds are checked
/// here, from the spec, never in the commands.
struct CommandInput {
    let session: Session
    let spec: CommandSpec
    var tokens: Tokenizer
    /// `--json` written after the command's words: this command's result as JSON.
    var json = false
    /// The text of a here-document (`note ada <<END` … `END`), taken instead of the line's rest.
    var hereText: String?

    var verb: String { spec.verb }

    /// `--json` and `--help` as the first words after the verb (every command; for free-text
    /// commands only there, so that a text may say "--json"). Returns true for `--help`.
    mutating func takeLeadingFlags() -> Bool {
        while true {
            var lookahead = tokens
            guard let token = try? lookahead.next(), !token.wholeQuoted else { return false }
            switch token.value {
            case "--json": json = true
            case "--help": return true
            default: return false
            }
            tokens = lookahead
        }
    }

    /// Whether an unquoted `--json` and `--help` are among the words (one pass; commands
    /// with a free text: only as the first word, so that a text may say them).
    func scanFlags() -> (json: Bool, help: Bool) {
        var copy = tokens
        var found = (json: false, help: false)
        while let token = try? copy.next() {
            if !token.wholeQuoted {
                if token.value == "--json" { found.json = true }
                if token.value == "--help" { found.help = true }
            }
            if spec.takesText { break }
        }
        return found
    }

    /// Reads everything left as positional words and `key:value` options (commands without a
    /// free text), and checks the number of words against the spec's positionals.
    mutating func read() throws(ShellError) -> (words: [String], options: Options) {
        var words: [String] = []
        var options = Options(declared: spec.options)
        while let token = try tokens.next() {
            if let key = token.key {
                try addOption(key, token.optionValue ?? "", to: &options)
            } else if token.value == "--json", !token.wholeQuoted {
                json = true
            } else {
                words.append(token.value)
            }
        }
        let takesRest = spec.positionals.last?.rest == true
        if words.count < spec.requiredCount {
            let missing = spec.positionals.filter { !$0.optional }[words.count]
            throw .missingArgument(what: missing.what, usage: spec.usage)
        }
        if !takesRest, words.count > spec.positionals.count {
            throw .unexpectedArgument(words[spec.positionals.count], usage: spec.usage)
        }
        return (words, options)
    }

    private func addOption(_ key: String, _ raw: String, to options: inout Options) throws(ShellError) {
        guard let option = spec.option(key) else {
            throw .unknownOption(key: key, verb: verb, suggestion: Suggestion.closest(to: key, among: spec.optionKeys))
        }
        if options.values[key] != nil, !option.repeatable { throw .repeatedOption(key: key) }
        var value = Options.Value(raw: try option.kind.check(raw, key: key))
        switch option.kind {
        case .when:
            if let rule = option.when, !raw.isEmpty {
                value.when = try when(raw, key: key, direction: rule.direction, day: rule.day)
            }
        case .duration:
            value.number = try duration(raw, key: key)
        case .number:
            guard let n = Int(raw), n > 0 else {
                throw .badValue(key: key, value: SafeText.line(raw), expected: "a positive number")
            }
            value.number = n
        case .rating:
            guard let n = Int(raw), (1...5).contains(n) else {
                throw .badValue(key: key, value: SafeText.line(raw), expected: "a rating is 1 to 5")
            }
            value.number = n
        default: break
        }
        options.add(key, value)
    }

    /// Free-text commands: the options written before the text, then the text exactly as typed.
    /// A leading word that looks like an unknown option close to a known one (`vai:phone`) is an
    /// error; anything else that is not a known option starts the text (`Re: your mail`).
    ///
    /// `composing`: for a command whose text is required, the editor template's comment lines
    /// (who the text is about, what kind it is), built from the options read; it may throw (no
    /// such candidate) before any editor opens. Interactively, a text left out is then written
    /// in `$EDITOR` (SPEC §5); an empty one there is `.nothingLogged`. In batch mode, and for
    /// optional texts (`ask`, `feedback`, `done` pass nil), a missing text stays missing.
    mutating func optionsThenText(composing: ((Options) throws(ShellError) -> [String])? = nil) throws(ShellError)
        -> (options: Options, text: String?)
    {
        var options = Options(declared: spec.options)
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
        let rest = tokens.restAsText()
        if let composing, hereText == nil, (rest ?? "").isEmpty, session.canCompose {
            let comments = try composing(options)
            guard let text = try session.composeText(initial: "", comments: comments) else { throw .nothingLogged }
            return (options, text)
        }
        guard let hereText else { return (options, rest) }
        // Words before `<<WORD` start the text; the here-document's lines follow them.
        return (options, rest.map { $0 + "\n" + hereText } ?? hereText)
    }

    /// The next word (not an option), for commands whose leading arguments come before a text.
    mutating func word(_ argument: ArgumentSpec) throws(ShellError) -> String {
        guard let token = try tokens.next(), !token.isOption, !token.value.isEmpty else {
            throw .missingArgument(what: argument.what, usage: spec.usage)
        }
        return token.value
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
    /// exactly a handle or an email; without one, it must name a candidate. A first word that
    /// is a prefix of another handle while in focus is refused: the user must see where the
    /// text would go (README "Focus").
    mutating func candidateBeforeText(in state: State) throws(ShellError) -> Int32 {
        var lookahead = tokens
        if let token = try? lookahead.next(), !token.isOption, !token.value.isEmpty {
            if let focus = session.focus {
                let exact =
                    state.candidateIndex(handle: token.value)
                    ?? (token.value.contains("@") ? state.candidateIndex(email: token.value) : nil)
                if let exact {
                    tokens = lookahead
                    return exact
                }
                if token.value.count >= 3, token.value == token.value.lowercased(), token.value != focus,
                    case .found(let k) = state.resolve(token.value),
                    state.candidates[Int(k)].handle != focus
                {
                    let other = state.candidates[Int(k)].handle
                    throw .refused(
                        "\"\(SafeText.line(token.value))\" is short for \(other), but \(focus) is open: "
                            + "write \(verb) \(other) … for \(other), or \(verb) \(focus) … to keep it on \(focus)")
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

    /// A point in time, read for this verb's direction.
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
