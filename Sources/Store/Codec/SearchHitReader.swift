import Conversation

/// Reads the entries file's lines that search index hits point at, each verified (its `sum`)
/// and decoded like `CandidateEntriesReader` does: one `pread` per line, as long as the index
/// says it is, with the newline before and after it, so the rest of the file is never touched.
struct SearchHitReader {
    let file: FileDescriptor
    let name: String

    /// The hits' entries, in the order of `hits`; nil when a line is not what the index says
    /// (not where it points, damaged, another entry): the caller then reads the whole timeline,
    /// which names any damage precisely. I/O errors are thrown.
    func read(_ hits: [SearchIndexFile.Hit], state: inout State) throws(StoreError) -> [Entry]? {
        guard !hits.isEmpty else { return [] }
        var decoder = EntryLineDecoder(state: state)
        let size = try file.size()
        var entries = [Entry?](repeating: nil, count: hits.count)
        for k in hits.indices.sorted(by: { hits[$0].line < hits[$1].line }) {
            let hit = hits[k]
            // The newline before the line (none for the first) and the one after it.
            let before: Int64 = hit.line > 0 ? 1 : 0
            guard hit.line >= 0, hit.line + Int64(hit.length) < size else { return nil }
            let count = Int(before) + Int(hit.length) + 1
            let bytes = try file.read(at: hit.line - before, count: count)
            guard bytes.count == count, bytes.last == 0x0A, before == 0 || bytes.first == 0x0A else { return nil }
            let decoded = bytes.withUnsafeBytes { raw in
                let line = UnsafeRawBufferPointer(rebasing: raw[Int(before)..<(count - 1)])
                guard Framing.verify(line) == .valid else { return nil as Entry? }
                return try? decoder.decode(line, source: FileTextSource.entriesSource, offset: hit.line, state: &state)
            }
            guard let entry = decoded, entry.id == hit.id, entry.isSearchable else { return nil }
            entries[k] = entry
        }
        return entries.map { $0! }
    }
}
