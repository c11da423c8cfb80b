import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// A backend the contract suite holds to `ConversationStore`'s guarantees (README "The store"):
/// every test goes through `ConversationStore` only, so the same tests run on every backend
/// (as GRDB runs one suite over its queue and its pool): the file store, and the team store on
/// PostgreSQL against the server `scripts/test` (and so `.ci/run`) starts.
enum ContractBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case file
    case postgres

    var description: String { rawValue }

    /// The backends to test: the team store when a server is named (`CANDE_TEST_PG`) or
    /// required (`CANDE_REQUIRE_PG=1`: then a missing server fails its tests).
    static var available: [ContractBackend] {
        TeamServer.conninfo != nil || TeamServer.required ? [.file, .postgres] : [.file]
    }

    /// A new, empty store.
    func makeStore() throws -> ContractStore {
        switch self {
        case .file: FileContractStore()
        case .postgres: try PostgresContractStore()
        }
    }
}

/// One store of a backend, and what the suite needs beyond `ConversationStore` to check it.
protocol ContractStore: AnyObject {
    /// Another client on the same store (another process, another machine), used by `user`
    /// (on a team store, the database login).
    func client(as user: String) throws -> ConversationStore
    /// Every byte the store keeps, by place (files; for a server store: its tables, and each
    /// client's cache once that client has been in contact since the last change).
    func places() -> [String: Data]
    /// Makes the store look as if a newer cande wrote it.
    func markNewerSchema() throws
    /// Changes one byte inside the text of one record (not the last).
    func damageOneRecord() throws
}

extension ContractStore {
    func client() throws -> ConversationStore { try client(as: "rita") }
}

/// The file store: a temporary directory; each client is a `FileStore` opened on it (its own
/// open file descriptions, so `flock` keeps clients in one process apart as in two).
final class FileContractStore: ContractStore {
    let directory = TemporaryDirectory("cande-contract")

    func client(as user: String) throws -> ConversationStore { try FileStore(path: directory.path) }

    func places() -> [String: Data] { StoreFiles.all(directory.path) }

    func markNewerSchema() throws {
        let path = directory.file("CURRENT")
        let data = try #require(FileManager.default.contents(atPath: path))
        let text = String(decoding: data, as: UTF8.self).replacing(/"schema":\d+/, with: #""schema":999"#)
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data((reframe(String(text.dropLast(27))) + "\n").utf8)))
    }

    func damageOneRecord() throws {
        let journal = directory.file(journalName(directory.path))
        var data = try #require(FileManager.default.contents(atPath: journal))
        let starts = lineStarts(data)
        try #require(starts.count > 3)
        data[starts[2] + 40] ^= 0x01
        #expect(FileManager.default.createFile(atPath: journal, contents: data))
    }
}

/// The team store: a schema of its own on the test server; each client is a `TeamStore` with a
/// cache directory of its own (another machine), logged in as its user (a login role in
/// `cande_team`, made on first use: roles are the cluster's, shared by the tests).
final class PostgresContractStore: ContractStore {
    let conninfo: String
    let schema = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let admin: PGConnection
    let caches = TemporaryDirectory("cande-contract-caches")
    private var clients: [TeamStore] = []

    init() throws {
        conninfo = try #require(TeamServer.conninfo, "CANDE_REQUIRE_PG is set but CANDE_TEST_PG names no server")
        admin = try PGConnection(conninfo)
        try TeamSchema.install(on: admin, schema: schema)
    }

    deinit { _ = try? admin.execute("drop schema \(schema) cascade") }

    func client(as user: String) throws -> ConversationStore {
        try TeamServer.makeLogin(user, on: admin)
        let store = try TeamStore(
            address: conninfo + " user=\(user) schema=\(schema)", cacheRoot: caches.file("\(clients.count)"))
        clients.append(store)
        return store
    }

    func places() -> [String: Data] {
        var places: [String: Data] = [:]
        for table in ["meta", "head", "records", "snapshots"] {
            let rows = (try? admin.executeBinary("select t::text::bytea from \(schema).\(table) t")) ?? []
            places["table " + table] = Data(rows.flatMap { ($0[0] ?? []) + [0x0A] })
        }
        if let rows = try? admin.executeBinary("select bytes from \(schema).snapshots order by seq, name, part") {
            places["snapshot bytes"] = Data(rows.flatMap { $0[0] ?? [] })
        }
        for (n, client) in clients.enumerated() {
            try? client.refresh()
            for (path, data) in Self.files(under: caches.file("\(n)")) { places["cache \(n) \(path)"] = data }
        }
        return places
    }

    /// Every regular file under `root`, by its path below it.
    static func files(under root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        for case let path as String in walker {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                out[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return out
    }

    func markNewerSchema() throws {
        try admin.execute("update \(schema).meta set value = '999' where key = 'schema'")
    }

    func damageOneRecord() throws {
        let line = try #require(try admin.value("select line from \(schema).records where seq = 3"))
        var bytes = Array(line.utf8)
        try #require(bytes.count > 41)
        bytes[40] ^= 0x01
        try admin.execute(
            "update \(schema).records set line = $1 where seq = 3", [String(decoding: bytes, as: UTF8.self)])
    }
}
