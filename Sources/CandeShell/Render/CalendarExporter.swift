import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// `export ics`: talks and check-ins as an iCalendar (RFC 5545) calendar, one VEVENT each.
///
/// - `UID` is `meeting-<id>@<store>.cande`, where `<store>` is the FNV-1a 64-bit hash (hex) of
///   the store directory's real path: stable across exports of one store (so calendar programs
///   update events instead of duplicating them) and not changed by anything done in the store
///   (an `undo` or `forget` of the oldest candidate included); it changes if the store is moved.
/// - `DTSTAMP` is the export's time; `CREATED` when the meeting was scheduled.
/// - `SUMMARY`: "Talk: Ada Lovelace with Sam Lee (peer)", "Check-in: Ada Lovelace".
/// - `STATUS`: CANCELLED or CONFIRMED (scheduled and done).
/// - `DESCRIPTION`: the meeting's number and the candidate's handle; for done ones the outcome
///   and mood. Notes, messages and cancellation reasons never go into it.
enum CalendarExporter {
    static func export(
        _ meetings: [Meeting], state: State, store: String, now: Instant, version: String,
        chunk: ([UInt8]) throws(ShellError) -> Void
    ) throws(ShellError) {
        var w = ICSWriter()
        w.property("BEGIN", raw: "VCALENDAR")
        w.property("VERSION", raw: "2.0")
        w.property("PRODID", text: "-//CandeShell//cande \(version)//EN")
        w.property("CALSCALE", raw: "GREGORIAN")
        w.property("X-WR-CALNAME", text: "cande talks and check-ins")
        let identity = self.identity(store: store)
        let stamp = ICSWriter.utc(now)
        for m in meetings {
            let c = state.candidates[Int(m.candidate)]
            w.property("BEGIN", raw: "VEVENT")
            w.property("UID", raw: "meeting-\(m.id)@\(identity)")
            w.property("DTSTAMP", raw: stamp)
            w.property("CREATED", time: m.scheduled)
            w.property("DTSTART", time: m.start)
            w.property("DTEND", time: m.end)
            w.property("SUMMARY", text: summary(m, name: c.name))
            if let place = m.place, !place.isEmpty { w.property("LOCATION", text: place) }
            w.property("STATUS", raw: m.status == .cancelled ? "CANCELLED" : "CONFIRMED")
            var description = ["cande \(m.kind.name) #\(m.id) · \(c.handle)"]
            if m.status == .done {
                if let outcome = m.outcome, !outcome.isEmpty { description.append("Outcome: " + outcome) }
                if let mood = m.mood { description.append("Mood: " + moodText(mood)) }
            }
            w.property("DESCRIPTION", text: description.joined(separator: "\n"))
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

    /// `<16 hex digits>.cande`: the FNV-1a 64 hash of the store's real path.
    static func identity(store path: String) -> String {
        var real = path
        if let resolved = realpath(path, nil) {
            real = String(cString: resolved)
            free(resolved)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in real.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".cande"
    }
}
