import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Damage is never read silently (SPEC §8.9): a command that reads damaged data fails naming
/// file, line and byte; no export is written from a damaged store.
@Suite("Damage is never read silently")
struct DamageReadTests {
    /// Ada with three notes, written by the binary.
    static func makeStore() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let result = Cande.run(
            ["-c", "add Ada handle:ada", "-c", "note ada first", "-c", "note ada second", "-c", "note ada third"],
            environment: Cande.environment(store: dir.path))
        #expect(result.status == 0, "\(result.stderr)")
        return dir
    }

    static func run(_ dir: TemporaryDirectory, _ commands: String...) -> RunResult {
        Cande.run(commands.flatMap { ["-c", $0] }, environment: Cande.environment(store: dir.path))
    }

    @Test("one changed byte in a middle journal line: history, list and export fail naming file, line and byte")
    func journalByte() throws {
        let dir = Self.makeStore()
        let journal = dir.file("journal-0.jsonl")
        var data = try #require(FileManager.default.contents(atPath: journal))
        let starts = lineStarts(data)
        data[starts[2] + 40] ^= 0x01  // inside the first note
        #expect(FileManager.default.createFile(atPath: journal, contents: data))
        let before = StoreFiles.all(dir.path)
        for command in ["history ada", "list", "export json", "find first", "today"] {
            let result = Self.run(dir, command)
            #expect(result.status == 1, "\(command): \(result.stdout)")
            #expect(result.stdout.isEmpty, "\(command) printed \(result.stdout)")
            #expect(
                result.stderr.contains("journal-0.jsonl is damaged at line 3, byte \(starts[2])"),
                "\(command): \(result.stderr)")
        }
        let backup = dir.file("backup.json")
        let export = Self.run(dir, "export json \(backup)")
        #expect(export.status == 1)
        #expect(!FileManager.default.fileExists(atPath: backup), "a partial backup was written")
        #expect(Self.run(dir, "help").status == 0, "help reads nothing of the store")
        #expect(StoreFiles.all(dir.path).filter { $0.key != "backup.json" } == before, "nothing changed")
    }

    @Test("a snapshot line that checks out but does not decode: the commands that read it fail; no backup")
    func snapshotLine() throws {
        let dir = Self.makeStore()
        let setup = Self.run(dir, "add Bob handle:bob", "note bob hello", "compact")
        #expect(setup.status == 0, "\(setup.stderr)")
        let name = try #require(StoreFiles.all(dir.path).keys.first { $0.hasPrefix("snapshot-") })
        let path = dir.file(name)
        var text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ada = try #require(lines.firstIndex { $0.hasPrefix(#"{"handle":"ada""#) })
        // A valid sum over a value this cande cannot read: not a torn or flipped byte, a bad record.
        let changed = lines[ada].replacing(#""stage":"applied""#, with: #""stage":"nowhere""#)
        let body = String(changed.dropLast(changed.hasSuffix(",") ? 1 : 0).dropLast(26))
        lines[ada] = reframe(body) + (changed.hasSuffix(",") ? "," : "")
        text = lines.joined(separator: "\n")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        // The pointer's size check would catch a longer file: keep CURRENT consistent.
        let pointer = dir.file("CURRENT")
        let current = String(decoding: FileManager.default.contents(atPath: pointer)!, as: UTF8.self)
        let size = text.utf8.count
        let resized = current.replacing(/"snapshotBytes":\d+/, with: "\"snapshotBytes\":\(size)")
        #expect(
            FileManager.default.createFile(
                atPath: pointer, contents: Data((reframe(String(resized.dropLast(27))) + "\n").utf8)))

        // A plain `list` reads the snapshot's digest line, not Ada's line: it answers. A filter
        // reads every candidate's line, and fails.
        let plain = Self.run(dir, "list")
        #expect(plain.status == 0 && plain.stdout.contains("ada"), "\(plain.stderr)")
        for command in ["list stage:applied", "export json", "show ada"] {
            let result = Self.run(dir, command)
            #expect(result.status == 1, "\(command): \(result.stdout)")
            #expect(result.stdout.isEmpty, "\(command) printed \(result.stdout)")
            #expect(result.stderr.contains("\(name) is damaged at line \(ada + 1)"), "\(command): \(result.stderr)")
            #expect(!result.stdout.contains("unreadable"))
        }
        let backup = dir.file("backup.json")
        #expect(Self.run(dir, "export json \(backup)").status == 1)
        #expect(!FileManager.default.fileExists(atPath: backup))
        // Bob's own history never touches Ada's line.
        let bob = Self.run(dir, "history bob")
        #expect(bob.status == 0, "\(bob.stderr)")
        #expect(bob.stdout.contains("hello"))
        // Once the damage is known, the rest of the session neither reads nor writes.
        let write = Self.run(dir, "show ada", "note bob more")
        #expect(write.status == 1)
        #expect(write.stderrLines.count == 2 && write.stderrLines.allSatisfy { $0.contains("\(name) is damaged") })
        #expect(!Self.run(dir, "history bob").stdout.contains("more"))
    }

    @Test("a store that cannot be opened at all (damaged CURRENT) exits 2")
    func unopenable() throws {
        let dir = Self.makeStore()
        #expect(FileManager.default.createFile(atPath: dir.file("CURRENT"), contents: Data("{}\n".utf8)))
        let result = Self.run(dir, "list")
        #expect(result.status == 2)
        #expect(result.stderr.contains("CURRENT is damaged at line 1"), "\(result.stderr)")
    }

    @Test("a snapshot truncated under a running session: no signal, the damage is reported")
    func truncatedUnderSession() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        for k in 0..<200 { try s.add("c\(k)", name: "Candidate \(k) with a long name to fill pages") }
        try s.store.compact()
        let store = try FileStore(path: dir.path)
        let name = try #require(StoreFiles.all(dir.path).keys.first { $0.hasPrefix("snapshot-") })
        #expect(truncate(dir.file(name), 0) == 0)
        // What opening read is there: the digest line names everyone.
        #expect(store.state.digestRow(199)?.name == "Candidate 199 with a long name to fill pages")
        // Mapped, reading the candidate lines killed the process with SIGBUS; read when first
        // needed (schema 4), they are not there any more, and that is damage, reported.
        let names = store.state.candidates.map(\.name)
        #expect(names.count == 200 && !names.contains("Candidate 199 with a long name to fill pages"))
        do {
            try store.checkReads()
            Issue.record("a truncated snapshot was read silently")
        } catch {
            #expect("\(error)".contains(name) && "\(error)".contains("ends too early"), "\(error)")
        }
        #expect(throws: StoreError.self) { try FileStore(path: dir.path) }
    }
}
