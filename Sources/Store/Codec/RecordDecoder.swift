import Conversation

/// Reads one journal line back into a `Record`. Texts are not decoded: they come back as
/// `TextRef`s into the line, so replaying a journal of a million messages never builds their
/// strings.
public enum RecordDecoder {
    static let keys = KeyTable([
        "seq", "ts", "by", "op", "id", "c", "at", "dir", "via", "rating", "recommend", "text", "reason",
        "stage", "status", "start", "checkins", "candidates", "fields", "with", "as", "minutes", "where",
        "mood", "outcome", "target", "sum", "of", "mid", "import", "kind", "author", "newAt", "candidate", "meeting",
    ])
    enum K {
        static let seq = 0, ts = 1, by = 2, op = 3, id = 4, c = 5, at = 6, dir = 7, via = 8, rating = 9
        static let recommend = 10, text = 11, reason = 12, stage = 13, status = 14, start = 15, checkins = 16
        static let candidates = 17, fields = 18, with = 19, role = 20, minutes = 21, place = 22, mood = 23
        static let outcome = 24, target = 25, sum = 26, of = 27, mid = 28
        static let importSeq = 29, kind = 30, author = 31, newAt = 32, candidate = 33, meeting = 34
    }

    /// Decodes a framed line (without its newline) read from `source` at byte `lineOffset`.
    public static func decode(_ line: UnsafeRawBufferPointer, source: UInt16, lineOffset: Int64) throws(JSONSyntaxError)
        -> Record
    {
        var r = JSONReader(line)
        // Text references hold 32-bit positions within the line.
        guard line.count <= UInt32.max else { throw r.error("the line is too long") }
        try r.beginObject()
        var seen = SeenKeys()
        var first = true
        var seq: Int64?
        var ts: Instant?
        var by: String?
        var op: String?
        var id: Int32?
        var handle: String?
        var at: Instant?
        var direction: Direction?
        var channel: Channel?
        var rating: UInt8 = 0
        var recommend: Bool?
        var textSpan: (start: Int, end: Int, escaped: Bool)?
        var reasonSpan: (start: Int, end: Int, escaped: Bool)?
        var stage: Stage?
        var status: Status?
        var start: Instant?
        var checkins: [MeetingDraft] = []
        var drafts: [CandidateDraft] = []
        var fields: [FieldChange] = []
        var with: String?
        var role: ColleagueRole?
        var minutes: Int?
        var place: String?
        var mood: Mood?
        var outcome: String?
        var target: Int64?
        var of: Int32?
        var messageID: String?
        var importSeq: Int64?
        var kind: String?
        var author: String?
        var newAt: Instant?
        var candidate: Candidate?
        var meeting: (Meeting, String)?
        let opAt = 0
        var hint = 0
        while let k = try r.nextKey(&first, in: keys, hint: &hint) {
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case K.seq: seq = try r.int(in: StoreLimits.seq, "seq")
            case K.ts: ts = try r.instant()
            case K.by: by = try r.string()
            case K.op: op = try r.string()
            case K.id: id = try r.id()
            case K.c: handle = try r.string()
            case K.at: at = try r.instant()
            case K.dir: direction = try r.word(Direction.self)
            case K.via: channel = try r.word(Channel.self)
            case K.rating:
                let value = try r.int()
                guard (1...5).contains(value) else { throw r.error("rating out of range") }
                rating = UInt8(value)
            case K.recommend: recommend = try r.bool()
            case K.text: textSpan = try r.stringSpan()
            case K.reason: reasonSpan = try r.stringSpan()
            case K.stage: stage = try r.word(Stage.self)
            case K.status: status = try r.word(Status.self)
            case K.start: start = try r.instant()
            case K.checkins:
                try r.beginArray()
                var firstCheckin = true
                while try r.nextElement(&firstCheckin) {
                    checkins.append(try meetingDraft(&r, handle: nil, kind: .checkin))
                }
            case K.candidates:
                try r.beginArray()
                var firstDraft = true
                while try r.nextElement(&firstDraft) { drafts.append(try SnapshotCodec.readDraft(&r)) }
            case K.fields:
                try r.beginObject()
                var firstField = true
                while let name = try r.nextKey(&firstField) {
                    let text = String(decoding: name, as: UTF8.self)
                    guard let field = CandidateField(name: text) else { throw r.error("unknown field \"\(text)\"") }
                    fields.append(FieldChange(field: field, value: try r.optionalString()))
                }
            case K.with: with = try r.string()
            case K.role: role = try r.word(ColleagueRole.self)
            case K.minutes: minutes = Int(try r.int(in: StoreLimits.minutes, "minutes"))
            case K.place: place = try r.string()
            case K.mood: mood = try r.word(Mood.self)
            case K.outcome: outcome = try r.string()
            case K.target: target = try r.int(in: StoreLimits.seq, "target")
            case K.of: of = try r.id()
            case K.mid: messageID = try r.string()
            case K.importSeq: importSeq = try r.int(in: StoreLimits.seq, "import")
            case K.kind: kind = try r.string()
            case K.author: author = try r.string()
            case K.newAt: newAt = try r.instant()
            case K.candidate: candidate = try SnapshotCodec.readCandidate(&r)
            case K.meeting:
                var named = ""
                let m = try SnapshotCodec.readMeeting(&r) { handle in
                    named = handle
                    return 0
                }
                meeting = (m, named)
            case K.sum: _ = try r.stringSpan()
            default: break
            }
        }
        try r.expectEnd()
        guard let seq, let ts, let by, let op else { throw r.error("missing seq, ts, by or op", at: opAt) }

