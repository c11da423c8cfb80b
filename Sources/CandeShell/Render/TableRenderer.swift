/// Aligned columns that fit the terminal: the shrinkable columns give way first, with "…".
struct TableRenderer {
    let headers: [String]
    let shrinkable: [Int]
    private(set) var rows: [[String]] = []

    init(headers: [String], shrinkable: [Int] = []) {
        self.headers = headers
        self.shrinkable = shrinkable
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(width: Int, style: Style) -> [String] {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let gaps = 2 * (headers.count - 1)
        var excess = widths.reduce(0, +) + gaps - width
        // Shrink the widest shrinkable column, one column at a time, down to 8.
        while excess > 0 {
            guard let widest = shrinkable.filter({ widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] }) else { break }
            let cut = min(excess, widths[widest] - 8)
            widths[widest] -= cut
            excess -= cut
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let fitted = DisplayWidth.truncate(cell, to: widths[i])
                parts.append(i == cells.count - 1 ? fitted : DisplayWidth.pad(fitted, to: widths[i]))
            }
            return parts.joined(separator: "  ")
        }
        return [style.bold(line(headers))] + rows.map(line)
    }
}
