import Conversation
import Store

/// `waiting`: who waits for our reply, longest first, with the last thing they said.
struct WaitingList: CommandResult {
    let rows: [Int32]
    let state: State
    /// Every candidate's row, by number.
    let digest: [DigestRow?]

    func json(_ w: inout JSONWriter) { JSONShapes.listItems(rows, state: state, digest: digest, into: &w) }

    func text(_ context: TextContext) -> [String] {
        guard !rows.isEmpty else { return ["nobody is waiting for a reply"] }
        let now = context.now
        let column = max(16, rows.map { DisplayWidth.of(state.candidates.handle(at: Int($0))) }.max() ?? 0)
        let lastWords = LastWords.texts(of: rows, state: state, session: context.session)
        return rows.map { k in
            let since = digest[Int(k)]!.waitingSince!
            let head =
                DisplayWidth.pad(state.candidates.handle(at: Int(k)), to: column) + " "
                + context.style.yellow(DisplayWidth.pad(HumanTime.span(seconds: now.seconds - since.seconds), to: 7))
                + " since " + HumanTime.dateTime(since, zone: context.zone, now: now)
            guard let last = lastWords[k] else { return head }
            // The quote takes what is left of the line (at least 20 columns; else the renderer
            // wraps it under the handle).
            let room = max(20, min(60, context.columns - LineFitter.visibleWidth(head) - 4))
            return head + "  “" + DisplayWidth.truncate(SafeText.line(last), to: room) + "”"
        }
    }
}
