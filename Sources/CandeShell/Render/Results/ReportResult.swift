import Conversation
import Store

/// `report`: the candidate-experience figures, each saying what it counts (over whom, and in
/// which period when `since:`/`until:` are given; "now" figures are about now), the stage
/// funnel as bars, and with `by:week` the weekly sparklines. In a locale that is not UTF-8
/// (`LANG=C`) every line is plain ASCII.
struct ReportResult: CommandResult {
    let report: Report
    /// For `by:week`: the current week's waiting is now's.
    var now = Instant(seconds: 0)

    /// Charts need a width; piped output (no width) gets 80 columns, as `COLUMNS` unset would.
    static let chartWidth = 80

    func json(_ w: inout JSONWriter) { ReportCommand.json(report, now: now, into: &w) }

    func text(_ context: TextContext) -> [String] {
        let style = context.style
        var lines = [
            style.bold("Candidate experience · \(report.candidates) candidates")
                + (report.periodText.isEmpty ? "" : " · " + report.periodText)
                + (report.forgotten > 0 ? " · \(report.forgotten) forgotten" : "")
        ]
        // A figure's text wraps under itself, in the value column.
        let valueWidth = context.width.map { max(20, $0 - 20) }
        for figure in report.figures {
            let pieces = LineFitter.fit(figure.text, width: valueWidth)
            lines.append(" " + DisplayWidth.pad(figure.label, to: 19) + pieces[0])
            for piece in pieces.dropFirst() { lines.append(String(repeating: " ", count: 20) + piece) }
        }
        if !report.stagesText.isEmpty { lines.append(" Stages: " + report.stagesText) }
        let width = context.width ?? Self.chartWidth
        let funnel = FunnelChart(stages: report.stages, now: report.byStage, charset: context.charset, style: style)
        lines += funnel.lines(width: width)
        if let trend = report.trend {
            let chart = TrendChart(trend: trend, charset: context.charset, thisYear: context.thisYear)
            lines += chart.lines(width: width)
        }
        return context.charset == .ascii ? lines.map(Charset.ascii) : lines
    }
}
