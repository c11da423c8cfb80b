import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The store as JSON files in one directory (SPEC §8; layout in the README):
/// `CURRENT` names the live generation N; `snapshot-N.json` holds candidates, meetings and undo
/// history; `entries-N.jsonl` the timeline as of the snapshot; `journal-N.jsonl` every change
/// since, framed records closed write by write with a commit line; `quarantine-*.torn` keeps
/// interrupted writes that were cut from a journal's end. Writers serialise on a `flock` of the
/// directory itself, which nobody can delete or replace under a running writer.
public final class FileStore: CompactingStore, PhaseReporting {
    public let path: String
    let directory: StoreDirectory
    let lock: StoreLock
    public internal(set) var state = State()
    let files = FileTextSource()
    public var texts: TextSource { files }
    /// Bumps with every new generation of the store's files read in whole (`stateToken`).
    public internal(set) var generationToken = 0
    public var stateToken: Int { generationToken }
    /// Damage in the journal or in a snapshot candidate: what the store holds is not known, so
    /// every read and every write fails with it (SPEC §8.9).
    public internal(set) var damage: StoreError?
    /// Damage in the entries file: loading the whole timeline fails with it; writes are refused.
    var timelineDamage: StoreError?
    /// Set when the store was written by a newer cande: readable as far as we understand it, never written.
    var newerSchema: StoreError?
    /// Why this process cannot write here (a read-only file system, no permission).
    var permissionProblem: String?
    /// Set when a write's outcome is unknown: this process writes nothing more.
    var writesStopped: StoreError?
    /// Decodes the snapshot's candidates when first read; a line that fails to is damage.
    var snapshotCandidates: SnapshotCandidates?
    var warnings: [String] = []
    /// The search index of a generation once read (nil: missing or damaged, said once).
    var searchIndex: (generation: Int, file: SearchIndexFile?)?
    public private(set) var created = false
    /// Whether a torn tail this process cannot set aside was mentioned already.
    var tornTailReported = false
    /// The store's id once read (`identity()`), and whether `IDENTITY` is known to be there.
    var knownIdentity: String?
    var identitySettled = false
    /// Opened to read only: never created, repaired or written.
    let readingOnly: Bool

    var pointer = StorePointer(
        schema: StorePointer.schema, generation: 0, hasSnapshot: false, snapshotBytes: 0, entriesBytes: 0)
    var journal: FileDescriptor?
    /// Bytes of the journal applied to `state` (all complete writes), and their line count.
    var journalEnd: Int64 = 0
    var journalLines = 0
    var olderEntries = 0
    var inGroup = false
    /// Entries read by `entries(atLines:)`, by line offset, for this generation.
    var lineCache: [Int64: Entry] = [:]
    var pendingLines = 0
    var scratch = JSONWriter(capacity: 64 << 10)

    /// Called after a new generation is written, before it is verified (tests damage it here).
    var newGenerationWritten: ((StorePointer) -> Void)?
    /// The phase of a compaction or forget (`PhaseReporting`).
    public var onPhase: ((String) -> Void)?

    /// Whether writes wait for the disk (`fsync`). A team store's cache does not: the server
    /// holds what was committed, and the cache can always be rebuilt from it.
    public var syncsWrites = true
    /// Keep the line of the latest change of a group in `lastGroupLine` (a team store sends it
    /// to the server).
    public var keepsLastLine = false
    public internal(set) var lastGroupLine: [UInt8] = []

    /// A journal this large (and larger than half the snapshot) is compacted by `maintain`.
    public var compactionThreshold: Int64 = 1 << 20

    /// Opens the store at `path`, creating it (0700) if it does not exist. Opening reads under a
    /// shared lock; only a repair (a torn write to set aside, a crashed compaction's files to
    /// remove) takes the write lock, and never on a store this process cannot write.
    /// `readingOnly`: a missing store is an error, not created; nothing is repaired, and every
    /// write is refused (shell completion reads handles this way, README "Man page and completion").
    public init(path: String, readingOnly: Bool = false) throws(StoreError) {
        self.path = path
        self.readingOnly = readingOnly
        directory = try StoreDirectory(path: path, create: !readingOnly)
        lock = StoreLock(directory: directory)
        try lock.lock(.shared)
        defer { lock.unlock() }
        if readingOnly {
            try loadGeneration()
            try catchUp(canRepair: false)
            return
        }
        if !directory.exists(StorePointer.fileName) {
            try lock.lock(.exclusive)
            if !directory.exists(StorePointer.fileName) {
                try create()
                created = true
            }
        }
        try loadGeneration()
        let torn = try catchUp(canRepair: lock.mode == .exclusive)
        var repair = torn
        if !repair { repair = !(try leftovers()).isEmpty }
        if repair, damage == nil, newerSchema == nil, permissionProblem == nil {
            try lock.lock(.exclusive)
            try catchUp(canRepair: true)
            if damage == nil { try removeLeftovers() }
        }
        if let type = directory.networkFileSystem() {
            warnings.append(
                "the store is on a network file system (\(type)); locking and durability are not guaranteed there")
        }
    }

