import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("Recovery and damage")
struct RecoveryTests {
    /// A store of `n` notes on one candidate, in the journal.
    static func makeStore(notes n: Int) throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada", name: "Ada Lovelace")
        for k in 0..<n { try s.note("ada", "note \(k) with some text ✓") }
        return dir
    }

    static func quarantined(_ path: String) -> [Data] {
        StoreFiles.all(path).filter { $0.key.hasPrefix("quarantine-") }.map(\.value)
    }

    /// Where each write of a journal ends (just past its commit line's newline).
    static func writeEnds(_ data: Data) -> [Int] {
        let starts = lineStarts(data) + [data.count]
        return zip(starts, starts.dropFirst()).filter { start, _ in
            data[start...].starts(with: Data(#"{"commit":"#.utf8))
        }.map(\.1)
    }

    @Test(
        "a journal cut at any byte of its last two writes opens with exactly the complete writes; the cut bytes go to quarantine"
    )
    func tornTailSweep() throws {
        let original = try Self.makeStore(notes: 6)
        let journal = journalName(original.path)
        let bytes = FileManager.default.contents(atPath: original.file(journal))!
        let ends = Self.writeEnds(bytes)
        #expect(ends.count == 7 && ends.last == bytes.count, "one add and six notes, each its own write")
        let allNotes = try StoreFiles.notes(FileStore(path: original.path))
        var cuts = 0
        for cut in ends[ends.count - 3]..<bytes.count {
            let dir = TemporaryDirectory()
            for (name, data) in StoreFiles.all(original.path) {
                #expect(
                    FileManager.default.createFile(
                        atPath: dir.file(name), contents: name == journal ? bytes.prefix(cut) : data))
            }
            let store = try FileStore(path: dir.path)
            // Complete writes are those whose commit line survived the cut, newline included.
            let complete = ends.filter { $0 <= cut }
            let writeStart = complete.last ?? 0
            let expectedNotes = Array(allNotes.prefix(max(0, complete.count - 1)))
            #expect(try StoreFiles.notes(store) == expectedNotes, "cut at \(cut)")
            let quarantine = Self.quarantined(dir.path)
            if cut == writeStart {
                #expect(quarantine.isEmpty, "cut at a write boundary \(cut)")
            } else {
                #expect(quarantine == [bytes[writeStart..<cut]], "cut at \(cut)")
            }
            // The journal now ends with the last complete write, and a new write lands after it.
            let journalAfter = FileManager.default.contents(atPath: dir.file(journal))!
            #expect(journalAfter == bytes.prefix(writeStart))
            var s = Script(store)
            try s.note("ada", "after repair")
            #expect(try StoreFiles.notes(FileStore(path: dir.path)) == expectedNotes + ["after repair"])
            cuts += 1
        }
        #expect(cuts > 200)
    }

    /// Opening must report `file`, not change a byte, and refuse writes.
    static func expectDamage(
        _ dir: TemporaryDirectory, file: String, reasonContains: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = StoreFiles.all(dir.path)
        var message = ""
        do {
            let store = try FileStore(path: dir.path)
            message = store.readOnlyReason ?? ""
            #expect(!message.isEmpty, "the store should be read-only", sourceLocation: sourceLocation)
            var s = Script(store)
            #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try s.note("ada", "must be refused") }
            do {
                try s.note("ada", "must be refused")
            } catch {
                #expect("\(error)".contains(file), "\(error)", sourceLocation: sourceLocation)
            }
        } catch {
            message = "\(error)"
        }
        #expect(message.contains(file), "\(message)", sourceLocation: sourceLocation)
        if let reasonContains {
            #expect(message.contains(reasonContains), "\(message)", sourceLocation: sourceLocation)
        }
        #expect(StoreFiles.all(dir.path) == before, "files changed", sourceLocation: sourceLocation)
    }

    static func rewrite(_ dir: TemporaryDirectory, _ name: String, _ change: (inout Data) -> Void) {
        var data = FileManager.default.contents(atPath: dir.file(name))!
        change(&data)
        #expect(FileManager.default.createFile(atPath: dir.file(name), contents: data))
    }

    @Test("a flipped byte in the middle record names file, line and byte; nothing changes; writes are refused")
    func flippedByte() throws {
        let dir = try Self.makeStore(notes: 8)
        let journal = journalName(dir.path)
        var line = 0
        var offset = 0
        Self.rewrite(dir, journal) { data in
            let starts = lineStarts(data)
            line = starts.count / 2
            offset = starts[line] + 30
            data[offset] ^= 0x01
        }
        Self.expectDamage(dir, file: journal, reasonContains: "line \(line + 1), byte \(starts(offset))")
    }

    private func starts(_ offset: Int) -> Int { offset - 30 }

    @Test("a deleted middle write is a missing sequence number, not silently skipped")
    func deletedWrite() throws {
        let dir = try Self.makeStore(notes: 8)
        let journal = journalName(dir.path)
        Self.rewrite(dir, journal) { data in
            let ends = Self.writeEnds(data)
            data.removeSubrange(ends[3]..<ends[4])
        }
        Self.expectDamage(dir, file: journal, reasonContains: "missing")
    }

    @Test("a deleted middle record line breaks its write: damage (a complete write follows), not a torn tail")
    func deletedRecordLine() throws {
        let dir = try Self.makeStore(notes: 8)
        let journal = journalName(dir.path)
        Self.rewrite(dir, journal) { data in
            let starts = lineStarts(data)
            data.removeSubrange(starts[4]..<starts[5])
        }
        Self.expectDamage(
            dir, file: journal, reasonContains: "line 5, byte 449: the commit line of a write does not match")
    }

    @Test("garbage and empty snapshots, a newer schema, duplicate keys are refused with the file named")
    func damagedSnapshotAndRecords() throws {
        func compacted() throws -> (TemporaryDirectory, String) {
            let dir = try Self.makeStore(notes: 5)
            try FileStore(path: dir.path).compact()
            var s = Script(try FileStore(path: dir.path))
            try s.note("ada", "after")
            try s.note("ada", "after again")
            let snapshot = StoreFiles.all(dir.path).keys.first { $0.hasPrefix("snapshot-") }!
            return (dir, snapshot)
        }
        do {
            let (dir, snapshot) = try compacted()
            Self.rewrite(dir, snapshot) { $0 = Data("this is not JSON at all, just garbage\n".utf8) }
            Self.expectDamage(dir, file: snapshot)
        }
        do {
            let (dir, snapshot) = try compacted()
            Self.rewrite(dir, snapshot) { $0 = Data() }
            Self.expectDamage(dir, file: snapshot)
        }
        do {
            // Same size, one byte changed inside a candidate line: its checksum catches it.
            let (dir, snapshot) = try compacted()
            Self.rewrite(dir, snapshot) { data in
                let starts = lineStarts(data)
                data[starts[2] + 12] ^= 0x20
            }
            Self.expectDamage(dir, file: snapshot, reasonContains: "line 3")
        }
        do {
            // A duplicate key in a middle journal record, with a checksum that matches it.
            let dir = try Self.makeStore(notes: 6)
            let journal = journalName(dir.path)
            Self.rewrite(dir, journal) { data in
                var lines = data.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
                var line = lines[4]
                line = String(line.dropLast(26)) + #","by":"mallory""#
                var writer = JSONWriter()
                writer.bytes = Array(line.dropLast(0).utf8)
                lines[4] = reframe(line)
                data = Data((lines.joined(separator: "\n") + "\n").utf8)
            }
            Self.expectDamage(dir, file: journal, reasonContains: "duplicate key")
        }
        do {
            let dir = try Self.makeStore(notes: 2)
            Self.rewrite(dir, "CURRENT") { data in
                let text = String(decoding: data, as: UTF8.self).replacing(/"schema":\d+/, with: #""schema":999"#)
                data = Data((reframe(String(text.dropLast(27))) + "\n").utf8)
            }
            Self.expectDamage(dir, file: "newer cande")
        }
    }
}

/// Closes `object` (without its final brace) with a valid `"sum"`, as the store does.
func reframe(_ objectWithoutBrace: String) -> String {
    let body = objectWithoutBrace
    let sum = Array(body.utf8).withUnsafeBytes { Checksum.xxh64($0) }
    let hex = String(sum, radix: 16)
    return body + #","sum":""# + String(repeating: "0", count: 16 - hex.count) + hex + "\"}"
}
