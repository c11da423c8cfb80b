import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the timeline entries of a snapshot's entries file straight into `Entry` values: no
/// `Record`, no `String` per handle or author, the text left in place. A million lines load in
/// well under a second.
struct EntryLineDecoder {
    private var handles: ByteMap
    private var users: ByteMap
    private let keys = RecordDecoder.keys

    init(state: State) {
        handles = ByteMap(capacity: state.candidates.count)
        for handle in state.handles { handles.insert(handle, value: state.candidateIndex(handle: handle)!) }
        users = ByteMap(capacity: state.users.count + 8)
        for (k, user) in state.users.enumerated() { users.insert(user, value: Int32(k)) }
    }

    private enum Op { case message, note, ask, feedback, stage, status, hire, edit, correct, restore }

    private static let ops: [(StaticString, Op)] = [
        ("message", .message), ("note", .note), ("ask", .ask), ("feedback", .feedback), ("stage", .stage),
        ("status", .status), ("hire", .hire), ("edit", .edit), ("correct", .correct), ("restore", .restore),
    ]

    private static func op(_ bytes: UnsafeRawBufferPointer) -> Op? {
        for (name, op) in ops where name.utf8CodeUnitCount == bytes.count {
            if memcmp(name.utf8Start, bytes.baseAddress!, bytes.count) == 0 { return op }
        }
        return nil
    }

