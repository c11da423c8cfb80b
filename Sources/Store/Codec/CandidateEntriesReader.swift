import Conversation

/// Reads one candidate's lines of an entries file, at the offsets its snapshot line lists:
/// each line verified (its `sum`) and decoded like `FileStore.loadTimeline` does for all.
/// Lines are read with `pread`, a few KiB each, so that the rest of the file is never touched.
struct CandidateEntriesReader {
    let file: FileDescriptor
    let name: String

    func read(offsets: [Int64], state: inout State) throws(StoreError) -> [Entry] {
        guard !offsets.isEmpty else { return [] }
        var decoder = EntryLineDecoder(state: state)
        var entries: [Entry] = []
        entries.reserveCapacity(offsets.count)
        let size = try file.size()
        for offset in offsets {
            // An offset of the snapshot is damage when it lies outside the file.
            guard offset >= 0, offset < size else {
                throw .corrupt(
                    file: name, line: 0, byte: Int(clamping: offset),
                    reason: "the snapshot points at byte \(offset), outside the file (\(size) bytes)")
            }
            let bytes = try line(at: offset, size: size)
            switch bytes.withUnsafeBytes({ Framing.verify($0) }) {
            case .valid: break
            case .unframed: throw corrupt(at: offset, "not a framed record")
            case .mismatch: throw corrupt(at: offset, "checksum mismatch (the line was changed or damaged)")
            }
            let decoded = bytes.withUnsafeBytes { line in
                Result { () throws(JSONSyntaxError) -> Entry in
                    try decoder.decode(line, source: FileTextSource.entriesSource, offset: offset, state: &state)
                }
            }
            switch decoded {
            case .success(let entry): entries.append(entry)
            case .failure(let error): throw corrupt(at: offset + Int64(error.offset), error.reason)
            }
        }
        return entries
    }

    /// The line that starts at `offset`, without its newline.
    private func line(at offset: Int64, size: Int64) throws(StoreError) -> [UInt8] {
        if offset > 0 {
            guard try file.read(at: offset - 1, count: 1) == [0x0A] else {
                throw corrupt(at: offset, "the snapshot points into the middle of a line")
            }
        }
        var count = 4096
        while true {
            let bytes = try file.read(at: offset, count: count)
            if let end = bytes.firstIndex(of: 0x0A) { return Array(bytes[..<end]) }
            guard bytes.count == count, Int64(count) <= size - offset else {
                throw corrupt(at: offset, "the snapshot points at no complete line")
            }
            // Never more than the rest of the file (and one byte to see that it ends).
            count = Int(min(Int64(count) * 4, size - offset + 1))
        }
    }

    private func corrupt(at offset: Int64, _ reason: String) -> StoreError {
        .corrupt(file: name, line: lineNumber(of: offset), byte: Int(offset), reason: reason)
    }

    /// The 1-based number of the line holding `offset` (for error messages only), counted a
    /// chunk at a time: the offset comes from the snapshot and may be anything.
    private func lineNumber(of offset: Int64) -> Int {
        var lines = 1
        var position: Int64 = 0
        while position < offset {
            guard let chunk = try? file.read(at: position, count: Int(min(offset - position, 1 << 20))),
                !chunk.isEmpty
            else { break }
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            position += Int64(chunk.count)
        }
        return lines
    }
}
