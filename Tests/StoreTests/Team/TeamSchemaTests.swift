import Foundation
import Store
import TestSupport
import Testing

/// The team store's server side (README "Team store") against a real PostgreSQL: the one that
/// `scripts/test` (and so `.ci/run`) starts, named by `CANDE_TEST_PG`. Each test works in a
/// schema of its own. Without a server these tests do not run; `scripts/test` sets
/// `CANDE_REQUIRE_PG=1`, under which a missing server is a failure, not a skip.
@Suite("Team store schema", .enabled(if: TeamServer.conninfo != nil || TeamServer.required))
struct TeamSchemaTests {
    let conninfo: String
    let schema = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)

    init() throws {
        conninfo = try #require(TeamServer.conninfo, "CANDE_REQUIRE_PG is set but CANDE_TEST_PG names no server")
    }

    func connect() throws -> PGConnection { try PGConnection(conninfo) }

    /// A record line as far as the server reads it: the next seq, the author's login, a text.
    static func line(_ seq: Int64, by login: String, _ text: String) -> String {
        #"{"seq":\#(seq),"by":"\#(login)","text":"\#(text)"}"#
    }

    /// Appends one record on top of `expected`, by the connection's login.
    @discardableResult
    func append(_ db: PGConnection, expected: Int64, _ text: String, client: String = UUID().uuidString) throws
        -> Int64
    {
        let login = try #require(try db.value("select session_user::text"))
        let seq = try db.value(
            "select \(schema).append($1, $2, $3)", [String(expected), Self.line(expected + 1, by: login, text), client])
        return try #require(seq.flatMap { Int64($0) })
    }

    @Test("append refuses a line that does not carry the next seq and its author's login (22023), adding nothing")
    func appendChecksTheLine() throws {
        let db = try connect()
        try TeamSchema.install(on: db, schema: schema)
        let login = try #require(try db.value("select session_user::text"))
        for wrong in [Self.line(2, by: login, "skips one"), Self.line(1, by: "someone_else", "posing")] {
            do {
                _ = try db.value("select \(schema).append(0, $1, $2)", [wrong, UUID().uuidString])
                Issue.record("accepted \(wrong)")
            } catch let StoreError.server(sqlstate, _) {
                #expect(sqlstate == "22023", "\(wrong)")
            }
        }
        #expect(try db.value("select count(*) from \(schema).records") == "0")
        #expect(try db.value("select seq from \(schema).head") == "0")
    }

    @Test("install creates the schema once; a second install is a no-op; a newer one is refused")
    func installOnce() throws {
        let db = try connect()
        #expect(try TeamSchema.install(on: db, schema: schema))
        #expect(try TeamSchema.installedVersion(on: db, schema: schema) == TeamSchema.version)
        try append(db, expected: 0, "kept")
        #expect(try TeamSchema.install(on: db, schema: schema) == false)
        #expect(try db.value("select count(*) from \(schema).records") == "1", "a second install kept the records")
        try db.execute("update \(schema).meta set value = '999' where key = 'schema'")
        #expect(throws: StoreError.newerSchema(found: 999, supported: TeamSchema.version)) {
            try TeamSchema.install(on: db, schema: schema)
        }
        #expect(throws: StoreError.self) { try TeamSchema.install(on: db, schema: "Robert'); drop table x; --") }
    }

    @Test("append numbers records 1, 2, 3… and refuses a stale head with SQLSTATE 40001, adding nothing")
    func appendRefusesAStaleHead() throws {
        let db = try connect()
        try TeamSchema.install(on: db, schema: schema)
        for k in 0..<5 { #expect(try append(db, expected: Int64(k), "r\(k)") == Int64(k + 1)) }
        #expect(
            throws: StoreError.server(
                sqlstate: "40001", message: "the store moved on: head is 5, the change was built on 3")
        ) {
            try append(db, expected: 3, "built on an old state")
        }
        let seqs = try db.execute("select seq from \(schema).records order by seq").map { $0[0] ?? "" }
        #expect(seqs == ["1", "2", "3", "4", "5"])
        #expect(try db.value("select seq from \(schema).head") == "5")
    }

    @Test("a lost reply is settled by the client's id: the same id cannot land twice")
    func clientIdSettles() throws {
        let db = try connect()
        try TeamSchema.install(on: db, schema: schema)
        try append(db, expected: 0, "once", client: "client-a-1")
        #expect(try db.value("select \(schema).settle('client-a-1')") == "1")
        #expect(try db.value("select \(schema).settle('never-sent')") == nil)
        do {
            try append(db, expected: 1, "once again", client: "client-a-1")
            Issue.record("the same client id landed twice")
        } catch let StoreError.server(sqlstate, _) {
            #expect(sqlstate == "23505")
        }
        #expect(try db.value("select count(*) from \(schema).records") == "1")
    }

    @Test("8 connections × 50 appends, retrying on 40001: 400 records, gapless, each one's order kept")
    func concurrentAppends() throws {
        try TeamSchema.install(on: connect(), schema: schema)
        let failures = Failures()
        let threads = (0..<8).map { n in
            Thread.detached { [conninfo, schema, failures] in
                do {
                    let db = try PGConnection(conninfo)
                    let login = try db.value("select session_user::text") ?? ""
                    for i in 0..<50 {
                        var tries = 0
                        while true {
                            let head = Int64(try db.value("select seq from \(schema).head") ?? "") ?? -1
                            let line = TeamSchemaTests.line(head + 1, by: login, "w\(n)-\(i)")
                            do {
                                _ = try db.value(
                                    "select \(schema).append($1, $2, $3)", [String(head), line, "w\(n)-\(i)"])
                                break
                            } catch StoreError.server(let sqlstate, _) where sqlstate == "40001" {
                                tries += 1
                                if tries > 1_000 { throw StoreError.readOnly("no progress") }
                            }
                        }
                    }
                } catch {
                    failures.add("writer \(n): \(error)")
                }
            }
        }
        for thread in threads { thread.join() }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let rows = try connect().execute("select seq, line from \(schema).records order by seq")
        #expect(rows.map { Int($0[0] ?? "") } == Array(1...400).map { Optional($0) })
        for n in 0..<8 {
            let mine = rows.compactMap { $0[1]?.split(separator: "\"").dropLast().last.map(String.init) }
                .filter { $0.hasPrefix("w\(n)-") }
            #expect(mine == (0..<50).map { "w\(n)-\($0)" }, "writer \(n)")
        }
    }

    @Test("the team role reads and appends, never updates or deletes records; by is the login")
    func writesOnlyThroughFunctions() throws {
        let admin = try connect()
        try TeamSchema.install(on: admin, schema: schema)
        let login = schema + "_maria"
        try admin.execute("create role \(login) login in role \(TeamSchema.teamRole)")
        defer { _ = try? admin.execute("drop owned by \(login); drop role \(login)") }
        let maria = try PGConnection(conninfo + " user=\(login)")
        try append(maria, expected: 0, "maria's note")
        #expect(try admin.value("select by from \(schema).records where seq = 1") == login)
        for statement in [
            "update \(schema).records set line = 'rewritten'", "delete from \(schema).records",
            "update \(schema).head set seq = 0", "insert into \(schema).records values (9, 'x', 'c', 'rita')",
        ] {
            do {
                try maria.execute(statement)
                Issue.record("allowed: \(statement)")
            } catch let StoreError.server(sqlstate, _) {
                #expect(sqlstate == "42501", "\(statement)")
            }
        }
        #expect(
            try admin.value("select line from \(schema).records where seq = 1")
                == Self.line(1, by: login, "maria's note"))
    }

    @Test("an unreachable server and a bad login are clear errors")
    func connectionErrors() {
        #expect {
            try PGConnection("host=/nonexistent/cande-socket-dir dbname=x connect_timeout=2")
        } throws: { error in
            guard case StoreError.serverUnavailable(let why) = error else { return false }
            return why.contains("/nonexistent/cande-socket-dir")
        }
        #expect {
            try PGConnection(conninfo + " user=no_such_login_cande")
        } throws: { error in
            guard case StoreError.serverUnavailable(let why) = error else { return false }
            return why.contains("no_such_login_cande")
        }
    }
}
