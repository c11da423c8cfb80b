import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The snapshot: one JSON document that `jq` reads whole, laid out one framed object per line
/// so that the store can verify and read it line by line:
///
///     {"snapshot":{"schema":5,"generation":3,"seq":1234,…,"candidatesAt":…,"offsetsAt":…,"sum":"…"},
///     "digest":{"n":…,"handle":[…],…,"sum":"…"},
///     "meetings":[
///     …
///     ],
///     "undo":[
///     …
///     ],
///     "candidates":[
///     {"handle":"ada-lovelace",…,"sum":"…"},
///     …
///     ],
///     "offsets":[
///     {"at":[…],"sum":"…"},
///     …
///     ]}
///
/// Opening reads up to `candidatesAt`; the candidate lines and the offsets are read when first
/// needed, each line's sum checked when it is read. Schemas 2 and 3 had no digest line, the
/// candidates first and the offsets in the candidate lines; they are still read.
/// Timeline entries are not in it: they are in the generation's entries file, read on demand.
enum SnapshotFile {
    struct Header: Equatable {
        var schema: Int
        var generation: Int
        var seq: Int64
        var nextID: Int32
        var forgotten: Int
        var candidates: Int
        var meetings: Int
        var undo: Int
        var entries: Int
        /// Each candidate line lists the offsets of its entries (see `SnapshotCodec.writeCandidate`).
        var indexed: Bool
        /// Where the offsets section starts (schema 4: the offsets are there, not in the
        /// candidate lines).
        var offsetsAt: Int? = nil
        /// Where the candidates section starts (schema 4: after the meetings and undo sections).
        var candidatesAt: Int? = nil
    }

