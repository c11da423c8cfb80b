import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// A generation's `search-N.idx` (`SearchIndexLayout`). Opening checks the header: magic,
/// version and header sum, that it belongs to this generation and its entries file, the file's
/// size. Each search then reads the whole file once, front to back, through a small buffer, and
/// does everything while the bytes are in the cache: sums them, scans the texts for the needle,
/// maps each match to its row (rows are checked to be in order on the way) and picks the rows'
/// flags. Only when the sum matches does a search return anything: a damaged index is never
/// searched (`find` then reads the timeline). Reading rather than mapping: a mapped file that
/// someone truncates would kill the process with SIGBUS, and nothing of it is held in memory.
final class SearchIndexFile {
    /// A text that holds the needle: where its entry's line is, and whether the entry has corrections.
    struct Hit: Equatable {
        var id: Int32
        var line: Int64
        var length: UInt32
        var corrected: Bool
    }

    private let file: FileDescriptor
    private let header: SearchIndexLayout.Header
    let name: String
    /// Bytes read per `pread`: small enough to stay in the cache while summed and scanned.
    private let chunk: Int

    /// The index in `file`, or the reason it cannot be used (thrown as damage of `name`).
    init(_ file: FileDescriptor, name: String, generation: Int, entriesBytes: Int64, chunk: Int = 1 << 20)
        throws(StoreError)
    {
        self.file = file
        self.name = name
        self.chunk = max(chunk, SearchIndexLayout.rowSize)
        let head = try file.read(at: 0, count: SearchIndexLayout.headerSize)
        let decoded = head.withUnsafeBytes { SearchIndexLayout.Header.decode($0) }
        switch decoded {
        case .failure(let problem): throw .corrupt(file: name, line: 0, byte: 0, reason: problem.reason)
        case .success(let header): self.header = header
        }
        guard header.generation == Int64(generation), header.entriesBytes == entriesBytes else {
            throw damaged("it belongs to another generation or entries file")
        }
        let size = try file.size()
        guard size == header.fileSize else { throw damaged("it has \(size) bytes, its header says \(header.fileSize)") }
        guard header.texts > 0 || header.foldedBytes == 0 else { throw damaged("texts without rows") }
    }

    private func damaged(_ reason: String) -> StoreError { .corrupt(file: name, line: 0, byte: 0, reason: reason) }

