import Conversation
import Store

/// `find`: each hit's candidate, time, kind and author, then the match in context.
struct FindHits: CommandResult {
    let query: String
    let hits: [Entry]
    let state: State
    let texts: TextSource

    func json(_ w: inout JSONWriter) {
        w.beginArray()
        for e in hits { JSONShapes.entry(e, state: state, texts: texts, into: &w) }
        w.endArray()
    }

    func text(_ context: TextContext) -> [String] {
        guard !hits.isEmpty else {
            return [query.isEmpty ? "no entries match" : "no match for “\(SafeText.line(query))”"]
        }
        let now = context.now
        let style = context.style
        // The context around a match: as much as a line holds (36 characters each side at most).
        let around = max(8, min(36, (context.columns - 4 - DisplayWidth.of(query)) / 2 - 1))
        var lines: [String] = []
        for e in hits {
            let c = state.candidates[Int(e.candidate)]
            var what = e.kind.name
            if e.kind == .message { what += " " + (e.direction?.name ?? "") }
            if let channel = e.channel { what += " (\(channel.name))" }
            lines.append(
                style.bold(c.handle) + " · " + HumanTime.dateTime(e.at, zone: context.zone, now: now) + " · " + what
                    + " · " + style.dim(state.user(e.by)) + " · #\(e.id)")
            let text = state.text(e.text, from: texts)
            if query.isEmpty {
                // The feed: the start of the entry's text (a stage or status change may have none).
                guard !text.isEmpty else { continue }
                let textLines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                let first = String(textLines[0]) + (textLines.count > 1 ? " …" : "")
                lines.append(
                    "  " + SafeText.line(DisplayWidth.truncate(first, to: max(20, min(160, context.columns - 4)))))
            } else {
                lines.append("  " + MatchContext.excerpt(text, query: query, style: style, around: around))
            }
        }
        return lines
    }
}
