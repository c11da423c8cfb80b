/// The team store's tables and functions on the server (README "Team store"), installed by
/// `cande init postgres://…` in one transaction, versioned in `meta`; a second install is a
/// no-op and a newer schema is refused. The server holds the one ordered journal:
/// - `records`: `seq` gapless and equal to commit order, handed out under the row lock of the
///   one `head` row (not a sequence: sequences hand out numbers in one order and commit in
///   another); the record line as the file store frames it (empty once a forget's snapshot
///   covers it); the client-made id that settles a lost reply; `by`, the database login
///   (`session_user`); `snapshots`, the compacted caches new machines start from.
/// - `append_many(expected, lines, client_ids)` (and `append`, a batch of one): refuses with
///   SQLSTATE 40001 when `expected` is not the head, so a change is only committed on the state
///   it was built from, and with 22023 a line that does not carry the next seq and the login.
/// - writes only through the functions: the team role may read the tables and call them, not
///   UPDATE or DELETE records.
public enum TeamSchema {
    /// The version this cande installs and reads.
    public static let version = 1
    /// The role recruiters' logins are members of.
    public static let teamRole = "cande_team"

    /// Installs the schema named `schema` (the store's namespace on the server; tests use one
    /// each) unless it is there; refuses one a newer cande installed. Returns true when it
    /// installed it now.
    @discardableResult
    public static func install(on db: PGConnection, schema: String = "cande") throws(StoreError) -> Bool {
        let s = try identifier(schema)
        try db.execute("begin")
        do throws(StoreError) {
            // Two installs at once: the second waits, then finds the first's work (one lock for
            // all schemas: they share the team role).
            try db.execute("select pg_advisory_xact_lock(hashtext('cande-install'))")
            if let found = try installedVersion(on: db, schema: schema) {
                guard found <= version else { throw StoreError.newerSchema(found: found, supported: version) }
                try db.execute("commit")
                return false
            }
            for statement in statements(s) { try db.execute(statement) }
            try db.execute("commit")
            return true
        } catch {
            _ = try? db.execute("rollback")
            throw error
        }
    }

    /// The version installed in `schema`, nil when none is.
    public static func installedVersion(on db: PGConnection, schema: String) throws(StoreError) -> Int? {
        let s = try identifier(schema)
        guard try db.value("select to_regclass($1)::text", [s + ".meta"]) != nil else { return nil }
        return try db.value("select value from \(s).meta where key = 'schema'").flatMap { Int($0) }
    }

    /// `schema` as an SQL identifier: lower-case letters, digits and `_` only, so it needs no
    /// quoting anywhere.
    static func identifier(_ schema: String) throws(StoreError) -> String {
        let ok =
            !schema.isEmpty && schema.utf8.count <= 63 && schema.utf8.first.map { !($0 >= 0x30 && $0 <= 0x39) } == true
            && schema.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        guard ok else { throw .notAStore(path: schema, reason: "a team store's schema name is a-z, 0-9 and _") }
        return schema
    }

