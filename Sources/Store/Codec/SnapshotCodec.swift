import Conversation

/// The JSON shapes of the snapshot's objects — candidates, meetings, undo items — and of the
/// candidate drafts inside `add` records. Meetings name their candidate by handle.
public enum SnapshotCodec {
    // MARK: Candidates

    /// `entries`: the byte offsets, in the generation's entries file, of the candidate's lines
    /// (so that one candidate's timeline loads without reading everyone's).
    /// `lastInboundLine`: where the facts' last inbound message is in the entries file.
    static func writeCandidate(
        _ c: Candidate, entries: [Int64] = [], lastInboundLine: Int64? = nil, into w: inout JSONWriter
    ) {
        w.key("handle")
        w.string(c.handle)
        w.key("name")
        w.string(c.name)
        w.fieldIfPresent("email", c.email)
        w.fieldIfPresent("phone", c.phone)
        w.fieldIfPresent("role", c.role)
        w.fieldIfPresent("source", c.source?.name)
        w.fieldIfPresent("owner", c.owner)
        w.key("stage")
        w.string(c.stage.name)
        w.key("status")
        w.string(c.status.name)
        if !c.tags.isEmpty {
            w.key("tags")
            w.strings(c.tags)
        }
        w.fieldIfPresent("tz", c.tz)
        w.key("created")
        w.instant(c.created)
        w.key("updated")
        w.instant(c.updated)
        w.key("touches")
        w.int(c.touches)
        w.key("stages")
        w.beginArray()
        for visit in c.stages {
            w.beginObject()
            w.key("stage")
            w.string(visit.stage.name)
            w.key("at")
            w.instant(visit.at)
            w.key("seq")
            w.int(visit.seq)
            w.endObject()
        }
        w.endArray()
        if !entries.isEmpty {
            w.key("entries")
            w.beginArray()
            for offset in entries { w.int(offset) }
            w.endArray()
        }
        if c.facts != CandidateFacts() {
            w.key("facts")
            FactsCodec.write(c.facts, lastInboundLine: lastInboundLine, into: &w)
        }
    }

    private static let candidateKeys = KeyTable([
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "status", "tags", "tz", "created",
        "updated", "touches", "stages", "entries", "sum", "facts",
    ])

    /// The offsets of a candidate's lines in the entries file (see `writeCandidate`).
    static func readEntryOffsets(_ r: inout JSONReader) throws(JSONSyntaxError) -> [Int64] {
        try r.beginObject()
        var first = true
        var hint = 0
        while let k = try r.nextKey(&first, in: candidateKeys, hint: &hint) {
            guard k == 15 else {
                try r.skipValue()
                continue
            }
            var offsets: [Int64] = []
            try r.beginArray()
            var firstOffset = true
            while try r.nextElement(&firstOffset) { offsets.append(try r.int(in: 0...Int64.max, "entry offset")) }
            return offsets
        }
        return []
    }
    private static let visitKeys = KeyTable(["stage", "at", "seq"])

    /// The handle and email of a candidate line, read without decoding the rest (the writer puts
    /// handle, name and email first).
    static func readCandidateKeys(_ r: inout JSONReader) throws(JSONSyntaxError) -> (handle: String, email: String?) {
        try r.beginObject()
        var first = true
        var hint = 0
        guard try r.nextKey(&first, in: candidateKeys, hint: &hint) == 0 else {
            throw r.error("a candidate must start with its handle")
        }
        let handle = try r.string()
        guard try r.nextKey(&first, in: candidateKeys, hint: &hint) == 1 else {
            throw r.error("a candidate's name must follow its handle")
        }
        _ = try r.stringSpan()
        var email: String?
        if try r.nextKey(&first, in: candidateKeys, hint: &hint) == 2 { email = try r.string() }
        return (handle, email)
    }