        func ref(_ span: (start: Int, end: Int, escaped: Bool)) -> TextRef {
            TextRef(
                source: source, escaped: span.escaped, line: lineOffset, lineLength: UInt32(line.count),
                start: UInt32(span.start), length: UInt32(span.end - span.start))
        }
        func need<T>(_ value: T?, _ name: String) throws(JSONSyntaxError) -> T {
            guard let value else { throw r.error("\(op) record without \(name)", at: opAt) }
            return value
        }
        let change: Change
        switch op {
        case "add":
            guard !drafts.isEmpty else { throw r.error("add record without candidates", at: opAt) }
            change = .add(drafts)
        case "edit":
            change = .edit(
                handle: try need(handle, "c"), id: try need(id, "id"), fields: fields,
                summary: .ref(ref(try need(textSpan, "text"))))
        case "message", "note", "ask", "feedback":
            let kind = EntryKind(name: op)!
            if kind == .message, direction == nil { throw r.error("message without dir", at: opAt) }
            change = .entry(
                EntryDraft(
                    handle: try need(handle, "c"), id: try need(id, "id"), at: try need(at, "at"), kind: kind,
                    direction: direction, channel: channel, rating: rating, recommend: recommend,
                    messageID: messageID, text: .ref(ref(try need(textSpan, "text")))))
        case "stage":
            change = .stage(handle: try need(handle, "c"), id: try need(id, "id"), stage: try need(stage, "stage"))
        case "status":
            change = .status(
                handle: try need(handle, "c"), id: try need(id, "id"), status: try need(status, "status"),
                reason: reasonSpan.map { .ref(ref($0)) })
        case "hire":
            let h = try need(handle, "c")
            change = .hire(
                handle: h, id: try need(id, "id"), start: try need(start, "start"),
                checkins: checkins.map {
                    var draft = $0
                    draft.handle = h
                    return draft
                })
        case "talk", "checkin":
            change = .schedule(
                MeetingDraft(
                    id: try need(id, "id"), handle: try need(handle, "c"), kind: MeetingKind(name: op)!, with: with,
                    role: role, start: try need(start, "start"), minutes: try need(minutes, "minutes"), place: place))
        case "done":
            change = .done(meeting: try need(id, "id"), mood: mood, outcome: outcome)
        case "cancel":
            let reason = try reasonSpan.map { (span) throws(JSONSyntaxError) -> String in
                let raw = UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
                guard let bytes = span.escaped ? JSONEscaping.unescape(raw, strict: true) : Array(raw) else {
                    throw r.error("bad escape", at: span.start)
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            change = .cancel(meeting: try need(id, "id"), reason: reason)
        case "move":
            change = .move(meeting: try need(id, "id"), start: try need(start, "start"))
        case "correct":
            change = .correct(
                Correction(
                    handle: try need(handle, "c"), id: try need(id, "id"), target: try need(of, "of"), at: at,
                    channel: channel, text: textSpan.map { .ref(ref($0)) }))
        case "undo":
            change = .undo(target: try need(target, "target"))
        case "restore":
            let item: Restoration.Item
            switch try need(kind, "kind") {
            case "candidate": item = .candidate(try need(candidate, "candidate"))
            case "meeting":
                let (m, named) = try need(meeting, "meeting")
                item = .meeting(m, handle: named)
            case let name:
                guard let entryKind = EntryKind(name: name) else {
                    throw r.error("restore record of unknown kind \"\(name)\"", at: opAt)
                }
                item = .entry(
                    RestoredEntry(
                        handle: try need(handle, "c"), id: try need(id, "id"), at: try need(at, "at"),
                        author: try need(author, "author"), kind: entryKind, direction: direction, channel: channel,
                        stage: stage, status: status, rating: rating, recommend: recommend, start: start, target: of,
                        newAt: newAt, text: (textSpan ?? reasonSpan).map { .ref(ref($0)) }))
            }
            change = .restore(Restoration(importSeq: try need(importSeq, "import"), item: item))
        default:
            throw r.error("unknown op \"\(op)\"", at: opAt)
        }
        return Record(seq: seq, ts: ts, by: by, change: change)
    }

    private static let meetingKeys = KeyTable(["id", "c", "with", "as", "start", "minutes", "where"])

    static func meetingDraft(_ r: inout JSONReader, handle: String?, kind: MeetingKind) throws(JSONSyntaxError)
        -> MeetingDraft
    {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var id: Int32?
        var handle = handle
        var with: String?
        var role: ColleagueRole?
        var start: Instant?
        var minutes: Int?
        var place: String?
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = meetingKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in a meeting") }
            try seen.insert(k, r, name: meetingKeys.names[k])
            switch k {
            case 0: id = try r.id()
            case 1: handle = try r.string()
            case 2: with = try r.string()
            case 3: role = try r.word(ColleagueRole.self)
            case 4: start = try r.instant()
            case 5: minutes = Int(try r.int(in: StoreLimits.minutes, "minutes"))
            default: place = try r.string()
            }
        }
        guard let id, let start, let minutes else { throw r.error("meeting without id, start or minutes") }
        return MeetingDraft(
            id: id, handle: handle ?? "", kind: kind, with: with, role: role, start: start, minutes: minutes,
            place: place)
    }
}
