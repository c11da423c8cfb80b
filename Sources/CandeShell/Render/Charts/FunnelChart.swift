import Conversation

/// `report`'s stage funnel (README "The report"): per stage the candidates there now, then
/// bars on one scale for how many reached it, were rejected there, and were asked for feedback
/// there. The scale is the largest that fits the width; too narrow for bars, the numbers stay.
struct FunnelChart {
    let stages: [Report.StageFigures]
    let now: [Stage: Int]
    let charset: Charset
    let style: Style

    static let headers = ["REACHED", "REJECTED THERE", "ASKED THERE"]
    /// Narrower than this for the longest bar, the chart shows numbers only.
    static let shortestBar = 8

    private var stageWidth: Int { max(5, stages.map { $0.stage.name.count }.max() ?? 0) }
    private var nowWidth: Int { max(3, stages.map { digits(now[$0.stage] ?? 0) }.max() ?? 0) }
    private var groups: [[Int]] {
        [stages.map(\.reached), stages.map(\.rejected), stages.map(\.asked)]
    }

    private func digits(_ n: Int) -> Int { String(n).count }

    /// The columns of each group (number, blank, bar) at `scale`.
    private func groupWidths(_ scale: Double?) -> [Int] {
        zip(Self.headers, groups).map { header, counts in
            let numbers = counts.map(digits).max() ?? 1
            let bar = scale.map { BarChart(scale: $0, charset: charset).width(counts.max() ?? 0) } ?? 0
            return max(header.count, numbers + (bar > 0 ? 1 + bar : 0))
        }
    }

    /// The columns per candidate that fit `width` (nil: no bars).
    func scale(width: Int) -> Double? {
        let longest = groups[0].max() ?? 0
        guard longest > 0 else { return nil }
        let fixed = 1 + stageWidth + 2 + nowWidth + 3 * 2
        let room = width - 1 - fixed
        func fits(_ scale: Double) -> Bool { groupWidths(scale).reduce(0, +) <= room }
        var low = 0.0
        var high = Double(max(room, 1)) / Double(longest)
        guard fits(Double(Self.shortestBar) / Double(longest)) else { return nil }
        for _ in 0..<40 {
            let mid = (low + high) / 2
            if fits(mid) { low = mid } else { high = mid }
        }
        return low
    }

    func lines(width: Int) -> [String] {
        guard let scale = scale(width: width), let longest = groups[0].max() else { return table(width: width) }
        let widths = groupWidths(scale)
        var lines = [" Stage funnel · bars on one scale, the longest is \(longest) candidates"]
        var header = " " + DisplayWidth.pad("STAGE", to: stageWidth) + "  " + DisplayWidth.padLeft("NOW", to: nowWidth)
        for (n, title) in Self.headers.enumerated() { header += "  " + DisplayWidth.pad(title, to: widths[n]) }
        lines.append(style.bold(header.trimmingTrailingBlanks()))
        let chart = BarChart(scale: scale, charset: charset)
        let colours: [(String) -> String] = [style.cyan, style.red, style.green]
        for (row, figures) in stages.enumerated() {
            var line =
                " " + DisplayWidth.pad(figures.stage.name, to: stageWidth) + "  "
                + DisplayWidth.padLeft("\(now[figures.stage] ?? 0)", to: nowWidth)
            for (n, counts) in groups.enumerated() {
                let numbers = counts.map(digits).max() ?? 1
                var cell = DisplayWidth.padLeft("\(counts[row])", to: numbers)
                var used = numbers
                if counts[row] > 0 {
                    cell += " " + colours[n](chart.bar(counts[row]))
                    used += 1 + chart.width(counts[row])
                }
                line += "  " + cell + String(repeating: " ", count: max(0, widths[n] - used))
            }
            lines.append(line.trimmingTrailingBlanks())
        }
        return lines
    }

    /// The numbers alone, as a table that gives way to a narrow terminal.
    private func table(width: Int) -> [String] {
        var table = TableRenderer(columns: [
            .init("STAGE", keep: 100), .init("NOW", keep: 100), .init("REACHED", keep: 100),
            .init("REJECTED THERE", keep: 6), .init("ASKED THERE", keep: 5),
        ])
        for figures in stages {
            table.add([
                figures.stage.name, "\(now[figures.stage] ?? 0)", "\(figures.reached)", "\(figures.rejected)",
                "\(figures.asked)",
            ])
        }
        return table.render(width: width - 1, style: style).map { " " + $0 }
    }
}

extension String {
    fileprivate func trimmingTrailingBlanks() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
