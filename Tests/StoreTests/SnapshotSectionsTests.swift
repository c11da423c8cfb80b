import Conversation
import Foundation
import TestSupport
import Testing

@testable import Store

/// Schema 4 reads the snapshot's candidate lines when a candidate is first decoded and its offsets
/// section when a timeline is first asked for: damage there does not stop the store from opening
/// or the views that read only the digest line, and it fails the reads that reach it, naming the
/// file and line.
@Suite("Snapshot lines read on demand (schema 4)")
struct SnapshotSectionsTests {
    static func store() throws -> (TemporaryDirectory, String) {
        let dir = TemporaryDirectory("cande-offsets")
        let store = try FileStore(path: dir.path)
        var s = Script(store)
        try s.add("ada", name: "Ada Lovelace")
        try s.add("bob", name: "Bob Stone")
        try s.message("ada", .outbound, "How are you?")
        try s.message("bob", .inbound, "Hello")
        try s.message("ada", .inbound, "Fine")
        try store.compact()
        let pointer = try StorePointer.decode(Array(FileManager.default.contents(atPath: dir.file("CURRENT"))!))
        return (dir, pointer.snapshotName)
    }

    static func lines(_ dir: TemporaryDirectory, _ name: String) -> [String] {
        String(decoding: FileManager.default.contents(atPath: dir.file(name))!, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("the header says where the offsets start; they list each candidate's entry lines")
    func layout() throws {
        let (dir, name) = try Self.store()
        let bytes = FileManager.default.contents(atPath: dir.file(name))!
        let text = String(decoding: bytes, as: UTF8.self)
        let at = Int(try #require(text.firstMatch(of: /"offsetsAt":(\d+)/)).1)!
        #expect(String(decoding: bytes[at...].prefix(12), as: UTF8.self) == "\"offsets\":[\n")
        let all = Self.lines(dir, name)
        let start = try #require(all.firstIndex(of: #""offsets":["#))
        let ada = try #require(all[start + 1].firstMatch(of: /^\{"at":\[(\d+),(\d+)\]/))
        let bob = try #require(all[start + 2].firstMatch(of: /^\{"at":\[(\d+)\]/))
        // The offsets are where those lines start in the entries file.
        let entries = FileManager.default.contents(
            atPath: dir.file(
                name.replacing("snapshot", with: "entries")
                    .replacing(".json", with: ".jsonl")))!
        func line(at offset: Substring) -> String {
            let from = Int(offset)!
            return String(decoding: entries[from...].prefix { $0 != 0x0A }, as: UTF8.self)
        }
        #expect(line(at: ada.1).contains("How are you?") && line(at: ada.2).contains("Fine"))
        #expect(line(at: bob.1).contains("Hello"))
        #expect(all[start + 3] == "]}" && all[start + 4].isEmpty && all.count == start + 5)
    }

    @Test("a changed byte in one candidate's offsets: the store opens, that timeline fails naming the line")
    func damagedLine() throws {
        let (dir, name) = try Self.store()
        var all = Self.lines(dir, name)
        let start = try #require(all.firstIndex(of: #""offsets":["#))
        // Bob's line: one digit changed, its sum left as it was.
        let bob = start + 2
        all[bob] = all[bob].replacing(/^\{"at":\[(\d)/) { m in #"{"at":["# + (m.1 == "9" ? "8" : "9") }
        try Data(all.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: dir.file(name)))

        let store = try FileStore(path: dir.path)
        #expect(store.readOnlyReason == nil)
        var rows = 0
        store.state.forEachDigestRow { _, _ in rows += 1 }
        #expect(rows == 2)
        try store.loadTimeline(of: 0)
        #expect(store.state.timeline(of: 0).count == 2)
        do {
            try store.loadTimeline(of: 1)
            Issue.record("Bob's timeline read past a damaged offsets line")
        } catch {
            #expect("\(error)".contains("\(name) is damaged at line \(bob + 1)"), "\(error)")
            #expect("\(error)".contains("checksum"), "\(error)")
        }
    }

    @Test("a snapshot cut inside its offsets: the store opens, a timeline read fails; the size check names it")
    func truncated() throws {
        let (dir, name) = try Self.store()
        let path = dir.file(name)
        let bytes = FileManager.default.contents(atPath: path)!
        try Data(bytes.dropLast(10)).write(to: URL(fileURLWithPath: path))
        // CURRENT's size check catches it first.
        do {
            _ = try FileStore(path: dir.path)
            Issue.record("a short snapshot opened")
        } catch {
            #expect("\(error)".contains(name) && "\(error)".contains("bytes"), "\(error)")
        }
        // With CURRENT made to agree, opening reads only up to the offsets; the timeline read fails.
        var pointer = try StorePointer.decode(Array(FileManager.default.contents(atPath: dir.file("CURRENT"))!))
        pointer.snapshotBytes = Int64(bytes.count - 10)
        try Data(pointer.encoded()).write(to: URL(fileURLWithPath: dir.file("CURRENT")))
        let store = try FileStore(path: dir.path)
        #expect(store.state.candidate(handle: "bob")?.name == "Bob Stone")
        #expect(throws: StoreError.self) { try store.loadTimeline(of: 0) }
        #expect(throws: StoreError.self) { try store.loadTimeline() }
    }

    @Test("a changed byte in a candidate line: the store opens from the digest line; reading that candidate fails")
    func damagedCandidateLine() throws {
        let (dir, name) = try Self.store()
        var all = Self.lines(dir, name)
        let bob = try #require(all.firstIndex { $0.hasPrefix(#"{"handle":"bob""#) })
        all[bob] = all[bob].replacing("Bob Stone", with: "Bob Stane")
        try Data(all.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: dir.file(name)))

        let store = try FileStore(path: dir.path)
        #expect(store.readOnlyReason == nil)
        // The digest line still says who is there, and is what the listing views read.
        #expect(store.state.digestRow(1)?.name == "Bob Stone")
        #expect(store.state.candidateIndex(handle: "bob") == 1)
        try store.checkReads()
        _ = store.state.candidates[0].name
        try store.checkReads()
        _ = store.state.candidates[1].name
        do {
            try store.checkReads()
            Issue.record("a damaged candidate line was read silently")
        } catch {
            #expect("\(error)".contains("\(name) is damaged at line \(bob + 1)"), "\(error)")
            #expect("\(error)".contains("checksum"), "\(error)")
        }
    }

    @Test("a candidate line sealed again under another handle does not pass for the digest's candidate")
    func handleMismatch() throws {
        let (dir, name) = try Self.store()
        Hostile.editLine(dir, name, startingWith: #"{"handle":"bob""#) { body in
            body = body.replacing(#"{"handle":"bob""#, with: #"{"handle":"eve""#)
        }
        let store = try FileStore(path: dir.path)
        #expect(store.state.candidateIndex(handle: "eve") == nil)
        _ = store.state.candidates[1].name
        #expect(throws: StoreError.self) { try store.checkReads() }
    }

    @Test("candidates read one line at a time, then the whole section: the same candidates either way")
    func aloneThenWhole() throws {
        let dir = TemporaryDirectory("cande-sections")
        let store = try FileStore(path: dir.path)
        var s = Script(store)
        let count = SnapshotSection.aloneLimit + 9
        for k in 0..<count { try s.add("c\(k)", name: "Candidate \(k)") }
        try store.compact()
        let opened = try FileStore(path: dir.path)
        let names = (0..<count).map { opened.state.candidates[$0].name }
        #expect(names == (0..<count).map { "Candidate \($0)" })
        try opened.checkReads()
    }

    @Test("a digest line whose line starts are wrong (sealed again) is damage when a candidate is read")
    func wrongLineStarts() throws {
        let (dir, name) = try Self.store()
        Hostile.editLine(dir, name, startingWith: #""digest":"#) { body in
            body = body.replacing(/"lines":\[(\d+),/) { m in #""lines":["# + String(Int(m.1)! + 3) + "," }
        }
        try Hostile.updatePointer(dir, keepLineStarts: true)
        let store = try FileStore(path: dir.path)
        _ = store.state.candidates[0].name
        #expect(throws: StoreError.self) { try store.checkReads() }
    }

    @Test("a digest line whose columns this cande cannot read: the views read the candidate lines instead")
    func unreadableColumns() throws {
        let (dir, name) = try Self.store()
        Hostile.editLine(dir, name, startingWith: #""digest":"#) { body in
            body = body.replacing(#""status":"aa""#, with: #""status":"aq""#)
        }
        try Hostile.updatePointer(dir)
        let store = try FileStore(path: dir.path)
        #expect(store.state.candidateIndex(handle: "bob") == 1)
        #expect(store.state.digestColumns == nil)
        var rows: [Int32: DigestRow] = [:]
        store.state.forEachDigestRow { rows[$0] = $1 }
        #expect(rows[1]?.status == .active && rows[1]?.name == "Bob Stone" && rows[1]?.waitingSince != nil)
        try store.checkReads()
    }
}
