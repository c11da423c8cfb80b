import Conversation
import Store

/// `show [REF]`: one candidate — fields, stage path with dates, whose move, upcoming meetings,
/// feedback.
enum ShowCommand {
    static let spec = CommandSpec(
        verb: "show", usage: "show [REF]",
        summary: "one candidate: fields, stage path, whose move, upcoming meetings, feedback",
        examples: ["show ada", "show"], positionals: [.optionalRef], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let session = input.session
        let k = try input.candidate(words.first, in: session.state())
        let state = try session.state(timelineOf: k)
        return Profile(candidate: k, state: state, texts: try session.store().texts)
    }
}
