import Conversation

/// Writes a `Record` as one framed JSON line of the journal:
/// `{"seq":61,"ts":"…","by":"rita","op":"message","id":41,"c":"ada-lovelace",…,"text":"…","sum":"…"}`.
/// The text comes last, so a reader can find it again from its offset without decoding the rest.
public enum RecordEncoder {
    /// Where a record's text landed inside its line.
    public struct TextLocation: Equatable {
        public var start: Int
        public var length: Int
        public var escaped: Bool
    }

    /// Appends the record's line (with its newline) to `writer.bytes`; returns where its text is,
    /// relative to the start of the line. `texts` supplies texts given as references.
    @discardableResult
    public static func encode(_ record: Record, into writer: inout JSONWriter, texts: TextSource? = nil)
        -> TextLocation?
    {
        let lineStart = writer.bytes.count
        writer.beginObject()
        writer.key("seq")
        writer.int(record.seq)
        writer.key("ts")
        writer.instant(record.ts)
        writer.key("by")
        writer.string(record.by)
        writer.key("op")
        writer.string(record.change.op)
        var text: TextLocation? = nil
        func writeText(_ key: StaticString, _ value: TextValue) {
            writer.key(key)
            switch value {
            case .string(let s):
                let located = writer.stringLocated(s)
                text = TextLocation(start: located.start - lineStart, length: located.length, escaped: located.escaped)
            case .ref(let ref):
                let raw = texts?.rawBytes(ref) ?? []
                writer.rawString(raw)
                text = TextLocation(
                    start: writer.bytes.count - 1 - raw.count - lineStart, length: raw.count, escaped: ref.escaped)
            }
        }
        switch record.change {
        case .add(let drafts):
            writer.key("candidates")
            writer.beginArray()
            for draft in drafts { SnapshotCodec.writeDraft(draft, into: &writer) }
            writer.endArray()
        case .edit(let handle, let id, let fields, let summary):
            idAndHandle(id, handle, &writer)
            writer.key("fields")
            writer.beginObject()
            for change in fields {
                writer.key(change.field.name)
                writer.optionalString(change.value)
            }
            writer.endObject()
            writeText("text", summary)
        case .entry(let draft):
            idAndHandle(draft.id, draft.handle, &writer)
            writer.key("at")
            writer.instant(draft.at)
            writer.fieldIfPresent("dir", draft.direction?.name)
            writer.fieldIfPresent("via", draft.channel?.name)
            if draft.rating > 0 {
                writer.key("rating")
                writer.int(draft.rating)
            }
            writer.fieldIfPresent("recommend", draft.recommend)
            writer.fieldIfPresent("mid", draft.messageID)
            writeText("text", draft.text)
        case .stage(let handle, let id, let stage):
            idAndHandle(id, handle, &writer)
            writer.key("stage")
            writer.string(stage.name)
        case .status(let handle, let id, let status, let reason):
            idAndHandle(id, handle, &writer)
            writer.key("status")
            writer.string(status.name)
            if let reason { writeText("reason", reason) }
        case .hire(let handle, let id, let start, let checkins):
            idAndHandle(id, handle, &writer)
            writer.key("start")
            writer.instant(start)
            writer.key("checkins")
            writer.beginArray()
            for checkin in checkins {
                writer.beginObject()
                writeMeetingDraft(checkin, into: &writer, withHandle: false)
                writer.endObject()
            }
            writer.endArray()
        case .schedule(let draft):
            writeMeetingDraft(draft, into: &writer, withHandle: true)
        case .done(let id, let mood, let outcome):
            writer.key("id")
            writer.int(id)
            if let mood {
                writer.key("mood")
                writer.string(mood.name)
            }
            if let outcome {
                writer.key("outcome")
                writer.string(outcome)
            }
        case .cancel(let id, let reason):
            writer.key("id")
            writer.int(id)
            if let reason {
                writer.key("reason")
                writer.string(reason)
            }
        case .move(let id, let start):
            writer.key("id")
            writer.int(id)
            writer.key("start")
            writer.instant(start)
        case .correct(let correction):
            idAndHandle(correction.id, correction.handle, &writer)
            writer.key("of")
            writer.int(correction.target)
            writer.fieldIfPresent("at", correction.at)
            writer.fieldIfPresent("via", correction.channel?.name)
            if let text = correction.text { writeText("text", text) }
        case .undo(let target):
            writer.key("target")
            writer.int(target)
        case .restore(let restoration):
            writer.key("import")
            writer.int(restoration.importSeq)
            switch restoration.item {
            case .candidate(let c):
                writer.key("kind")
                writer.string("candidate")
                writer.key("c")
                writer.string(c.handle)
                writer.key("candidate")
                writer.beginObject()
                var bare = c
                bare.facts = CandidateFacts()
                bare.touches = 1
                SnapshotCodec.writeCandidate(bare, into: &writer)
                writer.endObject()
            case .meeting(let m, let handle):
                writer.key("kind")
                writer.string("meeting")
                idAndHandle(m.id, handle, &writer)
                writer.key("meeting")
                writer.beginObject()
                SnapshotCodec.writeMeeting(m, handle: handle, into: &writer)
                writer.endObject()
            case .entry(let e):
                writer.key("kind")
                writer.string(e.kind.name)
                writeRestoredEntry(e, into: &writer)
                if let text = e.text { writeText(e.kind == .status ? "reason" : "text", text) }
            }
        }
        Framing.seal(&writer, objectStart: lineStart)
        writer.bytes.append(0x0A)
        return text
    }

    /// A restored entry's values but its text (which comes last).
    private static func writeRestoredEntry(_ e: RestoredEntry, into writer: inout JSONWriter) {
        idAndHandle(e.id, e.handle, &writer)
        writer.key("at")
        writer.instant(e.at)
        writer.key("author")
        writer.string(e.author)
        writer.fieldIfPresent("dir", e.direction?.name)
        writer.fieldIfPresent("via", e.channel?.name)
        writer.fieldIfPresent("stage", e.stage?.name)
        writer.fieldIfPresent("status", e.status?.name)
        if e.rating > 0 {
            writer.key("rating")
            writer.int(e.rating)
        }
        writer.fieldIfPresent("recommend", e.recommend)
        writer.fieldIfPresent("start", e.start)
        writer.fieldIfPresent("of", e.target)
        writer.fieldIfPresent("newAt", e.newAt)
    }

    private static func idAndHandle(_ id: Int32, _ handle: String, _ writer: inout JSONWriter) {
        writer.key("id")
        writer.int(id)
        writer.key("c")
        writer.string(handle)
    }

    static func writeMeetingDraft(_ draft: MeetingDraft, into writer: inout JSONWriter, withHandle: Bool) {
        writer.key("id")
        writer.int(draft.id)
        if withHandle {
            writer.key("c")
            writer.string(draft.handle)
        }
        writer.fieldIfPresent("with", draft.with)
        writer.fieldIfPresent("as", draft.role?.name)
        writer.key("start")
        writer.instant(draft.start)
        writer.key("minutes")
        writer.int(draft.minutes)
        writer.fieldIfPresent("where", draft.place)
    }
}
