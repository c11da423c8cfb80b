/// Neutralises CSV cells against spreadsheet formula injection (CWE-1236): a spreadsheet runs a
/// cell that starts with `=`, `+`, `-` or `@` (and some with TAB or CR) as a formula, so a
/// candidate named `=HYPERLINK("http://evil","click")` would become a live link or worse.
///
/// The rule, reversible so that export → import is lossless:
/// - a cell is *guarded* when it is zero or more `'` followed by one of `= + - @ TAB CR`;
/// - export prefixes a guarded cell with one `'` (spreadsheets show the rest as plain text);
/// - import removes one `'` from a cell that is one or more `'` followed by a trigger.
/// Export maps `'ᵏT…` to `'ᵏ⁺¹T…` and import maps it back; every other cell passes unchanged.
enum FormulaGuard {
    private static let quote: UInt8 = 0x27

    private static func isTrigger(_ b: UInt8) -> Bool {
        b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D
    }

    /// The number of leading quotes, if a trigger follows them.
    private static func guardedQuotes(_ cell: String) -> Int? {
        var quotes = 0
        for b in cell.utf8 {
            if b == quote {
                quotes += 1
            } else {
                return isTrigger(b) ? quotes : nil
            }
        }
        return nil
    }

    /// The cell as export writes it.
    static func neutralised(_ cell: String) -> String {
        guardedQuotes(cell) == nil ? cell : "'" + cell
    }

    /// The cell as import reads it back.
    static func restored(_ cell: String) -> String {
        guard let quotes = guardedQuotes(cell), quotes > 0 else { return cell }
        return String(cell.dropFirst())
    }
}
