import Conversation
import Store

/// The `--json` shapes of SPEC §6. Field names are part of the contract.
enum JSONShapes {
    /// The candidate's own fields.
    static func candidateFields(_ c: Candidate, into w: inout JSONWriter) {
        w.field("handle", c.handle)
        w.field("name", c.name)
        w.field("email", c.email)
        w.field("phone", c.phone)
        w.field("role", c.role)
        w.field("source", c.source?.name)
        w.field("owner", c.owner)
        w.field("stage", c.stage.name)
        w.field("status", c.status.name)
        w.key("tags")
        w.strings(c.tags)
        w.field("tz", c.tz)
        w.field("created", c.created)
        w.field("updated", c.updated)
    }

    /// `"stages":[{"stage","at"}]`: every arrival at a stage, oldest first (`show`, `export json`).
    static func stages(_ c: Candidate, into w: inout JSONWriter) {
        w.key("stages")
        w.beginArray()
        for visit in c.stages {
            w.beginObject()
            w.field("stage", visit.stage.name)
            w.field("at", visit.at)
            w.endObject()
        }
        w.endArray()
    }

    /// A row of `list` and `waiting`.
    /// `list` and `waiting`: an array of candidates, each with whose move it is.
    static func listItems(_ rows: [Int32], state: State, digest: [DigestRow?], into w: inout JSONWriter) {
        w.beginArray()
        for k in rows { listItem(state.candidates.handle(at: Int(k)), digest[Int(k)]!, into: &w) }
        w.endArray()
    }

    private static func listItem(_ handle: String, _ c: DigestRow, into w: inout JSONWriter) {
        let summary = c.contact
        w.beginObject()
        w.field("handle", handle)
        w.field("name", c.name)
        w.field("role", c.role)
        w.field("stage", c.stage.name)
        w.field("status", c.status.name)
        w.field("owner", c.owner)
        w.field("lastContact", summary.lastContact)
        w.field("waiting", summary.isWaiting)
        w.field("waitingSince", summary.waitingSince)
        w.endObject()
    }

    static func entry(_ e: Entry, state: State, texts: TextSource, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", e.id)
        w.field("handle", state.candidates[Int(e.candidate)].handle)
        w.field("at", e.at)
        w.field("kind", e.kind.name)
        w.field("by", state.user(e.by))
        switch e.kind {
        case .message:
            w.field("dir", e.direction?.name)
            w.field("via", e.channel?.name)
        case .ask:
            w.field("via", e.channel?.name)
        case .feedback:
            w.key("rating")
            if e.rating > 0 { w.int(e.rating) } else { w.null() }
            w.key("recommend")
            if let recommend = e.recommend { w.bool(recommend) } else { w.null() }
        case .stage:
            w.field("stage", e.stage?.name)
        case .status:
            w.field("status", e.status?.name)
            if e.status == .hired {
                w.field("start", Instant(seconds: e.extra))
            } else {
                w.key("reason")
                if e.text.hasText { w.string(state.text(e.text, from: texts)) } else { w.null() }
            }
        case .correction:
            correction(e, state: state, texts: texts, into: &w)
        case .note, .edit: break
        }
        if e.isSearchable || e.kind == .edit {
            w.field("text", state.text(e.text, from: texts))
        }
        if e.isCorrectable, !state.corrections(of: e.id).isEmpty { w.field("edited", true) }
        w.endObject()
    }

    /// A correction (`edit #ID`): `"of"` the entry, and `"old"`/`"new"` with the values it changed.
    private static func correction(_ e: Entry, state: State, texts: TextSource, into w: inout JSONWriter) {
        let target = Int32(truncatingIfNeeded: e.extra)
        w.field("of", target)
        let before = state.valuesBefore(correction: e.id, of: target)
        let newAt = state.correctedTime(of: e.id)
        for (key, isNew) in [("old", false), ("new", true)] {
            w.key(key)
            w.beginObject()
            if e.text.hasText {
                if isNew {
                    w.field("text", state.text(e.text, from: texts))
                } else {
                    w.field("text", before.map { state.text($0.text, from: texts) })
                }
            }
            if let newAt { w.field("at", isNew ? newAt : before?.at) }
            if let channel = e.channel { w.field("via", isNew ? channel.name : before?.channel?.name) }
            w.endObject()
        }
    }

    /// A meeting; `overdue` is added by `agenda`.
    static func meeting(_ m: Meeting, state: State, overdue: Bool? = nil, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", m.id)
        w.field("handle", state.candidates[Int(m.candidate)].handle)
        w.field("kind", m.kind.name)
        w.field("with", m.with)
        w.field("as", m.role?.name)
        w.field("start", m.start)
        w.field("end", m.end)
        w.field("minutes", m.minutes)
        w.field("status", m.status.name)
        w.field("where", m.place)
        w.field("outcome", m.outcome)
        w.field("mood", m.mood?.name)
        w.field("reason", m.reason)
        w.field("at", m.scheduled)
        w.field("by", m.by)
        // A calendar's LAST-MODIFIED and SEQUENCE (README "Calendars that update").
        w.field("changed", m.changed)
        w.field("sequence", m.sequence)
        if let overdue { w.field("overdue", overdue) }
        w.endObject()
    }

    static func timelineItem(_ item: TimelineItem, state: State, texts: TextSource, into w: inout JSONWriter) {
        switch item {
        case .entry(let e): entry(e, state: state, texts: texts, into: &w)
        case .meeting(let m): meeting(m, state: state, into: &w)
        }
    }
}
