import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The team store's cache on this machine (README "Team store"): `ROOT/STORE-ID/EPOCH/`, a file
/// store (0700, files 0600) that can always be rebuilt from the server: from its latest
/// snapshot, then the records after it. A forget moves the erasure epoch: every client then
/// builds the new epoch's cache and deletes the old one on its next contact.
/// `ROOT/addresses/KEY` remembers which store an address names, for reading offline.
extension TeamStore {
    static func cachePath(root: String, id: String, epoch: Int) -> String { "\(root)/\(id)/\(epoch)" }

    /// The cache of `epoch`, built from the server's latest snapshot when this machine has none;
    /// other epochs' caches are deleted.
    static func openCache(root: String, id: String, epoch: Int, db: PGConnection?, schema: String) throws(StoreError)
        -> FileStore
    {
        try StoreDirectory.makeDirectories(root + "/" + id)
        let path = cachePath(root: root, id: id, epoch: epoch)
        if access(path + "/CURRENT", F_OK) != 0, let db {
            try downloadSnapshot(into: path, db: db, schema: schema)
        }
        let store = try FileStore(path: path)
        store.syncsWrites = false
        // Other epochs' caches go (and their interrupted downloads); this epoch's downloads in
        // progress (another cande on this machine) stay.
        for name in directoryNames(root + "/" + id) where name != String(epoch) && !name.hasPrefix("\(epoch).part-") {
            removeTree(root + "/" + id + "/" + name)
        }
        return store
    }

    /// The server moved to another erasure epoch: the cache of that epoch replaces this one.
    func switchEpoch(to newEpoch: Int, db: PGConnection) throws(StoreError) {
        epoch = newEpoch
        cache = try Self.openCache(root: cacheRoot, id: storeID, epoch: newEpoch, db: db, schema: schema)
        Self.remember(root: cacheRoot, try TeamAddress(address), id: storeID, epoch: epoch, login: login)
        newsSeq = state.lastSeq
        token += 1
    }

    /// Throws this machine's cache away and builds it again from the server.
    func rebuildCache(db: PGConnection) throws(StoreError) {
        let path = cache.path
        Self.removeTree(path)
        cache = try Self.openCache(root: cacheRoot, id: storeID, epoch: epoch, db: db, schema: schema)
        newsSeq = state.lastSeq
        token += 1
    }

    /// Writes the server's latest snapshot (if any) as the files of a cache at `path`, all or
    /// nothing (a temporary directory renamed into place).
    static func downloadSnapshot(into path: String, db: PGConnection, schema: String) throws(StoreError) {
        try db.execute("begin transaction isolation level repeatable read read only")
        defer { _ = try? db.execute("commit") }
        let latest = try db.execute(
            "select seq::text, upload from \(schema).snapshots order by seq desc, upload limit 1")
        guard let row = latest.first, let seq = row[0], let made = row[1] else { return }
        let temporary = path + ".part-" + TeamStore.clientID()
        do throws(StoreError) {
            let directory = try StoreDirectory(path: temporary, create: true)
            let parts = try db.execute(
                "select name, count(*) from \(schema).snapshots where seq = $1 and upload = $2 group by name",
                [seq, made])
            for row in parts {
                guard let name = row[0], let count = row[1].flatMap({ Int($0) }), !name.contains("/"),
                    !name.hasPrefix(".")
                else { continue }
                // Part by part, so that a large snapshot is never whole in memory.
                let file = try directory.open(name, flags: O_WRONLY | O_CREAT | O_EXCL)
                for part in 0..<count {
                    let bytes = try db.executeBinary(
                        "select bytes from \(schema).snapshots where seq = $1 and upload = $2 and name = $3 and part = $4",
                        [.text(seq), .text(made), .text(name), .text(String(part))])
                    guard let chunk = bytes.first?.first ?? nil else {
                        throw StoreError.corrupt(
                            file: "the team store's snapshot \(seq)", line: part, byte: 0,
                            reason: "part \(part) of \(name) is missing")
                    }
                    try file.write(chunk)
                }
            }
        } catch {
            removeTree(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let code = errno
            removeTree(temporary)
            // Another cande on this machine built it first.
            guard code == EEXIST || code == ENOTEMPTY else {
                throw .io(path: path, operation: "rename", errno: code)
            }
        }
    }

    static func directoryNames(_ path: String) -> [String] {
        (try? StoreDirectory(path: path, create: false).names()) ?? []
    }

    /// Removes a cache directory (it holds files only).
    static func removeTree(_ path: String) {
        if let directory = try? StoreDirectory(path: path, create: false) {
            for name in (try? directory.names()) ?? [] { try? directory.remove(name) }
        }
        rmdir(path)
    }

    // MARK: - Which store an address names, for offline reading

    static func addressKey(_ address: TeamAddress) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (address.conninfo + "\u{0}" + address.schema).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func remember(root: String, _ address: TeamAddress, id: String, epoch: Int, login: String) {
        if let known = knownCache(root: root, address), known == (id, epoch, login) { return }
        // A cache that cannot say which store it is still works online: no error for this.
        try? StoreDirectory(path: root + "/addresses", create: true).replace(
            addressKey(address), with: Array("\(id) \(epoch) \(login)\n".utf8))
    }

    static func knownCache(root: String, _ address: TeamAddress) -> (id: String, epoch: Int, login: String)? {
        guard
            let bytes = try? StoreDirectory(path: root + "/addresses", create: false)
                .openIfExists(addressKey(address), flags: O_RDONLY)?.readAll()
        else { return nil }
        let words = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 3, let epoch = Int(words[1]), !words[0].contains("/") else { return nil }
        let id = String(words[0])
        guard access(cachePath(root: root, id: id, epoch: epoch) + "/CURRENT", F_OK) == 0 else { return nil }
        return (id, epoch, String(words[2]))
    }
}
