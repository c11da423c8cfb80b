import Conversation
import Store

/// Candidates' last inbound messages, as `waiting` and `today` quote them: the facts say which
/// entry it is; its text is in memory (the journal, a loaded timeline) or read from its line in
/// the snapshot's entries file, all lines in one pass. Nothing else of the timeline is read.
enum LastWords {
    static func texts(of candidates: [Int32], state: State, session: Session) -> [Int32: String] {
        guard let store = try? session.store() else { return [:] }
        if session.lastWords.token != store.stateToken {
            session.lastWords = Cache(token: store.stateToken)
        }
        var result: [Int32: String] = [:]
        var wanted: [(k: Int32, id: Int32, line: Int64)] = []
        // From the snapshot's digest line where the candidate was not decoded since.
        for (k, facts) in zip(candidates, state.digestRows(of: candidates, names: false)) {
            guard let facts, let id = facts.lastInbound else { continue }
            if let position = state.entryPosition(id: id) {
                let ref = state.entries[position].text
                let key = Key(source: ref.source, line: ref.line, start: ref.start)
                if let text = session.lastWords.texts[key] {
                    result[k] = text
                } else {
                    let text = state.text(ref, from: store.texts)
                    session.lastWords.texts[key] = text
                    result[k] = text
                }
            } else if let line = facts.lastInboundLine, let text = session.lastWords.lines[line] {
                result[k] = text
            } else if let line = facts.lastInboundLine {
                wanted.append((k, id, line))
            }
        }
        guard !wanted.isEmpty, let read = try? store.entries(atPlaces: wanted.map(\.line)) else { return result }
        for (want, entry) in zip(wanted, read) where entry.id == want.id {
            let text = state.text(entry.text, from: store.texts)
            session.lastWords.lines[want.line] = text
            result[want.k] = text
        }
        return result
    }

    /// Where a text is: texts there never change until the state is replaced (`stateToken`).
    struct Key: Hashable {
        var source: UInt16
        var line: Int64
        var start: UInt32
    }

    /// The texts read so far since the state was last replaced (an interactive `today` quotes the same ones
    /// again), by where they are.
    struct Cache {
        var token = -1
        var texts: [Key: String] = [:]
        var lines: [Int64: String] = [:]
    }
}
