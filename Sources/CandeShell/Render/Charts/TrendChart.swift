import Conversation

/// `report by:week` (README "The report"): one sparkline per weekly series, oldest week on the
/// left, each on a fixed scale (reply hours and waiting from 0 to their highest week, the
/// feedback-asked share 0–100%, ratings 1–5), with the latest value and what it counts beside
/// it. When the weeks don't fit the width, the latest ones that do are drawn (`--json` has all).
struct TrendChart {
    let trend: Trend
    let charset: Charset
    let thisYear: Int

    /// The series ends with this week (no `until:` before now).
    var endsNow: Bool { trend.weeks.last?.endsNow ?? false }

    struct Row {
        var label: String
        var values: [Double?]
        var low: Double
        var high: Double
        var summary: String
    }

    var rows: [Row] {
        let weeks = trend.weeks
        func latest(_ values: [Double?]) -> Double? { values.last { $0 != nil } ?? nil }
        let replies = weeks.map(\.medianReplyHours)
        let replyCount = weeks.map(\.replyHours.count).reduce(0, +)
        let highestReply = replies.compactMap { $0 }.max()
        let waiting = weeks.map { Double($0.waiting) as Double? }
        let highestWaiting = weeks.map(\.waiting).max() ?? 0
        let asked = weeks.map(\.feedbackAskedShare)
        let closed = weeks.map(\.closed).reduce(0, +)
        let closedAsked = weeks.map(\.closedAsked).reduce(0, +)
        let ratings = weeks.map(\.averageRating)
        let ratingCount = weeks.map(\.ratings.count).reduce(0, +)
        let last = weeks.last?.waiting ?? 0
        return [
            Row(
                label: "Median reply", values: replies, low: 0, high: highestReply ?? 0,
                summary: "latest " + hours(latest(replies)) + " · highest " + hours(highestReply) + " · "
                    + plural(replyCount, "reply", "replies")),
            Row(
                label: "Waiting", values: waiting, low: 0, high: Double(highestWaiting),
                summary: (endsNow ? "now \(last)" : "\(last) at the period's end") + " · highest \(highestWaiting)"
                    + " (at each week's end)"),
            Row(
                label: "Feedback asked", values: asked, low: 0, high: 1,
                summary: "latest " + Report.percent(latest(asked)) + " · \(closedAsked) of \(closed) asked"
                    + " (0–100%)"),
            Row(
                label: "Average rating", values: ratings, low: 1, high: 5,
                summary: "latest " + (latest(ratings).map { Report.number($0) + " / 5" } ?? "—") + " · "
                    + plural(ratingCount, "rating", "ratings") + " (1–5)"),
        ]
    }

    private func hours(_ value: Double?) -> String { value.map { Report.number($0) + " h" } ?? "—" }
    private func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) " + (n == 1 ? one : many) }

    func lines(width: Int) -> [String] {
        let weeks = trend.weeks
        guard let first = weeks.first, let last = weeks.last else {
            return [" Week by week: no weeks in the period"]
        }
        let rows = rows
        // Every week, or the latest that fit beside the longest summary.
        let summary = rows.map { DisplayWidth.of($0.summary) }.max() ?? 0
        let count = min(weeks.count, max(8, width - 1 - 20 - 2 - summary))
        let firstShown = weeks[weeks.count - count]
        var title =
            " Week by week · \(count == 1 ? "1 week" : "\(count) weeks") from the week of "
            + HumanTime.day(firstShown.monday, thisYear: thisYear) + " (left) to "
            + (endsNow ? "this week" : "the week of " + HumanTime.day(last.monday, thisYear: thisYear)) + " (right)"
        if count < weeks.count {
            title +=
                " · the latest \(count) of \(weeks.count) weeks, since "
                + HumanTime.day(first.monday, thisYear: thisYear)
                + " in --json"
        }
        var lines = LineFitter.fit(title, width: width)
        for row in rows {
            let spark = Sparkline(low: row.low, high: row.high, charset: charset).draw(Array(row.values.suffix(count)))
            let start = " " + DisplayWidth.pad(row.label, to: 19) + spark
            if DisplayWidth.of(start) + 2 + DisplayWidth.of(row.summary) <= width {
                lines.append(start + "  " + row.summary)
            } else {
                lines.append(start)
                for piece in LineFitter.fit(row.summary, width: max(20, width - 20)) {
                    lines.append(String(repeating: " ", count: 20) + piece)
                }
            }
        }
        return lines
    }
}
