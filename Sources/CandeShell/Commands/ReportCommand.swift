import Conversation
import Store

/// `report [FILTER…]`: the candidate-experience figures of SPEC §7.
enum ReportCommand {
    static let spec = CommandSpec(
        verb: "report", usage: "report [FILTER…]",
        summary: "candidate-experience figures: feedback asked and answered, ratings, reply times, meetings, stages",
        examples: ["report", "report --json", "report role:backend since:90d"], options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (_, options) = try input.read(words: 0)
        let filter = try FilterReader.filter(options, input: input)
        let session = input.session
        let state = try session.state(timeline: true)
        let report = Report(state: state, now: session.now(), filter: filter)
        if session.json {
            session.emitJSON { json(report, into: &$0) }
            return .next
        }
        let style = session.style
        func percent(_ share: Double?) -> String {
            guard let share else { return "—" }
            let tenths = Int((share * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        func number(_ value: Double?, decimals: Int = 1) -> String {
            guard let value else { return "—" }
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let scaled = Int((value * scale).rounded())
            let whole = scaled / Int(scale)
            let fraction = String(abs(scaled % Int(scale)))
            return decimals == 0
                ? "\(whole)" : "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        func row(_ label: String, _ value: String) { session.emit(" " + DisplayWidth.pad(label, to: 19) + value) }
        session.emit(
            style.bold("Candidate experience · \(report.candidates) candidates")
                + (report.forgotten > 0 ? " · \(report.forgotten) forgotten" : ""))
        row(
            "Feedback asked",
            "\(report.closedAsked) of \(report.closed) rejected or withdrawn = "
                + style.bold(percent(report.feedbackAskedShare)) + "   (CandE 2012 benchmark: 9.5% asked)")
        row(
            "Feedback answered",
            "\(report.closedAnswered) of \(report.closedAsked) asked = " + percent(report.feedbackAnsweredShare))
        row("Average rating", report.averageRating.map { number($0) + " / 5 (\(report.ratings.count) ratings)" } ?? "—")
        row(
            "Would recommend us",
            percent(report.recommendShare)
                + (report.recommendYes + report.recommendNo > 0
                    ? " (\(report.recommendYes) of \(report.recommendYes + report.recommendNo))" : ""))
        row(
            "Median reply",
            report.medianReplyHours.map { number($0) + " h (\(report.replyHours.count) replies)" } ?? "—")
        row("Waiting now", "\(report.waitingNow)")
        row("Silent (14 days)", "\(report.silentActive) active")
        row(
            "Talks",
            "\(report.talks.held) held · \(report.talks.scheduled) scheduled · \(report.talks.cancelled) cancelled")
        row(
            "Check-ins",
            "\(report.checkins.held) held · \(report.checkins.overdue) overdue · \(report.checkins.scheduled) scheduled"
        )
        row("By status", Status.allCases.map { "\($0.name) \(report.byStatus[$0] ?? 0)" }.joined(separator: " · "))
        var table = TableRenderer(headers: ["STAGE", "NOW", "REACHED", "REJECTED THERE", "ASKED THERE"])
        for figures in report.stages {
            table.add([
                figures.stage.name, "\(report.byStage[figures.stage] ?? 0)", "\(figures.reached)",
                "\(figures.rejected)", "\(figures.asked)",
            ])
        }
        for line in table.render(width: session.width, style: style) { session.emit(" " + line) }
        return .next
    }

    static func json(_ r: Report, into w: inout JSONWriter) {
        func optional(_ value: Double?) {
            if let value { w.double(value) } else { w.null() }
        }
        w.beginObject()
        w.field("candidates", r.candidates)
        w.key("byStatus")
        w.beginObject()
        for status in Status.allCases {
            w.key(status.name)
            w.int(r.byStatus[status] ?? 0)
        }
        w.endObject()
        w.key("byStage")
        w.beginObject()
        for stage in Stage.allCases {
            w.key(stage.name)
            w.int(r.byStage[stage] ?? 0)
        }
        w.endObject()
        w.field("rejectedOrWithdrawn", r.closed)
        w.field("asked", r.closedAsked)
        w.field("answered", r.closedAnswered)
        w.key("feedbackAskedShare")
        optional(r.feedbackAskedShare)
        w.key("candE2012AskedShare")
        w.double(Report.candE2012AskedShare)
        w.key("feedbackAnsweredShare")
        optional(r.feedbackAnsweredShare)
        w.key("averageRating")
        optional(r.averageRating)
        w.field("ratings", r.ratings.count)
        w.key("recommendShare")
        optional(r.recommendShare)
        w.key("medianReplyHours")
        optional(r.medianReplyHours)
        w.field("replies", r.replyHours.count)
        w.field("waitingNow", r.waitingNow)
        w.field("silentActive", r.silentActive)
        func meetings(_ key: String, _ c: Report.MeetingCounts) {
            w.key(key)
            w.beginObject()
            w.field("held", c.held)
            w.field("scheduled", c.scheduled)
            w.field("cancelled", c.cancelled)
            w.field("overdue", c.overdue)
            w.endObject()
        }
        meetings("talks", r.talks)
        meetings("checkins", r.checkins)
        w.key("stages")
        w.beginArray()
        for s in r.stages {
            w.beginObject()
            w.field("stage", s.stage.name)
            w.field("reached", s.reached)
            w.field("rejected", s.rejected)
            w.field("asked", s.asked)
            w.endObject()
        }
        w.endArray()
        w.field("forgotten", r.forgotten)
        w.endObject()
    }
}
