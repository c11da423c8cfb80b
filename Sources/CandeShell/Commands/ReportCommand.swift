import Conversation
import Store

/// `report [FILTER…]`: the candidate-experience figures of SPEC §7.
enum ReportCommand {
    static let spec = CommandSpec(
        verb: "report", usage: "report [FILTER…]",
        summary: "candidate-experience figures: feedback asked and answered, ratings, reply times, meetings, stages",
        examples: ["report", "report --json", "report role:backend since:90d"], options: OptionSpec.filters, run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (_, options) = try input.read()
        let filter = FilterReader.filter(options)
        let session = input.session
        // Without entry filters or a period, the report reads the candidates' facts and the
        // meetings: no timeline.
        let timeline = filter.constrainsEntries || filter.since != nil || filter.until != nil
        let state = try session.state(timeline: timeline)
        return ReportResult(report: Report(state: state, now: session.now(), filter: filter, zone: session.zone))
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
        w.field("since", r.since)
        w.field("until", r.until)
        // Each figure with what it counts, as the text says it.
        w.key("figures")
        w.beginArray()
        for figure in r.figures {
            w.beginObject()
            w.field("key", figure.key)
            w.field("label", figure.label)
            w.field("value", figure.value)
            w.field("counts", figure.counts)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
