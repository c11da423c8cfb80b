import Conversation

@testable import Store

/// Fuzz target `record`: one journal or entries line, or a `CURRENT` file. Each input goes through
/// `Framing.verify` and the decoders as it is (the decoders must also survive lines whose sum does
/// not match), then resealed with a valid sum through the path the store takes: verify, decode,
/// apply to a state that has candidates, meetings and undo history. A record that decodes holds
/// only numbers within `StoreLimits`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    run(input, framed: false)
    let sealed = Resealing.seal(input[...])
    precondition(
        sealed.count <= Framing.suffixLength || sealed.withUnsafeBytes { Framing.verify($0) } == .valid,
        "a sealed line must verify")
    run(sealed, framed: true)
    return 0
}

private func run(_ line: [UInt8], framed: Bool) {
    _ = line.withUnsafeBytes { Framing.verify($0) }
    _ = line.withUnsafeBytes { CommitLine.isCommit($0) ? CommitLine.decode($0) : nil }
    _ = try? StorePointer.decode(line + [0x0A])
    var state = RecordFixture.state
    line.withUnsafeBytes { raw in
        if let record = try? RecordDecoder.decode(raw, source: 3, lineOffset: 0) {
            checkLimits(record)
            var replayed = state
            if (try? replayed.apply(record, line: .line(source: 3, at: 0, length: UInt32(raw.count)))) != nil {
                _ = replayed.meetings.map(\.end)
            }
        }
        var decoder = EntryLineDecoder(state: state)
        if let entry = try? decoder.decode(raw, source: 2, offset: 0, state: &state), framed {
            state.loadOlderEntries([entry])
            _ = state.entryPositions(of: entry.candidate)
        }
    }
}

/// A decoded record holds only numbers within `StoreLimits`, so that arithmetic on them (the next
/// seq, the next id, a meeting's end) cannot trap, whatever the line said.
private func checkLimits(_ record: Record) {
    precondition(StoreLimits.seq.contains(record.seq), "seq out of range")
    if let id = record.change.id { precondition(StoreLimits.id.contains(Int64(id)), "id out of range") }
    var meetings: [MeetingDraft] = []
    switch record.change {
    case .schedule(let draft): meetings = [draft]
    case .hire(_, _, _, let checkins): meetings = checkins
    case .undo(let target): precondition(StoreLimits.seq.contains(target), "undo target out of range")
    default: break
    }
    for meeting in meetings {
        precondition(StoreLimits.id.contains(Int64(meeting.id)), "meeting id out of range")
        precondition(StoreLimits.minutes.contains(Int64(meeting.minutes)), "minutes out of range")
    }
}

/// The state the records are applied to: the seeds' candidates, talks #5 and #6, undo history.
enum RecordFixture {
    static let state: State = {
        var state = State()
        let at = Instant(seconds: 1_796_115_600)  // 2026-12-01T09:00:00Z
        let changes: [Change] = [
            .add([
                CandidateDraft(handle: "ada-lovelace", name: "Ada Lovelace", email: "ada@example.org"),
                CandidateDraft(handle: "zoe-muller", name: "Zoë Müller"),
                CandidateDraft(handle: "grace-hopper", name: "Grace Hopper"),
            ]),
            .schedule(
                MeetingDraft(
                    id: 5, handle: "ada-lovelace", kind: .talk, with: "Sam Lee", role: .peer, start: at, minutes: 45)),
            .schedule(MeetingDraft(id: 6, handle: "ada-lovelace", kind: .talk, start: at, minutes: 60)),
            .entry(
                EntryDraft(
                    handle: "ada-lovelace", id: 7, at: at, kind: .message, direction: .inbound, channel: .email,
                    text: .string("Hi"))),
        ]
        for (k, change) in changes.enumerated() {
            try! state.apply(Record(seq: Int64(k + 1), ts: at, by: "rita", change: change))
        }
        return state
    }()
}
