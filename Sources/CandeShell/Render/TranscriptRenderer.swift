import Conversation

/// `history` as a chat transcript: the candidate's words on the left with their name and channel,
/// ours indented to the right with the author, and notes, stage changes and meetings between,
/// under a rule per day. Everything from the store goes through `SafeText`.
struct TranscriptRenderer {
    let state: State
    let texts: TextSource
    let zone: ZoneRules
    let now: Instant
    let width: Int
    let style: Style

    /// Columns before the text: " HH:MM " + a 13-column label + a space.
    private let textColumn = 21
    private static let indent = String(repeating: " ", count: 21)

    /// `count` box-drawing dashes, built as bytes (String(repeating:) is slow for a multi-byte
    /// character).
    static func rule(_ count: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 3)
        for _ in 0..<count { bytes.append(contentsOf: [0xE2, 0x94, 0x80]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func render(candidate: Candidate, items: [TimelineItem]) -> [String] {
        var lines = [
            " " + style.bold(SafeText.line(candidate.name)) + " · "
                + SafeText.line(
                    [candidate.role, candidate.stage.name, candidate.status == .active ? nil : candidate.status.name]
                        .compactMap { $0 }.joined(separator: " · "))
        ]
        if items.isEmpty {
            lines.append(" (nothing yet)")
            return lines
        }
        let firstName = SafeText.line(String(candidate.name.split(separator: " ").first ?? Substring(candidate.handle)))
        var day: CivilDate? = nil
        let thisYear = zone.local(now).date.year
        for item in items {
            let local = zone.local(item.at)
            if local.date != day {
                day = local.date
                let head = " ── " + HumanTime.day(local.date, thisYear: thisYear) + " "
                lines.append(style.dim(head + Self.rule(max(3, width - DisplayWidth.of(head) - 1))))
            }
            lines += render(item, time: HumanTime.clock(local), firstName: firstName)
        }
        return lines
    }

    private func text(_ ref: TextRef) -> [String] { SafeText.lines(state.text(ref, from: texts)) }

    /// An entry's text, marked "(edited)" when a correction changed it.
    private func text(of e: Entry) -> [String] {
        var body = text(e.text)
        if !state.corrections(of: e.id).isEmpty {
            if body.isEmpty { body = [""] }
            body[body.count - 1] += style.dim(" (edited)")
        }
        return body
    }

    /// What a correction changed: "text; at 09:12 → 10:12; via email → phone · rita".
    private func correctionSummary(_ e: Entry, author: String) -> [String] {
        let target = Int32(truncatingIfNeeded: e.extra)
        let before = state.valuesBefore(correction: e.id, of: target)
        var parts: [String] = []
        if e.text.hasText { parts.append("text") }
        if let at = state.correctedTime(of: e.id) {
            let old = before.map { HumanTime.day(zone.local($0.at).date) + " " + HumanTime.clock(zone.local($0.at)) }
            let new = HumanTime.day(zone.local(at).date) + " " + HumanTime.clock(zone.local(at))
            parts.append("at " + (old.map { $0 + " → " } ?? "") + new)
        }
        if let channel = e.channel {
            parts.append("via " + (before?.channel.map { $0.name + " → " } ?? "") + channel.name)
        }
        return ["corrected " + parts.joined(separator: "; ") + style.dim(" · " + author)]
    }

    private func render(_ item: TimelineItem, time: String, firstName: String) -> [String] {
        switch item {
        case .meeting(let m):
            var parts: [String] = []
            if let with = m.with {
                parts.append("with " + SafeText.line(with) + (m.role.map { " (\($0.name))" } ?? ""))
            }
            parts.append(HumanTime.range(m.start, m.end, zone: zone, now: now))
            if let place = m.place { parts.append(SafeText.line(place)) }
            switch m.status {
            case .scheduled: parts.append(m.start < now ? style.red("overdue") : "scheduled")
            case .done:
                parts.append("done" + (m.mood.map { " (\($0.name))" } ?? ""))
                if let outcome = m.outcome { parts.append(SafeText.line(outcome)) }
            case .cancelled:
                parts.append("cancelled" + (m.reason.map { ": " + SafeText.line($0) } ?? ""))
            }
            return row(time, "◷ \(m.kind.name) #\(m.id)", style.blue, [parts.joined(separator: " · ")])
        case .entry(let e):
            let author = SafeText.line(state.user(e.by))
            switch e.kind {
            case .message where e.direction == .inbound:
                return row(time, firstName + " ▸ " + (e.channel?.name ?? ""), style.cyan, text(of: e))
            case .message, .ask:
                let label = e.kind == .ask ? "asked for feedback" + (e.channel.map { " · \($0.name)" } ?? "") : nil
                return ours(time: time, author: author, label: label, body: text(of: e))
            case .note:
                return row(time, "✎ " + author, style.yellow, text(of: e))
            case .feedback:
                var parts: [String] = []
                if e.rating > 0 {
                    parts.append(
                        String(repeating: "★", count: Int(e.rating)) + String(repeating: "☆", count: 5 - Int(e.rating)))
                }
                if let recommend = e.recommend {
                    parts.append(recommend ? "would recommend us" : "would not recommend us")
                }
                var body = text(of: e)
                if !parts.isEmpty { body.insert(parts.joined(separator: " · "), at: 0) }
                return row(time, "★ feedback", style.cyan, body)
            case .stage:
                return row(time, "→ stage", style.magenta, [(e.stage?.name ?? "") + style.dim(" · " + author)])
            case .status:
                if e.status == .hired {
                    let start = HumanTime.day(zone.local(Instant(seconds: e.extra)).date)
                    return row(time, "★ hired", style.green, ["starts \(start)" + style.dim(" · " + author)])
                }
                var body = [(e.status?.name ?? "") + style.dim(" · " + author)]
                if e.text.hasText { body += text(e.text) }
                return row(time, "✕ " + (e.status?.name ?? ""), style.magenta, body)
            case .edit:
                return row(time, "✎ edit · " + author, style.dim, text(e.text))
            case .correction:
                let target = Int32(truncatingIfNeeded: e.extra)
                return row(time, "✎ edited #\(target)", style.dim, correctionSummary(e, author: author))
            }
        }
    }

    /// One entry on the left: time, label, then the text wrapped in the text column.
    private func row(_ time: String, _ label: String, _ paint: (String) -> String, _ body: [String]) -> [String] {
        let available = width - textColumn - 1
        var wrapped: [String] = []
        for paragraph in body { wrapped += DisplayWidth.wrapKeepingIndent(paragraph, width: available) }
        if wrapped.isEmpty { wrapped = [""] }
        // Ids, authors and channels are never cut: a label wider than its 13 columns has the
        // line to itself, and the text starts under it in the text column.
        let labelWidth = DisplayWidth.of(label)
        var lines: [String]
        if labelWidth > 13 {
            lines = [" " + style.dim(time) + " " + paint(label), Self.indent + wrapped[0]]
        } else {
            let head = " " + style.dim(time) + " " + paint(label) + String(repeating: " ", count: 13 - labelWidth)
            lines = [head + " " + wrapped[0]]
        }
        for line in wrapped.dropFirst() { lines.append(line.isEmpty ? "" : Self.indent + line) }
        return lines
    }

    /// Our message: the text in the text column, narrower, with "◂ author HH:MM" at the right.
    private func ours(time: String, author: String, label: String?, body: [String]) -> [String] {
        let tag = "◂ " + author + " " + time
        let tagWidth = DisplayWidth.of(tag)
        let available = max(16, width - textColumn - tagWidth - 3)
        var wrapped: [String] = []
        if let label { wrapped.append(style.dim(label)) }
        for paragraph in body { wrapped += DisplayWidth.wrapKeepingIndent(paragraph, width: available) }
        if wrapped.isEmpty { wrapped = [""] }
        var lines: [String] = []
        for (i, line) in wrapped.enumerated() {
            let indent = Self.indent
            if i == 0 {
                let gap = max(1, width - textColumn - LineFitter.visibleWidth(line) - tagWidth - 1)
                lines.append(indent + line + String(repeating: " ", count: gap) + style.green(tag))
            } else {
                lines.append(line.isEmpty ? "" : indent + line)
            }
        }
        return lines
    }
}
