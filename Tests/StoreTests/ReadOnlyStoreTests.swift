import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// A store cande cannot write (a read-only mount, a directory or journal without write
/// permission) can still be read; writing is refused with a clear message and changes nothing.
@Suite("Read-only stores", .serialized)
struct ReadOnlyStoreTests {
    static let nobody: UInt32 = 65534

    /// Runs cande as an unprivileged user when the tests run as root (root ignores file modes);
    /// `owner`: that user owns the store (chown'ed for the run, given back afterwards).
    static func runAsOther(_ arguments: [String], store: String, owner: Bool) -> RunResult {
        var env = Cande.environment(store: store)
        env["HOME"] = "/tmp"
        guard geteuid() == 0 else { return Cande.run(arguments, environment: env) }
        // The test's own directory must let that user through.
        chmod(String(store[..<store.lastIndex(of: "/")!]), 0o711)
        if owner { Cande.shell("chown -R \(nobody):\(nobody) '\(store)'", environment: env) }
        defer { if owner { Cande.shell("chown -R 0:0 '\(store)'", environment: env) } }
        return Cande.run(
            executable: "/usr/bin/setpriv",
            ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", Cande.binary] + arguments, environment: env)
    }

    static func makeStore(_ path: String) {
        let result = Cande.run(
            ["-c", "add Ada handle:ada", "-c", "note ada hello", "-c", "note ada world"],
            environment: Cande.environment(store: path))
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func expectReadableNotWritable(_ run: ([String]) -> RunResult, store: String, reason: String) {
        let before = StoreFiles.all(store)
        let list = run(["-c", "list", "-c", "history ada", "-c", "export json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("ada") && list.stdout.contains("world"))
        let note = run(["-c", "note ada refused"])
        #expect(note.status == 1)
        #expect(note.stderr.contains("the store is read-only: \(reason)"), "\(note.stderr)")
        #expect(StoreFiles.all(store) == before, "nothing changed")
    }

    @Test("the directory not writable: reading works, writing is refused")
    func directoryNotWritable() throws {
        let dir = TemporaryDirectory()
        let store = dir.file("store")
        Self.makeStore(store)
        chmod(store, 0o500)
        defer { chmod(store, 0o700) }
        Self.expectReadableNotWritable(
            { Self.runAsOther($0, store: store, owner: true) }, store: store,
            reason: "no permission to write in the store directory")
    }

    @Test("the journal and an old cande's lock file not writable: reading works, writing is refused")
    func journalNotWritable() throws {
        let dir = TemporaryDirectory()
        let store = dir.file("store")
        Self.makeStore(store)
        // An older cande locked a `lock` file; a read-only one made every command fail to open it.
        #expect(FileManager.default.createFile(atPath: store + "/lock", contents: Data()))
        chmod(store + "/lock", 0o400)
        chmod(store + "/journal-0.jsonl", 0o400)
        defer { chmod(store + "/journal-0.jsonl", 0o600) }
        Self.expectReadableNotWritable(
            { Self.runAsOther($0, store: store, owner: true) }, store: store, reason: "no permission to write")
    }

    /// Whether this machine lets the tests mount a tmpfs (root with the capability, as in CI).
    static let canMount: Bool = {
        guard geteuid() == 0 else { return false }
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        guard Cande.shell("mount -t tmpfs -o size=1m tmpfs '\(dir.path)'", environment: env).status == 0 else {
            return false
        }
        return Cande.shell("umount '\(dir.path)'", environment: env).status == 0
    }()

    @Test(
        "a read-only mount: reading works, writing is refused; a torn write stays in place",
        .enabled(if: ReadOnlyStoreTests.canMount, "needs root and permission to mount a tmpfs"))
    func readOnlyMount() throws {
        let dir = TemporaryDirectory()
        let mount = dir.file("mnt")
        #expect(mkdir(mount, 0o700) == 0)
        let env = Cande.environment(store: mount + "/store")
        let mounted = Cande.shell("mount -t tmpfs -o size=4m tmpfs '\(mount)'", environment: env)
        try #require(mounted.status == 0, "mount failed: \(mounted.stderr)")
        defer { Cande.shell("umount '\(mount)'", environment: env) }
        Self.makeStore(mount + "/store")
        // A torn write at the end, which a writable store would set aside: here it stays, unread.
        let journal = mount + "/store/journal-0.jsonl"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":4,"op":"note""#.utf8))
        try handle.close()
        #expect(Cande.shell("mount -o remount,ro '\(mount)'", environment: env).status == 0)
        let warned = Cande.run(["-c", "list"], environment: env)
        #expect(
            warned.stderrLines.filter { $0.contains("interrupted write") && $0.contains("left in place") }.count == 1)
        Self.expectReadableNotWritable(
            { Cande.run($0, environment: env) }, store: mount + "/store",
            reason: "it is on a read-only file system")
    }
}

/// `FileStore(path:readingOnly:)` (shell completion reads handles this way): never creates a
/// store, reads one as it is, refuses every write.
@Suite("Stores opened to read only")
struct ReadingOnlyTests {
    @Test("a missing store is an error and nothing is created")
    func missing() {
        let dir = TemporaryDirectory()
        #expect(throws: StoreError.self) { try FileStore(path: dir.file("a/b"), readingOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("a")))
        try? FileManager.default.createDirectory(atPath: dir.file("empty"), withIntermediateDirectories: false)
        #expect(throws: StoreError.self) { try FileStore(path: dir.file("empty"), readingOnly: true) }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.file("empty")))?.isEmpty == true)
    }

    @Test("a store is read as it is, and writes are refused")
    func readsAndRefuses() throws {
        let dir = TemporaryDirectory()
        let store = dir.file("store")
        ReadOnlyStoreTests.makeStore(store)
        let before = StoreFiles.all(store)
        let opened = try FileStore(path: store, readingOnly: true)
        #expect(opened.state.handles == ["ada"])
        #expect(opened.readOnlyReason != nil)
        #expect(throws: StoreError.self) {
            try opened.commit(by: "rita", at: Instant(seconds: 0)) { _ in .undo(target: 1) }
        }
        #expect(StoreFiles.all(store) == before)
    }
}
