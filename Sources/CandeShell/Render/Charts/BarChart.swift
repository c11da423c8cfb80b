/// Horizontal bars for counts on one scale: full blocks and eighths (`█▉▊▋▌▍▎▏`), or `#` in
/// ASCII. A count above zero always shows at least the thinnest bar, so "some" never looks
/// like "none".
struct BarChart {
    /// Columns per unit counted.
    let scale: Double
    let charset: Charset

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Columns the bar for `count` takes.
    func width(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        let cells = Double(count) * scale
        switch charset {
        case .unicode:
            let eighthsWide = max(1, Int((cells * 8).rounded()))
            return (eighthsWide + 7) / 8
        case .ascii:
            return max(1, Int(cells.rounded()))
        }
    }

    func bar(_ count: Int) -> String {
        guard count > 0 else { return "" }
        let cells = Double(count) * scale
        switch charset {
        case .unicode:
            let eighthsWide = max(1, Int((cells * 8).rounded()))
            return String(repeating: "█", count: eighthsWide / 8) + Self.eighths[eighthsWide % 8]
        case .ascii:
            return String(repeating: "#", count: max(1, Int(cells.rounded())))
        }
    }
}
