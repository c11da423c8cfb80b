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
        // Whose move it is comes from the candidates' facts: no timeline unless a filter is about entries.
        let state = try session.state(timeline: filter.constrainsEntries)
        let digest = state.digestRows(names: false)
        let rows = CandidateSelection.select(filter, state: state)
            .filter { digest[Int($0)]?.waitingSince != nil }
            .sorted { (digest[Int($0)]!.waitingSince!, $0) < (digest[Int($1)]!.waitingSince!, $1) }
        return WaitingList(rows: rows, state: state, digest: digest)
    }
}