    public var readOnlyReason: String? {
        if readingOnly { return "it was opened for reading only" }
        if let newerSchema { return newerSchema.description }
        if let writesStopped { return writesStopped.description }
        if let damage { return damage.description }
        if let timelineDamage { return timelineDamage.description }
        if let problem = snapshotCandidates?.problem { return problem.description }
        return permissionProblem
    }

    public func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }

    // MARK: - Reading

    public func refresh() throws(StoreError) {
        if lock.mode != .exclusive {  // inside a group nobody else writes
            try lock.lock(.shared)
            let torn: Bool
            do {
                torn = try catchUp(canRepair: false)
            } catch {
                lock.unlock()
                throw error
            }
            lock.unlock()
            if torn, !readingOnly {
                try lock.lock(.exclusive)
                defer { lock.unlock() }
                try catchUp(canRepair: true)
            }
        }
        if let damage { throw damage }
    }

    /// Fails if anything read since the last call was damaged (a snapshot candidate that does not
    /// decode, a text that could not be read in full); from then on every read fails.
    public func checkReads() throws(StoreError) {
        if damage == nil, let problem = snapshotCandidates?.problem {
            damage = problem
            throw problem
        }
        if let error = files.takeError() {
            if case .corrupt = error, damage == nil { damage = error }
            throw error
        }
    }

    // MARK: - Writing

    func refuseIfReadOnly() throws(StoreError) {
        if readingOnly { throw .readOnly("it was opened for reading only") }
        if let newerSchema { throw newerSchema }
        if let writesStopped { throw writesStopped }
        if let damage { throw .readOnly(damage.description) }
        if let timelineDamage { throw .readOnly(timelineDamage.description) }
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
                // A store of the old journal format is rewritten once before its first write.
                if pointer.schema < StorePointer.schema { try migrate() }
                try settleIdentity()
            } catch {
                lock.unlock()
                throw error
            }
        }
        defer { if !inGroup { lock.unlock() } }
        let change = try build(state)
        // A candidate the change was built from did not decode: refuse rather than write from it.
        if let problem = snapshotCandidates?.problem { throw StoreError.readOnly(problem.description) }
        let record = Record(seq: state.lastSeq + 1, ts: now, by: user, change: change)
        do {
            try state.validate(record)
        } catch {
            throw StoreError.rejected(error)
        }
        scratch.reset()
        let location = RecordEncoder.encode(record, into: &scratch)
        let recordLength = scratch.bytes.count
        let lineOffset = journalEnd + Int64(files.pending.count)
        let lineLength = UInt32(recordLength - 1)
        if inGroup {
            if files.pending.isEmpty { files.pendingStart = journalEnd }
            files.pending.append(contentsOf: scratch.bytes)
            if keepsLastLine { lastGroupLine = scratch.bytes }
            pendingLines += 1
        } else {
            CommitLine.encode(.init(lastSeq: record.seq, records: 1, bytes: Int64(recordLength)), into: &scratch)
            try appendDurably(scratch.bytes)
            journalEnd += Int64(scratch.bytes.count)
            journalLines += 2
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
        settleFacts()
        return stored
    }

    /// Appends one write and fsyncs it. On failure the journal is cut back to what it was, so that
    /// nothing unacknowledged stays in it; when even that fails, or another process appended at
    /// the same time, the outcome is unknown: said so, and this process writes nothing more (the
    /// next open decides from the file: a complete write counts, a torn one is set aside).
    func appendDurably(_ bytes: [UInt8]) throws(StoreError) {
        guard let journal else { throw .readOnly("the journal is not open") }
        let before = journalEnd
        do throws(StoreError) {
            try journal.write(bytes)
            // With O_APPEND the file offset is now the end of what we wrote: anything else means
            // another writer appended while we held the lock (a network file system).
            let end = lseek(journal.fd, 0, SEEK_CUR)
            guard end == before + Int64(bytes.count) else {
                let unknown = StoreError.outcomeUnknown(
                    "another process wrote to \(journal.path) while this one held the write lock "
                        + "(is the store on a network file system?)")
                writesStopped = unknown
                throw unknown
            }
            if syncsWrites { try journal.sync() }
        } catch {
            if case .outcomeUnknown = error { throw error }
            do {
                try journal.truncate(to: before)
                try journal.sync()
            } catch let rollback {
                let unknown = StoreError.outcomeUnknown("\(error), and undoing the write failed: \(rollback)")
                writesStopped = unknown
                throw unknown
            }
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
    func writePending() throws(StoreError) {
        guard !files.pending.isEmpty else { return }
        var bytes = files.pending
        bytes.append(
            contentsOf: CommitLine.encoded(
                .init(lastSeq: state.lastSeq, records: pendingLines, bytes: Int64(files.pending.count))))
        do {
            try appendDurably(bytes)
        } catch {
            // The group's changes are in memory but maybe not on disk: read back what is.
            files.pending = []
            pendingLines = 0
            try? loadGeneration()
            _ = try? catchUp(canRepair: false)
            throw error
        }
        journalEnd += Int64(bytes.count)
        journalLines += pendingLines + 1
        files.pending = []
        pendingLines = 0
    }

    func withExclusiveLock(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        let held = lock.mode == .exclusive
        if !held { try lock.lock(.exclusive) }
        defer { if !held { lock.unlock() } }
        try body()
    }
}
