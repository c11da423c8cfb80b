import Conversation
import Store

/// `waiting [FILTER…]`: who waits for our reply, longest wait first.
enum WaitingCommand {
    static let spec = CommandSpec(
        verb: "waiting", usage: "waiting [FILTER…]", summary: "candidates waiting for our reply, longest wait first",
        examples: ["waiting", "waiting owner:rita", "waiting stage:offer"], options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (_, options) = try input.read(words: 0)
        let filter = try FilterReader.filter(options, input: input)
        let session = input.session
        let state = try session.state(timeline: true)
        let now = session.now()
        let summaries = state.contactSummaries()
        let rows = CandidateSelection.select(filter, state: state, summaries: summaries)
            .filter { summaries[Int($0)].isWaiting }
            .sorted { (summaries[Int($0)].waitingSince!, $0) < (summaries[Int($1)].waitingSince!, $1) }
        if session.json {
            session.emitJSON { JSONShapes.listItems(rows, state: state, summaries: summaries, into: &$0) }
            return .next
        }
        guard !rows.isEmpty else {
            session.emit("nobody is waiting for a reply")
            return .next
        }
        let texts = try session.store().texts
        let column = max(16, rows.map { DisplayWidth.of(state.candidates[Int($0)].handle) }.max() ?? 0)
        for k in rows {
            let c = state.candidates[Int(k)]
            let since = summaries[Int(k)].waitingSince!
            let last =
                lastInbound(of: k, state: state).map {
                    "“" + DisplayWidth.truncate(SafeText.line(state.text($0.text, from: texts)), to: 40) + "”"
                } ?? ""
            session.emit(
                DisplayWidth.pad(c.handle, to: column) + " "
                    + session.style.yellow(
                        DisplayWidth.pad(HumanTime.span(seconds: now.seconds - since.seconds), to: 7))
                    + " since " + HumanTime.dateTime(since, zone: session.zone, now: now) + "  " + last)
        }
        return .next
    }

    /// The candidate's latest inbound message.
    static func lastInbound(of k: Int32, state: State) -> Entry? {
        state.entryPositions(of: k).map { state.entries[Int($0)] }
            .filter { $0.kind == .message && $0.direction == .inbound }.max { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}
