import Conversation
import Store

/// `show`: one candidate — fields, stage path with dates, whose move, upcoming meetings,
/// feedback.
struct Profile: CommandResult {
    let candidate: Int32
    let state: State
    let texts: TextSource

    private var k: Int32 { candidate }
    private var c: Candidate { state.candidates[Int(candidate)] }
    private var summary: ContactSummary { state.contactSummary(of: candidate) }
    private func upcoming() -> [Meeting] {
        state.meetings(of: k).filter { $0.status == .scheduled }.sorted { $0.start < $1.start }
    }
    private func feedback() -> [Entry] {
        state.entryPositions(of: k).map { state.entries[Int($0)] }.filter { $0.kind == .ask || $0.kind == .feedback }
    }

    func json(_ w: inout JSONWriter) {
        let upcoming = upcoming()
        let feedback = feedback()
        w.beginObject()
        JSONShapes.candidateFields(c, into: &w)
        JSONShapes.stages(c, into: &w)
        w.field("lastContact", summary.lastContact)
        w.field("waiting", summary.isWaiting)
        w.field("waitingSince", summary.waitingSince)
        w.key("upcoming")
        w.beginArray()
        for m in upcoming { JSONShapes.meeting(m, state: state, into: &w) }
        w.endArray()
        w.key("feedback")
        w.beginArray()
        for e in feedback { JSONShapes.entry(e, state: state, texts: texts, into: &w) }
        w.endArray()
        w.endObject()
    }

    func text(_ context: TextContext) -> [String] {
        let now = context.now
        let upcoming = upcoming()
        let feedback = feedback()
        let style = context.style
        let zone = context.zone
        var lines = [style.bold(SafeText.line(c.name)) + " (" + c.handle + ")"]
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            // The value wraps in its own column, under itself.
            let pieces = LineFitter.fit(value, width: context.width.map { max(20, $0 - 12) })
            lines.append("  " + style.dim(DisplayWidth.pad(name, to: 9)) + " " + pieces[0])
            for piece in pieces.dropFirst() { lines.append(String(repeating: " ", count: 12) + piece) }
        }
        field("email", c.email.map(SafeText.line))
        field("phone", c.phone.map(SafeText.line))
        field("role", c.role.map(SafeText.line))
        field("source", c.source?.name)
        field("owner", c.owner.map(SafeText.line))
        field("status", c.status.name)
        field("tags", c.tags.joined(separator: ", "))
        if let tz = c.tz {
            let there = context.session.zone(named: tz).map { " (now \(HumanTime.clock($0.local(now))) there)" } ?? ""
            field("tz", tz + there)
        }
        var path: [String] = []
        for (i, visit) in c.stages.enumerated() {
            let next = i + 1 < c.stages.count ? c.stages[i + 1].at : now
            let stay = HumanTime.span(seconds: next.seconds - visit.at.seconds)
            let day = HumanTime.day(zone.local(visit.at).date, thisYear: zone.local(now).date.year)
            path.append("\(visit.stage.name) \(day) (\(i + 1 < c.stages.count ? stay : "now " + stay))")
        }
        field("stages", path.joined(separator: " → "))
        if let since = summary.waitingSince {
            field(
                "move",
                style.yellow("ours") + ": waiting since " + HumanTime.dateTime(since, zone: zone, now: now)
                    + " (" + HumanTime.span(seconds: now.seconds - since.seconds) + ")")
        } else if let last = summary.lastContact {
            field("move", "theirs: last contact " + HumanTime.dateTime(last, zone: zone, now: now))
        } else {
            field("move", "no messages yet")
        }
        for m in upcoming {
            let label =
                "#\(m.id) \(m.kind.name)" + (m.with.map { " with " + SafeText.line($0) } ?? "")
                + (m.role.map { " (\($0.name))" } ?? "")
            let overdue = m.start < now ? style.red(" · overdue") : ""
            field(
                m.id == upcoming.first?.id ? "upcoming" : "",
                label + " · " + HumanTime.range(m.start, m.end, zone: zone, now: now) + overdue)
        }
        for e in feedback {
            let day = HumanTime.day(zone.local(e.at).date, thisYear: zone.local(now).date.year)
            let body = SafeText.line(state.text(e.text, from: texts))
            if e.kind == .ask {
                field(
                    e.id == feedback.first?.id ? "feedback" : "",
                    "asked \(day)" + (e.channel.map { " (\($0.name))" } ?? ""))
            } else {
                var parts = ["answered \(day)"]
                if e.rating > 0 { parts.append("\(e.rating)/5") }
                if let recommend = e.recommend { parts.append(recommend ? "would recommend" : "would not recommend") }
                if !body.isEmpty { parts.append("“" + body + "”") }
                field(e.id == feedback.first?.id ? "feedback" : "", parts.joined(separator: " · "))
            }
        }
        field("created", HumanTime.dateTime(c.created, zone: zone, now: now))
        return lines
    }
}