    /// `offsets[k]`: where candidate `k`'s lines start in the entries file. `rewrite` may replace
    /// a candidate, meeting or undo line once sealed (redaction by `forget`).
    static func encode(
        state: State, generation: Int, entries: Int, offsets: [[Int64]], lastInbound: [Int64?] = [],
        excluding excluded: Int32? = nil,
        undoFilter: (UndoItem) -> Bool = { _ in true }, rewrite: (([UInt8]) -> [UInt8]?)? = nil
    ) -> [UInt8] {
        let candidates = state.liveCandidates.map(Int.init).filter { Int32($0) != excluded }
        let meetings = state.meetings.filter { $0.candidate != excluded }
        var undo: [(String, UndoItem)] = []
        for user in state.undoStacks.keys.sorted() {
            for item in state.undoStacks[user]! where undoFilter(item) { undo.append((user, item)) }
        }
        var w = JSONWriter(capacity: 256 * (candidates.count + meetings.count + undo.count) + 1024)
        func header(candidatesAt: Int, offsetsAt: Int) -> [UInt8] {
            var header = JSONWriter()
            header.beginObject()
            header.key("schema")
            header.int(StorePointer.schema)
            header.key("generation")
            header.int(generation)
            header.key("seq")
            header.int(state.lastSeq)
            header.key("nextID")
            header.int(state.nextID)
            header.key("forgotten")
            header.int(state.forgotten + (excluded == nil ? 0 : 1))
            header.key("candidates")
            header.int(candidates.count)
            header.key("meetings")
            header.int(meetings.count)
            header.key("undo")
            header.int(undo.count)
            header.key("entries")
            header.int(entries)
            header.key("indexed")
            header.bool(true)
            header.key("candidatesAt")
            header.int(candidatesAt)
            header.key("offsetsAt")
            header.int(offsetsAt)
            Framing.seal(&header, objectStart: 0)
            return Array(#"{"snapshot":"#.utf8) + header.bytes + Array(",\n".utf8)
        }
        var lineStarts: [Int] = []
        func section(
            _ name: String, count: Int, last: Bool, rewritable: Bool = true, _ item: (Int, inout JSONWriter) -> Void
        ) {
            w.bytes.append(contentsOf: Array("\"\(name)\":[\n".utf8))
            var line = JSONWriter()
            for k in 0..<count {
                lineStarts.append(w.bytes.count)
                line.reset()
                line.beginObject()
                item(k, &line)
                Framing.seal(&line, objectStart: 0)
                if rewritable, let rewrite, let rewritten = rewrite(line.bytes) {
                    w.bytes.append(contentsOf: rewritten)
                } else {
                    w.bytes.append(contentsOf: line.bytes)
                }
                w.bytes.append(contentsOf: k == count - 1 ? [0x0A] : [0x2C, 0x0A])
            }
            w.bytes.append(contentsOf: Array((last ? "]}\n" : "],\n").utf8))
        }
        section("meetings", count: meetings.count, last: false) { k, line in
            let m = meetings[k]
            SnapshotCodec.writeMeeting(m, handle: state.candidates[Int(m.candidate)].handle, into: &line)
        }
        section("undo", count: undo.count, last: false) { k, line in
            SnapshotCodec.writeUndo(undo[k].1, user: undo[k].0, state: state, into: &line)
        }
        let middle = w.bytes
        // Schema 4: what opening reads ends with the undo section (the header's `candidatesAt`).
        // The candidate lines are read when a candidate is first decoded (the digest line says
        // where each starts), the entry offsets (one line per candidate, in their order) when a
        // timeline is first asked for (`offsetsAt`).
        w = JSONWriter(capacity: 256 * candidates.count + 64)
        lineStarts = []
        section("candidates", count: candidates.count, last: false) { k, line in
            let c = candidates[k]
            SnapshotCodec.writeCandidate(
                state.candidates[c], lastInboundLine: c < lastInbound.count ? lastInbound[c] : nil,
                into: &line)
        }
        let candidateLines = w.bytes
        let candidateStarts = lineStarts
        w = JSONWriter(capacity: 16 * entries + 64 * candidates.count + 64)
        section("offsets", count: candidates.count, last: true, rewritable: false) { k, line in
            line.key("at")
            line.beginArray()
            for offset in offsets[candidates[k]] { line.int(offset) }
            line.endArray()
        }
        // What `list`, `waiting`, `today` and the greeting need of every candidate, in one line.
        var columns = DigestColumns()
        for c in candidates {
            var row = DigestRow(state.candidates[c])
            // As in the candidate lines: where the new entries file holds the last inbound message.
            row.lastInboundLine = c < lastInbound.count ? lastInbound[c] : nil
            columns.append(row)
        }
        var digest = JSONWriter()
        digest.beginObject()
        DigestCodec.write(columns, lineStarts: candidateStarts, into: &digest)
        Framing.seal(&digest, objectStart: 0)
        let digestLine = Array(#""digest":"#.utf8) + (rewrite?(digest.bytes) ?? digest.bytes) + Array(",\n".utf8)
        // The header names where the sections start, which depends on the header's own length.
        let front = digestLine.count + middle.count
        var length = 0
        var head = header(candidatesAt: front, offsetsAt: front + candidateLines.count)
        while head.count != length {
            length = head.count
            head = header(candidatesAt: length + front, offsetsAt: length + front + candidateLines.count)
        }
        return head + digestLine + middle + candidateLines + w.bytes
    }

    private static let headerKeys = KeyTable([
        "schema", "generation", "seq", "nextID", "forgotten", "candidates", "meetings", "undo", "entries", "indexed",
        "sum", "offsetsAt", "candidatesAt",
    ])

    /// The header object (`{"schema":…}` after `{"snapshot":`).
    static func readHeader(_ r: inout JSONReader) throws(JSONSyntaxError) -> Header {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var h = Header(
            schema: 0, generation: -1, seq: 0, nextID: 1, forgotten: 0, candidates: 0, meetings: 0, undo: 0,
            entries: 0, indexed: false)
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = headerKeys.lookup(key, hint: &hint) else { throw r.error("unknown key in the header") }
            try seen.insert(k, r, name: headerKeys.names[k])
            switch k {
            case 0: h.schema = Int(try r.int())
            case 1: h.generation = Int(try r.int(in: StoreLimits.count, "generation"))
            case 2: h.seq = try r.int(in: StoreLimits.seq, "seq")
            case 3: h.nextID = Int32(try r.int(in: 1...Int64(Int32.max), "nextID"))
            case 4: h.forgotten = Int(try r.int(in: StoreLimits.count, "forgotten"))
            case 5: h.candidates = Int(try r.int(in: StoreLimits.count, "candidates"))
            case 6: h.meetings = Int(try r.int(in: StoreLimits.count, "meetings"))
            case 7: h.undo = Int(try r.int(in: StoreLimits.count, "undo"))
            case 8: h.entries = Int(try r.int(in: StoreLimits.count, "entries"))
            case 9: h.indexed = try r.bool()
            case 11: h.offsetsAt = Int(try r.int(in: 0...Int64.max, "offsetsAt"))
            case 12: h.candidatesAt = Int(try r.int(in: 0...Int64.max, "candidatesAt"))
            default: _ = try r.stringSpan()
            }
        }
        return h
    }

    /// The header of a snapshot whose first bytes are `head`, if its line is whole and checks
    /// out (else nil: `decode` says what is wrong).
    static func peekHeader(_ head: [UInt8]) -> Header? {
        let prefix = Array(#"{"snapshot":"#.utf8)
        guard head.starts(with: prefix), let newline = head.firstIndex(of: 0x0A), newline > prefix.count + 1,
            head[newline - 1] == 0x2C
        else { return nil }
        return head.withUnsafeBytes { (raw) -> Header? in
            let framed = UnsafeRawBufferPointer(rebasing: raw[prefix.count..<(newline - 1)])
            guard Framing.verify(framed) == .valid else { return nil }
            var r = JSONReader(framed)
            return try? readHeader(&r)
        }
    }

    /// Reads a snapshot; the state it returns still lacks the entries file's timeline.
    /// Reads a snapshot; also returns the decoder of its candidates (which keeps the mapping).
    /// `file` holds the snapshot up to its offsets section at least; `source` is where the rest is
    /// read from when a timeline is first asked for (nil: `file` holds it all).
    static func decode(
        _ file: LoadedFile, source: FileDescriptor? = nil, name: String
    ) throws(StoreError) -> (Header, State, SnapshotCandidates) {
        let raw = file.bytes
        var lineNumber = 0
        var lineStart = 0
        var position = 0
        func nextLine() throws(StoreError) -> UnsafeRawBufferPointer {
            guard position < raw.count else {
                throw .corrupt(file: name, line: lineNumber + 1, byte: position, reason: "the file ends too early")
            }
            lineStart = position
            if let found = memchr(raw.baseAddress! + position, 0x0A, raw.count - position) {
                position = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
            } else {
                position = raw.count
            }
            guard position < raw.count else {
                throw .corrupt(file: name, line: lineNumber + 1, byte: lineStart, reason: "the last line is incomplete")
            }
            lineNumber += 1
            let line = UnsafeRawBufferPointer(rebasing: raw[lineStart..<position])
            position += 1
            return line
        }
        func fail(_ reason: String, at offset: Int = 0) -> StoreError {
            .corrupt(file: name, line: lineNumber, byte: lineStart + offset, reason: reason)
        }
        func expectLine(_ text: String) throws(StoreError) {
            let line = try nextLine()
            guard line.elementsEqual(text.utf8) else { throw fail("expected \(text)") }
        }
        var lastObject = 0..<0
        /// A framed object, with or without the comma that separates it from the next.
        func object<T>(
            prefix: Int = 0, last: Bool, complete: Bool = true, _ read: (inout JSONReader) throws(JSONSyntaxError) -> T
        ) throws(StoreError) -> T {
            let line = try nextLine()
            var end = line.count
            if !last {
                guard end > 0, line[end - 1] == 0x2C else {
                    throw fail("expected a comma at the end of the line", at: end)
                }
                end -= 1
            }
            let framed = UnsafeRawBufferPointer(rebasing: line[prefix..<end])
            lastObject = (lineStart + prefix)..<(lineStart + end)
            switch Framing.verify(framed) {
            case .valid: break
            case .unframed: throw fail("not a framed record", at: prefix)
            case .mismatch: throw fail("checksum mismatch (the line was changed or damaged)", at: prefix)
            }
            var reader = JSONReader(framed)
            do throws(JSONSyntaxError) {
                let value = try read(&reader)
                if complete { try reader.expectEnd() }
                return value
            } catch {
                throw fail(error.reason, at: prefix + error.offset)
            }
        }

        let prefix = Array(#"{"snapshot":"#.utf8)
        guard raw.count >= prefix.count, raw.prefix(prefix.count).elementsEqual(prefix) else {
            throw .corrupt(
                file: name, line: 1, byte: 0, reason: raw.isEmpty ? "the file is empty" : "not a cande snapshot")
        }
        let header = try object(prefix: prefix.count, last: false) { (r) throws(JSONSyntaxError) -> Header in
            try readHeader(&r)
        }
        if header.schema > StorePointer.schema {
            throw .newerSchema(found: header.schema, supported: StorePointer.schema)
        }
        // Each candidate, meeting and undo item is a framed line: counts beyond what the file can
        // hold are damage, not a reason to reserve memory for them.
        let lines = header.candidates + header.meetings + header.undo
        guard lines <= raw.count / (Framing.suffixLength + 2) else {
            throw .corrupt(
                file: name, line: 1, byte: prefix.count,
                reason: "the header counts \(lines) lines but the file has only \(raw.count) bytes")
        }
        // Schema 4: of the digest line (verified whole), only the handles, emails and line
        // starts now; the columns when a view first needs them.
        var digest: (handles: [String], emails: [String?], lineStarts: [Int]?)?
        var digestSource: SnapshotDigest?
        if header.schema >= 4 {
            let digestPrefix = #""digest":"#.utf8.count
            digest = try object(prefix: digestPrefix, last: false, complete: false) {
                (r) throws(JSONSyntaxError) in try DigestCodec.readFront(&r)
            }
            guard digest?.handles.count == header.candidates else {
                throw fail("the digest does not count every candidate")
            }
            digestSource = SnapshotDigest(
                file: file, range: lastObject, handles: digest!.handles, emails: digest!.emails)
        }
        // Candidates are verified and indexed now, decoded when first read.
        var handles: [String: Int32] = [:]
        handles.reserveCapacity(header.candidates)
        var emails: [(String, Int32)] = []
        emails.reserveCapacity(header.candidates)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(header.candidates)
        var handleList: [String] = []
        handleList.reserveCapacity(header.candidates)
        func readMeetings() throws(StoreError) -> [Meeting] {
            try expectLine(#""meetings":["#)
            var meetings: [Meeting] = []
            for k in 0..<header.meetings {
                meetings.append(
                    try object(last: k == header.meetings - 1) { (r) throws(JSONSyntaxError) in
                        try SnapshotCodec.readMeeting(&r) { handles[$0] }
                    })
            }
            try expectLine("],")
            return meetings
        }
        func readUndo() throws(StoreError) -> [String: [UndoItem]] {
            try expectLine(#""undo":["#)
            var stacks: [String: [UndoItem]] = [:]
            for k in 0..<header.undo {
                let (user, item) = try object(last: k == header.undo - 1) { (r) throws(JSONSyntaxError) in
                    try SnapshotCodec.readUndo(&r) { handles[$0] }
                }
                stacks[user, default: []].append(item)
            }
            return stacks
        }
        let candidates: SnapshotCandidates
        let meetings: [Meeting]
        let stacks: [String: [UndoItem]]
        if let digest, let candidatesAt = header.candidatesAt, let offsetsAt = header.offsetsAt,
            candidatesAt <= offsetsAt
        {
            // Schema 4: handles and emails are in the verified digest line; the candidate lines
            // and the offsets are read when first needed.
            handleList = digest.handles
            for (k, handle) in handleList.enumerated() {
                guard handles.updateValue(Int32(k), forKey: handle) == nil else {
                    throw fail("the handle \(handle) appears twice in the digest")
                }
                if let email = digest.emails[k] { emails.append((State.emailKey(email), Int32(k))) }
            }
            meetings = try readMeetings()
            stacks = try readUndo()
            try expectLine("],")
            guard position == candidatesAt else { throw fail("the candidates do not start where the header says") }
            let section = SnapshotSection(
                source: source, loaded: file, start: candidatesAt, end: offsetsAt, firstLine: lineNumber + 1,
                count: header.candidates, opening: #""candidates":["#, closing: "],", name: name,
                lineStarts: digest.lineStarts)
            candidates = SnapshotCandidates(
                section: section, handles: handleList, name: name, indexed: header.indexed)
            candidates.offsets = SnapshotOffsets(
                SnapshotSection(
                    source: source, loaded: file, start: offsetsAt, end: nil,
                    firstLine: lineNumber + 1 + header.candidates + 2, count: header.candidates,
                    opening: #""offsets":["#, closing: "]}", name: name))
        } else {
            guard header.schema < 4 else { throw fail("a schema 4 snapshot without its sections") }
            try expectLine(#""candidates":["#)
            let firstLine = lineNumber + 1
            for k in 0..<header.candidates {
                let (handle, email) = try object(last: k == header.candidates - 1, complete: false) {
                    (r) throws(JSONSyntaxError) in
                    try SnapshotCodec.readCandidateKeys(&r)
                }
                ranges.append(lastObject)
                guard handles.updateValue(Int32(k), forKey: handle) == nil else {
                    throw fail("the handle \(handle) appears twice")
                }
                handleList.append(handle)
                if let email { emails.append((State.emailKey(email), Int32(k))) }
            }
            candidates = SnapshotCandidates(
                file: file, lines: ranges, firstLine: firstLine, handles: handleList, name: name,
                indexed: header.indexed)
            try expectLine("],")
            meetings = try readMeetings()
            stacks = try readUndo()
            try expectLine("]}")
            guard position == raw.count else { throw fail("unexpected bytes after the end of the snapshot") }
        }
        let state = State(
            candidates: CandidateList(count: header.candidates, decoder: candidates), handles: handles, emails: emails,
            meetings: meetings, undoStacks: stacks, lastSeq: header.seq, nextID: header.nextID,
            forgotten: header.forgotten, olderEntriesPending: header.entries > 0,
            digestColumns: digestSource)
        return (header, state, candidates)
    }
}

/// Decodes a snapshot's candidates on demand: from the lines verified when the snapshot opened
/// (schemas 2 and 3), or from the candidates section, read and verified line by line when first
/// needed (schema 4).
final class SnapshotCandidates: CandidateDecoding {
    private let file: LoadedFile?
    private let lines: [Range<Int>]
    /// The line number of the first candidate's line (for messages).
    private let firstLine: Int
    private let section: SnapshotSection?
    private let handles: [String]
    private let name: String
    /// Whether each line lists the offsets of the candidate's entries.
    let indexed: Bool
    /// The offsets section (schema 4); nil: the candidate lines hold the offsets, if `indexed`.
    var offsets: SnapshotOffsets?
    /// Set if a line failed to verify or decode when it was read.
    private(set) var problem: StoreError?

    init(file: LoadedFile, lines: [Range<Int>], firstLine: Int, handles: [String], name: String, indexed: Bool) {
        self.file = file
        self.lines = lines
        self.firstLine = firstLine
        section = nil
        self.handles = handles
        self.name = name
        self.indexed = indexed
    }

    init(section: SnapshotSection, handles: [String], name: String, indexed: Bool) {
        file = nil
        lines = []
        firstLine = 0
        self.section = section
        self.handles = handles
        self.name = name
        self.indexed = indexed
    }

    /// Where candidate `index`'s lines start in the entries file (none for a candidate added
    /// since); nil if this snapshot does not say.
    func entryOffsets(at index: Int) throws(StoreError) -> [Int64]? {
        if let offsets { return index < handles.count ? try offsets.offsets(at: index) : [] }
        guard indexed, let file else { return nil }
        guard index < lines.count else { return [] }
        let range = lines[index]
        var reader = JSONReader(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
        do throws(JSONSyntaxError) {
            return try SnapshotCodec.readEntryOffsets(&reader)
        } catch {
            throw .corrupt(
                file: name, line: firstLine + index, byte: range.lowerBound + error.offset, reason: error.reason)
        }
    }

    func handle(at index: Int) -> String { handles[index] }

    func candidate(at index: Int) -> Candidate {
        func decode(_ line: UnsafeRawBufferPointer, _ number: Int, _ offset: Int) -> Candidate {
            func unreadable(_ reason: String, at position: Int) -> Candidate {
                problem = .corrupt(file: name, line: number, byte: offset + position, reason: reason)
                return Candidate(handle: handles[index], name: "(unreadable: \(reason))", created: Instant(seconds: 0))
            }
            var reader = JSONReader(line)
            let decoded = Result { () throws(JSONSyntaxError) -> Candidate in try SnapshotCodec.readCandidate(&reader) }
            switch decoded {
            case .success(let candidate):
                guard candidate.handle == handles[index] else {
                    return unreadable("the handle is not the one the digest line names (\(handles[index]))", at: 0)
                }
                return candidate
            case .failure(let error): return unreadable(error.reason, at: error.offset)
            }
        }
        guard let section else {
            let range = lines[index]
            return decode(UnsafeRawBufferPointer(rebasing: file!.bytes[range]), firstLine + index, range.lowerBound)
        }
        do throws(StoreError) {
            return try section.withLine(index) { (line, number, offset) throws(StoreError) in
                decode(line, number, offset)
            }
        } catch {
            problem = error
            return Candidate(handle: handles[index], name: "(unreadable)", created: Instant(seconds: 0))
        }
    }
}

/// The digest line's columns, decoded when first needed (the line's sum was checked when the
/// snapshot opened). A line this cande cannot read whole gives none: the views then read the
/// candidates, whose lines are checked as they are read.
final class SnapshotDigest: DigestColumnsDecoding {
    private let file: LoadedFile
    private let range: Range<Int>
    private let handles: [String]
    private let emails: [String?]

    init(file: LoadedFile, range: Range<Int>, handles: [String], emails: [String?]) {
        self.file = file
        self.range = range
        self.handles = handles
        self.emails = emails
    }

    func decodeColumns(names: Bool) -> DigestColumns? {
        var r = JSONReader(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
        guard let (columns, _) = try? DigestCodec.read(&r, front: (handles, emails), names: names),
            columns.hasNames || !names
        else { return nil }
        return columns
    }
}
