import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// The team store (README "Team store"): PostgreSQL holds the one ordered journal
/// (`TeamSchema`); this client keeps a cache of it in the file-store format
/// (`$XDG_CACHE_HOME/cande/STORE-ID/EPOCH/`, 0700) and runs the same domain code on it, so the
/// two backends cannot drift apart.
/// - `refresh` takes in every record committed after the cache's last one, in one statement
///   that also reads the erasure epoch and the head (a forget, or a server restored from a
///   backup, rebuilds the cache from the server);
/// - `commit` builds the change on the caught-up cache, has the server append it on top of the
///   head it was built on (SQLSTATE 40001 when someone else was first: catch up, build again,
///   bounded), and only then takes it into the cache; a lost reply is settled by the change's
///   client-made id, never guessed;
/// - a group (batch input) holds the head's row lock in one transaction until `flush`;
/// - the author of every change is the database login.
public final class TeamStore: CompactingStore, LiveStore, PhaseReporting {
    public let address: String
    let conninfo: String
    let schema: String
    let cacheRoot: String
    var db: PGConnection?
    var cache: FileStore
    /// The database login: the author of every change made here.
    public private(set) var login: String
    let storeID: String
    var epoch: Int
    var token = 0
    var warnings: [String] = []
    /// Set when the server wrote a newer schema (nothing is read from it or written to it).
    var newer: StoreError?
    /// Damage in what the server sent: every read and write fails with it.
    var damage: StoreError?
    /// Why the server cannot be reached now (reads come from the cache).
    var offline: StoreError?
    var offlineReported = false
    /// The client id of a change whose reply was lost and could not be settled yet.
    var unsettled: String?
    var inGroup = false
    /// The group's open transaction holds the head lock (`lock_head`).
    var groupOpen = false
    var groupFailure: StoreError?
    /// Seqs this client committed (not news to its own shell).
    var mine: Set<Int64> = []
    var newsSeq: Int64 = 0
    var newsLines: [(seq: Int64, line: [UInt8])] = []
    var listening = false
    /// The seq of the server's latest snapshot, as the last catch-up saw it.
    var latestSnapshot: Int64 = 0
    /// A group's changes, appended at `flush` in one statement.
    var groupLines: [(seq: Int64, line: String, client: String)] = []
    /// How many times a commit is built again when others were first.
    public var maxAttempts = 200

    public var state: State { cache.state }
    public var texts: TextSource { cache.texts }
    public var stateToken: Int { token << 32 | cache.stateToken }
    public var created: Bool { false }
    public var author: String? { login }
    /// The `id` row of `meta`, made by `cande init`: a dump restored elsewhere keeps it.
    public func identity() throws(StoreError) -> String {
        guard StoreIdentity.isValid(storeID) else {
            throw .corrupt(file: "\(schema).meta", line: 0, byte: 0, reason: "its id row is not 16 to 64 hex digits")
        }
        return storeID
    }

