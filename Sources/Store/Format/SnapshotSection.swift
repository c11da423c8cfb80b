#if canImport(Glibc)
    import Glibc
#endif

/// A section of a schema 4 snapshot read when first needed, not when the store opens: the
/// candidate lines, or the entry offsets (README "Store layout"). Its lines are found when it is
/// read, and each line's sum is checked when that line is read.
final class SnapshotSection {
    private let source: FileDescriptor?
    /// The snapshot as loaded when it opened (it may hold this section already).
    private let loaded: LoadedFile
    private let start: Int
    /// Where the section ends (nil: at the end of the file).
    private let end: Int?
    /// The line number of the section's opening line (`"offsets":[`).
    private let firstLine: Int
    private let count: Int
    private let opening: String
    /// `],` before another section, `]}` at the end of the file.
    private let closing: String
    let name: String
    private var section: (bytes: LoadedFile, lines: [Range<Int>])?

    init(
        source: FileDescriptor?, loaded: LoadedFile, start: Int, end: Int?, firstLine: Int, count: Int,
        opening: String, closing: String, name: String
    ) {
        self.source = source
        self.loaded = loaded
        self.start = start
        self.end = end
        self.firstLine = firstLine
        self.count = count
        self.opening = opening
        self.closing = closing
        self.name = name
    }

    /// Line `index` of the section (its trailing comma left out), its sum checked.
    func line(_ index: Int) throws(StoreError) -> (bytes: UnsafeRawBufferPointer, number: Int, offset: Int) {
        let (file, lines) = try load()
        let range = lines[index]
        let line = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        let number = firstLine + 1 + index
        let offset = start + range.lowerBound - (file === loaded ? start : 0)
        func fail(_ reason: String) -> StoreError { .corrupt(file: name, line: number, byte: offset, reason: reason) }
        switch Framing.verify(line) {
        case .valid: return (line, number, offset)
        case .unframed: throw fail("not a framed record")
        case .mismatch: throw fail("checksum mismatch (the line was changed or damaged)")
        }
    }

    /// Reads the section and finds its lines.
    private func load() throws(StoreError) -> (LoadedFile, [Range<Int>]) {
        if let section { return section }
        let file: LoadedFile
        var base = 0
        if loaded.bytes.count > start || source == nil {
            file = loaded
            base = min(start, loaded.bytes.count)
        } else {
            file = try LoadedFile(source!, at: Int64(start), count: end.map { $0 - start })
        }
        let limit = end.map { min(file.bytes.count, base + $0 - start) } ?? file.bytes.count
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[base..<limit])
        var line = firstLine
        func fail(_ reason: String, at offset: Int) -> StoreError {
            .corrupt(file: name, line: line, byte: start + offset, reason: reason)
        }
        var position = 0
        func nextLine() throws(StoreError) -> Range<Int> {
            guard position < raw.count else { throw fail("the file ends too early", at: position) }
            let lineStart = position
            guard let found = memchr(raw.baseAddress! + position, 0x0A, raw.count - position) else {
                throw fail("the last line is incomplete", at: lineStart)
            }
            position = raw.baseAddress!.distance(to: UnsafeRawPointer(found)) + 1
            return lineStart..<(position - 1)
        }
        let first = try nextLine()
        guard raw[first].elementsEqual(opening.utf8) else { throw fail("expected \(opening)", at: 0) }
        var lines: [Range<Int>] = []
        lines.reserveCapacity(count)
        for k in 0..<count {
            line += 1
            var range = try nextLine()
            if k < count - 1 {
                guard range.count > 0, raw[range.upperBound - 1] == 0x2C else {
                    throw fail("expected a comma at the end of the line", at: range.upperBound)
                }
                range = range.lowerBound..<(range.upperBound - 1)
            }
            lines.append((base + range.lowerBound)..<(base + range.upperBound))
        }
        line += 1
        let last = try nextLine()
        guard raw[last].elementsEqual(closing.utf8) else { throw fail("expected \(closing)", at: last.lowerBound) }
        guard position == raw.count else { throw fail("unexpected bytes after the end of the section", at: position) }
        section = (file, lines)
        return (file, lines)
    }
}

/// The snapshot's last section (schema 4): one framed line per candidate, in the candidates'
/// order, with the offsets of their lines in the entries file (`{"at":[…],"sum":"…"}`).
final class SnapshotOffsets {
    private let section: SnapshotSection

    init(_ section: SnapshotSection) { self.section = section }

    /// Where candidate `index`'s lines start in the entries file.
    func offsets(at index: Int) throws(StoreError) -> [Int64] {
        let (line, number, offset) = try section.line(index)
        var r = JSONReader(line)
        do throws(JSONSyntaxError) {
            try r.beginObject()
            var first = true
            var offsets: [Int64] = []
            while let key = try r.nextKey(&first) {
                if key.elementsEqual("at".utf8) {
                    offsets = try r.optionalInts().map { (value) throws(JSONSyntaxError) -> Int64 in
                        guard let value, value >= 0 else { throw r.error("an entry offset must be a whole number ≥ 0") }
                        return value
                    }
                } else {
                    try r.skipValue()
                }
            }
            return offsets
        } catch {
            throw .corrupt(file: section.name, line: number, byte: offset + error.offset, reason: error.reason)
        }
    }
}