    static func statements(_ s: String) -> [String] {
        [
            """
            do $$ begin
              if not exists (select 1 from pg_roles where rolname = '\(teamRole)') then
                create role \(teamRole) nologin;
              end if;
            exception when duplicate_object or unique_violation then
              null;  -- another database of the cluster made it at the same moment
            end $$
            """,
            "create schema \(s)",
            "create table \(s).meta (key text primary key, value text not null)",
            """
            insert into \(s).meta values ('schema', '\(version)'), ('created', now()::text),
              ('id', md5(random()::text || clock_timestamp()::text)), ('epoch', '0')
            """,
            "create table \(s).head (one boolean primary key default true check (one), seq bigint not null)",
            "insert into \(s).head values (true, 0)",
            """
            create table \(s).records (
              seq bigint primary key check (seq > 0),
              line text,
              client_id text not null unique,
              by text not null,
              committed timestamptz not null default now())
            """,
            // Client-made snapshots (the cache's compacted files, in parts) for cold starts.
            """
            create table \(s).snapshots (
              seq bigint not null, upload text not null, name text not null, part integer not null,
              bytes bytea not null, primary key (seq, upload, name, part))
            """,
            // A batch's records in one call, under the head lock its transaction holds.
            """
            create function \(s).append_many(expected bigint, lines text[], clients text[]) returns bigint
            language plpgsql security definer set search_path = \(s), pg_temp as $$
            declare current bigint; fields jsonb; i integer;
            begin
              select seq into current from head for update;
              if current <> expected then
                raise exception 'the store moved on: head is %, the change was built on %', current, expected
                  using errcode = '40001';
              end if;
              for i in 1 .. coalesce(array_length(lines, 1), 0) loop
                fields := lines[i]::jsonb;
                if (fields->>'seq')::bigint is distinct from current + 1 or fields->>'by' is distinct from session_user::text then
                  raise exception 'a record must carry the next sequence number (%) and its author''s login (%)',
                    current + 1, session_user using errcode = '22023';
                end if;
                insert into records (seq, line, client_id, by)
                  values (current + 1, lines[i], clients[i], session_user);
                current := current + 1;
              end loop;
              update head set seq = current;
              perform pg_notify('cande_\(s)', current::text);
              return current;
            end $$
            """,
            // One record: a batch of one.
            """
            create function \(s).append(expected bigint, record text, client text) returns bigint
            language sql security definer set search_path = \(s), pg_temp as $$
              select \(s).append_many(expected, array[record], array[client])
            $$
            """,
            """
            create function \(s).settle(client text) returns bigint
            language sql stable security definer set search_path = \(s), pg_temp as $$
              select seq from records where client_id = client
            $$
            """,
            // The head's row lock for the rest of the caller's transaction (a batch, a forget).
            """
            create function \(s).lock_head() returns bigint
            language sql security definer set search_path = \(s), pg_temp as $$
              select seq from head for update
            $$
            """,
            """
            create function \(s).add_snapshot(at bigint, made text, file text, n integer, content bytea) returns void
            language plpgsql security definer set search_path = \(s), pg_temp as $$
            begin
              if at > (select seq from head) then
                raise exception 'a snapshot past the head' using errcode = '22023';
              end if;
              insert into snapshots values (at, made, file, n, content);
            end $$
            """,
            // Keeps only the snapshot at `at` (a newer one is complete).
            """
            create function \(s).drop_snapshots_before(at bigint) returns void
            language sql security definer set search_path = \(s), pg_temp as $$
              delete from snapshots where seq < at
            $$
            """,
            // A forget (README "Team store"): the snapshot at `at` (already added in this
            // transaction, which holds the head lock) is the store from now on; every record up
            // to it keeps its seq, author and time but loses its line; clients rebuild their
            // caches from the snapshot on their next contact (the epoch moved).
            """
            create function \(s).erase_through(at bigint, made text) returns void
            language plpgsql security definer set search_path = \(s), pg_temp as $$
            begin
              if at <> (select seq from head) or not exists (select 1 from snapshots where seq = at and upload = made)
              then
                raise exception 'an erasure needs the head locked and its snapshot' using errcode = '22023';
              end if;
              update records set line = null where seq <= at and line is not null;
              delete from snapshots where seq < at or (seq = at and upload <> made);
              update meta set value = (value::bigint + 1)::text where key = 'epoch';
            end $$
            """,
            "revoke all on schema \(s) from public",
            "revoke all on all tables in schema \(s) from public",
            "revoke all on all functions in schema \(s) from public",
            "grant usage on schema \(s) to \(teamRole)",
            "grant select on \(s).meta, \(s).head, \(s).records, \(s).snapshots to \(teamRole)",
            """
            grant execute on function \(s).append(bigint, text, text), \(s).append_many(bigint, text[], text[]),
              \(s).settle(text), \(s).lock_head(),
              \(s).add_snapshot(bigint, text, text, integer, bytea), \(s).drop_snapshots_before(bigint),
              \(s).erase_through(bigint, text) to \(teamRole)
            """,
        ]
    }
}
