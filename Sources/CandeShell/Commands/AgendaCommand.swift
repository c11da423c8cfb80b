import Conversation
import Store

/// `agenda [today|week|WHEN..WHEN]`: the talks and check-ins of a period, overdue ones first.
enum AgendaCommand {
    static let spec = CommandSpec(
        verb: "agenda", usage: "agenda [today|week|WHEN..WHEN]",
        summary: "talks and check-ins of the period (default: the next 7 days), overdue ones first",
        examples: ["agenda", "agenda today", "agenda 2026-12-01..2026-12-31", "agenda mon..fri"],
        arguments: [.when], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, _) = try input.read(words: 1)
        let session = input.session
        let now = session.now()
        let zone = session.zone
        let today = zone.local(now).date
        func startOf(_ date: CivilDate) -> Instant { zone.instant(for: CivilDateTime(date: date, hour: 0, minute: 0)) }
        var from = startOf(today)
        var to = startOf(today.adding(days: 7))
        switch words.first?.lowercased() {
        case nil, "week": break
        case "today": to = startOf(today.adding(days: 1))
        case let range?:
            let bounds = range.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count == 2, !bounds[0].isEmpty, !bounds[1].isEmpty else {
                throw .badValue(
                    key: "agenda", value: range, expected: "use today, week or WHEN..WHEN (2026-12-01..2026-12-07)")
            }
            from = try input.when(bounds[0], key: "", direction: .future).instant
            to = try input.when(bounds[1], key: "", direction: .future, day: .endOfDay).instant
            guard from < to else {
                throw .badValue(key: "agenda", value: range, expected: "the period ends before it starts")
            }
        }
        let state = try session.state()
        let overdue = state.meetings.filter { $0.status == .scheduled && $0.start < now }.sorted { $0.start < $1.start }
        let overdueIDs = Set(overdue.map(\.id))
        let period = state.meetings.filter { $0.start >= from && $0.start < to && !overdueIDs.contains($0.id) }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        let items = overdue + period
        if session.json {
            session.emitJSON { w in
                w.beginArray()
                for m in items {
                    JSONShapes.meeting(m, state: state, overdue: overdueIDs.contains(m.id), into: &w)
                }
                w.endArray()
            }
            return .next
        }
        let lastDay = zone.local(to.adding(seconds: -1)).date
        let year = today.year
        session.emit(
            session.style.bold(
                "Agenda " + HumanTime.day(zone.local(from).date, thisYear: year) + " – "
                    + HumanTime.day(lastDay, thisYear: year)))
        if items.isEmpty { session.emit("  nothing scheduled") }
        for m in items {
            let candidate = state.candidates[Int(m.candidate)]
            let mark = overdueIDs.contains(m.id) ? session.style.red("overdue") : DisplayWidth.pad(m.status.name, to: 9)
            var line =
                " " + DisplayWidth.pad(mark, to: 9) + " #\(m.id) " + candidate.handle + " · "
                + MeetingText.describe(m, zone: zone, now: now)
            line += MeetingText.candidateClock(m, candidate: candidate, zone: zone, session: session)
            session.emit(line)
        }
        return .next
    }
}
