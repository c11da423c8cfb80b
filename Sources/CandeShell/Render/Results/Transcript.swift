import Conversation
import Store

/// `history`: the timeline as a chat transcript (an array of entries and meetings in JSON).
struct Transcript: CommandResult {
    let candidate: Int32
    let items: [TimelineItem]
    let state: State
    let texts: TextSource

    func json(_ w: inout JSONWriter) {
        w.beginArray()
        for item in items { JSONShapes.timelineItem(item, state: state, texts: texts, into: &w) }
        w.endArray()
    }

    func text(_ context: TextContext) -> [String] {
        // A transcript needs a width to put our side on the right: 80 when there is no limit.
        let renderer = TranscriptRenderer(
            state: state, texts: texts, zone: context.zone, now: context.now, width: context.width ?? 80,
            style: context.style)
        return renderer.render(candidate: state.candidates[Int(candidate)], items: items)
    }
}
