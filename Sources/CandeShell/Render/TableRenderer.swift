/// Aligned columns that fit a width (README "Output"): when the table is too wide, the columns
/// least worth keeping are left out first; then the shrinkable ones give way, with "…", down
/// to their minimum. With no width (output into a file) everything is shown whole.
struct TableRenderer {
    struct Column {
        let header: String
        /// Higher is kept longer; the first column is always kept.
        let keep: Int
        /// Cut with "…" down to this many columns when needed (nil: never cut).
        let minimum: Int?

        init(_ header: String, keep: Int = 5, minimum: Int? = nil) {
            self.header = header
            self.keep = keep
            self.minimum = minimum
        }
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    init(columns: [Column]) { self.columns = columns }

    /// A table whose columns are all kept (dropping none).
    init(headers: [String]) { columns = headers.map { Column($0, keep: 100) } }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(width: Int?, style: Style) -> [String] {
        // Each cell's width, measured once (a list of ten thousand rows has eighty thousand).
        let n = columns.count
        var cellWidths = [Int](repeating: 0, count: rows.count * n)
        var widths = columns.map { DisplayWidth.of($0.header) }
        for (r, row) in rows.enumerated() {
            for (i, cell) in row.enumerated() {
                let w = DisplayWidth.of(cell)
                cellWidths[r * n + i] = w
                widths[i] = max(widths[i], w)
            }
        }
        var shown = Array(columns.indices)
        func total() -> Int { shown.reduce(0) { $0 + widths[$1] } + 2 * (shown.count - 1) }
        if let width {
            func least(below limit: Int) -> Int? {
                shown.dropFirst().filter { columns[$0].keep < limit }.min { columns[$0].keep < columns[$1].keep }
            }
            func slack() -> Int { shown.reduce(0) { $0 + max(0, widths[$1] - (columns[$1].minimum ?? widths[$1])) } }
            // Leave out the columns of less worth (keep < 7) until the rest fit whole; then, if
            // even cutting names cannot make it fit, more columns.
            while total() > width, let column = least(below: 7) { shown.removeAll { $0 == column } }
            while total() - slack() > width, let column = least(below: 100) { shown.removeAll { $0 == column } }
            var excess = total() - width
            while excess > 0 {
                guard
                    let widest = shown.filter({ i in columns[i].minimum.map { widths[i] > $0 } ?? false })
                        .max(by: { widths[$0] < widths[$1] })
                else { break }
                let cut = min(excess, widths[widest] - columns[widest].minimum!)
                widths[widest] -= cut
                excess -= cut
            }
        }
        let lineWidth = total()
        func line(_ cells: [String], _ measured: (Int) -> Int) -> String {
            var out = ""
            out.reserveCapacity(lineWidth + 16)
            for (k, i) in shown.enumerated() {
                if k > 0 { out += "  " }
                var cell = cells[i]
                var w = measured(i)
                if w > widths[i] {
                    cell = DisplayWidth.truncate(cell, to: widths[i])
                    w = DisplayWidth.of(cell)
                }
                out += cell
                if k < shown.count - 1, w < widths[i] { out += String(repeating: " ", count: widths[i] - w) }
            }
            return out
        }
        let header = columns.map(\.header)
        var lines = [style.bold(line(header) { DisplayWidth.of(header[$0]) })]
        lines.reserveCapacity(rows.count + 1)
        for (r, row) in rows.enumerated() { lines.append(line(row) { cellWidths[r * n + $0] }) }
        return lines
    }
}
