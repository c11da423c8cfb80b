import Conversation
import Foundation
import Testing

@testable import Store

@Suite("Record format")
struct CodecTests {
    @Test("XXH64 matches the reference implementation's vectors")
    func xxh64() {
        // From the xxHash reference (python-xxhash 3.x, seed 0).
        #expect(Checksum.xxh64(Array("".utf8)) == 0xEF46_DB37_51D8_E999)
        #expect(Checksum.xxh64(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(Checksum.xxh64(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(Checksum.xxh64(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x0B24_2D36_1FDA_71BC)
        #expect(Checksum.xxh64(Array((0..<768).map { UInt8($0 % 256) })) == 0x8E03_C838_C596_036F)
    }

    @Test("every change kind survives encode → decode, and Foundation reads the line as the same JSON")
    func recordRoundTrip() throws {
        let at = Instant(seconds: 1_796_115_600)
        let changes: [Change] = [
            .add([
                CandidateDraft(
                    handle: "ada", name: "Ada \"L\" \\ Ω", email: "a@b.c", tags: ["x", "y"], tz: "Europe/Berlin")
            ]),
            .edit(
                handle: "ada", id: 2,
                fields: [FieldChange(field: .email, value: nil), FieldChange(field: .role, value: "R")],
                summary: .string("s")),
            .entry(
                EntryDraft(
                    handle: "ada", id: 3, at: at, kind: .message, direction: .inbound, channel: .sms,
                    text: .string("hi\n\u{0}\u{1B}"))),
            .entry(
                EntryDraft(
                    handle: "ada", id: 4, at: at, kind: .feedback, rating: 3, recommend: false, text: .string(""))),
            .stage(handle: "ada", id: 5, stage: .offer),
            .status(handle: "ada", id: 6, status: .rejected, reason: .string("r")),
            .hire(
                handle: "ada", id: 7, start: at,
                checkins: [MeetingDraft(id: 8, handle: "ada", kind: .checkin, start: at, minutes: 30)]),
            .schedule(
                MeetingDraft(
                    id: 9, handle: "ada", kind: .talk, with: "Sam", role: .buddy, start: at, minutes: 45,
                    place: "room \"1\"")),
            .done(meeting: 9, mood: .bad, outcome: "meh"), .cancel(meeting: 9, reason: "ill"),
            .move(meeting: 9, start: at),
            .undo(target: 12),
        ]
        for (k, change) in changes.enumerated() {
            let record = Record(seq: Int64(k + 1), ts: at, by: "rita ✎", change: change)
            var writer = JSONWriter()
            let location = RecordEncoder.encode(record, into: &writer)
            #expect(writer.bytes.last == 0x0A)
            let line = Array(writer.bytes.dropLast())
            #expect(!line.contains(0x0A), "one line")
            #expect(try JSONSerialization.jsonObject(with: Data(line)) is [String: Any])
            let decoded = try line.withUnsafeBytes { try RecordDecoder.decode($0, source: 9, lineOffset: 100) }
            // Texts come back as references into the line: read them and compare.
            var expected = record
            if let location, case .string(let text)? = change.text {
                let raw = Array(line[location.start..<(location.start + location.length)])
                let back = location.escaped ? JSONEscaping.unescape(raw) : raw
                #expect(String(decoding: back, as: UTF8.self) == text)
                guard case .ref(let ref)? = decoded.change.text else {
                    Issue.record("no text reference for \(change.op)")
                    continue
                }
                #expect(Int(ref.start) == location.start && Int(ref.length) == location.length && ref.line == 100)
                expected.change = change.withText(.ref(ref))
            }
            #expect(decoded == expected, "\(change.op)")
        }
    }

    @Test("a record with a changed byte, a duplicate key or an unknown key is refused")
    func refusals() throws {
        var writer = JSONWriter()
        RecordEncoder.encode(Record(seq: 1, ts: Instant(seconds: 0), by: "r", change: .undo(target: 3)), into: &writer)
        let line = Array(writer.bytes.dropLast())
        #expect(line.withUnsafeBytes { Framing.verify($0) } == .valid)
        var flipped = line
        flipped[3] ^= 1
        #expect(flipped.withUnsafeBytes { Framing.verify($0) } == .mismatch)
        #expect(Array(line.dropLast(5)).withUnsafeBytes { Framing.verify($0) } == .unframed)
        for body in [
            #"{"seq":1,"seq":2,"ts":"1970-01-01T00:00:00Z","by":"r","op":"undo","target":3"#,
            #"{"seq":1,"ts":"1970-01-01T00:00:00Z","by":"r","op":"undo","target":3,"extra":1"#,
        ] {
            var w = JSONWriter()
            w.bytes = Array(body.utf8)
            Framing.sealRaw(&w)
            #expect(w.bytes.withUnsafeBytes { Framing.verify($0) } == .valid)
            #expect(throws: JSONSyntaxError.self) {
                try w.bytes.withUnsafeBytes { try RecordDecoder.decode($0, source: 2, lineOffset: 0) }
            }
        }
    }

    @Test("the JSON writer escapes exactly what JSON needs and Foundation agrees")
    func writer() throws {
        for text in ["plain", "q\"b\\s", "\u{0}\u{1F}\u{7F}", "emoji 🎉 RTL مرحبا \u{2028}", "tab\tnl\ncr\r"] {
            var w = JSONWriter()
            w.beginArray()
            w.string(text)
            w.endArray()
            let parsed = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String]
            #expect(parsed == [text])
        }
    }
}
