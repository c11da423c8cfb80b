import Foundation
import Store
import TestSupport
import Testing

/// `maintain` (run when a session that wrote ends) compacts only when the journal is both over
/// the threshold and at least half the size of the snapshot, so its cost stays amortised.
@Suite("Automatic compaction")
struct MaintenanceTests {
    private func size(_ dir: TemporaryDirectory, prefix: String) -> Int {
        let name = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.first { $0.hasPrefix(prefix) }
        guard let name else { return -1 }
        return FileManager.default.contents(atPath: dir.file(name))?.count ?? -1
    }

    private func fill(_ store: FileStore, notes: Int, from first: Int = 0) throws {
        var s = Script(store)
        if first == 0 { try s.add("ada") }
        for i in first..<(first + notes) { try s.note("ada", "note \(i) " + String(repeating: "x", count: 200)) }
    }

    @Test("a journal under the threshold stays; over it, the session's end compacts it")
    func thresholdDecides() throws {
        let dir = TemporaryDirectory()
        let store = try FileStore(path: dir.path)
        store.compactionThreshold = 64 << 10
        try fill(store, notes: 100)  // about 30 KiB of journal
        let before = try dump(store)
        try store.maintain()
        #expect(size(dir, prefix: "journal-0") > 20_000)
        #expect(size(dir, prefix: "snapshot-") == -1)

        try fill(store, notes: 200, from: 100)  // now well over 64 KiB
        try store.maintain()
        #expect(size(dir, prefix: "journal-0") == -1, "the old generation's journal is removed")
        #expect(size(dir, prefix: "journal-1") == 0)
        #expect(size(dir, prefix: "snapshot-1") > 0)
        let after = try dump(FileStore(path: dir.path))
        #expect(after.contains("note 299"))
        #expect(after.contains(before.split(separator: "\n").first { $0.contains("note 99 ") }!))
    }

    @Test("a journal small beside a large snapshot waits, so compaction stays amortised")
    func halfTheSnapshot() throws {
        let dir = TemporaryDirectory()
        let store = try FileStore(path: dir.path)
        store.compactionThreshold = 16 << 10
        try fill(store, notes: 400)
        try store.compact()  // snapshot and entries now hold about 100 KiB
        try fill(store, notes: 100, from: 400)  // about 25 KiB: over the threshold, under half
        try store.maintain()
        #expect(size(dir, prefix: "journal-1") > 16 << 10, "not compacted yet")
        try fill(store, notes: 150, from: 500)  // now over half of the generation's size
        try store.maintain()
        #expect(size(dir, prefix: "journal-2") == 0)
        #expect(try dump(FileStore(path: dir.path)).contains("note 649"))
    }
}
