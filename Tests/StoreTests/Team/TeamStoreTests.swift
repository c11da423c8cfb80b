import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// What only a team store has (README "Team store"), against the real server `scripts/test`
/// starts: cold starts from a server snapshot, forget reaching other machines' caches, the cache
/// read offline, lost connections, batches that hold the head, logins without the role.
@Suite("Team store", .enabled(if: TeamServer.conninfo != nil || TeamServer.required))
struct TeamStoreTests {
    let team: PostgresContractStore
    let start = Instant(seconds: 1_764_579_600)

    init() throws { team = try PostgresContractStore() }

    /// A client of the test's store on a machine of its own (a cache root of its own).
    func machine(_ user: String, cache: String) throws -> TeamStore {
        _ = try team.client(as: user)  // makes the login
        return try TeamStore(address: address(user), cacheRoot: team.caches.file(cache))
    }

    func address(_ user: String) -> String { team.conninfo + " user=\(user) schema=\(team.schema)" }

    func note(_ store: TeamStore, _ handle: String, _ text: String, at minute: Int = 1) throws {
        let at = start.adding(seconds: Int64(60 * minute))
        try store.commit(by: "ignored", at: at) {
            .entry(EntryDraft(handle: handle, id: $0.nextID, at: at, kind: .note, text: .string(text)))
        }
    }

    func notes(_ store: TeamStore) throws -> [String] {
        try store.refresh()
        try store.load(.everyone)
        let state = store.state
        return state.entries.filter { !$0.removed && $0.kind == .note }.map { state.text($0.text, from: store.texts) }
    }

    /// An admin connection whose open transaction holds the head's row lock (appends wait).
    func holdingTheHead() throws -> PGConnection {
        let blocker = try PGConnection(team.conninfo)
        try blocker.execute("begin")
        try blocker.execute("select seq from \(team.schema).head for update")
        return blocker
    }

