import Conversation

/// Tab completion from the command table: verbs, option keys, vocabulary values (stages,
/// sources, channels …), handles, users and meeting ids. What a word can be comes only from the
/// command's spec: the kinds of its positional arguments and of its options.
struct Completer {
    /// Handles, scheduled meeting ids and the users the store knows, asked for only when needed,
    /// each in the order the listing shows them.
    let handles: () -> [String]
    let meetingIDs: () -> [Int32]
    let users: () -> [String]

    /// The words that could complete the last word of `line` (the text before the cursor), each
    /// as the whole word, each once; a trailing ":" marks an option key.
    func candidates(for line: String) -> (word: String, matches: [String]) {
        let (words, current) = split(line)
        guard let verbWord = words.first else {
            let prefix = current.hasPrefix("/") ? "/" : ""
            let typed = String(current.dropFirst(prefix.count))
            return (current, Self.verbs(startingWith: typed).map { prefix + $0 })
        }
        var verb = verbWord
        if verb.hasPrefix("/") { verb.removeFirst() }
        guard let spec = CommandTable.lookup(verb) else { return (current, []) }
        if let colon = current.firstIndex(of: ":") {
            let key = String(current[..<colon])
            let typed = String(current[current.index(after: colon)...])
            guard let option = spec.option(key) else { return (current, []) }
            var values = values(of: option.kind, startingWith: typed)
            // `report by:week` groups by week (README "The charts").
            if spec.verb == "report", key == "by", "week".hasPrefix(typed) { values.insert("week", at: 0) }
            return (current, Self.unique(values.map { key + ":" + $0 }))
        }
        var matches: [String] = []
        let positional = words.dropFirst().filter { !$0.contains(":") }.count
        if positional < spec.positionals.count {
            matches += values(of: spec.positionals[positional].kind, startingWith: current)
            // An optional argument may be left out (`stage [REF] STAGE`): the next one fits too.
            if spec.positionals[positional].optional, positional + 1 < spec.positionals.count {
                matches += values(of: spec.positionals[positional + 1].kind, startingWith: current)
            }
        }
        matches += spec.optionKeys.map { $0 + ":" }.filter { $0.hasPrefix(current) }
        return (current, Self.unique(matches))
    }

    /// The values of `kind` that start with `typed`.
    private func values(of kind: ValueKind, startingWith typed: String) -> [String] {
        let all: [String]
        switch kind {
        case .verb: return Self.verbs(startingWith: typed)
        case .handle: all = handles()
        case .user: all = users().map(Self.quotedIfNeeded)
        case .id:
            // An id is `#17` or `17` (SPEC §4): offered the way the user began it, `#` by default.
            let bare = !typed.isEmpty && typed.allSatisfy { $0.isASCII && $0.isNumber }
            all = meetingIDs().map { bare ? "\($0)" : "#\($0)" }
        default: all = kind.words
        }
        return all.filter { $0.hasPrefix(typed) }
    }

    /// Verbs and aliases that start with `typed`, sorted (the one-character `<` and `>` left out).
    private static func verbs(startingWith typed: String) -> [String] {
        unique(CommandTable.verbs.filter { $0.hasPrefix(typed) && $0.count > 1 }.sorted())
    }

    /// A value as one word of a command line: in double quotes if it has blanks or quotes.
    private static func quotedIfNeeded(_ value: String) -> String {
        guard value.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "\\" }) else {
            return value
        }
        return "\"" + value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    /// `words` without repeats, in their order.
    private static func unique(_ words: [String]) -> [String] {
        var seen: Set<String> = []
        return words.filter { seen.insert($0).inserted }
    }

    /// The finished words before the cursor and the word being typed (quotes are not completed).
    private func split(_ line: String) -> (words: [String], current: String) {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil }
                current.append(ch)
            } else if ch == "\"" || ch == "'" {
                quote = ch
                current.append(ch)
            } else if ch == " " || ch == "\t" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        return (words, current)
    }

    /// The longest prefix all `matches` share.
    static func commonPrefix(_ matches: [String]) -> String {
        guard var prefix = matches.first else { return "" }
        for match in matches.dropFirst() {
            while !match.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// `items` laid out for a terminal `width` columns wide, as readline lists completions: in
    /// as many columns as fit (leaving the last terminal column free), sorted down the columns,
    /// two blanks between columns, widths as the terminal shows them, no trailing blanks.
    static func columns(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let widths = items.map { DisplayWidth.of($0) }
        let cell = (widths.max() ?? 0) + 2
        let fitting = max(1, min(items.count, (width + 1) / cell))
        let rows = (items.count + fitting - 1) / fitting
        let columns = (items.count + rows - 1) / rows
        return (0..<rows).map { row in
            var line = ""
            for column in 0..<columns {
                let k = column * rows + row
                guard k < items.count else { break }
                if column > 0 { line += String(repeating: " ", count: cell - widths[k - rows]) }
                line += items[k]
            }
            return line
        }
    }
}
