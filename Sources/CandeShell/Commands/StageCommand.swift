import Conversation
import Store

/// `stage [REF] STAGE`
enum StageCommand {
    static let spec = CommandSpec(
        verb: "stage", usage: "stage [REF] STAGE", summary: "move to a stage (backwards too; every move is kept)",
        examples: ["stage ada phone-screen", "stage offer"], arguments: [.handle, .stage],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, _) = try input.read(words: 2)
        guard let last = words.last else { throw .missingArgument(what: "a stage", usage: spec.usage) }
        let stageName = try ValueKind.stage.check(last, key: "stage")
        let stage = Stage(name: stageName)!
        let session = input.session
        var from = Stage.applied
        let (record, handle) = try input.commit(about: words.count == 2 ? words[0] : nil) { state, k, handle in
            from = state.candidates[Int(k)].stage
            return .stage(handle: handle, id: state.nextID, stage: stage)
        }
        if session.json {
            session.emitJSON { JSONShapes.ok(record, handle: handle, into: &$0) }
        } else {
            session.emit("\(handle): \(from.name) → \(stage.name)" + (stage < from ? " (moved back)" : ""))
        }
        return .next
    }
}
