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
    /// Where each line starts, from the section's first byte (the digest line says, for the
    /// candidates): a few lines are read one by one, without reading the section.
    private let lineStarts: [Int]?
    private var linesReadAlone = 0
    /// After this many lines read alone, the whole section is read.
    static let aloneLimit = 32

    init(
        source: FileDescriptor?, loaded: LoadedFile, start: Int, end: Int?, firstLine: Int, count: Int,
        opening: String, closing: String, name: String, lineStarts: [Int]? = nil
    ) {
        self.lineStarts = lineStarts
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

    /// Calls `body` with line `index` of the section (its trailing comma left out), its sum
    /// checked, its line number and the byte where it starts in the file.
    func withLine<T>(
        _ index: Int, _ body: (UnsafeRawBufferPointer, Int, Int) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        if section == nil, let lineStarts, let source, let end, loaded.bytes.count <= start,
            linesReadAlone < Self.aloneLimit
        {
            linesReadAlone += 1
            let from = start + lineStarts[index]
            // The next line's start, or the section's closing `],` line.
            let to = index + 1 < lineStarts.count ? start + lineStarts[index + 1] : end - 3
            let number = firstLine + 1 + index
            guard from < to, to <= end else {
                throw .corrupt(file: name, line: number, byte: from, reason: "the digest line's line starts do not fit")
            }
            let bytes = try source.read(at: Int64(from), count: to - from)
            var length = bytes.count
            if length > 0, bytes[length - 1] == 0x0A { length -= 1 }
            if index + 1 < lineStarts.count, length > 0, bytes[length - 1] == 0x2C { length -= 1 }
            let result = bytes.withUnsafeBytes { (raw) -> Result<T, StoreError> in
                let line = UnsafeRawBufferPointer(rebasing: raw[0..<length])
                return Result { () throws(StoreError) -> T in
                    try Self.check(line, name: name, number: number, offset: from)
                    return try body(line, number, from)
                }
            }
            return try result.get()
        }
        let (line, number, offset) = try line(index)
        return try body(line, number, offset)
    }

    private static func check(_ line: UnsafeRawBufferPointer, name: String, number: Int, offset: Int) throws(StoreError)
    {
        func fail(_ reason: String) -> StoreError { .corrupt(file: name, line: number, byte: offset, reason: reason) }
        switch Framing.verify(line) {
        case .valid: return
        case .unframed: throw fail("not a framed record")
        case .mismatch: throw fail("checksum mismatch (the line was changed or damaged)")
        }
    }

    /// Line `index` of the section (its trailing comma left out), its sum checked.
    func line(_ index: Int) throws(StoreError) -> (bytes: UnsafeRawBufferPointer, number: Int, offset: Int) {
        let (file, lines) = try load()
        let range = lines[index]
        let line = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        let number = firstLine + 1 + index
        let offset = start + range.lowerBound - (file === loaded ? start : 0)
        try Self.check(line, name: name, number: number, offset: offset)
        return (line, number, offset)
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
