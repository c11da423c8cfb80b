import Conversation
import Store

/// `waiting [FILTER…]`: who waits for our reply, longest wait first.
enum WaitingCommand {
    static let spec = CommandSpec(
        verb: "waiting", usage: "waiting [FILTER…]", summary: "candidates waiting for our reply, longest wait first",
        examples: ["waiting", "waiting owner:rita", "waiting stage:offer"], options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (_, options) = try input.read()
        let filter = FilterReader.filter(options)
        let session = input.session
        let state = try session.state(timeline: true)
        let summaries = state.contactSummaries()
        let rows = CandidateSelection.select(filter, state: state, summaries: summaries)
            .filter { summaries[Int($0)].isWaiting }
            .sorted { (summaries[Int($0)].waitingSince!, $0) < (summaries[Int($1)].waitingSince!, $1) }
        return WaitingList(rows: rows, state: state, summaries: summaries, texts: try session.store().texts)
    }

    /// The candidate's latest inbound message.
    static func lastInbound(of k: Int32, state: State) -> Entry? {
        state.entryPositions(of: k).map { state.entries[Int($0)] }
            .filter { $0.kind == .message && $0.direction == .inbound }.max { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}
