import Conversation
import Store

/// `find TEXT [FILTER…]`: case-folded search of messages, notes, asks and feedback.
enum FindCommand {
    static let spec = CommandSpec(
        verb: "find", usage: "find [TEXT] [FILTER…]",
        summary: "search messages, notes and feedback (ignoring case), each match shown in context",
        examples: [
            "find offer", "find \"another offer\" since:30d dir:in", "find müller kind:note", "find kind:note since:7d",
            "find by:maria since:today",
        ],
        options: OptionSpec.filters,
        positionals: [ArgumentSpec(what: "the text to find", kind: .text, optional: true, rest: true)], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let query = words.joined(separator: " ")
        let filter = FilterReader.filter(options)
        guard !query.trimmingBlanks().isEmpty || filter != Filter() else {
            throw .missingArgument(what: "the text to find, or a filter", usage: spec.usage)
        }
        let session = input.session
        let store = try session.store()
        func selected(_ e: Entry, in state: State) -> Bool {
            !e.removed && filter.matches(state.candidates[Int(e.candidate)])
                && (!filter.constrainsEntries || filter.matches(e, author: state.user(e.by)))
        }
        // Without a text, the team's feed: every entry the filters select, across candidates.
        let state: State
        let found: [Entry]
        if query.trimmingBlanks().isEmpty {
            state = try session.state(timeline: true)
            found = state.entries.filter { selected($0, in: state) }
        } else if let (searched, hits) = try session.searchWithoutTimeline(query) {
            state = searched
            found = hits.filter { selected($0, in: state) }
        } else {
            state = try session.state(timeline: true)
            found = session.searchIndex(for: state, store: store).search(query).map { state.entries[Int($0)] }
                .filter { selected($0, in: state) }
        }
        // By time, oldest first (newest last), as a transcript reads; ids break ties.
        let hits = found.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        return FindHits(query: query, hits: hits, state: state, texts: store.texts)
    }
}

/// The part of a text around a match, with the match highlighted and everything else made safe.
/// The match is found as `find` finds it: case folded (utf8proc), so `straße` marks "STRASSE".
enum MatchContext {
    static func excerpt(_ text: String, query: String, style: Style, around: Int = 36) -> String {
        let characters = Array(text)
        // Each folded character remembers the character of the text it came from.
        var folded: [Character] = []
        var owner: [Int] = []
        for (i, ch) in characters.enumerated() {
            for f in UnicodeText.caseFold(String(ch)) {
                folded.append(f)
                owner.append(i)
            }
        }
        let wanted = Array(UnicodeText.caseFold(query))
        var found: (start: Int, end: Int)? = nil
        if !wanted.isEmpty, wanted.count <= folded.count {
            for start in 0...(folded.count - wanted.count) where folded[start] == wanted[0] {
                if Array(folded[start..<(start + wanted.count)]) == wanted {
                    found = (owner[start], owner[start + wanted.count - 1] + 1)
                    break
                }
            }
        }
        guard let (at, end) = found else {
            let first = characters.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return SafeText.line(DisplayWidth.truncate(String(first.first ?? []), to: 2 * around))
        }
        // The context is the line the match is on (a multi-line text says which line).
        var lineStart = at
        while lineStart > 0, characters[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = end
        while lineEnd < characters.count, characters[lineEnd] != "\n" { lineEnd += 1 }
        let multiline = lineStart > 0 || lineEnd < characters.count
        let number = characters[..<lineStart].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let from = max(lineStart, at - around)
        let to = min(lineEnd, end + around)
        let before = (from > lineStart ? "…" : "") + SafeText.line(String(characters[from..<at]))
        let match = style.highlight(SafeText.line(String(characters[at..<end])))
        let after = SafeText.line(String(characters[end..<to])) + (to < lineEnd ? "…" : "")
        return (multiline ? style.dim("line \(number): ") : "") + before + match + after
    }
}
