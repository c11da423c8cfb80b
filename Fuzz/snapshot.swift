import Conversation

@testable import Store

/// Fuzz target `snapshot`: a whole `snapshot-N.json`. Decoded as it is, then with every object
/// line resealed (so that the fuzzer gets past the checksums); then every candidate is decoded
/// with its entry offsets, and each user's latest change is undone, as the store would. Whatever
/// decodes holds only numbers within `StoreLimits`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    decode(input)
    return 0
}

private func decode(_ input: [UInt8]) {
    _ = try? SnapshotFile.decode(LoadedFile(copying: input), name: "snapshot-1.json")
    let sealed = Resealing.sealLines(input)
    guard let (header, state, candidates) = try? SnapshotFile.decode(LoadedFile(copying: sealed), name: "s")
    else { return }
    precondition(StoreLimits.seq.contains(header.seq) && header.nextID >= 1, "header out of range")
    for k in 0..<header.candidates {
        _ = candidates.candidate(at: k)
        _ = try? candidates.entryOffsets(at: k)
    }
    for meeting in state.meetings {
        precondition(StoreLimits.minutes.contains(Int64(meeting.minutes)), "minutes out of range")
        _ = meeting.end
    }
    for (user, stack) in state.undoStacks {
        guard let item = stack.last else { continue }
        var copy = state
        let undo = Record(
            seq: state.lastSeq + 1, ts: Instant(seconds: 1_796_115_600), by: user, change: .undo(target: item.seq))
        try? copy.apply(undo)
    }
}
