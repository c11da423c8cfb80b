import Conversation
import Store

/// `agenda [today|week|WHEN..WHEN]`: the talks and check-ins of a period, overdue ones first.
enum AgendaCommand {
    static let spec = CommandSpec(
        verb: "agenda", usage: "agenda [today|tomorrow|week|next week|WHEN|WHEN..WHEN]",
        summary: "talks and check-ins of the period (default: the next 7 days), overdue ones first",
        examples: [
            "agenda", "agenda today", "agenda tomorrow", "agenda fri", "agenda next week", "agenda mon..fri",
            "agenda 2026-12-01..2026-12-31",
        ],
        positionals: [ArgumentSpec(what: "a period", kind: .when, optional: true, rest: true)], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let session = input.session
        let now = session.now()
        let text = words.isEmpty ? nil : words.joined(separator: " ")
        let period: Period
        do {
            period = try PeriodParser(now: now, zone: session.zone).parse(text)
        } catch {
            throw .badValue(key: "agenda", value: SafeText.line(text ?? ""), expected: error.description)
        }
        let state = try session.state()
        let overdue = state.meetings.filter { $0.status == .scheduled && $0.start < now }.sorted { $0.start < $1.start }
        let overdueIDs = Set(overdue.map(\.id))
        let inPeriod = state.meetings.filter { period.contains($0.start) && !overdueIDs.contains($0.id) }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return Agenda(items: overdue + inPeriod, overdue: overdueIDs, period: period, state: state)
    }
}
