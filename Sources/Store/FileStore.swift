import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The store as JSON files in one directory (SPEC §8; layout in the README):
/// `CURRENT` names the live generation N; `snapshot-N.json` holds candidates, meetings and undo
/// history; `entries-N.jsonl` the timeline as of the snapshot; `journal-N.jsonl` every change
/// since, one framed record per line; `lock` serialises writers; `quarantine-*.torn` keeps torn
/// records that were cut from a journal's end.
public final class FileStore: ConversationStore {
    public let path: String
    let directory: StoreDirectory
    let lock: StoreLock
    public private(set) var state = State()
    let files = FileTextSource()
    public var texts: TextSource { files }
    public private(set) var generationToken = 0
    public private(set) var damage: StoreError?
    /// Set when the store was written by a newer cande: readable as far as we understand it, never written.
    private var newerSchema: StoreError?
    private var permissionProblem: String?
    /// Decodes the snapshot's candidates when first read; a line that fails to is damage.
    private var snapshotCandidates: SnapshotCandidates?
    private var warnings: [String] = []

    var pointer = StorePointer(
        schema: StorePointer.schema, generation: 0, hasSnapshot: false, snapshotBytes: 0, entriesBytes: 0)
    private var journal: FileDescriptor?
    /// Bytes of the journal applied to `state` (all complete records), and their line count.
    private(set) var journalEnd: Int64 = 0
    private var journalLines = 0
    private var olderEntries = 0
    private var inGroup = false
    private var pendingLines = 0
    private var scratch = JSONWriter(capacity: 64 << 10)

    /// A journal this large (and larger than half the snapshot) is compacted by `maintain`.
    public var compactionThreshold: Int64 = 1 << 20

    /// Opens the store at `path`, creating it (0700) if it does not exist.
    public init(path: String) throws(StoreError) {
        self.path = path
        directory = try StoreDirectory(path: path, create: true)
        // A directory that is not a store is refused before the lock file is left in it.
        if !directory.exists(StorePointer.fileName) { try Self.refuseForeignFiles(in: directory, path: path) }
        lock = try StoreLock(directory: directory)
        try lock.lock(.exclusive)
        defer { lock.unlock() }
        if !directory.exists(StorePointer.fileName) { try create() }
        try loadGeneration()
        try catchUp(canRepair: true)
        if damage == nil { try removeLeftovers() }
        if let type = directory.networkFileSystem() {
            warnings.append(
                "the store is on a network file system (\(type)); locking and durability are not guaranteed there")
        }
    }

    public var readOnlyReason: String? {
        if let newerSchema { return newerSchema.description }
        if let damage { return damage.description }
        if let problem = snapshotCandidates?.problem { return problem.description }
        return permissionProblem
    }