    mutating func decode(_ line: UnsafeRawBufferPointer, source: UInt16, offset: Int64, state: inout State)
        throws(JSONSyntaxError) -> Entry
    {
        typealias K = RecordDecoder.K
        var r = JSONReader(line)
        // Text references hold 32-bit positions within the line.
        guard line.count <= UInt32.max else { throw r.error("the line is too long") }
        try r.beginObject()
        var first = true
        var hint = 0
        var seen = SeenKeys()
        var by: Int32?
        var op: Op?
        var id: Int32?
        var candidate: Int32?
        var ts: Instant?
        var at: Instant?
        var direction: Direction?
        var channel: Channel?
        var rating: UInt8 = 0
        var recommend: Bool?
        var text: (start: Int, end: Int, escaped: Bool)?
        var stage: Stage?
        var status: Status?
        var start: Instant?
        var of: Int32?
        var messageID: String?
        var kind: EntryKind?
        var newAt: Instant?
        let keys = self.keys
        while let k = try r.nextKey(&first, in: keys, hint: &hint) {
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case K.seq: _ = try r.int(in: StoreLimits.seq, "seq")
            case K.ts: ts = try r.instant()
            case K.by, K.author:
                // A restored entry's author is its `author`; `by` restored it.
                if k == K.by, seen.contains(K.author) {
                    _ = try r.stringSpan()
                    continue
                }
                let span = try r.stringSpan()
                let bytes = UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
                if !span.escaped, let known = users.find(bytes) {
                    by = known
                } else {
                    let name =
                        span.escaped
                        ? String(decoding: JSONEscaping.unescape(bytes), as: UTF8.self)
                        : String(decoding: bytes, as: UTF8.self)
                    by = state.intern(user: name)
                    if !span.escaped { users.insert(bytes, value: by!) }
                }
            case K.op:
                let span = try r.stringSpan()
                op = Self.op(UnsafeRawBufferPointer(rebasing: line[span.start..<span.end]))
                if op == nil { throw r.error("this kind of record is not a timeline entry", at: span.start) }
            case K.id: id = try r.id()
            case K.c:
                let span = try r.stringSpan()
                let bytes = UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
                if !span.escaped, let k = handles.find(bytes) {
                    candidate = k
                } else if !span.escaped,
                    let k = state.candidateIndex(includingRemoved: String(decoding: bytes, as: UTF8.self))
                {
                    handles.insert(bytes, value: k)
                    candidate = k
                } else {
                    throw r.error("the entry's candidate is not in the snapshot", at: span.start)
                }
            case K.at: at = try r.instant()
            case K.dir: direction = try r.word(Direction.self)
            case K.via: channel = try r.word(Channel.self)
            case K.rating:
                let value = try r.int()
                guard (1...5).contains(value) else { throw r.error("rating out of range") }
                rating = UInt8(value)
            case K.recommend: recommend = try r.bool()
            case K.text, K.reason:
                // The text is written last, just before the sum: its end is known without
                // reading it (the checksum vouches for the bytes). A quote inside (escaped, or a
                // line that is not what cande writes) takes the careful way.
                let end = line.count - Framing.suffixLength - 1
                if r.position < end, line[r.position] == 0x22, line[end] == 0x22,
                    memchr(line.baseAddress! + r.position + 1, 0x22, end - r.position - 1) == nil
                {
                    let start = r.position + 1
                    let escaped = start < end && memchr(line.baseAddress! + start, 0x5C, end - start) != nil
                    text = (start, end, escaped)
                    r.jump(to: end + 1)
                } else {
                    text = try r.stringSpan()
                }
            case K.stage: stage = try r.word(Stage.self)
            case K.status: status = try r.word(Status.self)
            case K.start: start = try r.instant()
            case K.of: of = try r.id()
            case K.mid: messageID = try r.string()
            case K.importSeq: _ = try r.int(in: StoreLimits.seq, "import")
            case K.kind:
                let at = r.position
                kind = try r.word(EntryKind.self)
                if op != .restore { throw r.error("kind in a record that is not a restore", at: at) }
            case K.newAt: newAt = try r.instant()
            case K.checkins, K.fields: try r.skipValue()
            case K.sum: _ = try r.stringSpan()
            default: throw r.error("unexpected key \"\(RecordDecoder.keys.names[k])\" in an entry")
            }
        }
        try r.expectEnd()
        guard let by, let op, let id, let candidate, let ts else {
            throw r.error("entry without by, op, id, c or ts", at: 0)
        }
        var ref = TextRef.line(source: source, at: offset, length: UInt32(line.count))
        if let text {
            ref.hasText = true
            ref.escaped = text.escaped
            ref.start = UInt32(text.start)
            ref.length = UInt32(text.end - text.start)
        }
        switch op {
        case .message, .note, .ask, .feedback:
            guard let at, text != nil else { throw r.error("entry without at or text", at: 0) }
            let kind: EntryKind = op == .message ? .message : op == .note ? .note : op == .ask ? .ask : .feedback
            if kind == .message, direction == nil { throw r.error("message without dir", at: 0) }
            if let messageID { state.registerMessageID(messageID, entry: id) }
            return Entry(
                id: id, candidate: candidate, at: at, by: by, kind: kind, direction: direction, channel: channel,
                rating: rating, recommend: recommend, text: ref)
        case .stage:
            guard let stage else { throw r.error("stage entry without stage", at: 0) }
            return Entry(id: id, candidate: candidate, at: ts, by: by, kind: .stage, stage: stage, text: ref)
        case .status:
            guard let status else { throw r.error("status entry without status", at: 0) }
            return Entry(id: id, candidate: candidate, at: ts, by: by, kind: .status, status: status, text: ref)
        case .hire:
            guard let start else { throw r.error("hire without start", at: 0) }
            return Entry(
                id: id, candidate: candidate, at: ts, by: by, kind: .status, stage: .onboarding, status: .hired,
                extra: start.seconds, text: ref)
        case .edit:
            return Entry(id: id, candidate: candidate, at: ts, by: by, kind: .edit, text: ref)
        case .restore:
            guard let kind, let at else { throw r.error("restored entry without kind or at", at: 0) }
            switch kind {
            case .message where direction == nil: throw r.error("message without dir", at: 0)
            case .stage where stage == nil: throw r.error("stage entry without stage", at: 0)
            case .status where status == nil: throw r.error("status entry without status", at: 0)
            case .correction where of == nil: throw r.error("correction without of", at: 0)
            default: break
            }
            if kind == .correction, let newAt { state.registerCorrectedTime(newAt, correction: id) }
            return Entry(
                id: id, candidate: candidate, at: at, by: by, kind: kind, direction: direction, channel: channel,
                stage: kind == .status && status == .hired ? .onboarding : stage, status: status, rating: rating,
                recommend: recommend, extra: kind == .correction ? Int64(of!) : start?.seconds ?? 0, text: ref)
        case .correct:
            guard let of else { throw r.error("correction without of", at: 0) }
            if let at { state.registerCorrectedTime(at, correction: id) }
            return Entry(
                id: id, candidate: candidate, at: ts, by: by, kind: .correction, channel: channel, extra: Int64(of),
                text: ref)
        }
    }
}
