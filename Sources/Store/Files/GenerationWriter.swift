import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the files of a new generation (compaction and erasure): the entries file, copied line by
/// line from the live timeline; the snapshot; an empty journal. Each is written to a temporary
/// name, fsynced, renamed, and the directory fsynced; only then may `CURRENT` point at them.
struct GenerationWriter {
    let directory: StoreDirectory
    let texts: FileTextSource

    /// What to leave out or change (for `forget`).
    struct Filter {
        var candidate: Int32? = nil
        /// Entries to leave out (`forget #ID`: the entry and its corrections).
        var entries: Set<Int32> = []
        /// Redacts the free-text values of every line kept (entries and snapshot lines).
        var redactor: RecordRedactor? = nil
        var keepUndo: (UndoItem) -> Bool = { _ in true }
    }

    /// Removes the files `write` made for `generation` (it failed, or they did not verify).
    func abandon(generation: Int) {
        let pointer = StorePointer(
            schema: StorePointer.schema, generation: generation, hasSnapshot: true, snapshotBytes: 0, entriesBytes: 0)
        for name in pointer.fileNames {
            try? directory.remove(name)
            try? directory.remove(name + ".tmp")
        }
        try? directory.sync()
    }

    /// `line` with its free-text values redacted by `filter`, or nil to keep it as it is.
    private static func rewritten(_ line: ArraySlice<UInt8>, name: String, filter: Filter) throws(StoreError)
        -> [UInt8]?
    {
        guard let redactor = filter.redactor else { return nil }
        let result = line.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) -> [UInt8]? in try redactor.rewrite(raw) }
        }
        switch result {
        case .success(let bytes): return bytes
        case .failure(let error):
            throw .corrupt(file: name, line: 0, byte: error.offset, reason: "cannot redact a line: \(error.reason)")
        }
    }

    func write(generation: Int, state: State, filter: Filter = Filter()) throws(StoreError) -> StorePointer {
        var pointer = StorePointer(
            schema: StorePointer.schema, generation: generation, hasSnapshot: true, snapshotBytes: 0, entriesBytes: 0)
        for name in pointer.fileNames { try directory.remove(name + ".tmp") }

        // The entries file: every live entry's record line, in id order.
        let entriesFile = try directory.open(pointer.entriesName + ".tmp", flags: O_WRONLY | O_CREAT | O_EXCL)
        var readers: [UInt16: WindowReader] = [:]
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        var count = 0
        var total: Int64 = 0
        var offsets = [[Int64]](repeating: [], count: state.candidates.count)
        // Where each candidate's last inbound message lands (their facts point at it).
        var lastInbound = [Int64?](repeating: nil, count: state.candidates.count)
        let lastInboundIDs = state.candidates.map { $0.removed ? nil : $0.facts.lastInbound }
        var search = try SearchIndexWriter(directory: directory, pointer: pointer, state: state, filter: filter)
        for entry in state.entries where filter.keeps(entry) {
            // A corrected entry's own record, not its correction's (which has a line of its own).
            let ref = state.asLogged(entry).text
            guard let file = texts.file(ref.source) else {
                throw .corrupt(
                    file: "entry #\(entry.id)", line: 0, byte: 0, reason: "its record is not in a store file")
            }
            if readers[ref.source] == nil { readers[ref.source] = WindowReader(file: file) }
            let line = try readers[ref.source]!.bytes(at: ref.line, count: Int(ref.lineLength))
            offsets[Int(entry.candidate)].append(total + Int64(buffer.count))
            if lastInboundIDs[Int(entry.candidate)] == entry.id {
                lastInbound[Int(entry.candidate)] = total + Int64(buffer.count)
            }
            let lineStart = buffer.count
            if let rewritten = try Self.rewritten(line, name: pointer.entriesName, filter: filter) {
                buffer.append(contentsOf: rewritten)
            } else {
                buffer.append(contentsOf: line)
            }
            try search.add(entry, line: buffer[lineStart...], at: total + Int64(lineStart))
            buffer.append(0x0A)
            count += 1
            if buffer.count >= 8 << 20 {
                try entriesFile.write(buffer)
                total += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try entriesFile.write(buffer)
        total += Int64(buffer.count)
        try entriesFile.sync()
        pointer.entriesBytes = total
        try search.finish(entriesBytes: total)

        var redactionError: StoreError?
        let snapshotName = pointer.snapshotName
        let snapshot = SnapshotFile.encode(
            state: state, generation: generation, entries: count, offsets: offsets, lastInbound: lastInbound,
            excluding: filter.candidate,
            undoFilter: filter.keepUndo,
            rewrite: filter.redactor == nil
                ? nil
                : { line in
                    do throws(StoreError) {
                        return try Self.rewritten(line[...], name: snapshotName, filter: filter)
                    } catch {
                        redactionError = redactionError ?? error
                        return nil
                    }
                })
        if let redactionError { throw redactionError }
        let snapshotFile = try directory.open(pointer.snapshotName + ".tmp", flags: O_WRONLY | O_CREAT | O_EXCL)
        try snapshotFile.write(snapshot)
        try snapshotFile.sync()
        pointer.snapshotBytes = Int64(snapshot.count)

        let journal = try directory.open(pointer.journalName + ".tmp", flags: O_WRONLY | O_CREAT | O_EXCL)
        try journal.sync()

        for name in [pointer.entriesName, pointer.snapshotName, pointer.journalName] {
            try directory.rename(name + ".tmp", to: name)
        }
        try directory.sync()
        return pointer
    }
}

extension GenerationWriter.Filter {
    /// Whether the new generation keeps `entry`.
    func keeps(_ entry: Entry) -> Bool {
        !entry.removed && entry.candidate != candidate && !entries.contains(entry.id)
    }
}
