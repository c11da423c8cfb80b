import Conversation
import Store

/// What the assistant says at start when something needs attention (SPEC §5): its parts in as
/// many short lines as they need, at most three, each within the width (README "Output").
enum Greeting {
    static func show(session: Session) {
        let state: State
        do {
            state = try session.state()
            try session.checkReads()
        } catch {
            // A store that cannot be read says so at once, not at the first command.
            if case .store = error { session.warn(error.description) }
            return
        }
        let digest = Digest(state: state, now: session.now(), zone: session.zone)
        let parts = DigestRenderer(session: session, state: state).greeting(digest)
        for line in lines(parts, width: session.width ?? 80) { session.out.line(session.style.dim(line)) }
        session.out.drain()
    }

    /// The parts joined by " · " into lines of at most `width - 1` columns; at most three lines,
    /// the last ending with "→ today" when parts had to be left out.
    static func lines(_ parts: [String], width: Int) -> [String] {
        let limit = max(20, width - 1)
        var lines: [String] = []
        var current = ""
        for part in parts {
            let piece = DisplayWidth.of(part) > limit ? DisplayWidth.truncate(part, to: limit) : part
            if current.isEmpty {
                current = piece
            } else if DisplayWidth.of(current) + 3 + DisplayWidth.of(piece) <= limit {
                current += " · " + piece
            } else {
                lines.append(current)
                current = piece
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > 3 else { return lines }
        var kept = Array(lines.prefix(3))
        let more = " · more: today"
        kept[2] = DisplayWidth.truncate(kept[2], to: limit - DisplayWidth.of(more)) + more
        return kept
    }
}