    /// The entries whose folded text holds `needle` (folded already), each once, in row order:
    /// what `SearchIndex.search` finds over the same texts. nil for a needle with a NUL (it could
    /// match across texts; the in-memory search answers that). Throws when the file does not
    /// check out (then nothing it said counts).
    func hits(_ needle: [UInt8]) throws(StoreError) -> [Hit]? {
        guard !needle.contains(0) else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(needle.count - 1, 0) + chunk, alignment: 64)
        defer { buffer.deallocate() }
        var sum = ChecksumStream()
        let positions = try scanTexts(for: needle, buffer: buffer, sum: &sum)
        var (rows, hits) = try mapRows(positions, buffer: buffer, sum: &sum)
        try readFlags(rows, into: &hits, buffer: buffer, sum: &sum)
        guard sum.finish() == header.checksum else {
            throw damaged("checksum mismatch (the file was changed or damaged)")
        }
        return hits
    }

    /// Reads `count` bytes at `offset` into `buffer` from `at` on, and sums them.
    private func read(
        _ count: Int, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer, from at: Int = 0,
        sum: inout ChecksumStream
    ) throws(StoreError) {
        let into = UnsafeMutableRawBufferPointer(rebasing: buffer[at..<(at + count)])
        guard try file.read(into: into, at: offset) == count else { throw damaged("the file ends early") }
        sum.update(UnsafeRawBufferPointer(into))
    }

    /// Where matches of `needle` start in the texts region, one per text (resuming after the
    /// NUL that closes a text with a match): the texts and their padding read chunk by chunk,
    /// the last `needle.count - 1` bytes of one chunk kept before the next, so that a match
    /// across two chunks is seen whole.
    private func scanTexts(
        for needle: [UInt8], buffer: UnsafeMutableRawBufferPointer, sum: inout ChecksumStream
    ) throws(StoreError) -> [Int] {
        let folded = Int(header.foldedBytes)
        let streamed = Int(header.rowsStart) - SearchIndexLayout.headerSize  // the texts and their padding
        let overlap = max(needle.count - 1, 0)
        let base = buffer.baseAddress!
        var positions: [Int] = []
        var kept = 0  // bytes of the previous chunk at the buffer's start
        var position = 0  // texts region offset of the next byte to read
        var from = 0  // texts region offset where the next match may start
        var inMatchedText = false  // `from` is inside a text with a match: skip to its NUL
        while position < streamed {
            let count = min(chunk, streamed - position)
            try read(count, at: Int64(SearchIndexLayout.headerSize + position), into: buffer, from: kept, sum: &sum)
            let start = position - kept  // texts region offset of the buffer's first byte
            let end = min(position + count, folded) - start  // the texts' end in the buffer
            if !needle.isEmpty, end > 0 {
                let haystack = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<end])
                var at = max(from - start, 0)
                needle.withUnsafeBytes { n in
                    while at < end {
                        if inMatchedText {
                            guard let nul = memchr(base + at, 0, end - at) else {
                                at = end
                                break
                            }
                            at = base.distance(to: nul) + 1
                            inMatchedText = false
                        }
                        guard let match = ByteSearch.first(n, in: haystack, from: at) else { break }
                        positions.append(start + match)
                        at = match + n.count
                        inMatchedText = true
                    }
                }
                from = max(from, start + at)
            }
            position += count
            // Keep the tail a match may start in (memmove: the ranges may overlap).
            let valid = kept + count
            kept = min(overlap, valid)
            if kept > 0 { memmove(base, base + (valid - kept), kept) }
        }
        return positions
    }

    /// The rows of the texts `positions` (ascending) fall in — each the last row starting at or
    /// before its position — with their hits, each row once; every row's start checked on the way:
    /// the first at 0, each after the one before, inside the texts.
    private func mapRows(
        _ positions: [Int], buffer: UnsafeMutableRawBufferPointer, sum: inout ChecksumStream
    ) throws(StoreError) -> ([Int], [Hit]) {
        let size = SearchIndexLayout.rowSize
        let texts = Int(header.texts)
        let folded = Int64(header.foldedBytes)
        let perChunk = chunk / size
        var rows: [Int] = []
        var hits: [Hit] = []
        var next = 0  // the first position not yet given its row
        var previous: (start: Int64, hit: Hit) = (-1, Hit(id: 0, line: 0, length: 0, corrected: false))
        var row = 0
        while row < texts {
            let count = min(perChunk, texts - row)
            try read(count * size, at: header.rowsStart + Int64(row * size), into: buffer, sum: &sum)
            let bytes = UnsafeRawBufferPointer(buffer)
            for k in 0..<count {
                let offset = k * size
                let start = Int64(
                    truncatingIfNeeded: UInt64(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                guard row + k == 0 ? start == 0 : start > previous.start && start < folded else {
                    throw damaged("row \(row + k) does not start a text")
                }
                // The positions before this row's text are in the previous row's.
                if next < positions.count, Int64(positions[next]) < start {
                    rows.append(row + k - 1)
                    hits.append(previous.hit)
                    while next < positions.count, Int64(positions[next]) < start { next += 1 }
                }
                let hit = Hit(
                    id: Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 20, as: Int32.self)),
                    line: Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)),
                    length: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)),
                    corrected: false)
                previous = (start, hit)
            }
            row += count
        }
        if next < positions.count {
            rows.append(texts - 1)
            hits.append(previous.hit)
        }
        return (rows, hits)
    }

    /// Reads the flags (one byte per row) and sets those of `hits`, the hits of `rows` (ascending).
    private func readFlags(
        _ rows: [Int], into hits: inout [Hit], buffer: UnsafeMutableRawBufferPointer, sum: inout ChecksumStream
    ) throws(StoreError) {
        let texts = Int(header.texts)
        var next = 0
        var row = 0
        while row < texts {
            let count = min(chunk, texts - row)
            try read(count, at: header.flagsStart + Int64(row), into: buffer, sum: &sum)
            while next < rows.count, rows[next] < row + count {
                hits[next].corrected = buffer[rows[next] - row] & SearchIndexLayout.corrected != 0
                next += 1
            }
            row += count
        }
    }
}
