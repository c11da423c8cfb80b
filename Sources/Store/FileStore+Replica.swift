import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The file store as a replica of a journal ordered elsewhere (README "Team store": each team
/// client keeps a cache in the file-store format and runs the same domain code on it). The
/// server orders; the cache prepares a change on its state, has the server commit it, then
/// takes the committed lines in, exactly as the server holds them.
extension FileStore {
    /// A change built and validated on the current state (after catching up) and encoded as the
    /// record line the journal would hold, with its checksum and newline; nothing is written.
    /// `record.seq` is the one it must get: the state's last plus one.
    public func prepare(by user: String, at now: Instant, _ build: (State) throws -> Change) throws -> (
        record: Record, line: [UInt8]
    ) {
        try refresh()
        try refuseIfReadOnly()
        let record = Record(seq: state.lastSeq + 1, ts: now, by: user, change: try build(state))
        do {
            try state.validate(record)
        } catch {
            throw StoreError.rejected(error)
        }
        var writer = JSONWriter(capacity: 512)
        _ = RecordEncoder.encode(record, into: &writer)
        return (record, writer.bytes)
    }

    /// Takes in records committed elsewhere, in sequence order, as one durable write (their
    /// lines, then one commit line), then applies them. Those already here are skipped, so a
    /// batch may be sent twice; a gap, a line whose checksum fails, a line that does not decode
    /// or whose sequence number is not the one its place says, is refused and nothing is
    /// written.
    public func appendCommitted(_ lines: [(seq: Int64, line: [UInt8])]) throws(StoreError) {
        try refuseIfReadOnly()
        try withExclusiveLock { () throws(StoreError) in try appendCommittedLocked(lines) }
    }

    private func appendCommittedLocked(_ lines: [(seq: Int64, line: [UInt8])]) throws(StoreError) {
        try catchUp(canRepair: true)
        try refuseIfReadOnly()
        if pointer.schema < StorePointer.schema { try migrate() }
        let fresh = lines.filter { $0.seq > state.lastSeq }
        guard !fresh.isEmpty else { return }
        var bytes: [UInt8] = []
        var expected = state.lastSeq + 1
        for (seq, line) in fresh {
            guard seq == expected else {
                throw .corrupt(
                    file: "the committed records", line: Int(seq), byte: 0,
                    reason: "sequence \(seq) where \(expected) was due: a record is missing or repeated")
            }
            var body = line
            if body.last == 0x0A { body.removeLast() }
            let decoded: Int64? = body.withUnsafeBytes { raw in
                guard Framing.verify(raw) == .valid else { return nil }
                return try? RecordDecoder.decode(raw, source: FileTextSource.journalSource, lineOffset: 0).seq
            }
            if decoded != seq {
                let why = decoded.map { "it says sequence \($0)" } ?? "its checksum or its fields do not check out"
                throw .corrupt(file: "the committed records", line: Int(seq), byte: 0, reason: why)
            }
            bytes += body
            bytes.append(0x0A)
            expected += 1
        }
        var writer = JSONWriter(capacity: 96)
        CommitLine.encode(.init(lastSeq: expected - 1, records: fresh.count, bytes: Int64(bytes.count)), into: &writer)
        try appendDurably(bytes + writer.bytes)
        try catchUp(canRepair: false)
        if let damage { throw damage }
    }

    /// The store's files with everything in the snapshot (compacted first when the journal holds
    /// anything), read under the write lock: a team store's server snapshot. `CURRENT` first.
    public func generationFiles() throws(StoreError) -> (lastSeq: Int64, files: [(name: String, bytes: [UInt8])]) {
        try refuseIfReadOnly()
        var out: (lastSeq: Int64, files: [(name: String, bytes: [UInt8])]) = (0, [])
        try withExclusiveLock { () throws(StoreError) in
            try writePending()
            try catchUp(canRepair: true)
            try refuseIfReadOnly()
            if journalEnd > 0 || !pointer.hasSnapshot {
                onPhase?("reading")
                try loadTimeline()
                try switchGeneration(GenerationWriter.Filter())
            }
            out.lastSeq = state.lastSeq
            for name in [StorePointer.fileName] + pointer.fileNames.sorted() {
                guard let file = try directory.openIfExists(name, flags: O_RDONLY) else { continue }
                out.files.append((name, try file.readAll()))
            }
        }
        return out
    }

    /// Ends a group without writing it (a team store whose server refused the batch): its
    /// changes are dropped and the write lock released; the state in memory is no longer the
    /// store's, so the caller opens the store again.
    public func discardGroup() {
        files.pending = []
        pendingLines = 0
        inGroup = false
        lock.unlock()
    }
}