    static func readCandidate(_ r: inout JSONReader) throws(JSONSyntaxError) -> Candidate {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var handle: String?
        var name: String?
        var email: String?
        var phone: String?
        var role: String?
        var source: Source?
        var owner: String?
        var stage: Stage?
        var status: Status?
        var tags: [String] = []
        var tz: String?
        var created: Instant?
        var updated: Instant?
        var touches = 1
        var stages: [StageVisit] = []
        var facts = CandidateFacts()
        var hint = 0
        while let k = try r.nextKey(&first, in: candidateKeys, hint: &hint) {
            try seen.insert(k, r, name: candidateKeys.names[k])
            switch k {
            case 0: handle = try r.string()
            case 1: name = try r.string()
            case 2: email = try r.string()
            case 3: phone = try r.string()
            case 4: role = try r.string()
            case 5: source = try r.word(Source.self)
            case 6: owner = try r.string()
            case 7: stage = try r.word(Stage.self)
            case 8: status = try r.word(Status.self)
            case 9: tags = try r.strings()
            case 10: tz = try r.string()
            case 11: created = try r.instant()
            case 12: updated = try r.instant()
            case 13: touches = Int(try r.int(in: StoreLimits.count, "touches"))
            case 14:
                try r.beginArray()
                var firstVisit = true
                while try r.nextElement(&firstVisit) {
                    try r.beginObject()
                    var firstKey = true
                    var visitSeen = SeenKeys()
                    var visitStage: Stage?
                    var at: Instant?
                    var seq: Int64 = 0
                    while let visitKey = try r.nextKey(&firstKey) {
                        guard let v = visitKeys.lookup(visitKey) else { throw r.error("unknown key in a stage visit") }
                        try visitSeen.insert(v, r, name: visitKeys.names[v])
                        switch v {
                        case 0: visitStage = try r.word(Stage.self)
                        case 1: at = try r.instant()
                        default: seq = try r.int(in: StoreLimits.seq, "seq")
                        }
                    }
                    guard let visitStage, let at else { throw r.error("stage visit without stage or at") }
                    stages.append(StageVisit(stage: visitStage, at: at, seq: seq))
                }
            case 15: try r.skipNumberArray()
            case 17: facts = try FactsCodec.read(&r)
            default: _ = try r.stringSpan()
            }
        }
        guard let handle, let name, let stage, let status, let created else {
            throw r.error("candidate without handle, name, stage, status or created")
        }
        var candidate = Candidate(
            handle: handle, name: name, email: email, phone: phone, role: role, source: source, owner: owner,
            stage: stage, status: status, tags: tags, tz: tz, created: created, updated: updated ?? created,
            stages: stages, touches: touches)
        candidate.facts = facts
        return candidate
    }

    // MARK: Drafts (inside `add` records)

    static func writeDraft(_ d: CandidateDraft, into w: inout JSONWriter) {
        w.beginObject()
        w.key("handle")
        w.string(d.handle)
        w.key("name")
        w.string(d.name)
        w.fieldIfPresent("email", d.email)
        w.fieldIfPresent("phone", d.phone)
        w.fieldIfPresent("role", d.role)
        w.fieldIfPresent("source", d.source?.name)
        w.fieldIfPresent("owner", d.owner)
        w.key("stage")
        w.string(d.stage.name)
        if !d.tags.isEmpty {
            w.key("tags")
            w.strings(d.tags)
        }
        w.fieldIfPresent("tz", d.tz)
        // Only an import of an export or another system's file sets these: a plain `add` stays
        // readable by a cande that does not know them (one that does not refuses the record).
        if d.status != .active {
            w.key("status")
            w.string(d.status.name)
        }
        w.fieldIfPresent("created", d.created)
        w.fieldIfPresent("updated", d.updated)
        w.endObject()
    }

    private static let draftKeys = KeyTable([
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "tags", "tz", "status", "created",
        "updated",
    ])

