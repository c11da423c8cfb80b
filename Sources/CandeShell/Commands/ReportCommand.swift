import Conversation
import Store

/// `report [FILTER…]`: the candidate-experience figures of SPEC §7.
enum ReportCommand {
    static let spec = CommandSpec(
        verb: "report", usage: "report [FILTER…] [by:week]",
        summary:
            "candidate-experience figures: feedback asked and answered, ratings, reply times, meetings, the stage funnel; by:week adds weekly sparklines",
        examples: [
            "report", "report --json", "report role:backend since:90d", "report by:week", "report by:week since:26w",
        ],
        options: OptionSpec.filters, details: details, run: run)

    static let details = [
        "by:week adds, week by week (Monday to Sunday, your zone), the median reply, who waits at",
        "each week's end, the feedback-asked share and the average rating, as sparklines; without",
        "since: the last \(Trend.defaultWeeks) weeks. Other by: values choose authors, as in every FILTER.",
    ]

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (_, options) = try input.read()
        var filter = FilterReader.filter(options)
        // `by:week` groups; any other `by:` is the author filter (README "The report").
        let weekly = filter.authors.remove("week") != nil
        let session = input.session
        // Without entry filters, a period or weeks, the report reads the candidates' facts and
        // the meetings: no timeline.
        let timeline = weekly || filter.constrainsEntries || filter.since != nil || filter.until != nil
        let state = try session.state(timeline: timeline)
        let now = session.now()
        let report = Report(state: state, now: now, filter: filter, zone: session.zone, weekly: weekly)
        return ReportResult(report: report, now: now)
    }

    static func json(_ r: Report, now: Instant, into w: inout JSONWriter) {
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
        w.field("feedbackAskedShare", r.feedbackAskedShare)
        w.key("candE2012AskedShare")
        w.double(Report.candE2012AskedShare)
        w.field("feedbackAnsweredShare", r.feedbackAnsweredShare)
        w.field("averageRating", r.averageRating)
        w.field("ratings", r.ratings.count)
        w.field("recommendShare", r.recommendShare)
        w.field("medianReplyHours", r.medianReplyHours)
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
        if let trend = r.trend { weeks(trend, now: now, into: &w) }
        w.endObject()
    }

    /// `"weeks"`: the `by:week` series, oldest first (README "The report").
    static func weeks(_ trend: Trend, now: Instant, into w: inout JSONWriter) {
        w.key("weeks")
        w.beginArray()
        for week in trend.weeks {
            w.beginObject()
            w.field("week", week.isoWeek)
            w.field("monday", week.monday.isoString)
            w.field("start", week.start)
            w.field("end", week.end)
            w.field("medianReplyHours", week.medianReplyHours)
            w.field("replies", week.replyHours.count)
            w.field("waiting", week.waiting)
            w.field("waitingAt", week.waitingAt(now: now))
            w.field("feedbackAskedShare", week.feedbackAskedShare)
            w.field("rejectedOrWithdrawn", week.closed)
            w.field("asked", week.closedAsked)
            w.field("averageRating", week.averageRating)
            w.field("ratings", week.ratings.count)
            w.endObject()
        }
        w.endArray()
    }
}
