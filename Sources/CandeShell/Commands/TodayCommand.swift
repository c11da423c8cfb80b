import Conversation
import Store

/// `today`: the assistant's digest (SPEC §7); its first line is the interactive greeting.
enum TodayCommand {
    static let spec = CommandSpec(
        verb: "today", usage: "today [FILTER…]",
        summary: "the assistant's digest: who waits, today's meetings, feedback never asked, silences, new hires",
        examples: ["today", "today owner:rita"], options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (_, options) = try input.read()
        let filter = FilterReader.filter(options)
        let session = input.session
        // The digest reads the candidates' facts and the meetings, not the timeline.
        let state = try session.state()
        return DigestResult(
            digest: Digest(state: state, now: session.now(), zone: session.zone, filter: filter), state: state)
    }
}