    /// Opens the team store at `address`; `cacheRoot` is where the caches live
    /// (`$XDG_CACHE_HOME/cande` unless given). Without the server, a cache this machine holds is
    /// opened for reading, with a warning.
    public init(address: String, cacheRoot: String? = nil) throws(StoreError) {
        self.address = address
        let parsed = try TeamAddress(address)
        conninfo = parsed.conninfo
        schema = parsed.schema
        let root = cacheRoot ?? Self.defaultCacheRoot()
        self.cacheRoot = root
        let db: PGConnection
        do {
            db = try PGConnection(conninfo)
        } catch {
            guard case .serverUnavailable = error, let known = Self.knownCache(root: root, parsed) else { throw error }
            storeID = known.id
            epoch = known.epoch
            login = known.login
            cache = try Self.openCache(root: root, id: known.id, epoch: known.epoch, db: nil, schema: schema)
            offline = error
            offlineReported = true
            warnings.append(Self.offlineWarning(error, record: cache.state.lastSeq))
            newsSeq = cache.state.lastSeq
            return
        }
        self.db = db
        let s = schema
        // One round trip: the store's meta rows, the login, the server's fsync.
        var meta: [String: String] = [:]
        do {
            for row in try db.simple(
                Self.preparing(s) + """
                    select key, value from \(s).meta union all select '.login', session_user::text
                    union all select '.fsync', current_setting('fsync')
                    """)
            {
                if let key = row[0], let value = row[1] { meta[key] = value }
            }
        } catch {
            if case .server(let sqlstate, _) = error, sqlstate == "42P01" || sqlstate == "3F000" {
                throw .notAStore(
                    path: address,
                    reason: "the database has no cande team store (schema \(s)); create it with `cande init`")
            }
            throw Self.openingError(error, address: address)
        }
        login = meta[".login"] ?? "unknown"
        if meta[".fsync"] == "off" {
            warnings.append(
                "the team store's server runs with fsync off: a crash of its machine can lose acknowledged changes")
        }
        let version = Int(meta["schema"] ?? "") ?? 0
        storeID = meta["id"] ?? "unknown"
        epoch = Int(meta["epoch"] ?? "0") ?? 0
        if version > TeamSchema.version { newer = .newerSchema(found: version, supported: TeamSchema.version) }
        cache = try Self.openCache(root: root, id: storeID, epoch: epoch, db: newer == nil ? db : nil, schema: s)
        Self.remember(root: root, parsed, id: storeID, epoch: epoch, login: login)
        // Not caught up here: every command catches up first (`refresh`); news start from here.
        newsSeq = state.lastSeq
    }

    static func offlineWarning(_ error: StoreError, record: Int64) -> String {
        "\(error); reading this machine's cache (as of record \(record)); changes are refused until the server is back"
    }

    static func defaultCacheRoot() -> String {
        if let xdg = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") { return xdg + "/cande" }
        let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
        return home + "/.cache/cande"
    }

    /// Errors while opening, in the words a user needs.
    static func openingError(_ error: StoreError, address: String) -> StoreError {
        if case .server(let sqlstate, let message) = error, sqlstate == "42501" {
            return .notAStore(
                path: address,
                reason: "this login may not use it (\(message)); the team's admin grants it \(TeamSchema.teamRole)")
        }
        return error
    }

    public var readOnlyReason: String? {
        if let newer { return newer.description }
        if let damage { return damage.description }
        if let offline { return "\(offline); reading this machine's cache" }
        return cache.readOnlyReason
    }

