import Testing

@testable import CandeShell

/// `today`'s "Waiting for a reply" rows (README "Listening"): the candidate's last words take
/// what the line has left, so a row with a long last message ends at the width (up to 60 columns
/// of quote; no quote when fewer than 12 are left), whatever the handle's and the times' widths.
@Suite("Waiting rows")
struct WaitingRowTests {
    @Test("a long last message fills the row to the width", arguments: [80, 100, 110, 130, 160])
    func fillsTheRow(width: Int) throws {
        let shell = ShellHarness(width: width)
        shell.ok("add \"Zoë Ünal\"")
        shell.ok("add \"Bo Li\"")
        let long = String(repeating: "Any news about the role? ", count: 8)
        shell.ok("log zoe-unal in at:-3h \(long)")
        shell.ok("log bo-li in at:\"2025-11-20 08:00\" \(long)")
        let rows = shell.ok("today").filter { $0.contains("→ open") }
        #expect(rows.count == 2)
        for row in rows {
            #expect(LineFitter.visibleWidth(row) <= width, "\(row) at \(width)")
            guard !quote(row).isEmpty else {
                // No quote only when it would get fewer than 12 columns (with " · “…”").
                #expect(LineFitter.visibleWidth(row) + 4 + 12 + 1 > width, "\(row) at \(width)")
                continue
            }
            // The row without its quote, then the quote: its 60 columns or what is left.
            let fixed = LineFitter.visibleWidth(row) - LineFitter.visibleWidth(quote(row))
            #expect(LineFitter.visibleWidth(row) == min(width, fixed + 60 + 2), "\(row) at \(width)")
            #expect(quote(row).hasSuffix("…”"))
        }
        if width >= 110 { #expect(rows.allSatisfy { !quote($0).isEmpty }) }
    }

    @Test("a short one is quoted whole")
    func shortIsWhole() {
        let shell = ShellHarness(width: 100)
        shell.ok("add \"Zoë Ünal\"")
        shell.ok("log zoe-unal in at:-3h Any news?")
        let row = shell.ok("today").first { $0.contains("→ open") } ?? ""
        #expect(row.contains("“Any news?” → open zoe-unal, then >"))
    }

    /// `“…”` of a row.
    func quote(_ row: String) -> String {
        guard let open = row.firstIndex(of: "“"), let close = row.lastIndex(of: "”") else { return "" }
        return String(row[open...close])
    }
}
