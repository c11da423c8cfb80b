import Conversation
import Store

/// `reject`, `withdraw` and `hire`: how a candidacy ends (or really starts).
enum OutcomeCommands {
    static let reject = CommandSpec(
        verb: "reject", usage: "reject [REF] [reason:]",
        summary: "status rejected; interactively, offers to ask for feedback at once",
        examples: ["reject ada reason:\"Went with a more senior profile\"", "reject"],
        options: [OptionSpec(.reason, .text)], positionals: [.optionalRef],
        run: { (input) throws(ShellError) in try close(&input, status: .rejected) })

    static let withdraw = CommandSpec(
        verb: "withdraw", usage: "withdraw [REF] [reason:]", summary: "status withdrawn (the candidate stepped back)",
        examples: ["withdraw ada reason:\"Accepted another offer\""],
        options: [OptionSpec(.reason, .text)], positionals: [.optionalRef],
        run: { (input) throws(ShellError) in try close(&input, status: .withdrawn) })

    static func close(_ input: inout CommandInput, status: Status) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let reason = options.nonBlank(.reason)
        let session = input.session
        let (record, handle) = try input.commit(about: words.first) { state, _, handle in
            .status(handle: handle, id: state.nextID, status: status, reason: reason.map { .string($0) })
        }
        let closed = Changed(
            record, handle: handle, ["\(handle) is \(status.name)" + (reason.map { " · " + SafeText.line($0) } ?? "")])
        guard status == .rejected else { return closed }
        // The candidate experience: ask how it felt, now, while it matters (SPEC §7). In batch
        // mode the answer is --yes (no question is asked).
        return Question(shown: closed, prompt: "Ask \(handle) for feedback on the process now?") {
            (yes) throws(ShellError) in
            guard yes else { return closed }
            let ask = try FeedbackCommands.recordAsk(handle: handle, channel: nil, text: nil, at: nil, session: session)
            var both = closed
            both.also = [
                Changed(ask, handle: handle, ["logged #\(ask.change.id ?? 0) · asked \(handle) for feedback"])
            ]
            return both
        }
    }

    static let hire = CommandSpec(
        verb: "hire", usage: "hire [REF] start:WHEN [plan:LIST|none]",
        summary: "status hired, stage onboarding; schedules check-ins (default plan 1d,7d,30d,60d,90d at 10:00 local)",
        examples: [
            "hire ada start:2026-12-07", "hire ada start:mon plan:1d,2w,30d", "hire ada start:2027-01-04 plan:none",
        ],
        options: [OptionSpec(.start, .when), OptionSpec(.plan, .plan)], positionals: [.optionalRef],
        run: runHire)

    static func runHire(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        guard let firstDay = options.when(.start)?.date else {
            throw .missingOption(key: "start", verb: "hire", example: "hire ada start:2026-12-07")
        }
        var plan = CheckinPlan.standard
        if let text = options.value(.plan) {
            do { plan = try CheckinPlan(parsing: text) } catch {
                throw .badValue(key: "plan", value: text, expected: error.description)
            }
        }
        let session = input.session
        var zoneName: String?
        let (record, handle) = try input.commit(about: words.first) { state, k, handle in
            let candidate = state.candidates[Int(k)]
            // Check-ins at 10:00 on the candidate's clock when we know their zone, else ours.
            let zone = candidate.tz.flatMap { session.zone(named: $0) } ?? session.zone
            zoneName = candidate.tz
            let id = state.nextID
            let starts = plan.starts(from: firstDay, zone: zone)
            let checkins = starts.enumerated().map { n, start in
                MeetingDraft(
                    // Clamped: a store out of ids has the change refused, not the process trapped.
                    id: Int32(clamping: Int64(id) + 1 + Int64(n)), handle: handle, kind: .checkin, start: start,
                    minutes: CheckinPlan.minutes)
            }
            // Check-ins are ahead of now, never in the past (README "Meetings").
            try ScheduleRules.checkHire(firstDay: firstDay, checkins: checkins, now: session.now(), zone: zone)
            return .hire(
                handle: handle, id: id, start: zone.instant(for: CivilDateTime(date: firstDay, hour: 0, minute: 0)),
                checkins: checkins)
        }
        guard case .hire(_, _, _, let checkins) = record.change else {
            return Changed(record, handle: handle, ["hired \(handle)"])
        }
        let state = try session.state()
        let meetings = checkins.compactMap { state.meeting(id: $0.id) }
        let now = session.now()
        var lines = ["hired \(handle) · starts \(HumanTime.day(firstDay, thisYear: session.zone.local(now).date.year))"]
        if checkins.isEmpty { lines.append("  no check-ins planned (plan:none)") }
        if let candidate = state.candidate(handle: handle) {
            for m in meetings {
                lines.append(
                    "  #\(m.id) " + MeetingText.describe(m, zone: session.zone, now: now)
                        + MeetingText.candidateClock(m, candidate: candidate, zone: session.zone, session: session))
            }
        }
        if let zoneName, session.zone(named: zoneName) != nil {
            lines.append("  (10:00 on \(handle)'s clock, \(zoneName))")
        }
        return Changed(record, handle: handle, lines) { w in
            w.key("checkins")
            w.beginArray()
            for m in meetings { JSONShapes.meeting(m, state: state, into: &w) }
            w.endArray()
        }
    }
}
