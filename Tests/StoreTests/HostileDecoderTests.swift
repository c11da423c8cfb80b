import Conversation
import Foundation
import TestSupport
import Testing

@testable import Store

/// The decoders on hostile bytes, one at a time: every one an error with a reason, never a trap
/// (found by the fuzz targets in Fuzz/ and by reading the decoders).
@Suite("Hostile decoder input")
struct HostileDecoderTests {
    static let ts = #""ts":"2026-12-01T09:00:00Z","by":"rita""#

    static func skip(_ text: String) -> JSONSyntaxError? {
        Array(text.utf8).withUnsafeBytes { raw in
            var reader = JSONReader(raw)
            do throws(JSONSyntaxError) {
                try reader.skipValue()
                try reader.expectEnd()
                return nil
            } catch {
                return error
            }
        }
    }

    static func record(_ body: String) -> Result<Record, JSONSyntaxError> {
        Hostile.sealed(body).withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try RecordDecoder.decode(raw, source: 3, lineOffset: 0) }
        }
    }

    /// The reason a sealed record is refused ("" if it decodes). A record that decodes is also
    /// applied, as replaying a journal does.
    static func refusal(_ body: String) -> String {
        switch record(body) {
        case .failure(let error): return error.reason
        case .success(let record):
            var state = State()
            try? state.apply(
                Record(seq: 1, ts: record.ts, by: "rita", change: .add([CandidateDraft(handle: "ada", name: "Ada")])))
            try? state.apply(record)
            _ = state.meetings.map(\.end)
            return ""
        }
    }

    @Test("skipping a value 200,000 arrays or objects deep is an error, not a stack overflow")
    func deepValues() {
        #expect(Self.skip(Hostile.nested(200_000))?.reason.contains("nested too deeply") == true)
        let objects = String(repeating: #"{"a":"#, count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(Self.skip(objects)?.reason.contains("nested too deeply") == true)
        let error = Self.skip(Hostile.nested(JSONReader.maxDepth + 1))
        #expect(error?.offset == JSONReader.maxDepth, "the first bracket too deep")
        #expect(Self.skip(Hostile.nested(JSONReader.maxDepth)) == nil)
        #expect(Self.skip(#"{"a":[1,{"b":[]}],"c":"d"}"#) == nil)
    }

    @Test(
        "minutes outside 1 minute … 31 days are refused when a record is read",
        arguments: ["0", "-1", "44641", "9223372036854775807", "-9223372036854775807"])
    func minutesOutOfRange(minutes: String) {
        let talk = #"{"seq":2,"# + Self.ts + #","op":"talk","id":1,"c":"ada","start":"2026-12-02T14:00:00Z","#
        #expect(Self.refusal(talk + #""minutes":"# + minutes).contains("minutes"))
        let hire =
            #"{"seq":2,"# + Self.ts + #","op":"hire","id":1,"c":"ada","start":"2026-12-02T00:00:00Z","#
            + #""checkins":[{"id":2,"start":"2026-12-03T09:00:00Z","minutes":"# + minutes + "}]"
        #expect(Self.refusal(hire).contains("minutes"))
        #expect(Self.refusal(talk + #""minutes":44640"#) == "")
    }

    @Test(
        "ids, seqs and undo targets that arithmetic on them would overflow are refused",
        arguments: [
            #""op":"note","id":2147483647,"c":"ada","at":"2026-12-01T09:00:00Z","text":"x""#,
            #""op":"note","id":0,"c":"ada","at":"2026-12-01T09:00:00Z","text":"x""#,
            #""op":"undo","target":9223372036854775807"#,
        ])
    func bigNumbers(rest: String) {
        #expect(!Self.refusal(#"{"seq":2,"# + Self.ts + "," + rest).isEmpty)
        #expect(Self.refusal(#"{"seq":9223372036854775807,"# + Self.ts + #","op":"undo","target":1"#).contains("seq"))
    }

    @Test("a text that is not the last string is read in full, not up to the sum")
    func textBeforeAnotherKey() throws {
        var state = State()
        try state.apply(
            Record(
                seq: 1, ts: Instant(seconds: 0), by: "rita", change: .add([CandidateDraft(handle: "ada", name: "A")])))
        let line = Hostile.sealed(
            #"{"seq":2,"ts":"2026-12-01T09:00:00Z","op":"note","id":1,"c":"ada","at":"2026-12-01T09:00:00Z","#
                + #""text":"hi","by":"maria""#)
        var decoder = EntryLineDecoder(state: state)
        let entry = try line.withUnsafeBytes { try decoder.decode($0, source: 2, offset: 0, state: &state) }
        #expect(state.user(entry.by) == "maria")
        #expect(Array(line[Int(entry.text.start)..<Int(entry.text.start + entry.text.length)]) == Array("hi".utf8))
    }

    /// A snapshot of no candidates whose header says `header`.
    static func snapshot(_ header: String) -> Result<SnapshotFile.Header, StoreError> {
        let headerLine = String(decoding: Hostile.sealed("{" + header), as: UTF8.self)
        let text =
            #"{"snapshot":"# + headerLine + ",\n" + #""candidates":["# + "\n],\n" + #""meetings":["#
            + "\n],\n" + #""undo":["# + "\n]}\n"
        return Result { () throws(StoreError) in
            try SnapshotFile.decode(LoadedFile(copying: Array(text.utf8)), name: "snapshot-1.json").0
        }
    }

    @Test(
        "snapshot header numbers beyond what cande writes or the file holds are damage",
        arguments: [
            #""candidates":2147483647"#, #""candidates":-1"#, #""meetings":9223372036854775807"#, #""forgotten":-1"#,
            #""seq":9223372036854775807"#, #""nextID":0"#, #""generation":-5"#, #""entries":-1"#,
        ])
    func headerNumbers(field: String) {
        let good =
            #""schema":1,"generation":1,"seq":0,"nextID":1,"forgotten":0,"candidates":0,"meetings":0,"#
            + #""undo":0,"entries":0,"indexed":true"#
        #expect(throws: Never.self) { try Self.snapshot(good).get() }
        let key = String(field.prefix { $0 != ":" })
        let bad = good.split(separator: ",").map { $0.hasPrefix(key + ":") ? field : String($0) }.joined(
            separator: ",")
        guard case .failure(.corrupt(let file, let line, _, _)) = Self.snapshot(bad) else {
            Issue.record("\(field) was accepted")
            return
        }
        #expect(file == "snapshot-1.json" && line == 1)
    }

    @Test(
        "CURRENT with a generation or byte count out of range is damage",
        arguments: [#""generation":-1"#, #""generation":9223372036854775807"#, #""snapshotBytes":-1"#])
    func pointerNumbers(field: String) {
        var fields = [
            #""schema":1"#, #""generation":0"#, #""snapshot":false"#, #""snapshotBytes":0"#, #""entriesBytes":0"#,
        ]
        #expect(throws: Never.self) { try StorePointer.decode(Hostile.sealed("{" + fields.joined(separator: ","))) }
        let key = String(field.prefix { $0 != ":" })
        fields = fields.map { $0.hasPrefix(key + ":") ? field : $0 }
        #expect(throws: StoreError.self) {
            try StorePointer.decode(Hostile.sealed("{" + fields.joined(separator: ",")))
        }
    }

    @Test(
        "entry offsets outside the entries file are damage, not a read error or a huge read",
        arguments: [Int64(-1), 1 << 40, Int64.max])
    func offsetsOutsideTheFile(offset: Int64) throws {
        let dir = TemporaryDirectory()
        var state = State()
        try state.apply(
            Record(
                seq: 1, ts: Instant(seconds: 0), by: "rita", change: .add([CandidateDraft(handle: "ada", name: "A")])))
        let line = Hostile.sealed(
            #"{"seq":2,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"note","id":1,"c":"ada","#
                + #""at":"2026-12-01T09:00:00Z","text":"hi""#)
        try Data(line + [0x0A]).write(to: URL(fileURLWithPath: dir.file("entries-1.jsonl")))
        let directory = try StoreDirectory(path: dir.path, create: false)
        let file = try directory.open("entries-1.jsonl", flags: O_RDONLY)
        let reader = CandidateEntriesReader(file: file, name: "entries-1.jsonl")
        #expect(try reader.read(offsets: [0], state: &state).count == 1)
        let error = #expect(throws: StoreError.self) { try reader.read(offsets: [0, offset], state: &state) }
        guard case .corrupt(let file, _, _, let reason)? = error else {
            Issue.record("\(String(describing: error)) is not damage")
            return
        }
        #expect(file == "entries-1.jsonl" && reason.contains("outside the file"), "\(reason)")
    }

    @Test("a snapshot meeting of huge minutes and a candidate of negative touches are refused")
    func snapshotObjects() {
        func read<T>(_ body: String, _ decode: (inout JSONReader) throws(JSONSyntaxError) -> T) -> String {
            Hostile.sealed(body).withUnsafeBytes { raw in
                var reader = JSONReader(raw)
                do throws(JSONSyntaxError) {
                    _ = try decode(&reader)
                    return ""
                } catch {
                    return error.reason
                }
            }
        }
        let meeting =
            #"{"id":5,"c":"ada","kind":"talk","start":"2026-12-03T15:00:00Z","minutes":99999999999,"#
            + #""status":"scheduled","scheduled":"2026-12-01T09:00:00Z","by":"rita""#
        #expect(
            read(meeting) { (r) throws(JSONSyntaxError) in try SnapshotCodec.readMeeting(&r) { _ in 0 } }.contains(
                "minutes"))
        let candidate =
            #"{"handle":"ada","name":"Ada","stage":"applied","status":"active","#
            + #""created":"2026-12-01T09:00:00Z","touches":-9223372036854775807,"stages":[]"#
        #expect(
            read(candidate) { (r) throws(JSONSyntaxError) in try SnapshotCodec.readCandidate(&r) }.contains("touches"))
    }
}
