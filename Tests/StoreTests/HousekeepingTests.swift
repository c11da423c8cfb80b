import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// cande removes only files it made, by exact name, under the write lock; torn writes never
/// collide; a store's directory is private and durable from its creation.
@Suite("Files cande makes, keeps and removes")
struct HousekeepingTests {
    @Test("user files named like cande's survive reads, writes and compaction; cande's own leftovers go")
    func onlyOwnLeftovers() throws {
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada", "-c", "note ada hello"], environment: env).status == 0)
        let mine = [
            "journal-0.jsonl.bak", "journal-0 (copy).jsonl", "notes.tmp", "snapshot-5.json.orig", "journal-007.jsonl",
            "entries-1.json", "quarantine-notes.torn", "CURRENT.bak",
        ]
        for name in mine { #expect(FileManager.default.createFile(atPath: dir.file(name), contents: Data("x".utf8))) }
        // What crashes leave: an older generation's journal, a compaction's temporary files.
        let leftovers = ["journal-7.jsonl", "snapshot-9.json.tmp", "entries-9.jsonl.tmp", "CURRENT.tmp"]
        for name in leftovers { #expect(FileManager.default.createFile(atPath: dir.file(name), contents: Data())) }
        #expect(Cande.run(["-c", "list"], environment: env).status == 0)
        #expect(Cande.run(["-c", "note ada more", "-c", "compact"], environment: env).status == 0)
        let names = Set(StoreFiles.all(dir.path).keys)
        for name in mine { #expect(names.contains(name), "\(name) was removed") }
        for name in leftovers { #expect(!names.contains(name), "\(name) was left") }
    }

    @Test("a read never removes anything, even cande's own leftovers, when the store is not writable")
    func readOnlyRemovesNothing() throws {
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        #expect(FileManager.default.createFile(atPath: dir.file("journal-3.jsonl"), contents: Data()))
        let journal = dir.file("journal-0.jsonl")
        chmod(journal, 0o400)
        defer { chmod(journal, 0o600) }
        // As root the mode does not stop a write: run the check as another user then.
        let result = ReadOnlyStoreTests.runAsOther(["-c", "list"], store: dir.path, owner: true)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("journal-3.jsonl")))
    }

    @Test("two torn writes at the same offset within one second each get a quarantine file")
    func tornTwiceAtOneOffset() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada", name: "Ada")
        let journal = dir.file(journalName(dir.path))
        for text in ["first torn", "second torn"] {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
            handle.seekToEndOfFile()
            handle.write(Data(#"{"seq":2,"op":"note","text":"\#(text)"#.utf8))
            try handle.close()
            _ = try FileStore(path: dir.path)
        }
        let torn = StoreFiles.all(dir.path).filter { $0.key.hasPrefix("quarantine-") }
        #expect(torn.count == 2)
        #expect(Set(torn.values.map { String(decoding: $0, as: UTF8.self) }).count == 2)
        var t = Script(try FileStore(path: dir.path))
        try t.note("ada", "still writable")
        #expect(try StoreFiles.notes(FileStore(path: dir.path)) == ["still writable"])
    }

    @Test("an existing empty 0755 directory used as a store becomes 0700")
    func existingDirectoryMadePrivate() throws {
        let dir = TemporaryDirectory()
        let store = dir.file("store")
        #expect(mkdir(store, 0o755) == 0)
        chmod(store, 0o755)
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: Cande.environment(store: store)).status == 0)
        #expect(StoreFiles.mode(store) == 0o700)
    }

    @Test(
        "creating a store fsyncs the directory it was made in, and the store directory before CURRENT names the journal"
    )
    func creationIsDurable() throws {
        let strace = try #require(FaultInjectionTests.strace, "strace is missing: scripts/setup --tests installs it")
        let dir = TemporaryDirectory()
        let store = dir.file("new/store")
        let trace = dir.file("trace")
        let result = Cande.run(
            executable: strace,
            [
                "-f", "-y", "-o", trace, "-e", "trace=mkdir,mkdirat,openat,fsync,rename,renameat,renameat2",
                Cande.binary, "-c", "add Ada handle:ada",
            ],
            environment: Cande.environment(store: store))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        func index(_ predicate: (String) -> Bool) -> Int? { lines.firstIndex(where: predicate) }
        let madeNew = try #require(index { $0.contains("mkdir") && $0.contains("\"\(dir.path)/new\"") })
        let madeStore = try #require(index { $0.contains("mkdir") && $0.contains("\"\(store)\"") })
        #expect(lines[(madeNew + 1)...].contains { $0.contains("fsync(") && $0.contains("<\(dir.path)>") })
        #expect(lines[(madeStore + 1)...].contains { $0.contains("fsync(") && $0.contains("<\(dir.path)/new>") })
        let renamed = try #require(index { $0.contains("rename") && $0.contains("CURRENT") })
        let journalMade = try #require(index { $0.contains("journal-0.jsonl") && $0.contains("O_CREAT") })
        #expect(
            lines[journalMade..<renamed].contains {
                $0.contains("fsync(") && $0.hasSuffix("= 0") && $0.contains("<\(store)>")
            },
            "the store directory is fsynced between creating the journal and naming it in CURRENT")
    }
}
