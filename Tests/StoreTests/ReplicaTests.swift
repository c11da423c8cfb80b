import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// The file store as a replica of a journal ordered elsewhere (`prepare`, `appendCommitted`):
/// what a team client's cache does with the server's records.
@Suite("File store as a replica")
struct ReplicaTests {
    /// The record lines of a store's journal with their sequence numbers (commit lines left out).
    static func records(_ dir: TemporaryDirectory) throws -> [(seq: Int64, line: [UInt8])] {
        let data = try #require(FileManager.default.contents(atPath: dir.file(journalName(dir.path))))
        return try data.split(separator: 0x0A).compactMap { line -> (Int64, [UInt8])? in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            guard let seq = object["seq"] as? Int64 ?? (object["seq"] as? Int).map(Int64.init), object["commit"] == nil
            else { return nil }
            return (seq, Array(line) + [0x0A])
        }
    }

    @Test("every kind of change taken in from another store's journal, in batches and twice, reads the same")
    func replicates() throws {
        let origin = TemporaryDirectory()
        try RoundTripTests.fill(try FileStore(path: origin.path))
        let lines = try Self.records(origin)
        #expect(lines.map(\.seq) == Array(1...Int64(lines.count)))
        let replicaDir = TemporaryDirectory()
        let replica = try FileStore(path: replicaDir.path)
        try replica.appendCommitted(Array(lines.prefix(3)))
        try replica.appendCommitted(Array(lines.prefix(5)))  // 1-3 again: skipped
        try replica.appendCommitted(Array(lines.dropFirst(5)))
        try replica.appendCommitted(lines)  // all again: nothing written
        #expect(try dump(replica) == dump(FileStore(path: origin.path)))
        #expect(try dump(FileStore(path: replicaDir.path)) == dump(FileStore(path: origin.path)))
    }

    @Test("a change prepared on the replica and taken in once committed is the change committed directly")
    func prepareThenTakeIn() throws {
        let direct = TemporaryDirectory()
        let replicaDir = TemporaryDirectory()
        let replica = try FileStore(path: replicaDir.path)
        let directStore = try FileStore(path: direct.path)
        var s = Script(directStore)
        try s.add("ada", name: "Ada")
        for (seq, line) in try Self.records(direct) { try replica.appendCommitted([(seq, line)]) }
        let at = s.clock.adding(seconds: 60)
        let change = { (state: State) -> Change in
            .entry(
                EntryDraft(
                    handle: "ada", id: state.nextID, at: at, kind: .note, text: .string("prepared, then committed ✎")))
        }
        let (record, line) = try replica.prepare(by: "rita", at: at, change)
        _ = try directStore.commit(by: "rita", at: at, change)
        #expect(line == (try Self.records(direct)).last?.line, "the line the journal would hold")
        #expect(record.seq == 2)
        #expect(try dump(replica).contains("prepared") == false, "prepare wrote nothing")
        try replica.appendCommitted([(record.seq, line)])
        #expect(try dump(FileStore(path: replicaDir.path)) == dump(FileStore(path: direct.path)))
        // A change the state refuses is refused by prepare.
        #expect(throws: StoreError.self) {
            _ = try replica.prepare(by: "rita", at: at) { _ in .stage(handle: "nobody", id: 99, stage: .offer) }
        }
    }

    @Test("a gap, a damaged line and a line of another sequence number are refused; nothing is written")
    func refusesWhatDoesNotFit() throws {
        let origin = TemporaryDirectory()
        var s = Script(try FileStore(path: origin.path))
        try s.add("ada", name: "Ada")
        for k in 0..<4 { try s.note("ada", "note \(k)") }
        let lines = try Self.records(origin)
        let replicaDir = TemporaryDirectory()
        let replica = try FileStore(path: replicaDir.path)
        try replica.appendCommitted(Array(lines.prefix(2)))
        let before = StoreFiles.all(replicaDir.path)
        var damaged = lines[2]
        damaged.line[damaged.line.count / 2] ^= 0x01
        let attempts: [[(seq: Int64, line: [UInt8])]] = [
            [lines[3]],  // seq 4 where 3 is due
            [damaged],
            [(3, lines[3].line)],  // says 4, placed as 3
            [lines[2], lines[4]],  // 3, then 5
        ]
        for attempt in attempts {
            #expect(throws: StoreError.self) { try replica.appendCommitted(attempt) }
            #expect(StoreFiles.all(replicaDir.path) == before)
        }
        #expect(replica.state.lastSeq == 2)
        try replica.appendCommitted(Array(lines.dropFirst(2)))
        #expect(try dump(replica) == dump(FileStore(path: origin.path)))
    }
}
