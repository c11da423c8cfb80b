import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Server snapshots and erasure (README "Team store"). A snapshot is the cache's compacted files
/// (`FileStore.generationFiles`), stored in parts on the server, so that a new machine starts
/// from it instead of replaying every record. A forget erases on the cache, then, in one
/// transaction that holds the head lock, stores the erased cache as the snapshot, empties the
/// line of every record up to it and moves the erasure epoch.
extension TeamStore {
    /// A snapshot is made by `maintain` when this many records came after the latest one.
    public static let snapshotEvery: Int64 = 20_000
    /// Parts a snapshot file is stored in.
    static let partBytes = 8 << 20

    public func compact() throws(StoreError) {
        if groupOpen { try flush() }
        try refresh()
        try refuseIfReadOnly()
        let (seq, files) = try cache.generationFiles()
        let db = try connection()
        try db.execute("begin")
        do throws(StoreError) {
            _ = try db.value("select \(schema).lock_head()")
            // A forget since the cache was built: its files would bring back what was erased.
            guard try db.value("select value from \(schema).meta where key = 'epoch'") == String(epoch) else {
                throw StoreError.server(sqlstate: "40001", message: "a forget came first; run compact again")
            }
            // One at this seq already (nothing was written since): it stays.
            if try db.value("select 1 from \(schema).snapshots where seq = $1 limit 1", [String(seq)]) == nil {
                try upload(seq: seq, files: files, db: db)
                try db.execute("select \(schema).drop_snapshots_before($1)", [String(seq)])
            }
            try db.execute("commit")
        } catch {
            _ = try? db.execute("rollback")
            throw error
        }
    }

    public func maintain() throws(StoreError) {
        try cache.maintain()
        guard newer == nil, damage == nil, offline == nil, !groupOpen, db != nil else { return }
        // The latest snapshot's seq as the last catch-up saw it: no round trip for this.
        if state.lastSeq - latestSnapshot >= Self.snapshotEvery { try compact() }
    }

    public var onPhase: ((String) -> Void)? {
        get { cache.onPhase }
        set { cache.onPhase = newValue }
    }

    public var byteSize: Int64 { cache.byteSize }

    /// Stores `files` as the snapshot at `seq`, under a new upload id (returned).
    @discardableResult
    func upload(seq: Int64, files: [(name: String, bytes: [UInt8])], db: PGConnection) throws(StoreError) -> String {
        let made = Self.clientID()
        let total = files.reduce(0) { $0 + $1.bytes.count }
        var sent = 0
        for (name, bytes) in files {
            var part = 0
            var start = 0
            repeat {
                let end = min(bytes.count, start + Self.partBytes)
                try db.executeBinary(
                    "select \(schema).add_snapshot($1::bigint, $2, $3, $4::integer, $5::bytea)",
                    [
                        .text(String(seq)), .text(made), .text(name), .text(String(part)),
                        .bytes(Array(bytes[start..<end])),
                    ])
                part += 1
                sent += end - start
                onPhase?("uploading \(sent >> 20)/\(total >> 20) MB")
                start = end
            } while start < bytes.count
        }
        return made
    }

    public func forget(handle: String) throws(StoreError) {
        try erasing { cache throws(StoreError) in try cache.forget(handle: handle) }
    }

    public func forget(entry id: Int32) throws(StoreError) {
        try erasing { cache throws(StoreError) in try cache.forget(entry: id) }
    }

    /// Runs `erase` on the caught-up cache under the head lock, then makes the erased cache the
    /// store's snapshot and empties every record line it covers, in the same transaction.
    func erasing(_ erase: (FileStore) throws(StoreError) -> Void) throws(StoreError) {
        if groupOpen { try flush() }
        try refresh()
        try refuseIfReadOnly()
        let db = try connection()
        try db.execute("begin")
        do throws(StoreError) {
            _ = try db.value("select \(schema).lock_head()")
            try catchUp(db)
            try erase(cache)
        } catch {
            _ = try? db.execute("rollback")
            throw error
        }
        // The cache is erased; the server not yet: until the commit, the cache has diverged.
        do throws(StoreError) {
            let (seq, files) = try cache.generationFiles()
            let made = try upload(seq: seq, files: files, db: db)
            try db.execute("select \(schema).erase_through($1, $2)", [String(seq), made])
            try db.execute("commit")
        } catch {
            _ = try? db.execute("rollback")
            if case .serverUnavailable = error { self.db = nil }
            // Whether the erasure landed, the epoch says: this cache is rebuilt either way.
            TeamStore.removeTree(cache.path)
            if let db = try? connection() { try? rebuildCache(db: db) }
            throw error
        }
        let old = cache.path
        epoch += 1
        let new = Self.cachePath(root: cacheRoot, id: storeID, epoch: epoch)
        if rename(old, new) != 0 { Self.removeTree(old) }
        cache = try Self.openCache(root: cacheRoot, id: storeID, epoch: epoch, db: db, schema: schema)
        Self.remember(root: cacheRoot, try TeamAddress(address), id: storeID, epoch: epoch, login: login)
        token += 1
        newsSeq = state.lastSeq
        try vacuum(db)
    }

    /// The old row versions of the erased lines stay in the table's files until a vacuum that
    /// rewrites them; only the tables' owner may run it (otherwise: a warning, README).
    func vacuum(_ db: PGConnection) throws(StoreError) {
        let owner = try db.value(
            "select pg_get_userbyid(relowner) = session_user from pg_class where oid = $1::regclass",
            [schema + ".records"])
        guard owner == "t" else {
            warnings.append(
                "erased: the old versions of the erased rows stay in the server's table files until the "
                    + "tables' owner runs VACUUM FULL \(schema).records, \(schema).snapshots (README \"Team store\")")
            return
        }
        try db.execute("vacuum full \(schema).records")
        try db.execute("vacuum full \(schema).snapshots")
    }
}
