import Conversation

/// Tab completion from the command table: verbs, option keys, vocabulary values (stages,
/// sources, channels …), handles and meeting ids.
struct Completer {
    /// Handles and scheduled meeting ids, asked for only when needed.
    let handles: () -> [String]
    let meetingIDs: () -> [Int32]

    /// The words that could complete the last word of `line` (the text before the cursor), each
    /// as the whole word; a trailing ":" marks an option key.
    func candidates(for line: String) -> (word: String, matches: [String]) {
        let (words, current) = split(line)
        guard let verbWord = words.first else {
            let prefix = current.hasPrefix("/") ? "/" : ""
            let typed = String(current.dropFirst(prefix.count))
            return (
                current, CommandTable.verbs.filter { $0.hasPrefix(typed) && $0.count > 1 }.map { prefix + $0 }.sorted()
            )
        }
        var verb = verbWord
        if verb.hasPrefix("/") { verb.removeFirst() }
        guard let spec = CommandTable.lookup(verb) else { return (current, []) }
        if let colon = current.firstIndex(of: ":") {
            let key = String(current[..<colon])
            let typed = String(current[current.index(after: colon)...])
            guard let option = spec.option(key) else { return (current, []) }
            return (current, values(of: option.kind).filter { $0.hasPrefix(typed) }.map { key + ":" + $0 })
        }
        var matches: [String] = []
        let positional = words.dropFirst().filter { !$0.contains(":") }.count
        if positional < spec.arguments.count {
            matches += values(of: spec.arguments[positional])
        } else if spec.arguments.last == .handle, positional == 0 {
            matches += handles()
        }
        if ["done", "cancel", "move"].contains(spec.verb), positional == 0 {
            matches += meetingIDs().map { "#\($0)" }
        }
        matches = matches.filter { $0.hasPrefix(current) }
        matches += spec.optionKeys.map { $0 + ":" }.filter { $0.hasPrefix(current) }
        return (current, matches)
    }

    private func values(of kind: ValueKind) -> [String] {
        switch kind {
        case .handle: handles()
        case .id: meetingIDs().map { "#\($0)" }
        default: kind.words
        }
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
}
