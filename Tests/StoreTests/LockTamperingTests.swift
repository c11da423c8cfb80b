import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Writers serialise on the store directory itself: deleting or replacing files named `lock`
/// while they run changes nothing (it once let two writers each hold "the" lock and acknowledge
/// the same seq twice).
@Suite("The write lock cannot be deleted away", .serialized)
struct LockTamperingTests {
    @Test("rm lock, again and again, while 3 writers commit: every acknowledged note once, seqs gapless")
    func deletedLockFiles() throws {
        let dir = ConcurrencyTests.newStore()
        let writers = (0..<3).map { _ in Writer(store: dir.path) }
        for writer in writers { try writer.start() }
        let done = Flag()
        let vandal = Thread {
            // What `rm lock; touch lock` from a colleague's shell does, as fast as it can.
            while !done.isSet {
                unlink(dir.file("lock"))
                close(open(dir.file("lock"), O_CREAT | O_WRONLY, 0o600))
            }
        }
        vandal.start()
        let feeders = writers.enumerated().map { n, writer in
            Thread {
                writer.feed((0..<600).map { "note ada w\(n)-\($0)" }, burst: 3, pauseMicroseconds: 200)
                writer.closeInput()
            }
        }
        feeders.forEach { $0.start() }
        for writer in writers { #expect(writer.wait() == 0) }
        done.set()
        while !vandal.isFinished { usleep(1000) }

        let acknowledged = writers.map { $0.lines.filter { $0.contains(#""ok":true"#) }.count }
        #expect(acknowledged == [600, 600, 600])
        let store = try FileStore(path: dir.path)
        #expect(store.readOnlyReason == nil, "\(store.readOnlyReason ?? "")")
        let notes = try StoreFiles.notes(store)
        #expect(notes.count == 1800 && Set(notes).count == 1800)
        let seqs = journalRecords(dir.path).compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count), "the journal's seqs are gapless and each appears once")
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
