import Conversation
import Store

/// The `--json` shapes of SPEC §6. Field names are part of the contract.
enum JSONShapes {
    /// The candidate's own fields.
    static func candidateFields(_ c: Candidate, into w: inout JSONWriter) {
        w.key("handle")
        w.string(c.handle)
        w.key("name")
        w.string(c.name)
        w.key("email")
        w.optionalString(c.email)
        w.key("phone")
        w.optionalString(c.phone)
        w.key("role")
        w.optionalString(c.role)
        w.key("source")
        w.optionalString(c.source?.name)
        w.key("owner")
        w.optionalString(c.owner)
        w.key("stage")
        w.string(c.stage.name)
        w.key("status")
        w.string(c.status.name)
        w.key("tags")
        w.strings(c.tags)
        w.key("tz")
        w.optionalString(c.tz)
        w.key("created")
        w.instant(c.created)
        w.key("updated")
        w.instant(c.updated)
    }

    /// `"stages":[{"stage","at"}]`: every arrival at a stage, oldest first (`show`, `export json`).
    static func stages(_ c: Candidate, into w: inout JSONWriter) {
        w.key("stages")
        w.beginArray()
        for visit in c.stages {
            w.beginObject()
            w.key("stage")
            w.string(visit.stage.name)
            w.key("at")
            w.instant(visit.at)
            w.endObject()
        }
        w.endArray()
    }

    /// A row of `list` and `waiting`.
    static func listItem(_ c: Candidate, _ summary: ContactSummary, into w: inout JSONWriter) {
        w.beginObject()
        w.key("handle")
        w.string(c.handle)
        w.key("name")
        w.string(c.name)
        w.key("role")
        w.optionalString(c.role)
        w.key("stage")
        w.string(c.stage.name)
        w.key("status")
        w.string(c.status.name)
        w.key("owner")
        w.optionalString(c.owner)
        w.key("lastContact")
        w.optionalInstant(summary.lastContact)
        w.key("waiting")
        w.bool(summary.isWaiting)
        w.key("waitingSince")
        w.optionalInstant(summary.waitingSince)
        w.endObject()
    }

    static func entry(_ e: Entry, state: State, texts: TextSource, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id")
        w.int(e.id)
        w.key("handle")
        w.string(state.candidates[Int(e.candidate)].handle)
        w.key("at")
        w.instant(e.at)
        w.key("kind")
        w.string(e.kind.name)
        w.key("by")
        w.string(state.user(e.by))
        switch e.kind {
        case .message:
            w.key("dir")
            w.optionalString(e.direction?.name)
            w.key("via")
            w.optionalString(e.channel?.name)
        case .ask:
            w.key("via")
            w.optionalString(e.channel?.name)
        case .feedback:
            w.key("rating")
            if e.rating > 0 { w.int(e.rating) } else { w.null() }
            w.key("recommend")
            if let recommend = e.recommend { w.bool(recommend) } else { w.null() }
        case .stage:
            w.key("stage")
            w.optionalString(e.stage?.name)
        case .status:
            w.key("status")
            w.optionalString(e.status?.name)
            if e.status == .hired {
                w.key("start")
                w.instant(Instant(seconds: e.extra))
            } else {
                w.key("reason")
                if e.text.hasText { w.string(state.text(e.text, from: texts)) } else { w.null() }
            }
        case .note, .edit: break
        }
        if e.isSearchable || e.kind == .edit {
            w.key("text")
            w.string(state.text(e.text, from: texts))
        }
        w.endObject()
    }

    static func meeting(_ m: Meeting, state: State, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id")
        w.int(m.id)
        w.key("handle")
        w.string(state.candidates[Int(m.candidate)].handle)
        w.key("kind")
        w.string(m.kind.name)
        w.key("with")
        w.optionalString(m.with)
        w.key("as")
        w.optionalString(m.role?.name)
        w.key("start")
        w.instant(m.start)
        w.key("end")
        w.instant(m.end)
        w.key("minutes")
        w.int(m.minutes)
        w.key("status")
        w.string(m.status.name)
        w.key("where")
        w.optionalString(m.place)
        w.key("outcome")
        w.optionalString(m.outcome)
        w.key("mood")
        w.optionalString(m.mood?.name)
        w.key("reason")
        w.optionalString(m.reason)
        w.key("at")
        w.instant(m.scheduled)
        w.key("by")
        w.string(m.by)
        w.endObject()
    }

    static func timelineItem(_ item: TimelineItem, state: State, texts: TextSource, into w: inout JSONWriter) {
        switch item {
        case .entry(let e): entry(e, state: state, texts: texts, into: &w)
        case .meeting(let m): meeting(m, state: state, into: &w)
        }
    }

    /// `{"ok":true,"id":N,"handle":…,"seq":S}` for a change.
    static func ok(_ record: Record, handle: String?, into w: inout JSONWriter) {
        w.beginObject()
        w.key("ok")
        w.bool(true)
        if let id = record.change.id {
            w.key("id")
            w.int(id)
        }
        if let handle {
            w.key("handle")
            w.string(handle)
        }
        w.key("seq")
        w.int(record.seq)
        w.endObject()
    }
}
