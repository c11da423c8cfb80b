import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// The store's id (README "The store": `IDENTITY`): random for a new store, the same for every
/// copy of the directory; a store of the previous cande gets the id its calendar UIDs were made
/// of (the hash of its real path) by its first write, so calendars keep their events.
@Suite("Store identity")
struct StoreIdentityTests {
    /// FNV-1a 64 of `path`'s real path, written out here independently: what cande before the
    /// store ids made calendar UIDs of.
    static func oldHash(_ path: String) -> String {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in real.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func identityFile(_ dir: TemporaryDirectory) -> String? {
        FileManager.default.contents(atPath: dir.file("IDENTITY")).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a new store has a random id in IDENTITY (0600), the same for every client and every copy")
    func newStore() throws {
        let dir = TemporaryDirectory("cande-identity")
        let store = try FileStore(path: dir.path)
        let id = try store.identity()
        #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        let file = try #require(Self.identityFile(dir))
        #expect(file.hasPrefix(#"{"id":"\#(id)","sum":""#) && file.hasSuffix("\"}\n"), "\(file)")
        #expect(StoreFiles.mode(dir.file("IDENTITY")) == 0o600)
        #expect(try FileStore(path: dir.path).identity() == id)

        var s = Script(store)
        try s.add("ada")
        try store.compact()
        #expect(try FileStore(path: dir.path).identity() == id, "compaction keeps it")

        let copies = TemporaryDirectory("cande-identity-copy")
        let copy = Cande.run(executable: "/bin/cp", ["-a", dir.path, copies.file("copy")])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try FileStore(path: copies.file("copy")).identity() == id, "a copy is the same store")
        let other = TemporaryDirectory("cande-identity")
        #expect(try FileStore(path: other.path).identity() != id, "another store, another id")
    }

    @Test("a store of the previous cande is named by its path's hash until its first write fixes that in IDENTITY")
    func previousCandeStore() throws {
        let dir = TemporaryDirectory("cande-identity-old")
        do {
            let store = try FileStore(path: dir.path)
            var s = Script(store)
            try s.add("ada")
            let at = s.clock
            try s.commit { .schedule(MeetingDraft(id: $0.nextID, handle: "ada", kind: .talk, start: at, minutes: 30)) }
            try store.compact()
        }
        try Self.makeSchema4(dir)
        try FileManager.default.removeItem(atPath: dir.file("IDENTITY"))

        let opened = try FileStore(path: dir.path)
        #expect(opened.readOnlyReason == nil)
        #expect(try opened.identity() == Self.oldHash(dir.path), "the hash its UIDs were made of")
        #expect(Self.identityFile(dir) == nil, "reading writes nothing")

        var s = Script(opened)
        s.clock = Instant(seconds: 1_764_590_000)
        let meeting = try #require(opened.state.meetings.first).id
        try s.commit { _ in .move(meeting: meeting, start: Instant(seconds: 1_764_600_000)) }
        let file = try #require(Self.identityFile(dir), "the first write gives it its id")
        #expect(file.hasPrefix(#"{"id":"\#(Self.oldHash(dir.path))","#), "\(file)")
        let current = try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8)
        #expect(current.contains(#""schema":5"#), "and rewrites it as schema 5: \(current)")

        let reopened = try FileStore(path: dir.path)
        #expect(try reopened.identity() == Self.oldHash(dir.path))
        let moved = try #require(reopened.state.meetings.first)
        #expect(moved.sequence == 1 && moved.changed == Instant(seconds: 1_764_590_060))
        #expect(moved.scheduled != moved.changed)

        // From now on the id is in the store: a copy elsewhere keeps it.
        let copies = TemporaryDirectory("cande-identity-copy")
        #expect(Cande.run(executable: "/bin/cp", ["-a", dir.path, copies.file("copy")]).status == 0)
        #expect(try FileStore(path: copies.file("copy")).identity() == Self.oldHash(dir.path))
    }

    @Test("a damaged IDENTITY is reported, naming the file, never replaced")
    func damaged() throws {
        let dir = TemporaryDirectory("cande-identity")
        _ = try FileStore(path: dir.path)
        var bytes = try #require(FileManager.default.contents(atPath: dir.file("IDENTITY")))
        bytes[10] ^= 0x01
        #expect(FileManager.default.createFile(atPath: dir.file("IDENTITY"), contents: bytes))
        let store = try FileStore(path: dir.path)
        #expect(throws: StoreError.self) { try store.identity() }
        do {
            _ = try store.identity()
        } catch {
            #expect(error.description.hasPrefix("IDENTITY is damaged at line 1"), "\(error)")
        }
        var s = Script(store)
        try s.add("ada")
        #expect(FileManager.default.contents(atPath: dir.file("IDENTITY")) == bytes)
    }

    /// Turns a compacted schema 5 store into what the previous cande wrote (schema 4: the same
    /// files, no meeting had changed).
    static func makeSchema4(_ dir: TemporaryDirectory) throws {
        let current = try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8)
        let generation = try #require(current.firstMatch(of: /"generation":(\d+)/)).1
        let pointer = String(current.replacing(#""schema":5"#, with: #""schema":4"#).dropLast(27))
        try (reframe(pointer) + "\n").write(toFile: dir.file("CURRENT"), atomically: false, encoding: .utf8)
        let name = dir.file("snapshot-\(generation).json")
        let snapshot = try String(contentsOfFile: name, encoding: .utf8)
        var lines = snapshot.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!snapshot.contains(#""sequence""#) && !snapshot.contains(#""changed""#))
        let header = String(lines[0].dropFirst(#"{"snapshot":"#.count).dropLast().dropLast(26))
        lines[0] = #"{"snapshot":"# + reframe(header.replacing(#""schema":5"#, with: #""schema":4"#)) + ","
        let old = lines.joined(separator: "\n")
        #expect(old.utf8.count == snapshot.utf8.count)
        try old.write(toFile: name, atomically: false, encoding: .utf8)
    }
}
