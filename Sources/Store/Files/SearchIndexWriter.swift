import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes `search-N.idx` (layout: `SearchIndexLayout`) while `GenerationWriter` writes the
/// entries file: each searchable entry's text, folded as `find` folds it, with where the entry's
/// line went. The texts are taken from the lines as written (so `forget`'s redactions are in the
/// index too). A corrected entry gets a row for its text as logged and one for each of its
/// corrections' texts, all flagged: whichever of them it shows now (an `undo` after the index was
/// written may bring back any of them), a hit on one sends `find` to the entry's timeline. The
/// texts stream to a temporary file in chunks, summed on the way; `finish` adds the rows and the
/// header, fsyncs and renames. `CURRENT` names the generation only later, so a crash or a failed
/// write leaves a file the next writer removes (`GenerationWriter.abandon`, leftovers).
struct SearchIndexWriter {
    private let directory: StoreDirectory
    private let name: String
    private let generation: Int
    private let file: FileDescriptor
    /// Whether lines are copied as they are (no redaction): texts are then where the state says.
    private let verbatim: Bool
    private let state: State
    /// Entries kept with at least one correction kept.
    private let corrected: Set<Int32>
    /// Where the lines of corrected entries went, for the rows of their corrections' texts.
    private var correctedLines: [Int32: (line: Int64, length: UInt32)] = [:]

    private var folded: [UInt8] = []
    private var foldedTotal: Int64 = 0
    private var rows: [UInt8] = []
    private var flags: [UInt8] = []
    private var sum = ChecksumStream()
    private static let chunk = 8 << 20

    init(directory: StoreDirectory, pointer: StorePointer, state: State, filter: GenerationWriter.Filter)
        throws(StoreError)
    {
        self.directory = directory
        name = pointer.searchName
        generation = pointer.generation
        verbatim = filter.redactor == nil
        self.state = state
        var corrected = Set<Int32>()
        for entry in state.entries where entry.kind == .correction && filter.keeps(entry) {
            corrected.insert(Int32(truncatingIfNeeded: entry.extra))
        }
        self.corrected = corrected
        try directory.remove(name + ".tmp")
        file = try directory.open(name + ".tmp", flags: O_WRONLY | O_CREAT | O_EXCL)
        try file.write([UInt8](repeating: 0, count: SearchIndexLayout.headerSize))
        folded.reserveCapacity(Self.chunk + (64 << 10))
    }

    /// Takes note of `entry`'s line, just written at `offset` of the entries file.
    mutating func add(_ entry: Entry, line: ArraySlice<UInt8>, at offset: Int64) throws(StoreError) {
        if entry.isSearchable {
            let length = UInt32(line.count)
            let isCorrected = corrected.contains(entry.id)
            if isCorrected { correctedLines[entry.id] = (offset, length) }
            try append(
                text(of: state.asLogged(entry), in: line), id: entry.id, line: offset, length: length,
                flag: isCorrected ? SearchIndexLayout.corrected : 0)
        } else if entry.kind == .correction, entry.text.hasText {
            let target = Int32(truncatingIfNeeded: entry.extra)
            // Entries are in id order: an entry comes before its corrections (none without it).
            guard let row = correctedLines[target] else { return }
            try append(
                text(of: entry, in: line), id: target, line: row.line, length: row.length,
                flag: SearchIndexLayout.corrected)
        }
    }

    /// Writes the rows and the header, fsyncs and renames the file to its name.
    mutating func finish(entriesBytes: Int64) throws(StoreError) {
        try flush()
        let padding = Int((8 - foldedTotal % 8) % 8)
        try emit([UInt8](repeating: 0, count: padding))
        try emit(rows)
        try emit(flags)
        let header = SearchIndexLayout.Header(
            generation: Int64(generation), entriesBytes: entriesBytes, texts: Int64(flags.count),
            foldedBytes: foldedTotal, checksum: sum.finish())
        guard lseek(file.fd, 0, SEEK_SET) == 0 else {
            throw .io(path: file.path, operation: "seek", errno: errno)
        }
        try file.write(header.encoded())
        try file.sync()
        try directory.rename(name + ".tmp", to: name)
    }

    private mutating func append(_ text: [UInt8], id: Int32, line: Int64, length: UInt32, flag: UInt8)
        throws(StoreError)
    {
        let start = foldedTotal + Int64(folded.count)
        CaseFolding.append(text, to: &folded)
        folded.append(0)
        for value in [UInt64(start), UInt64(line)] {
            withUnsafeBytes(of: value.littleEndian) { rows.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: length.littleEndian) { rows.append(contentsOf: $0) }
        withUnsafeBytes(of: id.littleEndian) { rows.append(contentsOf: $0) }
        flags.append(flag)
        if folded.count >= Self.chunk { try flush() }
    }

    private mutating func flush() throws(StoreError) {
        try emit(folded)
        foldedTotal += Int64(folded.count)
        folded.removeAll(keepingCapacity: true)
    }

    private mutating func emit(_ bytes: [UInt8]) throws(StoreError) {
        guard !bytes.isEmpty else { return }
        sum.update(bytes)
        try file.write(bytes)
    }

    /// The unescaped text of `entry`'s own record `line`: where its reference says when the line
    /// was copied as it was, else found in the line (a redacted line moved it).
    private func text(of entry: Entry, in line: ArraySlice<UInt8>) throws(StoreError) -> [UInt8] {
        let ref = entry.text
        let end = Int(ref.start) + Int(ref.length)
        if verbatim, ref.hasText, Int(ref.lineLength) == line.count, end <= line.count {
            let raw = line[(line.startIndex + Int(ref.start))..<(line.startIndex + end)]
            return ref.escaped ? JSONEscaping.unescape(raw) : Array(raw)
        }
        let found = line.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) -> [UInt8]? in try Self.textValue(raw) }
        }
        guard case .success(let text?) = found else { throw wrong("entry #\(entry.id)'s line has no text") }
        return text
    }

    /// The unescaped value of the record's `text` (or `reason`) key.
    private static func textValue(_ line: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [UInt8]? {
        var r = JSONReader(line)
        try r.beginObject()
        var first = true
        while let key = try r.nextKey(&first) {
            if key.elementsEqual("text".utf8) || key.elementsEqual("reason".utf8) {
                let span = try r.stringSpan()
                let raw = UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
                return span.escaped ? JSONEscaping.unescape(raw) : Array(raw)
            }
            try r.skipValue()
        }
        return nil
    }

    private func wrong(_ reason: String) -> StoreError {
        .corrupt(file: name, line: 0, byte: 0, reason: "cannot write the search index: \(reason)")
    }
}
