import Conversation
import Store

/// `history [REF] [FILTER…] [last:N]`
enum HistoryCommand {
    static let spec = CommandSpec(
        verb: "history", usage: "history [REF] [FILTER…] [last:N]",
        summary: "the timeline as a chat transcript",
        examples: ["history ada", "history last:10", "history ada kind:note by:maria", "history ada since:7d dir:in"],
        options: OptionSpec.filters + [OptionSpec(key: "last", kind: .number)], arguments: [.handle],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, options) = try input.read(words: 1)
        let filter = try FilterReader.filter(options, input: input)
        var last: Int? = nil
        if let text = options.value("last") {
            guard let n = Int(text), n > 0 else {
                throw .badValue(key: "last", value: text, expected: "a positive number")
            }
            last = n
        }
        let session = input.session
        let k = try input.candidate(words.first, in: session.state())
        let state = try session.state(timelineOf: k)
        var items = state.timeline(of: k).filter { filter.matches($0, state: state) }
        if let last, items.count > last { items.removeFirst(items.count - last) }
        let texts = try session.store().texts
        if session.json {
            session.emitJSON { w in
                w.beginArray()
                for item in items { JSONShapes.timelineItem(item, state: state, texts: texts, into: &w) }
                w.endArray()
            }
            return .next
        }
        let renderer = TranscriptRenderer(
            state: state, texts: texts, zone: session.zone, now: session.now(), width: session.width,
            style: session.style)
        for line in renderer.render(candidate: state.candidates[Int(k)], items: items) { session.emit(line) }
        return .next
    }
}
