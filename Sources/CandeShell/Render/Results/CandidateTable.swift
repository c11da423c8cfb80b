import Conversation
import Store

/// `list`: one row per candidate. At a width, the columns that fit are shown, least needed
/// dropped first (role, owner, last contact, status …); handles and names are never cut while
/// they fit at all (README "Output").
struct CandidateTable: CommandResult {
    let rows: [Int32]
    let state: State
    /// Every candidate's row, by number.
    let digest: [DigestRow?]
    let empty: String

    func json(_ w: inout JSONWriter) { JSONShapes.listItems(rows, state: state, digest: digest, into: &w) }

    func text(_ context: TextContext) -> [String] {
        guard !rows.isEmpty else { return [empty] }
        let now = context.now
        var table = TableRenderer(columns: [
            .init("HANDLE", keep: 9), .init("NAME", keep: 8, minimum: 12), .init("ROLE", keep: 1),
            .init("STAGE", keep: 6), .init("STATUS", keep: 4), .init("OWNER", keep: 2),
            .init("LAST CONTACT", keep: 3), .init("WHOSE MOVE", keep: 7),
        ])
        for k in rows {
            let c = digest[Int(k)]!
            table.add([
                state.candidates.handle(at: Int(k)), SafeText.line(c.name), SafeText.line(c.role ?? ""), c.stage.name,
                c.status.name, SafeText.line(c.owner ?? ""),
                c.lastContact.map { HumanTime.relative($0, now: now) } ?? "—", WhoseMoveText.short(c.contact, now: now),
            ])
        }
        return table.render(width: context.width, style: context.style)
    }
}
