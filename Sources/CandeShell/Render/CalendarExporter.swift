import Conversation

/// `export ics`: talks and check-ins as an iCalendar (RFC 5545) calendar, one VEVENT each, made
/// so that importing a later export updates the events of an earlier one (README "Export and
/// import": calendars that update):
/// - `UID` is `meeting-<id>@<store id>.cande`: the store's id (`ConversationStore.identity`) is
///   kept in the store, so every export of the store and of any copy of it names a meeting alike.
/// - `DTSTAMP` and `LAST-MODIFIED` are the meeting's last change (not the export's time), and
///   `SEQUENCE` counts its changes (moves, held, cancelled, undos of those): a client that
///   compares them takes the newer version of an event and keeps the one it has otherwise.
///   `CREATED` is when it was scheduled.
/// - `SUMMARY`: "Talk: Ada Lovelace with Sam Lee (peer)", "Check-in: Ada Lovelace".
/// - `STATUS`: CANCELLED or CONFIRMED (scheduled and done).
/// - `DESCRIPTION`: the meeting's number and the candidate's handle; for done ones the outcome
///   and mood. Notes, messages and cancellation reasons never go into it.
/// - With `alarm` (minutes), a `VALARM` that reminds that long before the start (cancelled
///   meetings get none).
enum CalendarExporter {
    static func export(
        _ meetings: [Meeting], state: State, identity: String, alarm: Int?, version: String,
        chunk: ([UInt8]) throws(ShellError) -> Void
    ) throws(ShellError) {
        var w = ICSWriter()
        w.property("BEGIN", raw: "VCALENDAR")
        w.property("VERSION", raw: "2.0")
        w.property("PRODID", text: "-//CandeShell//cande \(version)//EN")
        w.property("CALSCALE", raw: "GREGORIAN")
        w.property("X-WR-CALNAME", text: "cande talks and check-ins")
        for m in meetings {
            let c = state.candidates[Int(m.candidate)]
            let summary = summary(m, name: c.name)
            w.property("BEGIN", raw: "VEVENT")
            w.property("UID", raw: "meeting-\(m.id)@\(identity).cande")
            w.property("DTSTAMP", time: m.changed)
            w.property("CREATED", time: m.scheduled)
            w.property("LAST-MODIFIED", time: m.changed)
            w.property("SEQUENCE", raw: String(m.sequence))
            w.property("DTSTART", time: m.start)
            w.property("DTEND", time: m.end)
            w.property("SUMMARY", text: summary)
            if let place = m.place, !place.isEmpty { w.property("LOCATION", text: place) }
            w.property("STATUS", raw: m.status == .cancelled ? "CANCELLED" : "CONFIRMED")
            var description = ["cande \(m.kind.name) #\(m.id) · \(c.handle)"]
            if m.status == .done {
                if let outcome = m.outcome, !outcome.isEmpty { description.append("Outcome: " + outcome) }
                if let mood = m.mood { description.append("Mood: " + moodText(mood)) }
            }
            w.property("DESCRIPTION", text: description.joined(separator: "\n"))
            if let alarm, m.status != .cancelled {
                w.property("BEGIN", raw: "VALARM")
                w.property("ACTION", raw: "DISPLAY")
                w.property("TRIGGER", raw: "-" + ICSWriter.duration(minutes: alarm))
                w.property("DESCRIPTION", text: summary)
                w.property("END", raw: "VALARM")
            }
            w.property("END", raw: "VEVENT")
            if w.bytes.count >= 1 << 20 {
                try chunk(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        w.property("END", raw: "VCALENDAR")
        try chunk(w.bytes)
    }

    static func summary(_ m: Meeting, name: String) -> String {
        var text = (m.kind == .talk ? "Talk: " : "Check-in: ") + name
        if let with = m.with, !with.isEmpty { text += " with " + with }
        if let role = m.role { text += " (\(role.name))" }
        return text
    }

    private static func moodText(_ mood: Mood) -> String {
        switch mood {
        case .good: "+ (good)"
        case .neutral: "0 (neutral)"
        case .bad: "- (bad)"
        }
    }
}
