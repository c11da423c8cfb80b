import Conversation
import Store

/// `find TEXT [FILTER…]`: case-insensitive search of messages, notes, asks and feedback.
enum FindCommand {
    static let spec = CommandSpec(
        verb: "find", usage: "find TEXT [FILTER…]",
        summary: "search messages, notes and feedback (ignoring case), each match shown in context",
        examples: ["find offer", "find \"another offer\" since:30d dir:in", "find müller kind:note"],
        options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, options) = try input.readAll()
        let query = words.joined(separator: " ")
        guard !query.trimmingBlanks().isEmpty else {
            throw .missingArgument(what: "the text to find", usage: spec.usage)
        }
        let filter = try FilterReader.filter(options, input: input)
        let session = input.session
        let state = try session.state(timeline: true)
        let store = try session.store()
        let index = session.searchIndex(for: state, store: store)
        let hits = index.search(query).map { state.entries[Int($0)] }.filter { e in
            !e.removed && filter.matches(state.candidates[Int(e.candidate)])
                && (!filter.constrainsEntries || filter.matches(e, author: state.user(e.by)))
        }
        if session.json {
            session.emitJSON { w in
                w.beginArray()
                for e in hits { JSONShapes.entry(e, state: state, texts: store.texts, into: &w) }
                w.endArray()
            }
            return .next
        }
        if hits.isEmpty {
            session.emit("no match for “\(SafeText.line(query))”")
            return .next
        }
        let now = session.now()
        for e in hits {
            let c = state.candidates[Int(e.candidate)]
            var what = e.kind.name
            if e.kind == .message { what += " " + (e.direction?.name ?? "") }
            if let channel = e.channel { what += " (\(channel.name))" }
            session.emit(
                session.style.bold(c.handle) + " · " + HumanTime.dateTime(e.at, zone: session.zone, now: now) + " · "
                    + what + " · " + session.style.dim(state.user(e.by)) + " · #\(e.id)")
            session.emit(
                "  " + MatchContext.excerpt(state.text(e.text, from: store.texts), query: query, style: session.style))
        }
        return .next
    }
}

/// The part of a text around a match, with the match highlighted and everything else made safe.
enum MatchContext {
    static func excerpt(_ text: String, query: String, style: Style, around: Int = 36) -> String {
        let characters = Array(text)
        let lowered = characters.map { String($0).lowercased() }
        let wanted = Array(query).map { String($0).lowercased() }
        var found: Int? = nil
        if !wanted.isEmpty, wanted.count <= lowered.count {
            for start in 0...(lowered.count - wanted.count) where lowered[start] == wanted[0] {
                if Array(lowered[start..<(start + wanted.count)]) == wanted {
                    found = start
                    break
                }
            }
        }
        guard let at = found else { return SafeText.line(DisplayWidth.truncate(text, to: 2 * around)) }
        let from = max(0, at - around)
        let to = min(characters.count, at + wanted.count + around)
        let before = (from > 0 ? "…" : "") + SafeText.line(String(characters[from..<at]))
        let match = style.highlight(SafeText.line(String(characters[at..<(at + wanted.count)])))
        let after = SafeText.line(String(characters[(at + wanted.count)..<to])) + (to < characters.count ? "…" : "")
        return before + match + after
    }
}
