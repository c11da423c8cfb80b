/// Reads CSV (RFC 4180, and what spreadsheets write): cells separated by commas (or semicolons,
/// as European spreadsheets write, or TABs), rows by CRLF, LF or CR; a quoted cell may hold
/// separators, doubled quotes and line breaks of any kind; a UTF-8 byte order mark at the start
/// is skipped. Invalid UTF-8 and NUL bytes are errors naming the line. Each row knows the line
/// of the file it starts on (a quoted cell may span lines). Blank lines are skipped.
enum CSVReader {
    struct Row: Equatable {
        /// The physical line the row starts on (1 is the first line of the file).
        var line: Int
        var cells: [String]
    }

    struct Failure: Error, Equatable {
        var line: Int
        var reason: String
    }

    /// The separators a file may use: `,` `;` TAB.
    static let separators: [UInt8] = [0x2C, 0x3B, 0x09]

    /// The rows, cells separated by `separator`, or by the one the header line holds most of.
    static func rows(_ bytes: [UInt8], separator: UInt8? = nil) throws(Failure) -> [Row] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw Failure(line: 1, reason: "the file is UTF-16; save it as CSV in UTF-8")
        }
        try check(bytes, from: start)
        return try parse(bytes, from: start, separator: separator ?? sniff(bytes, from: start))
    }

    /// The separator of the first line (quoted cells, which may span lines, do not count): the
    /// one of `,` `;` TAB that occurs most often outside quotes; `,` on a tie or when none does.
    static func sniff(_ bytes: [UInt8], from start: Int = 0) -> UInt8 {
        var counts = [0, 0, 0]
        var quoted = false
        for b in bytes[start...] {
            if b == quote {
                quoted.toggle()
            } else if !quoted {
                if b == cr || b == lf { break }
                if let k = separators.firstIndex(of: b) { counts[k] += 1 }
            }
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return separators[best]
    }

    /// Rejects invalid UTF-8 and NUL bytes, naming the line.
    private static func check(_ bytes: [UInt8], from start: Int) throws(Failure) {
        var line = 1
        var previous: UInt8 = 0
        var iterator = bytes[start...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let b = encoded.first!
                if encoded.count == 1 {
                    if b == 0 {
                        throw Failure(
                            line: line, reason: "line \(line) holds a NUL byte; is it really a CSV text file?")
                    }
                    if b == 0x0D || (b == 0x0A && previous != 0x0D) { line += 1 }
                }
                previous = b
            case .error:
                throw Failure(line: line, reason: "line \(line) is not valid UTF-8; save the file as CSV in UTF-8")
            case .emptyInput:
                return
            }
        }
    }

    private static let quote: UInt8 = 0x22
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    private static func parse(_ bytes: [UInt8], from start: Int, separator: UInt8) throws(Failure) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        /// The row has anything at all (a byte, a quote, a separator): blank lines are skipped.
        var rowHasContent = false
        var line = 1
        var rowLine = 1
        var i = start
        let n = bytes.count

        func endCell() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
        }
        func endRow() {
            if rowHasContent {
                endCell()
                rows.append(Row(line: rowLine, cells: cells))
            }
            cells = []
            cell.removeAll(keepingCapacity: true)
            rowHasContent = false
        }

        var atCellStart = true
        while i < n {
            let b = bytes[i]
            if atCellStart && b == quote {
                // A quoted cell: up to the quote that is not doubled.
                let opened = line
                rowHasContent = true
                i += 1
                while true {
                    guard i < n else {
                        throw Failure(line: opened, reason: "the quoted cell opened on line \(opened) is never closed")
                    }
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            cell.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if c == cr || (c == lf && (i == start || bytes[i - 1] != cr)) { line += 1 }
                    cell.append(c)
                    i += 1
                }
                if i < n, bytes[i] != separator, bytes[i] != cr, bytes[i] != lf {
                    throw Failure(
                        line: line,
                        reason:
                            "line \(line) has text after the closing quote of a cell (quote whole cells; write a quote inside one as \"\")"
                    )
                }
                atCellStart = false
                continue
            }
            switch b {
            case separator:
                rowHasContent = true
                endCell()
                atCellStart = true
                i += 1
            case cr, lf:
                endRow()
                i += (b == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                line += 1
                rowLine = line
                atCellStart = true
            default:
                rowHasContent = true
                cell.append(b)
                atCellStart = false
                i += 1
            }
        }
        endRow()
        return rows
    }
}
