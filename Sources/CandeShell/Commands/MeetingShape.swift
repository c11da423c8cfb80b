import Conversation
import Store

/// A meeting of `export json` (`JSONShapes.meeting`) read back.
enum MeetingShape {
    private static let keys = KeyTable([
        "id", "handle", "kind", "with", "as", "start", "end", "minutes", "status", "where", "outcome", "mood",
        "reason", "at", "by", "changed", "sequence",
    ])
    private static let required = [0, 1, 2, 5, 7, 8, 13, 14]

    static func read(_ r: inout JSONReader, label: String) throws(JSONSyntaxError) -> BackupMeeting {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        var m = Meeting(
            id: 0, candidate: 0, kind: .talk, start: Instant(seconds: 0), minutes: 0, scheduled: Instant(seconds: 0),
            by: "")
        var handle = ""
        var end: Instant?
        // Backups of a cande before calendars updated have neither: as if never changed.
        var changed: Instant?
        while let key = try r.nextKey(&first) {
            guard let k = keys.lookup(key, hint: &hint) else {
                throw r.error("unknown key \"\(String(decoding: key, as: UTF8.self))\" in a meeting")
            }
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case 0: m.id = try r.id()
            case 1: handle = try r.string()
            case 2: m.kind = try r.word(MeetingKind.self)
            case 3: m.with = try r.optionalString()
            case 4: m.role = r.null() ? nil : try r.word(ColleagueRole.self)
            case 5: m.start = try r.instant()
            case 6: end = try r.instant()
            case 7: m.minutes = Int(try r.int(in: StoreLimits.minutes, "minutes"))
            case 8: m.status = try r.word(MeetingStatus.self)
            case 9: m.place = try r.optionalString()
            case 10: m.outcome = try r.optionalString()
            case 11: m.mood = r.null() ? nil : try r.word(Mood.self)
            case 12: m.reason = try r.optionalString()
            case 13: m.scheduled = try r.instant()
            case 14: m.by = try r.string()
            case 15: changed = try r.instant()
            default: m.sequence = Int(try r.int(in: StoreLimits.count, "sequence"))
            }
        }
        if let missing = required.first(where: { !seen.contains($0) }) {
            throw r.error("a meeting without \"\(keys.names[missing])\"")
        }
        m.changed = changed ?? m.scheduled
        if m.changed < m.scheduled { throw r.error("meeting #\(m.id) changed before it was scheduled") }
        if let end, end != m.end { throw r.error("meeting #\(m.id) ends at another time than start and minutes say") }
        return BackupMeeting(place: "\(label) (#\(m.id))", handle: handle, meeting: m)
    }
}
