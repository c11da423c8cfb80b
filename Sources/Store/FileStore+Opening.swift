import Conversation

#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// Names a new store may find in its directory: an old cande's lock file and what a crash
    /// while creating the store leaves.
    private static let creationLeftovers: Set<String> = [
        "lock", "journal-0.jsonl", "CURRENT.tmp", StoreIdentity.fileName, StoreIdentity.fileName + ".tmp",
    ]

    /// A new store: an empty journal, then `CURRENT` (both durable). A directory that holds
    /// anything else is not a store and is refused untouched.
    func create() throws(StoreError) {
        let names = try directory.names().filter { !Self.creationLeftovers.contains($0) }
        guard names.isEmpty else {
            throw .notAStore(path: path, reason: "the directory is not empty and has no \(StorePointer.fileName) file")
        }
        try directory.makePrivate()
        // The id first: once CURRENT is there, the store has one for good.
        try directory.replace(StoreIdentity.fileName, with: StoreIdentity.encoded(StoreIdentity.random()))
        identitySettled = true
        let journal = try directory.open(pointer.journalName, flags: O_WRONLY | O_CREAT)
        try journal.sync()
        // The journal's name is durable before CURRENT can name it.
        try directory.sync()
        try directory.replace(StorePointer.fileName, with: pointer.encoded())
    }

    func readPointer() throws(StoreError) -> StorePointer {
        guard let file = try directory.openIfExists(StorePointer.fileName, flags: O_RDONLY) else {
            throw .notAStore(path: path, reason: "its \(StorePointer.fileName) file is missing")
        }
        return try StorePointer.decode(try file.readAll())
    }

    /// Loads the generation `CURRENT` names: its snapshot (without the older timeline) and an
    /// empty view of its journal, to be caught up.
    func loadGeneration() throws(StoreError) {
        let pointer = try readPointer()
        self.pointer = pointer
        damage = nil
        timelineDamage = nil
        newerSchema = nil
        if pointer.schema > StorePointer.schema {
            newerSchema = .newerSchema(found: pointer.schema, supported: StorePointer.schema)
        }
        var state = State()
        lineCache = [:]
        snapshotCandidates = nil
        files.entries = nil
        olderEntries = 0
        if pointer.hasSnapshot {
            guard let file = try directory.openIfExists(pointer.snapshotName, flags: O_RDONLY) else {
                throw .corrupt(file: pointer.snapshotName, line: 0, byte: 0, reason: "the file is missing")
            }
            let size = Int(try file.size())
            if newerSchema == nil, Int64(size) != pointer.snapshotBytes {
                throw .corrupt(
                    file: pointer.snapshotName, line: 0, byte: size,
                    reason: "it has \(size) bytes but \(StorePointer.fileName) says \(pointer.snapshotBytes)")
            }
            // Schema 4: up to the candidate lines, which are read when a candidate is first decoded.
            let head = SnapshotFile.peekHeader(try file.read(at: 0, count: min(size, 4096)))
            let loaded = try LoadedFile(file, count: head?.candidatesAt.map { min($0, size) } ?? size)
            let (header, restored, candidates) = try SnapshotFile.decode(
                loaded, source: file, name: pointer.snapshotName)
            snapshotCandidates = candidates
            guard header.generation == pointer.generation else {
                throw .corrupt(file: pointer.snapshotName, line: 1, byte: 0, reason: "it belongs to another generation")
            }
            state = restored
            olderEntries = header.entries
            if header.schema < 3 { state.markAllFactsStale() }
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
            guard case .io(_, _, let code) = error, code == EACCES || code == EROFS || code == EPERM else {
                throw error
            }
            journal = try directory.openIfExists(pointer.journalName, flags: O_RDONLY)
            permissionProblem =
                code == EROFS
                ? "it is on a read-only file system"
                : "no permission to write \(directory.display(pointer.journalName))"
        }
        guard let journal else {
            throw .corrupt(file: pointer.journalName, line: 0, byte: 0, reason: "the file is missing")
        }
        if permissionProblem == nil, let problem = directory.writeProblem() { permissionProblem = problem }
        self.journal = journal
        files.journal = journal
        files.pending = []
        self.state = state
        journalEnd = 0
        journalLines = 0
        generationToken += 1
    }

    /// Files cande made and no longer needs: other generations' files and temporary files left by
    /// a crash, matched by their exact names (never a user's `journal-0.jsonl.bak`).
    func leftovers() throws(StoreError) -> [String] {
        guard newerSchema == nil else { return [] }
        let live = pointer.fileNames
        return try directory.names().filter { name in
            guard let kind = StoreFileName(name) else { return false }
            return kind.temporary || (kind.generationFile && !live.contains(name))
        }
    }

    /// Removes `leftovers()`; only under the write lock.
    func removeLeftovers() throws(StoreError) {
        precondition(lock.mode == .exclusive)
        let names = try leftovers()
        for name in names { try directory.remove(name) }
        if !names.isEmpty { try directory.sync() }
    }
}

/// The names of the files cande makes in a store, recognised exactly:
/// `snapshot-N.json`, `entries-N.jsonl`, `journal-N.jsonl`, `search-N.idx` (N a plain decimal number),
/// `quarantine-G-OFFSET-TIME[-K].torn`, `CURRENT`, `IDENTITY`, and any of them with `.tmp` appended.
struct StoreFileName {
    let generationFile: Bool
    let temporary: Bool

    init?(_ name: String) {
        var base = Substring(name)
        temporary = base.hasSuffix(".tmp")
        if temporary { base = base.dropLast(4) }
        if base == "CURRENT" || base == StoreIdentity.fileName {
            guard temporary else { return nil }
            generationFile = false
            return
        }
        if base.hasPrefix("quarantine-"), base.hasSuffix(".torn") {
            let fields = base.dropFirst("quarantine-".count).dropLast(".torn".count).split(
                separator: "-", omittingEmptySubsequences: false)
            guard (3...4).contains(fields.count), fields.allSatisfy(Self.isNumber) else { return nil }
            guard temporary else { return nil }  // quarantine files themselves are kept
            generationFile = false
            return
        }
        for (prefix, suffix) in [
            ("snapshot-", ".json"), ("entries-", ".jsonl"), ("journal-", ".jsonl"), ("search-", ".idx"),
        ]
        where base.hasPrefix(prefix) && base.hasSuffix(suffix) {
            let number = base.dropFirst(prefix.count).dropLast(suffix.count)
            guard Self.isNumber(number) else { return nil }
            generationFile = true
            return
        }
        return nil
    }

    /// A plain decimal number as cande writes it: digits, no leading zero (but "0").
    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && (text == "0" || text.first != "0")
            && text.count <= 19
    }
}
