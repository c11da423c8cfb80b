import Foundation
import Store
import TestSupport
import Testing

@testable import Store

/// When a write fails and undoing it fails too, cande cannot know whether the change is in the
/// store: it says so, writes nothing more in that process, and the next open decides from the
/// file alone (a complete write counts).
@Suite("A write whose outcome is unknown")
struct WriteOutcomeTests {
    @Test("fsync EIO, then the roll-back truncate fails: 'may or may not', no more writes, the next open decides")
    func rollbackFails() throws {
        let strace = try #require(FaultInjectionTests.strace, "strace is missing: scripts/setup --tests installs it")
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        let result = Cande.run(
            executable: strace,
            [
                "-f", "-o", "/dev/null", "-e", "inject=fsync:error=EIO:when=1", "-e", "inject=ftruncate:error=EIO",
                Cande.binary, "-c", "note ada maybe saved", "-c", "note ada never run",
            ],
            environment: env)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "acknowledged: \(result.stdout)")
        #expect(result.stderr.contains("-c:1: the change may or may not have been saved"), "\(result.stderr)")
        #expect(!result.stderr.contains("not saved:"), "\(result.stderr)")
        #expect(result.stderr.contains("writes nothing more"), "\(result.stderr)")
        // The write reached the file whole, so the next open counts it: once, and the store takes more.
        for _ in 0..<2 {
            let notes = try StoreFiles.notes(FileStore(path: dir.path))
            #expect(notes == ["maybe saved"])
        }
        #expect(Cande.run(["-c", "note ada afterwards"], environment: env).status == 0)
        #expect(try StoreFiles.notes(FileStore(path: dir.path)) == ["maybe saved", "afterwards"])
    }

    @Test("after a write whose outcome is unknown, the same process refuses every write, and says why")
    func noMoreWrites() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada", name: "Ada")
        // In a group the lock is held and nothing is re-read: swap in a journal on which writing
        // fails (ENOSPC) and so does cutting it back (EINVAL), then flush.
        s.store.beginGroup()
        try s.note("ada", "lost")
        s.store.journal = FileDescriptor(fd: open("/dev/full", O_RDWR | O_APPEND | O_CLOEXEC), path: "/dev/full")
        #expect {
            try s.store.flush()
        } throws: { error in
            guard case StoreError.outcomeUnknown(let why) = error else { return false }
            return why.contains("no space left on device") && why.contains("undoing the write failed")
        }
        #expect(s.store.readOnlyReason?.contains("writes nothing more") == true)
        #expect(throws: StoreError.self) { try s.note("ada", "refused") }
        #expect(throws: StoreError.self) { try s.store.compact() }
    }

    @Test("a batch group whose fsync and roll-back fail: every line of it is 'may or may not', none 'not saved'")
    func groupRollbackFails() throws {
        let strace = try #require(FaultInjectionTests.strace)
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        let script = dir.file("script")
        try (0..<20).map { "note ada group \($0)" }.joined(separator: "\n").write(
            toFile: script, atomically: false, encoding: .utf8)
        let result = Cande.run(
            executable: strace,
            [
                "-f", "-o", "/dev/null", "-e", "inject=fsync:error=EIO:when=1", "-e", "inject=ftruncate:error=EIO",
                Cande.binary, script,
            ],
            environment: env)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.filter { $0.contains("may or may not have been saved") }.count == 20)
        let notes = try StoreFiles.notes(FileStore(path: dir.path))
        #expect(notes == (0..<20).map { "group \($0)" }, "the whole group is in the file and counts")
    }
}
