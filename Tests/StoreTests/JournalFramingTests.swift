import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Each write of the journal is closed by a commit line, so a write that a crash tore is set
/// aside as a whole — whichever of its pages survived — and the store opens writable; a bad
/// write followed by a complete one is damage in the middle and is refused.
@Suite("Writes as wholes")
struct JournalFramingTests {
    /// Ada, one note, then one batch group of `group` notes (one write).
    static func makeStore(group: Int) throws -> (TemporaryDirectory, groupStart: Int, Data) {
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada", "-c", "note ada before"], environment: env).status == 0)
        let journal = dir.file("journal-0.jsonl")
        let groupStart = try #require(FileManager.default.contents(atPath: journal)).count
        let script = (0..<group).map { "note ada in the group \($0) with some words to fill the page" }
        let result = Cande.run(["-"], stdin: script.joined(separator: "\n") + "\n", environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(FileManager.default.contents(atPath: journal))
        #expect(RecoveryTests.writeEnds(data).count == 3, "the group was one write")
        return (dir, groupStart, data)
    }

    static func write(_ dir: TemporaryDirectory, _ data: Data) {
        #expect(FileManager.default.createFile(atPath: dir.file("journal-0.jsonl"), contents: data))
    }

    @Test("an unacknowledged group whose middle page was lost but whose later pages survived: set aside whole")
    func lostMiddlePage() throws {
        let (dir, groupStart, data) = try Self.makeStore(group: 300)
        #expect(data.count - groupStart > 5 * 4096)
        for page in [1, 2, 3] {
            var torn = data
            let start = (groupStart / 4096 + page) * 4096
            torn.replaceSubrange(start..<(start + 4096), with: Data(count: 4096))
            Self.write(dir, torn)
            let store = try FileStore(path: dir.path)
            #expect(store.readOnlyReason == nil, "page \(page): \(store.readOnlyReason ?? "")")
            #expect(try StoreFiles.notes(store) == ["before"], "page \(page): nothing of the group is applied")
            let quarantined = StoreFiles.all(dir.path).filter { $0.key.hasPrefix("quarantine-") }
            #expect(quarantined.values.contains(torn[groupStart...]), "page \(page): the whole group is set aside")
            var s = Script(store)
            try s.note("ada", "after")
            #expect(try StoreFiles.notes(FileStore(path: dir.path)) == ["before", "after"])
            for name in quarantined.keys { try FileManager.default.removeItem(atPath: dir.file(name)) }
        }
    }

    @Test("a group cut short (the file's size not yet extended) or missing its commit line: set aside whole")
    func cutGroup() throws {
        let (dir, groupStart, data) = try Self.makeStore(group: 50)
        let commit = try #require(lineStarts(data).last)
        for cut in [groupStart + 1, (groupStart + commit) / 2, commit, data.count - 1] {
            Self.write(dir, data.prefix(cut))
            let store = try FileStore(path: dir.path)
            #expect(store.readOnlyReason == nil)
            #expect(try StoreFiles.notes(store) == ["before"], "cut at \(cut)")
            #expect(FileManager.default.contents(atPath: dir.file("journal-0.jsonl")) == data.prefix(groupStart))
        }
    }

    @Test("a damaged earlier write followed by a complete one is damage: read-only, named, nothing changed")
    func damageBeforeCompleteWrite() throws {
        let (dir, groupStart, data) = try Self.makeStore(group: 50)
        var damaged = data
        // Zero a stretch of the first note's write: a later complete write (the group) follows it.
        let firstNote = lineStarts(data)[2]
        damaged.replaceSubrange(firstNote..<(firstNote + 20), with: Data(count: 20))
        Self.write(dir, damaged)
        let before = StoreFiles.all(dir.path)
        let store = try FileStore(path: dir.path)
        let reason = try #require(store.readOnlyReason)
        #expect(reason.contains("journal-0.jsonl is damaged at line 3, byte \(firstNote)"), "\(reason)")
        #expect(StoreFiles.all(dir.path) == before)
        #expect(groupStart > firstNote)
        #expect(throws: StoreError.self) { try store.refresh() }
    }

    @Test("a store of the old journal format (no commit lines) opens, and its first write rewrites it once")
    func legacyJournal() throws {
        let dir = TemporaryDirectory()
        // Schema 1: records one per line, no commit lines.
        var lines: [String] = []
        var writer = JSONWriter()
        let records = [
            Record(
                seq: 1, ts: Instant(seconds: 1_764_579_600), by: "rita",
                change: .add([CandidateDraft(handle: "ada", name: "Ada")])),
            Record(
                seq: 2, ts: Instant(seconds: 1_764_579_660), by: "rita",
                change: .entry(
                    EntryDraft(
                        handle: "ada", id: 1, at: Instant(seconds: 1_764_579_660), kind: .note, text: .string("old")))),
        ]
        for record in records {
            writer.reset()
            RecordEncoder.encode(record, into: &writer)
            lines.append(String(decoding: writer.bytes, as: UTF8.self))
        }
        #expect(
            FileManager.default.createFile(atPath: dir.file("journal-0.jsonl"), contents: Data(lines.joined().utf8)))
        let pointer = reframe(#"{"schema":1,"generation":0,"snapshot":false,"snapshotBytes":0,"entriesBytes":0"#)
        #expect(FileManager.default.createFile(atPath: dir.file("CURRENT"), contents: Data((pointer + "\n").utf8)))
        chmod(dir.path, 0o700)
        for name in ["journal-0.jsonl", "CURRENT"] { chmod(dir.file(name), 0o600) }

        let store = try FileStore(path: dir.path)
        #expect(store.readOnlyReason == nil)
        #expect(try StoreFiles.notes(store) == ["old"])
        var s = Script(store)
        try s.note("ada", "new")
        let current = String(decoding: FileManager.default.contents(atPath: dir.file("CURRENT"))!, as: UTF8.self)
        #expect(current.contains(#""schema":5"#) && current.contains(#""generation":1"#), "\(current)")
        #expect(try StoreFiles.notes(FileStore(path: dir.path)) == ["old", "new"])
    }
}
