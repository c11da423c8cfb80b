import Conversation
import Store

/// `history [REF] [FILTER…] [last:N]`
enum HistoryCommand {
    static let spec = CommandSpec(
        verb: "history", usage: "history [REF] [FILTER…] [last:N]",
        summary: "the timeline as a chat transcript",
        examples: ["history ada", "history last:10", "history ada kind:note by:maria", "history ada since:7d dir:in"],
        options: OptionSpec.filters + [OptionSpec(.last, .number)], positionals: [.optionalRef],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let filter = FilterReader.filter(options)
        let session = input.session
        let k = try input.candidate(words.first, in: session.state())
        let state = try session.state(timelineOf: k)
        var items = state.timeline(of: k).filter { filter.matches($0, state: state) }
        if let last = options.number(.last), items.count > last { items.removeFirst(items.count - last) }
        return Transcript(candidate: k, items: items, state: state, texts: try session.store().texts)
    }
}
