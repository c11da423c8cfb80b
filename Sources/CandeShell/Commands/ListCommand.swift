import Conversation
import Store

/// `list [FILTER…]`: one row per candidate.
enum ListCommand {
    static let spec = CommandSpec(
        verb: "list", usage: "list [FILTER…]",
        summary: "candidates: handle, name, role, stage, status, owner, last contact, whose move",
        examples: ["list", "list stage:offer stage:negotiation owner:rita", "list status:active since:7d"],
        options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (_, options) = try input.read()
        let filter = FilterReader.filter(options)
        // Last contact and whose move from the candidates' facts: no timeline unless a filter is
        // about entries.
        let state = try input.session.state(timeline: filter.constrainsEntries)
        let rows = CandidateSelection.select(filter, state: state)
        return CandidateTable(
            rows: rows, state: state, digest: state.digestRows(),
            empty: filter == Filter()
                ? "no candidates yet (add one: add \"Ada Lovelace\" role:…)" : "no candidates match")
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
    static func select(_ filter: Filter, state: State) -> [Int32] {
        // Everyone: without decoding a candidate (their handles are known).
        var rows = state.liveCandidates
        if filter != Filter() { rows = rows.filter { filter.matches(state.candidates[Int($0)]) } }
        if filter.constrainsEntries {
            // A candidate matches when something in their timeline does.
            rows = rows.filter { k in
                state.timeline(of: k).contains { filter.matches($0, state: state) }
            }
        }
        // Handles read once: a comparison that read them would copy two candidates each time.
        return rows.map { ($0, state.candidates.handle(at: Int($0))) }.sorted { $0.1 < $1.1 }.map(\.0)
    }
}