    public func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }

    // MARK: - Opening

    private static func refuseForeignFiles(in directory: StoreDirectory, path: String) throws(StoreError) {
        let names = try directory.names().filter { $0 != "lock" && !$0.hasSuffix(".tmp") && $0 != "journal-0.jsonl" }
        guard names.isEmpty else {
            throw .notAStore(path: path, reason: "the directory is not empty and has no \(StorePointer.fileName) file")
        }
    }

    private func create() throws(StoreError) {
        try Self.refuseForeignFiles(in: directory, path: path)
        let journal = try directory.open(pointer.journalName, flags: O_WRONLY | O_CREAT)
        try journal.sync()
        try directory.replace(StorePointer.fileName, with: pointer.encoded())
    }

    private func readPointer() throws(StoreError) -> StorePointer {
        guard let file = try directory.openIfExists(StorePointer.fileName, flags: O_RDONLY) else {
            throw .notAStore(path: path, reason: "its \(StorePointer.fileName) file is missing")
        }
        return try StorePointer.decode(try file.readAll())
    }

    /// Loads the generation `CURRENT` names: its snapshot (without the older timeline) and an
    /// empty view of its journal, to be caught up.
    private func loadGeneration() throws(StoreError) {
        let pointer = try readPointer()
        self.pointer = pointer
        damage = nil
        newerSchema = nil
        if pointer.schema > StorePointer.schema {
            newerSchema = .newerSchema(found: pointer.schema, supported: StorePointer.schema)
        }
        var state = State()
        snapshotCandidates = nil
        files.entries = nil
        olderEntries = 0
        if pointer.hasSnapshot {
            guard let file = try directory.openIfExists(pointer.snapshotName, flags: O_RDONLY) else {
                throw .corrupt(file: pointer.snapshotName, line: 0, byte: 0, reason: "the file is missing")
            }
            let loaded = try LoadedFile(file)
            let size = loaded.bytes.count
            if newerSchema == nil, Int64(size) != pointer.snapshotBytes {
                throw .corrupt(
                    file: pointer.snapshotName, line: 0, byte: size,
                    reason: "it has \(size) bytes but \(StorePointer.fileName) says \(pointer.snapshotBytes)")
            }
            let (header, restored, candidates) = try SnapshotFile.decode(loaded, name: pointer.snapshotName)
            snapshotCandidates = candidates
            guard header.generation == pointer.generation else {
                throw .corrupt(file: pointer.snapshotName, line: 1, byte: 0, reason: "it belongs to another generation")
            }
            state = restored
            olderEntries = header.entries
            guard let entries = try directory.openIfExists(pointer.entriesName, flags: O_RDONLY) else {
                throw .corrupt(file: pointer.entriesName, line: 0, byte: 0, reason: "the file is missing")
            }
            let entriesSize = try entries.size()
            guard entriesSize == pointer.entriesBytes else {
                throw .corrupt(
                    file: pointer.entriesName, line: 0, byte: Int(entriesSize),
                    reason: "it has \(entriesSize) bytes but \(StorePointer.fileName) says \(pointer.entriesBytes)")
            }
            files.entries = entries
        }
        permissionProblem = nil
        var journal: FileDescriptor?
        do {
            journal = try directory.openIfExists(pointer.journalName, flags: O_RDWR | O_APPEND)
        } catch let error {
            guard case .io(_, _, let code) = error, code == EACCES || code == EROFS else { throw error }
            journal = try directory.openIfExists(pointer.journalName, flags: O_RDONLY)
            permissionProblem = "no permission to write \(directory.display(pointer.journalName))"
        }
        guard let journal else {
            throw .corrupt(file: pointer.journalName, line: 0, byte: 0, reason: "the file is missing")
        }
        self.journal = journal
        files.journal = self.journal
        files.pending = []
        self.state = state
        journalEnd = 0
        journalLines = 0
        generationToken += 1
    }

    /// Removes files of other generations and temporary files left by a crash.
    private func removeLeftovers() throws(StoreError) {
        guard newerSchema == nil else { return }
        let live = pointer.fileNames
        var removed = false
        for name in try directory.names() {
            let ours = name.hasPrefix("snapshot-") || name.hasPrefix("entries-") || name.hasPrefix("journal-")
            if name.hasSuffix(".tmp") || (ours && !live.contains(name)) {
                try directory.remove(name)
                removed = true
            }
        }
        if removed { try directory.sync() }
    }

    // MARK: - Catching up

    /// Applies the journal records written since the last look (by anyone). Returns true when a
    /// torn tail was found that could not be repaired (`canRepair` false: a shared lock).
    @discardableResult
    private func catchUp(canRepair: Bool) throws(StoreError) -> Bool {
        let current = try readPointer()
        if current.generation != pointer.generation { try loadGeneration() }
        guard let journal else { return false }
        var size = try journal.size()
        if size < journalEnd {
            // Cut below what we applied: only a repair by someone else, never of complete records;
            // start over rather than guess.
            try loadGeneration()
            size = try journal.size()
        }
        guard size > journalEnd, damage == nil else { return false }
        let name = pointer.journalName
        var bad: (offset: Int64, number: Int, reason: String)? = nil
        let end = try LineScanner(file: journal).scan(from: journalEnd, to: size, firstLine: journalLines + 1) {
            (line) throws(StoreError) -> Bool in
            let verdict = Framing.verify(line.bytes)
            if let first = bad {
                // A good record after a bad one: the damage is in the middle, not a torn end.
                if verdict == .valid {
                    self.damage = .corrupt(
                        file: name, line: first.number, byte: Int(first.offset), reason: first.reason)
                    return false
                }
                return true
            }
            guard verdict == .valid else {
                bad = (line.offset, line.number, verdict == .mismatch ? "checksum mismatch" : "not a framed record")
                return true
            }
            if let problem = self.apply(line: line) {
                self.damage = .corrupt(
                    file: name, line: line.number, byte: Int(line.offset) + problem.offset, reason: problem.reason)
                return false
            }
            self.journalEnd = line.offset + Int64(line.bytes.count) + 1
            self.journalLines = line.number
            return true
        }
        guard damage == nil else { return false }
        let tornStart = bad?.offset ?? end.complete
        guard tornStart < size else { return false }
        if !canRepair || newerSchema != nil { return true }
        try quarantine(from: tornStart, to: size)
        return false
    }

    /// Decodes and applies one journal line; returns what is wrong with it, if anything.
    private func apply(line: LineScanner.Line) -> JSONSyntaxError? {
        let record: Record
        do {
            record = try RecordDecoder.decode(line.bytes, source: FileTextSource.journalSource, lineOffset: line.offset)
        } catch {
            return error
        }
        guard record.seq == state.lastSeq + 1 else {
            return JSONSyntaxError(
                offset: 0, reason: "sequence \(record.seq) follows \(state.lastSeq): a record is missing or repeated")
        }
        let lineRef = TextRef.line(
            source: FileTextSource.journalSource, at: line.offset, length: UInt32(line.bytes.count))
        do {
            try state.apply(record, line: lineRef)
        } catch {
            return JSONSyntaxError(offset: 0, reason: "the record does not fit the store: \(error)")
        }
        return nil
    }

    /// Moves a torn tail (a record cut short by a crash) into a quarantine file, then cuts it off.
    private func quarantine(from start: Int64, to end: Int64) throws(StoreError) {
        guard let journal else { return }
        let torn = try journal.read(at: start, count: Int(end - start))
        let name = "quarantine-\(pointer.generation)-\(start)-\(Int64(time(nil))).torn"
        let file = try directory.open(name, flags: O_WRONLY | O_CREAT | O_EXCL)
        try file.write(torn)
        try file.sync()
        try directory.sync()
        try journal.truncate(to: start)
        try journal.sync()
        warnings.append(
            "set aside a torn record (\(torn.count) bytes at byte \(start) of \(pointer.journalName), "
                + "left by an interrupted write) in \(name)")
    }

    public func refresh() throws(StoreError) {
        if lock.mode == .exclusive { return }  // inside a group nobody else writes
        try lock.lock(.shared)
        let torn: Bool
        do {
            torn = try catchUp(canRepair: false)
        } catch {
            lock.unlock()
            throw error
        }
        lock.unlock()
        if torn {
            try lock.lock(.exclusive)
            defer { lock.unlock() }
            try catchUp(canRepair: true)
        }
    }

    /// Loads the older timeline of one candidate only, when the snapshot says where it is (else
    /// everyone's): `history` and `show` of one candidate on a large store read a few lines.
    public func loadTimeline(of candidate: Int32) throws(StoreError) {
        guard !state.hasTimeline(of: candidate), let file = files.entries else { return }
        do {
            guard let offsets = try snapshotCandidates?.entryOffsets(at: Int(candidate)) else {
                return try loadTimeline()  // a snapshot without the index
            }
            let older = try CandidateEntriesReader(file: file, name: pointer.entriesName).read(
                offsets: offsets, state: &state)
            state.loadOlderEntries(of: candidate, older)
        } catch {
            damage = error
            throw error
        }
    }

    public func loadTimeline() throws(StoreError) {
        guard !state.timelineComplete, let file = files.entries else { return }
        let name = pointer.entriesName
        var older: [Entry] = []
        older.reserveCapacity(olderEntries)
        var problem: StoreError?
        var decoder = EntryLineDecoder(state: state)
        let size = try file.size()
        let end = try LineScanner(file: file).scan(from: 0, to: size, firstLine: 1) {
            (line) throws(StoreError) -> Bool in
            switch Framing.verify(line.bytes) {
            case .valid: break
            case .unframed:
                problem = .corrupt(file: name, line: line.number, byte: Int(line.offset), reason: "not a framed record")
                return false
            case .mismatch:
                problem = .corrupt(
                    file: name, line: line.number, byte: Int(line.offset),
                    reason: "checksum mismatch (the line was changed or damaged)")
                return false
            }
            do throws(JSONSyntaxError) {
                older.append(
                    try decoder.decode(
                        line.bytes, source: FileTextSource.entriesSource, offset: line.offset, state: &self.state))
            } catch {
                problem = .corrupt(
                    file: name, line: line.number, byte: Int(line.offset) + error.offset, reason: error.reason)
                return false
            }
            return true
        }
        if problem == nil, end.tailBytes > 0 || older.count != olderEntries {
            problem = .corrupt(
                file: name, line: end.nextLine, byte: Int(end.complete),
                reason: "expected \(olderEntries) records, found \(older.count)")
        }
        if let problem {
            damage = problem
            throw problem
        }
        state.loadOlderEntries(older)
    }

    // MARK: - Writing

    private func refuseIfReadOnly() throws(StoreError) {
        if let newerSchema { throw newerSchema }
        if let damage { throw .readOnly(damage.description) }
        if let problem = snapshotCandidates?.problem { throw .readOnly(problem.description) }
        if let permissionProblem { throw .readOnly(permissionProblem) }
    }

    public func commit(by user: String, at now: Instant, _ build: (State) throws -> Change) throws -> Record {
        try refuseIfReadOnly()
        if lock.mode != .exclusive {
            try lock.lock(.exclusive)
            do {
                try catchUp(canRepair: true)
                try refuseIfReadOnly()
            } catch {
                lock.unlock()
                throw error
            }
        }
        defer { if !inGroup { lock.unlock() } }
        let change = try build(state)
        let record = Record(seq: state.lastSeq + 1, ts: now, by: user, change: change)
        do {
            try state.validate(record)
        } catch {
            throw StoreError.rejected(error)
        }
        scratch.reset()
        let location = RecordEncoder.encode(record, into: &scratch)
        let lineOffset = journalEnd + Int64(files.pending.count)
        let lineLength = UInt32(scratch.bytes.count - 1)
        if inGroup {
            if files.pending.isEmpty { files.pendingStart = journalEnd }
            files.pending.append(contentsOf: scratch.bytes)
            pendingLines += 1
        } else {
            try appendDurably(scratch.bytes)
            journalEnd += Int64(scratch.bytes.count)
            journalLines += 1
        }
        var stored = record
        if let location {
            stored.change = record.change.withText(
                .ref(
                    TextRef(
                        source: FileTextSource.journalSource, escaped: location.escaped, line: lineOffset,
                        lineLength: lineLength, start: UInt32(location.start), length: UInt32(location.length))))
        }
        state.commit(stored, line: .line(source: FileTextSource.journalSource, at: lineOffset, length: lineLength))
        return stored
    }

    /// Appends and fsyncs; on any failure the journal is cut back to what it was, so that nothing
    /// unacknowledged remains in it.
    private func appendDurably(_ bytes: [UInt8]) throws(StoreError) {
        guard let journal else { return }
        let before = journalEnd
        do {
            try journal.write(bytes)
            try journal.sync()
        } catch {
            try? journal.truncate(to: before)
            try? journal.sync()
            throw error
        }
    }

    public func beginGroup() { inGroup = true }

    public func flush() throws(StoreError) {
        defer {
            inGroup = false
            lock.unlock()
        }
        try writePending()
    }

    /// Makes the group's changes so far durable, keeping the lock (compaction and erasure need
    /// them on disk before they rewrite the store).
    func writePendingChanges() throws(StoreError) { try writePending() }

    private func writePending() throws(StoreError) {
        guard !files.pending.isEmpty else { return }
        let bytes = files.pending
        do {
            try appendDurably(bytes)
        } catch {
            // The group's changes are in memory but not on disk: forget them.
            files.pending = []
            pendingLines = 0
            try? loadGeneration()
            _ = try? catchUp(canRepair: false)
            throw error
        }
        journalEnd += Int64(bytes.count)
        journalLines += pendingLines
        files.pending = []
        pendingLines = 0
    }

    // MARK: - Compaction

    public func compact() throws(StoreError) {
        try refuseIfReadOnly()
        try withExclusiveLock { () throws(StoreError) in
            try writePending()
            try catchUp(canRepair: true)
            try refuseIfReadOnly()
            try loadTimeline()
            try switchGeneration(GenerationWriter.Filter())
        }
    }

    public func maintain() throws(StoreError) {
        guard readOnlyReason == nil, journalEnd >= compactionThreshold,
            journalEnd * 2 >= pointer.snapshotBytes + pointer.entriesBytes
        else { return }
        try compact()
    }

    /// Writes the next generation, points `CURRENT` at it, removes the old one, reloads.
    func switchGeneration(_ filter: GenerationWriter.Filter) throws(StoreError) {
        let old = pointer
        let next = try GenerationWriter(directory: directory, texts: files).write(
            generation: old.generation + 1, state: state, filter: filter)
        try directory.replace(StorePointer.fileName, with: next.encoded())
        for name in old.fileNames where !next.fileNames.contains(name) { try directory.remove(name) }
        try directory.sync()
        try loadGeneration()
    }

    func withExclusiveLock(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        let held = lock.mode == .exclusive
        if !held { try lock.lock(.exclusive) }
        defer { if !held { lock.unlock() } }
        try body()
    }
}
