import Conversation
import Store

/// `today`'s result.
struct DigestResult: CommandResult {
    let digest: Digest
    let state: State

    func json(_ w: inout JSONWriter) { DigestRenderer.json(digest, state: state, into: &w) }
    func text(_ context: TextContext) -> [String] {
        DigestRenderer(session: context.session, state: state).lines(digest)
    }
}

/// `today` as text and JSON, and the one-line greeting.
struct DigestRenderer {
    let session: Session
    let state: State
    private let now: Instant
    private let thisYear: Int

    init(session: Session, state: State) {
        self.session = session
        self.state = state
        now = session.now()
        thisYear = session.zone.local(now).date.year
    }

    private func handle(_ k: Int32) -> String { state.candidates.handle(at: Int(k)) }
    private func when(_ t: Instant) -> String { HumanTime.dateTime(t, zone: session.zone, thisYear: thisYear) }
    private func ago(_ t: Instant) -> String { HumanTime.span(seconds: now.seconds - t.seconds) }

    func lines(_ d: Digest) -> [String] {
        guard !d.isEmpty else { return ["Nothing needs attention. Everyone has been heard."] }
        let everyone =
            d.waiting.map(\.candidate) + d.neverAsked.map(\.candidate) + d.unansweredAsks.map(\.candidate)
            + d.silent.map(\.candidate)
        let column = max(16, everyone.map { DisplayWidth.of(handle($0)) }.max() ?? 0)
        var out: [String] = []
        func section(_ title: String, _ count: Int, _ rows: [String]) {
            guard count > 0 else { return }
            out.append(session.style.bold("\(title) (\(count))"))
            out += rows.map { "  " + $0 }
        }
        let lastWords = LastWords.texts(of: d.waiting.map(\.candidate), state: state, session: session)
        section(
            "Waiting for a reply", d.waiting.count,
            d.waiting.map { w in
                // Built piece by piece with the pieces' widths: thousands of rows on a big store.
                let name = handle(w.candidate)
                let nameWidth = DisplayWidth.of(name)
                let since = ago(w.since)
                let at = when(w.since)
                var row = ""
                row.reserveCapacity(2 * column + 160)
                row += name
                if nameWidth < column { row += String(repeating: " ", count: column - nameWidth) }
                row += " "
                row += session.style.yellow(since)
                row += " · since "
                row += at
                // Their last words take what the line has left (none below 12 columns).
                let rowWidth = max(column, nameWidth) + 1 + since.utf8.count + 9 + DisplayWidth.of(at)
                let room = min(60, (session.width ?? 80) - 2 - rowWidth - (16 + nameWidth) - 5)
                if room >= 12, let last = lastWords[w.candidate] {
                    row += " · “"
                    row += DisplayWidth.truncate(SafeText.line(last), to: room)
                    row += "”"
                }
                row += " → open "
                row += name
                row += ", then >"
                return row
            })
        section(
            "Today", d.meetingsToday.count,
            d.meetingsToday.map { m in
                "#\(m.id) \(handle(m.candidate)) · " + MeetingText.describe(m, zone: session.zone, now: now)
            })
        section(
            "Overdue (not marked done)", d.overdue.count,
            d.overdue.map { m in
                "#\(m.id) \(handle(m.candidate)) · " + MeetingText.describe(m, zone: session.zone, now: now)
                    + " → done #\(m.id) or move #\(m.id) at:…"
            })
        section(
            "Never asked for feedback", d.neverAsked.count,
            zip(d.neverAsked, state.digestRows(of: d.neverAsked.map(\.candidate), names: false)).map { closed, row in
                let h = handle(closed.candidate)
                let status = row?.status.name ?? ""
                return DisplayWidth.pad(h, to: column) + " \(status) " + ago(closed.since) + " ago → ask \(h)"
            })
        section(
            "Feedback asked, no answer after 7 days", d.unansweredAsks.count,
            d.unansweredAsks.map { a in
                DisplayWidth.pad(handle(a.candidate), to: column) + " asked " + when(a.since) + " (" + ago(a.since)
                    + " ago)"
            })
        section(
            "Silent for 14 days or more", d.silent.count,
            d.silent.map { s in
                DisplayWidth.pad(handle(s.candidate), to: column) + " "
                    + (s.lastContact.map { "last message " + when($0) + " (" + ago($0) + " ago)" } ?? "no message yet")
            })
        section(
            "New hires without a check-in in the next 30 days", d.hiresWithoutCheckin.count,
            d.hiresWithoutCheckin.map { k in
                handle(k) + " → checkin \(handle(k)) at:…"
            })
        return out
    }

    /// The greeting's parts (empty when nothing is due).
    func greeting(_ d: Digest) -> [String] {
        var parts: [String] = []
        if let first = d.waiting.first {
            parts.append(
                "\(d.waiting.count) waiting for a reply (longest: \(handle(first.candidate)), \(ago(first.since)))")
        }
        let talks = d.meetingsToday.filter { $0.kind == .talk }.count
        let checkins = d.meetingsToday.count - talks
        if talks > 0 { parts.append("\(talks) talk\(talks == 1 ? "" : "s") today") }
        if checkins > 0 { parts.append("\(checkins) check-in\(checkins == 1 ? "" : "s") today") }
        if !d.overdue.isEmpty { parts.append("\(d.overdue.count) overdue") }
        if !d.neverAsked.isEmpty {
            parts.append("\(d.neverAsked.count) rejected or withdrawn never asked for feedback")
        }
        if !d.unansweredAsks.isEmpty { parts.append("\(d.unansweredAsks.count) feedback asks unanswered") }
        if !d.silent.isEmpty { parts.append("\(d.silent.count) silent for 14 days") }
        if !d.hiresWithoutCheckin.isEmpty {
            parts.append("\(d.hiresWithoutCheckin.count) new hires without a check-in")
        }
        return parts
    }

    static func json(_ d: Digest, state: State, into w: inout JSONWriter) {
        func handle(_ k: Int32) -> String { state.candidates.handle(at: Int(k)) }
        /// `"key":[{"handle":…, …}, …]`, one object per item.
        func people<T>(_ key: StaticString, _ items: [T], _ k: (T) -> Int32, _ fields: (T, inout JSONWriter) -> Void) {
            w.key(key)
            w.beginArray()
            for item in items {
                w.beginObject()
                w.field("handle", handle(k(item)))
                fields(item, &w)
                w.endObject()
            }
            w.endArray()
        }
        func meetings(_ key: StaticString, _ list: [Meeting]) {
            w.key(key)
            w.beginArray()
            for m in list { JSONShapes.meeting(m, state: state, into: &w) }
            w.endArray()
        }
        w.beginObject()
        people("waiting", d.waiting, \.candidate) { x, w in w.field("waitingSince", x.since) }
        meetings("today", d.meetingsToday)
        meetings("overdue", d.overdue)
        people("neverAsked", d.neverAsked, \.candidate) { closed, w in
            w.field("status", state.digestRow(Int(closed.candidate), names: false)?.status.name)
            w.field("since", closed.since)
        }
        people("unansweredAsks", d.unansweredAsks, \.candidate) { a, w in w.field("askedAt", a.since) }
        people("silent", d.silent, \.candidate) { s, w in w.field("lastContact", s.lastContact) }
        w.key("hiresWithoutCheckin")
        w.strings(d.hiresWithoutCheckin.map(handle))
        w.endObject()
    }
}