    func addAda(_ store: TeamStore) throws {
        try store.commit(by: "ignored", at: start) { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
    }

    @Test("a new machine starts from the server's snapshot, then takes the records after it")
    func coldStartFromSnapshot() throws {
        let rita = try machine("rita", cache: "a")
        try addAda(rita)
        for i in 0..<30 { try note(rita, "ada", "before \(i)") }
        try rita.compact()
        for i in 0..<5 { try note(rita, "ada", "after \(i)") }
        let snapshotSeq = try #require(try team.admin.value("select max(seq) from \(team.schema).snapshots"))
        #expect(snapshotSeq == "31")
        // The records the snapshot covers are not needed: without their lines, it still works.
        try team.admin.execute("update \(team.schema).records set line = null where seq <= 31")
        let laptop = try machine("maria", cache: "b")
        let got = try notes(laptop)
        #expect(got == (0..<30).map { "before \($0)" } + (0..<5).map { "after \($0)" })
        #expect(laptop.state.lastSeq == 36)
        #expect(laptop.author == "maria")
        #expect(laptop.state.entries.allSatisfy { laptop.state.user($0.by) == "rita" })
    }

    @Test("forget empties the server's lines and reaches another machine's cache on its next contact")
    func forgetReachesOtherMachines() throws {
        let rita = try machine("rita", cache: "a")
        try rita.commit(by: "", at: start) { _ in
            .add([
                CandidateDraft(handle: "zed-quimby", name: "Zed Quimby", email: "zq@example.org"),
                CandidateDraft(handle: "ada", name: "Ada"),
            ])
        }
        try note(rita, "zed-quimby", "Quimby's salary wish")
        try note(rita, "ada", "kept")
        let maria = try machine("maria", cache: "b")
        #expect(try notes(maria).count == 2)
        try rita.forget(handle: "zed-quimby")
        #expect(try team.admin.value("select count(*) from \(team.schema).records where line is not null") == "0")
        #expect(try team.admin.value("select value from \(team.schema).meta where key = 'epoch'") == "1")
        // Maria's machine was off: her cache still holds it (README: until its next contact).
        let cacheB = team.caches.file("b")
        func mentions(_ root: String) -> [String] {
            PostgresContractStore.files(under: root).filter {
                String(decoding: $0.value, as: UTF8.self).contains("Quimby")
            }
            .map(\.key)
        }
        #expect(!mentions(cacheB).isEmpty)
        #expect(try notes(maria) == ["kept"])
        #expect(mentions(cacheB).isEmpty, "\(mentions(cacheB))")
        #expect(mentions(team.caches.file("a")).isEmpty)
        // Both go on writing on the new epoch, in one order.
        try note(maria, "ada", "after the forget", at: 5)
        #expect(try notes(rita) == ["kept", "after the forget"])
    }

    @Test("forget right after compact (the head has a snapshot already) replaces that snapshot")
    func forgetAfterCompact() throws {
        let rita = try machine("rita", cache: "a")
        try rita.commit(by: "", at: start) { _ in
            .add([CandidateDraft(handle: "zed-quimby", name: "Zed Quimby"), CandidateDraft(handle: "ada", name: "Ada")])
        }
        try note(rita, "zed-quimby", "Quimby's secret")
        try rita.compact()
        try rita.forget(handle: "zed-quimby")
        let snapshots = try team.admin.executeBinary("select bytes from \(team.schema).snapshots")
        #expect(!snapshots.isEmpty)
        #expect(!snapshots.contains { String(decoding: $0[0] ?? [], as: UTF8.self).contains("Quimby") })
        #expect(try team.admin.value("select count(distinct upload) from \(team.schema).snapshots") == "1")
        let laptop = try machine("maria", cache: "b")
        #expect(laptop.state.candidates.handle(at: 0) == "ada")
        #expect(try notes(laptop).isEmpty)
    }

    @Test("offline, a warm cache is read with a warning and writes are refused; back online, they work")
    func offlineReadsFromTheCache() throws {
        let olga = try machine("olga_t", cache: "a")
        try addAda(olga)
        try note(olga, "ada", "written online")
        _ = olga.takeWarnings()
        try team.admin.execute("alter role olga_t nologin")
        defer { _ = try? team.admin.execute("alter role olga_t login") }
        let offline = try TeamStore(address: address("olga_t"), cacheRoot: team.caches.file("a"))
        #expect(offline.takeWarnings().contains { $0.contains("reading this machine's cache") })
        #expect(try notes(offline) == ["written online"])
        #expect(offline.readOnlyReason != nil)
        #expect(throws: StoreError.self) { try note(offline, "ada", "must not land") }
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "2")
        // Without a cache on this machine there is nothing to read: the error says why.
        #expect(throws: StoreError.self) {
            try TeamStore(address: address("olga_t"), cacheRoot: team.caches.file("fresh"))
        }
        try team.admin.execute("alter role olga_t login")
        try note(offline, "ada", "written when back")
        #expect(offline.takeWarnings().contains { $0.contains("reachable again") })
        #expect(try notes(olga) == ["written online", "written when back"])
    }

    @Test("a connection lost between commands is opened again by the next one")
    func reconnects() throws {
        let kim = try machine("kim_t", cache: "a")
        try addAda(kim)
        try team.admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'kim_t'")
        try note(kim, "ada", "after the connection died")
        #expect(try notes(kim) == ["after the connection died"])
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "2")
    }

    @Test("a connection lost while a commit waits for its reply: settled by the change's id, then sent once more")
    func lostReplySettled() throws {
        let kim = try machine("kim_lost", cache: "a")
        try addAda(kim)
        let blocker = try holdingTheHead()
        let outcome = Unchecked<String>("")
        let store = Unchecked(kim)
        let at = start.adding(seconds: 60)
        let committing = Thread.detached {
            do {
                try store.value.commit(by: "", at: at) {
                    .entry(
                        EntryDraft(
                            handle: "ada", id: $0.nextID, at: at, kind: .note, text: .string("its reply is lost")))
                }
                outcome.value = "acknowledged"
            } catch {
                outcome.value = "\(error)"
            }
        }
        // Its append waits for the head; the connection dies before any reply.
        var waiting = false
        for _ in 0..<200 where !waiting {
            usleep(10_000)
            waiting =
                try team.admin.value(
                    "select count(*) from pg_stat_activity where usename = 'kim_lost' and wait_event_type = 'Lock'")
                == "1"
        }
        #expect(waiting)
        try team.admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'kim_lost'")
        // The server says that id never landed: the change goes again on a new connection (and
        // waits for the head again), once, under the same id.
        usleep(100_000)
        try blocker.execute("rollback")
        committing.join()
        #expect(outcome.value == "acknowledged", "\(outcome.value)")
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "2")
        #expect(try notes(kim) == ["its reply is lost"])
    }

    @Test("a statement timeout is a clear error and nothing is acknowledged that was not committed")
    func statementTimeout() throws {
        let rita = try machine("rita", cache: "a")
        try addAda(rita)
        let blocker = try holdingTheHead()
        let slow = try TeamStore(
            address: team.conninfo + " user=rita schema=\(team.schema) options=-cstatement_timeout=300",
            cacheRoot: team.caches.file("b"))
        do {
            try note(slow, "ada", "waits for the head")
            Issue.record("acknowledged while the head was locked")
        } catch let StoreError.server(sqlstate, message) {
            #expect(sqlstate == "57014")
            #expect(message.contains("timeout"))
        }
        try blocker.execute("rollback")
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "1")
        try note(slow, "ada", "lands now")
        #expect(try notes(rita) == ["lands now"])
    }

    @Test("a batch is one transaction on the head: all of it lands in order, or none of it")
    func batches() throws {
        let rita = try machine("lee_t", cache: "a")
        try addAda(rita)
        rita.beginGroup()
        for i in 0..<50 { try note(rita, "ada", "batch \(i)") }
        try note(rita, "ada", #"it's a '' "quote" \ \' ünïcødé 👩🏽‍💻 $$ end"#)
        // Nothing of it is visible before the flush.
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "1")
        try rita.flush()
        #expect(
            try notes(try machine("maria", cache: "b"))
                == (0..<50).map { "batch \($0)" } + [#"it's a '' "quote" \ \' ünïcødé 👩🏽‍💻 $$ end"#])
        // A batch whose connection dies: nothing of it is saved, and the flush says so.
        rita.beginGroup()
        for i in 0..<3 { try note(rita, "ada", "lost \(i)") }
        try team.admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'lee_t'")
        try note(rita, "ada", "lost 3")  // kept for the flush: no round trip of its own
        #expect(throws: StoreError.self) { try rita.flush() }
        #expect(try team.admin.value("select count(*) from \(team.schema).records") == "52")
        #expect(try notes(rita).count == 51)
    }

    @Test("a login outside the team's role is told so; a newer schema mid-session stops writes")
    func permissionAndNewerSchema() throws {
        try TeamServer.makeLogin("outsider_t", on: team.admin, inTeam: false)
        let refused = Result { try TeamStore(address: address("outsider_t"), cacheRoot: team.caches.file("x")) }
        switch refused {
        case .failure(StoreError.notAStore(_, let reason)): #expect(reason.contains("may not use it"), "\(reason)")
        case .failure(let other): Issue.record("\(other)")
        case .success: Issue.record("a login outside cande_team opened the store")
        }
        let rita = try machine("rita", cache: "a")
        try addAda(rita)
        try team.admin.execute("update \(team.schema).meta set value = '999' where key = 'schema'")
        try rita.refresh()
        #expect(rita.readOnlyReason?.contains("newer cande") == true)
        #expect(throws: StoreError.newerSchema(found: 999, supported: TeamSchema.version)) {
            try note(rita, "ada", "must not land")
        }
    }
}
