import Conversation
import Store

/// `list [FILTER…]`: one row per candidate.
enum ListCommand {
    static let spec = CommandSpec(
        verb: "list", usage: "list [FILTER…]",
        summary: "candidates: handle, name, role, stage, status, owner, last contact, whose move",
        examples: ["list", "list stage:offer stage:negotiation owner:rita", "list status:active since:7d"],
        options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (_, options) = try input.read(words: 0)
        let filter = try FilterReader.filter(options, input: input)
        let session = input.session
        let state = try session.state(timeline: true)
        let summaries = state.contactSummaries()
        let rows = CandidateSelection.select(filter, state: state, summaries: summaries)
        if session.json {
            session.emitJSON { JSONShapes.listItems(rows, state: state, summaries: summaries, into: &$0) }
            return .next
        }
        guard !rows.isEmpty else {
            session.emit(
                filter == Filter() ? "no candidates yet (add one: add \"Ada Lovelace\" role:…)" : "no candidates match")
            return .next
        }
        let now = session.now()
        var table = TableRenderer(
            headers: ["HANDLE", "NAME", "ROLE", "STAGE", "STATUS", "OWNER", "LAST CONTACT", "WHOSE MOVE"],
            shrinkable: [1, 2])
        for k in rows {
            let c = state.candidates[Int(k)]
            let summary = summaries[Int(k)]
            table.add([
                c.handle, SafeText.line(c.name), SafeText.line(c.role ?? ""), c.stage.name, c.status.name,
                SafeText.line(c.owner ?? ""), summary.lastContact.map { HumanTime.relative($0, now: now) } ?? "—",
                WhoseMoveText.short(summary, now: now),
            ])
        }
        for line in table.render(width: session.width, style: session.style) { session.emit(line) }
        return .next
    }
}

/// "us · 2d 4h" when the candidate waits for us, "them" when we wrote last.
enum WhoseMoveText {
    static func short(_ summary: ContactSummary, now: Instant) -> String {
        if let since = summary.waitingSince { return "us · " + HumanTime.span(seconds: now.seconds - since.seconds) }
        return summary.lastContact == nil ? "—" : "them"
    }
}

/// The candidates a filter selects, in handle order.
enum CandidateSelection {
    static func select(_ filter: Filter, state: State, summaries: [ContactSummary]) -> [Int32] {
        var rows = state.liveCandidates.filter { filter.matches(state.candidates[Int($0)]) }
        if filter.constrainsEntries {
            // A candidate matches when something in their timeline does.
            rows = rows.filter { k in
                state.timeline(of: k).contains { filter.matches($0, state: state) }
            }
        }
        return rows.sorted { state.candidates[Int($0)].handle < state.candidates[Int($1)].handle }
    }
}
