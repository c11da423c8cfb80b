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
        for offset in offsets {
            let bytes = try line(at: offset)
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
    private func line(at offset: Int64) throws(StoreError) -> [UInt8] {
        if offset > 0 {
            guard try file.read(at: offset - 1, count: 1) == [0x0A] else {
                throw corrupt(at: offset, "the snapshot points into the middle of a line")
            }
        }
        var count = 4096
        while true {
            let bytes = try file.read(at: offset, count: count)
            if let end = bytes.firstIndex(of: 0x0A) { return Array(bytes[..<end]) }
            guard bytes.count == count else { throw corrupt(at: offset, "the snapshot points at no complete line") }
            count *= 4
        }
    }

    private func corrupt(at offset: Int64, _ reason: String) -> StoreError {
        .corrupt(file: name, line: lineNumber(of: offset), byte: Int(offset), reason: reason)
    }

    /// The 1-based number of the line holding `offset` (for error messages only).
    private func lineNumber(of offset: Int64) -> Int {
        guard let before = try? file.read(at: 0, count: Int(max(0, offset))) else { return 0 }
        return 1 + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
