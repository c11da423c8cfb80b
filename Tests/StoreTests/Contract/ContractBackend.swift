import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// A backend the contract suite holds to `ConversationStore`'s guarantees (README "The store"):
/// every test goes through `ConversationStore` only, so the same tests run on every backend
/// (as GRDB runs one suite over its queue and its pool). The file store is the first; the team
/// store on PostgreSQL is to be the second (issue 13), with a server `.ci/run` starts.
enum ContractBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case file

    var description: String { rawValue }

    /// A new, empty store.
    func makeStore() throws -> ContractStore {
        switch self {
        case .file: FileContractStore()
        }
    }
}

/// One store of a backend, and what the suite needs beyond `ConversationStore` to check it.
protocol ContractStore: AnyObject {
    /// Another client on the same store (another process, another machine).
    func client() throws -> ConversationStore
    /// Every byte the store keeps, by place (files; tables and caches for a server store).
    func places() -> [String: Data]
    /// Makes the store look as if a newer cande wrote it.
    func markNewerSchema() throws
    /// Changes one byte inside the text of one record (not the last).
    func damageOneRecord() throws
}

/// The file store: a temporary directory; each client is a `FileStore` opened on it (its own
/// open file descriptions, so `flock` keeps clients in one process apart as in two).
final class FileContractStore: ContractStore {
    let directory = TemporaryDirectory("cande-contract")

    func client() throws -> ConversationStore { try FileStore(path: directory.path) }

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
