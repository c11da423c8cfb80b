import Conversation
import Store

/// `agenda`: the meetings of a period, overdue ones first.
struct Agenda: CommandResult {
    let items: [Meeting]
    let overdue: Set<Int32>
    let period: Period
    let state: State

    func json(_ w: inout JSONWriter) {
        w.beginArray()
        for m in items { JSONShapes.meeting(m, state: state, overdue: overdue.contains(m.id), into: &w) }
        w.endArray()
    }

    func text(_ context: TextContext) -> [String] {
        let zone = context.zone
        let now = context.now
        var lines = [context.style.bold("Agenda " + period.title(thisYear: context.thisYear))]
        if items.isEmpty { lines.append("  nothing scheduled") }
        for m in items {
            let candidate = state.candidates[Int(m.candidate)]
            let mark =
                overdue.contains(m.id) ? context.style.red("overdue") : DisplayWidth.pad(m.status.name, to: 9)
            lines.append(
                " " + DisplayWidth.pad(mark, to: 9) + " #\(m.id) " + candidate.handle + " · "
                    + MeetingText.describe(m, zone: zone, now: now)
                    + MeetingText.candidateClock(m, candidate: candidate, zone: zone, session: context.session))
        }
        return lines
    }
}
