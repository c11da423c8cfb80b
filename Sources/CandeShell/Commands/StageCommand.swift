import Conversation
import Store

/// `stage [REF] STAGE`
enum StageCommand {
    static let spec = CommandSpec(
        verb: "stage", usage: "stage [REF] STAGE", summary: "move to a stage (backwards too; every move is kept)",
        examples: ["stage ada phone-screen", "stage offer"],
        positionals: [.optionalRef, ArgumentSpec(what: "a stage", kind: .stage)],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let stageName = try ValueKind.stage.check(words.last!, key: "stage")
        let stage = Stage(name: stageName)!
        var from = Stage.applied
        let (record, handle) = try input.commit(about: words.count == 2 ? words[0] : nil) { state, k, handle in
            from = state.candidates[Int(k)].stage
            return .stage(handle: handle, id: state.nextID, stage: stage)
        }
        return Changed(
            record, handle: handle, ["\(handle): \(from.name) → \(stage.name)" + (stage < from ? " (moved back)" : "")])
    }
}
