/// Writes CSV as RFC 4180 has it: CRLF after every row; a cell holding a comma, a double quote,
/// CR or LF is quoted, with its double quotes doubled. Cells pass through `FormulaGuard` first.
struct CSVWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    mutating func row(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            append(FormulaGuard.neutralised(cell))
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    private mutating func append(_ cell: String) {
        let needsQuotes = cell.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            bytes.append(contentsOf: cell.utf8)
            return
        }
        bytes.append(0x22)
        for b in cell.utf8 {
            if b == 0x22 { bytes.append(0x22) }
            bytes.append(b)
        }
        bytes.append(0x22)
    }
}
