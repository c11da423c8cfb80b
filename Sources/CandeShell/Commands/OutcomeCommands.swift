import Conversation
import Store

/// `reject`, `withdraw` and `hire`: how a candidacy ends (or really starts).
enum OutcomeCommands {
    static let reject = CommandSpec(
        verb: "reject", usage: "reject [REF] [reason:]",
        summary: "status rejected; interactively, offers to ask for feedback at once",
        examples: ["reject ada reason:\"Went with a more senior profile\"", "reject"],
        options: [OptionSpec(key: "reason", kind: .text)], arguments: [.handle],
        run: { (input) throws(ShellError) in try close(&input, status: .rejected) })

    static let withdraw = CommandSpec(
        verb: "withdraw", usage: "withdraw [REF] [reason:]", summary: "status withdrawn (the candidate stepped back)",
        examples: ["withdraw ada reason:\"Accepted another offer\""],
        options: [OptionSpec(key: "reason", kind: .text)], arguments: [.handle],
        run: { (input) throws(ShellError) in try close(&input, status: .withdrawn) })

    static func close(_ input: inout CommandInput, status: Status) throws(ShellError) -> Flow {
        let (words, options) = try input.read(words: 1)
        let reason = options.value("reason").flatMap { $0.trimmingBlanks().isEmpty ? nil : $0 }
        let session = input.session
        let (record, handle) = try input.commit(about: words.first) { state, _, handle in
            .status(handle: handle, id: state.nextID, status: status, reason: reason.map { .string($0) })
        }
        if session.json {
            session.emitJSON { JSONShapes.ok(record, handle: handle, into: &$0) }
        } else {
            session.emit("\(handle) is \(status.name)" + (reason.map { " · " + SafeText.line($0) } ?? ""))
        }
        // The candidate experience: ask how it felt, now, while it matters (SPEC §7).
        // In batch mode the answer is --yes (no question is asked).
        if status == .rejected, session.confirm("Ask \(handle) for feedback on the process now?") {
            let ask = try FeedbackCommands.recordAsk(handle: handle, channel: nil, text: nil, at: nil, session: session)
            session.emit("logged #\(ask.change.id ?? 0) · asked \(handle) for feedback")
        }
        return .next
    }

    static let hire = CommandSpec(
        verb: "hire", usage: "hire [REF] start:WHEN [plan:LIST|none]",
        summary: "status hired, stage onboarding; schedules check-ins (default plan 1d,7d,30d,60d,90d at 10:00 local)",
        examples: [
            "hire ada start:2026-12-07", "hire ada start:mon plan:1d,2w,30d", "hire ada start:2027-01-04 plan:none",
        ],
        options: [OptionSpec(key: "start", kind: .when), OptionSpec(key: "plan", kind: .plan)], arguments: [.handle],
        run: runHire)

    static func runHire(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, options) = try input.read(words: 1)
        guard let startText = options.value("start") else {
            throw .missingOption(key: "start", verb: "hire", example: "hire ada start:2026-12-07")
        }
        let firstDay = try input.when(startText, key: "start", direction: .future).date
        var plan = CheckinPlan.standard
        if let text = options.value("plan") {
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
            return .hire(
                handle: handle, id: id, start: zone.instant(for: CivilDateTime(date: firstDay, hour: 0, minute: 0)),
                checkins: checkins)
        }
        guard case .hire(_, _, _, let checkins) = record.change else { return .next }
        let state = try session.state()
        if session.json {
            session.emitJSON { w in
                w.beginObject()
                w.field("ok", true)
                w.field("id", record.change.id ?? 0)
                w.field("handle", handle)
                w.field("seq", record.seq)
                w.key("checkins")
                w.beginArray()
                for c in checkins {
                    if let m = state.meeting(id: c.id) { JSONShapes.meeting(m, state: state, into: &w) }
                }
                w.endArray()
                w.endObject()
            }
            return .next
        }
        let now = session.now()
        session.emit("hired \(handle) · starts \(HumanTime.day(firstDay, thisYear: session.zone.local(now).date.year))")
        if checkins.isEmpty { session.emit("  no check-ins planned (plan:none)") }
        let candidate = state.candidate(handle: handle)!
        for c in checkins {
            guard let m = state.meeting(id: c.id) else { continue }
            session.emit(
                "  #\(m.id) " + MeetingText.describe(m, zone: session.zone, now: now)
                    + MeetingText.candidateClock(m, candidate: candidate, zone: session.zone, session: session))
        }
        if let zoneName, session.zone(named: zoneName) != nil {
            session.emit("  (10:00 on \(handle)'s clock, \(zoneName))")
        }
        return .next
    }
}