    static func readDraft(_ r: inout JSONReader) throws(JSONSyntaxError) -> CandidateDraft {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var draft = CandidateDraft(handle: "", name: "")
        var hasHandle = false
        var hasName = false
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = draftKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in a new candidate") }
            try seen.insert(k, r, name: draftKeys.names[k])
            switch k {
            case 0:
                draft.handle = try r.string()
                hasHandle = true
            case 1:
                draft.name = try r.string()
                hasName = true
            case 2: draft.email = try r.string()
            case 3: draft.phone = try r.string()
            case 4: draft.role = try r.string()
            case 5: draft.source = try r.word(Source.self)
            case 6: draft.owner = try r.string()
            case 7: draft.stage = try r.word(Stage.self)
            case 8: draft.tags = try r.strings()
            case 9: draft.tz = try r.string()
            case 10: draft.status = try r.word(Status.self)
            case 11: draft.created = try r.instant()
            default: draft.updated = try r.instant()
            }
        }
        guard hasHandle, hasName else { throw r.error("new candidate without handle or name") }
        return draft
    }

    // MARK: Meetings

    static func writeMeeting(_ m: Meeting, handle: String, into w: inout JSONWriter) {
        w.key("id")
        w.int(m.id)
        w.key("c")
        w.string(handle)
        w.key("kind")
        w.string(m.kind.name)
        w.fieldIfPresent("with", m.with)
        w.fieldIfPresent("as", m.role?.name)
        w.key("start")
        w.instant(m.start)
        w.key("minutes")
        w.int(m.minutes)
        w.fieldIfPresent("where", m.place)
        w.key("status")
        w.string(m.status.name)
        w.fieldIfPresent("outcome", m.outcome)
        w.fieldIfPresent("mood", m.mood?.name)
        w.fieldIfPresent("reason", m.reason)
        w.key("scheduled")
        w.instant(m.scheduled)
        w.key("by")
        w.string(m.by)
        // Schema 5; only when it changed since it was scheduled.
        if m.changed != m.scheduled {
            w.key("changed")
            w.instant(m.changed)
        }
        if m.sequence != 0 {
            w.key("sequence")
            w.int(m.sequence)
        }
    }

    private static let meetingKeys = KeyTable([
        "id", "c", "kind", "with", "as", "start", "minutes", "where", "status", "outcome", "mood", "reason",
        "scheduled", "by", "changed", "sequence", "sum",
    ])

    /// `candidateIndex` turns the handle into the candidate's number.
    static func readMeeting(_ r: inout JSONReader, candidateIndex: (String) -> Int32?) throws(JSONSyntaxError)
        -> Meeting
    {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var id: Int32?
        var candidate: Int32?
        var kind: MeetingKind?
        var with: String?
        var role: ColleagueRole?
        var start: Instant?
        var minutes: Int?
        var place: String?
        var status: MeetingStatus?
        var outcome: String?
        var mood: Mood?
        var reason: String?
        var scheduled: Instant?
        var by: String?
        var changed: Instant?
        var sequence = 0
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = meetingKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in a meeting") }
            try seen.insert(k, r, name: meetingKeys.names[k])
            switch k {
            case 0: id = try r.id()
            case 1:
                let at = r.position
                let handle = try r.string()
                guard let index = candidateIndex(handle) else {
                    throw r.error("meeting of unknown candidate \(handle)", at: at)
                }
                candidate = index
            case 2: kind = try r.word(MeetingKind.self)
            case 3: with = try r.string()
            case 4: role = try r.word(ColleagueRole.self)
            case 5: start = try r.instant()
            case 6: minutes = Int(try r.int(in: StoreLimits.minutes, "minutes"))
            case 7: place = try r.string()
            case 8: status = try r.word(MeetingStatus.self)
            case 9: outcome = try r.string()
            case 10: mood = try r.word(Mood.self)
            case 11: reason = try r.string()
            case 12: scheduled = try r.instant()
            case 13: by = try r.string()
            case 14: changed = try r.instant()
            case 15: sequence = Int(try r.int(in: StoreLimits.count, "sequence"))
            default: _ = try r.stringSpan()
            }
        }
        guard let id, let candidate, let kind, let start, let minutes, let status, let scheduled, let by else {
            throw r.error("meeting without one of id, c, kind, start, minutes, status, scheduled, by")
        }
        return Meeting(
            id: id, candidate: candidate, kind: kind, with: with, role: role, start: start, minutes: minutes,
            place: place, status: status, outcome: outcome, mood: mood, reason: reason, scheduled: scheduled, by: by,
            changed: changed, sequence: sequence)
    }

    // MARK: Undo items

    static func writeUndo(_ item: UndoItem, user: String, state: State, into w: inout JSONWriter) {
        w.key("user")
        w.string(user)
        w.key("seq")
        w.int(item.seq)
        w.key("op")
        w.string(item.op)
        w.key("revert")
        w.beginObject()
        let r = item.revert
        if !r.candidates.isEmpty {
            w.key("candidates")
            w.strings(r.candidates)
        }
        w.fieldIfPresent("handle", r.handle)
        if !r.fields.isEmpty {
            w.key("fields")
            w.beginArray()
            for field in r.fields {
                w.beginObject()
                w.key("field")
                w.string(field.field.name)
                w.key("old")
                w.optionalString(field.old)
                w.key("new")
                w.optionalString(field.new)
                w.endObject()
            }
            w.endArray()
        }
        if let stage = r.stage { transition("stage", stage.old.name, stage.new.name, &w) }
        if let status = r.status { transition("status", status.old.name, status.new.name, &w) }
        w.fieldIfPresent("visit", r.visit)
        if !r.entries.isEmpty {
            w.key("entries")
            w.beginArray()
            for id in r.entries { w.int(id) }
            w.endArray()
        }
        w.fieldIfPresent("corrected", r.corrected)
        func meeting(_ m: Meeting) {
            w.beginObject()
            writeMeeting(m, handle: state.candidates[Int(m.candidate)].handle, into: &w)
            w.endObject()
        }
        if !r.createdMeetings.isEmpty {
            w.key("created")
            w.beginArray()
            r.createdMeetings.forEach(meeting)
            w.endArray()
        }
        if let change = r.meeting {
            w.key("meeting")
            w.beginObject()
            w.key("old")
            meeting(change.old)
            w.key("new")
            meeting(change.new)
            w.endObject()
        }
        w.endObject()
    }

    private static let undoKeys = KeyTable(["user", "seq", "op", "revert", "sum"])
    private static let revertKeys = KeyTable([
        "candidates", "handle", "fields", "stage", "status", "visit", "entries", "created", "meeting", "corrected",
    ])

    static func readUndo(_ r: inout JSONReader, candidateIndex: (String) -> Int32?) throws(JSONSyntaxError)
        -> (user: String, item: UndoItem)
    {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var user: String?
        var seq: Int64?
        var op: String?
        var revert = Revert()
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = undoKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in an undo item") }
            try seen.insert(k, r, name: undoKeys.names[k])
            switch k {
            case 0: user = try r.string()
            case 1: seq = try r.int(in: StoreLimits.seq, "seq")
            case 2: op = try r.string()
            case 3: revert = try readRevert(&r, candidateIndex: candidateIndex)
            default: _ = try r.stringSpan()
            }
        }
        guard let user, let seq, let op else { throw r.error("undo item without user, seq or op") }
        return (user, UndoItem(seq: seq, op: op, revert: revert))
    }

    private static func readRevert(_ r: inout JSONReader, candidateIndex: (String) -> Int32?) throws(JSONSyntaxError)
        -> Revert
    {
        var revert = Revert()
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = revertKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in an undo item") }
            try seen.insert(k, r, name: revertKeys.names[k])
            switch k {
            case 0:
                revert.candidates = try r.strings()
                // Undoing removes each once: a handle named twice is not something cande wrote.
                guard Set(revert.candidates).count == revert.candidates.count else {
                    throw r.error("an undo item names a candidate twice")
                }
            case 1: revert.handle = try r.string()
            case 2:
                try r.beginArray()
                var firstField = true
                while try r.nextElement(&firstField) {
                    try r.beginObject()
                    var firstKey = true
                    var field: CandidateField?
                    var old: String?
                    var new: String?
                    while let fieldKey = try r.nextKey(&firstKey) {
                        switch String(decoding: fieldKey, as: UTF8.self) {
                        case "field": field = try r.word(CandidateField.self)
                        case "old": old = try r.optionalString()
                        case "new": new = try r.optionalString()
                        default: throw r.error("unknown key in a field change")
                        }
                    }
                    guard let field else { throw r.error("field change without field") }
                    revert.fields.append(.init(field: field, old: old, new: new))
                }
            case 3:
                let (old, new) = try readTransition(&r, Stage.self)
                revert.stage = .init(old: old, new: new)
            case 4:
                let (old, new) = try readTransition(&r, Status.self)
                revert.status = .init(old: old, new: new)
            case 5: revert.visit = try r.int(in: StoreLimits.seq, "visit")
            case 6: revert.entries = try r.int32s()
            case 9: revert.corrected = try r.id()
            case 7:
                try r.beginArray()
                var firstMeeting = true
                while try r.nextElement(&firstMeeting) {
                    revert.createdMeetings.append(try readMeeting(&r, candidateIndex: candidateIndex))
                }
            default:
                try r.beginObject()
                var firstKey = true
                var old: Meeting?
                var new: Meeting?
                while let meetingKey = try r.nextKey(&firstKey) {
                    switch String(decoding: meetingKey, as: UTF8.self) {
                    case "old": old = try readMeeting(&r, candidateIndex: candidateIndex)
                    case "new": new = try readMeeting(&r, candidateIndex: candidateIndex)
                    default: throw r.error("unknown key in a meeting change")
                    }
                }
                guard let old, let new else { throw r.error("meeting change without old or new") }
                revert.meeting = .init(old: old, new: new)
            }
        }
        return revert
    }

    private static func readTransition<V: Vocabulary>(_ r: inout JSONReader, _ type: V.Type) throws(JSONSyntaxError)
        -> (V, V)
    {
        try r.beginObject()
        var first = true
        var old: V?
        var new: V?
        while let key = try r.nextKey(&first) {
            switch String(decoding: key, as: UTF8.self) {
            case "old": old = try r.word(V.self)
            case "new": new = try r.word(V.self)
            default: throw r.error("unknown key in a transition")
            }
        }
        guard let old, let new else { throw r.error("transition without old or new") }
        return (old, new)
    }

    private static func transition(_ key: StaticString, _ old: String, _ new: String, _ w: inout JSONWriter) {
        w.key(key)
        w.beginObject()
        w.key("old")
        w.string(old)
        w.key("new")
        w.string(new)
        w.endObject()
    }
}