    public func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings + cache.takeWarnings()
    }

    // MARK: - Reading

    /// The connection, opened again if it was lost (and a change whose reply was lost settled).
    func connection() throws(StoreError) -> PGConnection {
        if let db { return db }
        let db = try PGConnection(conninfo)
        try db.simple(Self.preparing(schema))
        self.db = db
        listening = false
        if let client = unsettled {
            unsettled = nil
            if let seq = try db.value("select \(schema).settle($1)", [client]).flatMap({ Int64($0) }) {
                mine.insert(seq)
                warnings.append("the change whose reply was lost was saved (record \(seq))")
            } else {
                warnings.append("the change whose reply was lost was not saved")
            }
        }
        return db
    }

    public func refresh() throws(StoreError) {
        if let damage { throw damage }
        guard newer == nil, !groupOpen else { return }
        // In a batch, before a command that may write: the head's lock and the catch-up together.
        if inGroup, offline == nil, db != nil {
            do {
                try openGroup()
                try cache.refresh()
                return
            } catch {
                guard case .serverUnavailable = error else { throw error }
                groupFailure = nil  // a lost connection: the ordinary catch-up below says so
            }
        }
        if let error = catchUpReconnecting() {
            guard case .serverUnavailable = error else {
                if case .corrupt = error { damage = error }
                throw error
            }
            db = nil
            offline = error
            if !offlineReported {
                offlineReported = true
                warnings.append(Self.offlineWarning(error, record: state.lastSeq))
            }
        } else if offline != nil {
            offline = nil
            offlineReported = false
            warnings.append("the team store is reachable again")
        }
        try cache.refresh()
    }

    /// Catches up; a connection lost since the last command gets one new try. The error, if any.
    private func catchUpReconnecting() -> StoreError? {
        let hadConnection = db != nil
        do {
            try catchUp(try connection())
            return nil
        } catch {
            guard case .serverUnavailable = error, hadConnection else { return error }
        }
        db = nil
        listening = false
        do {
            try catchUp(try connection())
            return nil
        } catch {
            return error
        }
    }

    /// Takes in what the server committed after the cache's last record, in batches; a new
    /// erasure epoch, or a head behind the cache, rebuilds the cache from the server first.
    func catchUp(_ db: PGConnection, prefetched: [[String?]]? = nil) throws(StoreError) {
        var rebuilds = 0
        var prefetched = prefetched
        while true {
            let rows: [[String?]]
            if let first = prefetched {
                rows = first
                prefetched = nil
            } else {
                rows = try db.simple(catchUpSQL(after: state.lastSeq))
            }
            var head: Int64 = 0
            var serverEpoch = epoch
            var lines: [(seq: Int64, line: [UInt8])] = []
            var erased = false
            for row in rows {
                guard let key = row[0].flatMap({ Int64($0) }) else { continue }
                switch key {
                case -3:
                    if let found = row[1].flatMap({ Int($0) }), found > TeamSchema.version {
                        newer = .newerSchema(found: found, supported: TeamSchema.version)
                        return
                    }
                case -4: latestSnapshot = row[1].flatMap { Int64($0) } ?? 0
                case -2: head = row[1].flatMap { Int64($0) } ?? 0
                case -1: serverEpoch = row[1].flatMap { Int($0) } ?? epoch
                default:
                    guard let line = row[1] else {
                        erased = true
                        continue
                    }
                    lines.append((key, Array(line.utf8)))
                }
            }
            if serverEpoch != epoch || erased {
                rebuilds += 1
                guard rebuilds <= 2 else {
                    throw .corrupt(
                        file: "the team store's records", line: Int(state.lastSeq + 1), byte: 0,
                        reason: "records without their lines that no snapshot covers")
                }
                if serverEpoch == epoch { try rebuildCache(db: db) } else { try switchEpoch(to: serverEpoch, db: db) }
                continue
            }
            if head < state.lastSeq {
                warnings.append(
                    "the team store holds fewer records (\(head)) than this machine's cache (\(state.lastSeq)): "
                        + "was the server restored from a backup? the cache was rebuilt from the server")
                try rebuildCache(db: db)
                continue
            }
            guard !lines.isEmpty else { return }
            try cache.appendCommitted(lines)
            if listening { newsLines += lines.filter { !mine.contains($0.seq) } }
            if lines.count < Self.batch { return }
        }
    }

    /// Records are taken in this many at a time.
    static let batch = 20_000

    /// One statement that says what `catchUp` needs: the schema version (-3), the head (-2), the
    /// erasure epoch (-1), the latest snapshot's seq (-4), and the next records after `seq`.
    func catchUpSQL(after seq: Int64) -> String { "execute cande_catch_up(\(seq))" }

    /// Prepared once per connection (parsed and planned once, not at every command).
    static func preparing(_ schema: String) -> String {
        """
        prepare cande_catch_up(bigint) as
        select -4, coalesce(max(seq), 0)::text from \(schema).snapshots
        union all select -3, value from \(schema).meta where key = 'schema'
        union all select -2, seq::text from \(schema).head
        union all select -1, value from \(schema).meta where key = 'epoch'
        union all (select seq, line from \(schema).records where seq > $1 order by seq limit \(batch))
        order by 1;
        """
    }

    public func checkReads() throws(StoreError) {
        if let damage { throw damage }
        try cache.checkReads()
    }

    public func load(_ scope: TimelineScope) throws(StoreError) { try cache.load(scope) }

    public func entries(atPlaces places: [Int64]) throws(StoreError) -> [Entry] {
        try cache.entries(atPlaces: places)
    }

    public func search(_ folded: [UInt8]) throws(StoreError) -> [Entry]? { try cache.search(folded) }

    // MARK: - Writing

    func refuseIfReadOnly() throws(StoreError) {
        if let newer { throw newer }
        if let damage { throw StoreError.readOnly(damage.description) }
        if case .serverUnavailable(let why)? = offline {
            throw StoreError.serverUnavailable(why + "; changes are refused until it is back")
        }
    }

    /// A client-made id for one change, to settle a lost reply.
    static func clientID() -> String {
        var g = SystemRandomNumberGenerator()
        return String(g.next(), radix: 36) + "-" + String(g.next(), radix: 36)
    }

    public func commit(by _: String, at now: Instant, _ build: (State) throws -> Change) throws -> Record {
        if inGroup { return try commitInGroup(at: now, build) }
        // One id for the change, whatever the attempts: at most one of them can land.
        let client = Self.clientID()
        var reconnects = 0
        for attempt in 0..<maxAttempts {
            // Built on the latest state (ConversationStore's contract); if others come first
            // between the catch-up and the append, the server refuses (40001): built again.
            try refresh()
            try refuseIfReadOnly()
            let (record, line) = try cache.prepare(by: login, at: now, build)
            let text = String(decoding: line.last == 0x0A ? line.dropLast() : line[...], as: UTF8.self)
            do {
                _ = try connection().value(
                    "select \(schema).append($1, $2, $3)", [String(record.seq - 1), text, client])
            } catch {
                switch error {
                case .server(let sqlstate, _) where sqlstate == "40001":
                    usleep(UInt32.random(in: 0...UInt32(min(20_000, 200 * (attempt + 1)))))
                    continue
                case .server(let sqlstate, _) where sqlstate == "23505":
                    // This change's id is there already: an earlier attempt landed after all.
                    return try landedEarlier(client)
                case .serverUnavailable(let why):
                    if let landed = try settled(client, why: why) {
                        return landed == record.seq ? try taken(record, line) : try landedEarlier(client)
                    }
                    // Not there: the change was never committed; once more on a new connection.
                    reconnects += 1
                    guard reconnects <= 2 else {
                        throw StoreError.serverUnavailable(
                            "the connection keeps failing (\(why)); the change was not saved")
                    }
                    continue
                default:
                    throw error
                }
            }
            return try taken(record, line)
        }
        throw StoreError.server(
            sqlstate: "40001", message: "others kept committing first: gave up after \(maxAttempts) attempts")
    }

    /// A change the server committed at `record.seq`, taken into the cache.
    private func taken(_ record: Record, _ line: [UInt8]) throws(StoreError) -> Record {
        mine.insert(record.seq)
        try cache.appendCommitted([(record.seq, line)])
        return record
    }

    /// The change with this id was committed by an earlier attempt: caught up, it is returned as
    /// the server holds it.
    private func landedEarlier(_ client: String) throws(StoreError) -> Record {
        let row = try connection().execute(
            "select seq, line from \(schema).records where client_id = $1", [client]
        ).first
        guard let seq = row?[0].flatMap({ Int64($0) }), let line = row?[1],
            let record = Self.decodedWithTexts(Array(line.utf8))
        else { throw StoreError.outcomeUnknown("the change's record cannot be read back") }
        mine.insert(seq)
        try refresh()
        return record
    }

    /// After a lost connection: the seq the change with this id landed at, nil if it did not.
    /// Throws when the server cannot be asked (then the next contact settles it).
    private func settled(_ client: String, why: String) throws(StoreError) -> Int64? {
        db = nil
        listening = false
        do {
            return try connection().value("select \(schema).settle($1)", [client]).flatMap { Int64($0) }
        } catch {
            unsettled = client
            throw .outcomeUnknown(
                "the connection to the team store was lost before its reply (\(why)), and it cannot be asked "
                    + "again now; the next command that reaches it says whether the change was saved")
        }
    }

    public func beginGroup() { inGroup = true }

    /// A change in a group: the group's transaction holds the head lock (taken with the
    /// catch-up in one round trip at its first change), so nobody else appends until `flush`;
    /// the cache applies the change now, and `flush` appends them all and commits in one more.
    func commitInGroup(at now: Instant, _ build: (State) throws -> Change) throws -> Record {
        if let groupFailure { throw groupFailure }
        if !groupOpen {
            if offline != nil || db == nil { try refresh() }
            try refuseIfReadOnly()
            if !groupOpen { try openGroup() }
        }
        let record = try cache.commit(by: login, at: now, build)
        var line = cache.lastGroupLine
        if line.last == 0x0A { line.removeLast() }
        groupLines.append((record.seq, String(decoding: line, as: UTF8.self), Self.clientID()))
        mine.insert(record.seq)
        return record
    }

    /// The group's transaction: the head's lock and the catch-up under it, in one round trip.
    func openGroup() throws(StoreError) {
        let db = try connection()
        do {
            let rows = try db.simple("begin; select \(schema).lock_head(); " + catchUpSQL(after: state.lastSeq))
            try catchUp(db, prefetched: rows)
        } catch {
            abortGroup(error)
            throw error
        }
        groupOpen = true
        cache.keepsLastLine = true
        cache.beginGroup()
    }

    /// Ends the group's transaction without committing; the cache forgets the group's changes.
    func abortGroup(_ error: StoreError) {
        _ = try? db?.execute("rollback")
        if case .serverUnavailable = error { db = nil }
        groupFailure = .serverUnavailable("the batch's changes were not saved: \(error)")
        groupOpen = false
        groupLines = []
        reopenCache()
    }

    public func flush() throws(StoreError) {
        defer {
            inGroup = false
            groupFailure = nil
            groupLines = []
        }
        if let groupFailure { throw groupFailure }
        guard groupOpen else { return }
        groupOpen = false
        let lines = groupLines
        do {
            if let first = lines.first {
                let records = lines.map { PGConnection.literal($0.line) }.joined(separator: ",")
                let clients = lines.map { PGConnection.literal($0.client) }.joined(separator: ",")
                try connection().simple(
                    "select \(schema).append_many(\(first.seq - 1), array[\(records)]::text[], array[\(clients)]::text[]); "
                        + "commit")
            } else {
                try connection().execute("commit")
            }
        } catch {
            _ = try? db?.execute("rollback")
            reopenCache()
            if case .serverUnavailable(let why) = error, let last = lines.last {
                guard try settled(last.client, why: why) != nil else {
                    throw StoreError.serverUnavailable("the connection was lost (\(why)); the batch was not saved")
                }
                try refresh()
                return
            }
            throw error
        }
        do {
            try cache.flush()
        } catch {
            reopenCache()  // the server has them: the next refresh takes them in
        }
    }

    /// The cache as it is on disk (what a failed group applied in memory is dropped).
    func reopenCache() {
        cache.keepsLastLine = false
        cache.discardGroup()
        if let fresh = try? FileStore(path: cache.path) {
            fresh.syncsWrites = false
            cache = fresh
            token += 1
        }
    }

    // MARK: - Live

    public var wakeDescriptor: Int32? {
        guard let db, newer == nil else { return nil }
        if !listening {
            guard (try? db.execute("listen cande_\(schema)")) != nil else { return nil }
            listening = true
            newsSeq = state.lastSeq
        }
        return db.socket
    }

    public func news() throws(StoreError) -> [Record] {
        if let db {
            do {
                _ = try db.takeNotifications()
            } catch {
                self.db = nil
                listening = false
                throw error
            }
        }
        try refresh()
        defer { newsLines = [] }
        return newsLines.compactMap { seq, line in
            guard seq > newsSeq else { return nil }
            newsSeq = seq
            return Self.decodedWithTexts(line)
        }
    }

    /// A record line decoded with its text in it (not a place in a file).
    static func decodedWithTexts(_ line: [UInt8]) -> Record? {
        var body = line
        if body.last == 0x0A { body.removeLast() }
        return body.withUnsafeBytes { raw -> Record? in
            guard var record = try? RecordDecoder.decode(raw, source: TextRef.arenaSource, lineOffset: 0) else {
                return nil
            }
            if case .ref(let ref)? = record.change.text, ref.hasText {
                let start = Int(ref.start)
                let end = min(body.count, start + Int(ref.length))
                let bytes = start <= end ? Array(body[start..<end]) : []
                let text = ref.escaped ? JSONEscaping.unescape(bytes[...]) : bytes
                record.change = record.change.withText(.string(String(decoding: text, as: UTF8.self)))
            }
            return record
        }
    }
}
