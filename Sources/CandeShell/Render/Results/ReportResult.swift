import Conversation
import Store

/// `report`: the candidate-experience figures, each saying what it counts (over whom, and in
/// which period when `since:`/`until:` are given; "now" figures are about now).
struct ReportResult: CommandResult {
    let report: Report

    func json(_ w: inout JSONWriter) { ReportCommand.json(report, into: &w) }

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
        var table = TableRenderer(columns: [
            .init("STAGE", keep: 100), .init("NOW", keep: 100), .init("REACHED", keep: 100),
            .init("REJECTED THERE", keep: 6), .init("ASKED THERE", keep: 5),
        ])
        for figures in report.stages {
            table.add([
                figures.stage.name, "\(report.byStage[figures.stage] ?? 0)", "\(figures.reached)",
                "\(figures.rejected)", "\(figures.asked)",
            ])
        }
        for line in table.render(width: context.width.map { $0 - 1 }, style: style) { lines.append(" " + line) }
        return lines
    }
}
