#if canImport(Glibc)
    import Glibc
#endif

/// Reads a region of a file line by line in large chunks, so that a journal of any size is read
/// with few system calls and little memory. A last line without its newline is reported as the
/// incomplete tail, never as a line. A line longer than `maxLineLength` (no record cande writes
/// comes near it) is reported as `oversized`, with none of its bytes, and skipped to its
/// newline, so that a file of gigabytes without one never has to fit in memory.
struct LineScanner {
    let file: FileDescriptor
    var chunkSize = 4 << 20
    var maxLineLength = 1 << 28

    struct Line {
        /// The line's bytes, without the newline; valid only during the callback.
        var bytes: UnsafeRawBufferPointer
        /// File offset of the line's first byte.
        var offset: Int64
        /// 1-based line number in the file.
        var number: Int
        /// Longer than `maxLineLength`: `bytes` is empty.
        var oversized = false
    }

    struct End {
        /// Offset just past the last complete line.
        var complete: Int64
        /// The next line number.
        var nextLine: Int
        /// Bytes after the last newline (a torn or still-being-written record).
        var tailBytes: Int64
    }

    /// Calls `body` for each complete line in `[start, end)`; `body` returns false to stop early.
    func scan(
        from start: Int64, to end: Int64, firstLine: Int, _ body: (Line) throws(StoreError) -> Bool
    ) throws(StoreError) -> End {
        var buffer = [UInt8](repeating: 0, count: min(chunkSize, Int(max(end - start, 1))))
        var bufferOffset = start  // file offset of buffer[0]
        var filled = 0
        var lineNumber = firstLine
        var complete = start
        // Where an oversized line being skipped started.
        var skipping: Int64?
        while bufferOffset + Int64(filled) < end {
            if filled == buffer.count {
                if buffer.count >= maxLineLength {
                    if skipping == nil {
                        skipping = bufferOffset
                        let line = Line(
                            bytes: UnsafeRawBufferPointer(start: nil, count: 0), offset: bufferOffset,
                            number: lineNumber,
                            oversized: true)
                        if !(try body(line)) { break }
                    }
                    bufferOffset += Int64(filled)
                    filled = 0
                } else {
                    buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
                }
            }
            let want = min(buffer.count - filled, Int(end - bufferOffset) - filled)
            let got = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(StoreError) -> Int in
                    try file.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<(filled + want)]),
                        at: bufferOffset + Int64(filled))
                }
            }.get()
            if got == 0 { break }
            let readFrom = filled
            filled += got
            var consumed = 0
            if skipping != nil {
                // The oversized line ends at the next newline.
                let newline = buffer.withUnsafeBytes { raw -> Int? in
                    guard let found = memchr(raw.baseAddress! + readFrom, 0x0A, filled - readFrom) else { return nil }
                    return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                }
                guard let newline else {
                    bufferOffset += Int64(filled)
                    filled = 0
                    continue
                }
                skipping = nil
                consumed = newline + 1
                lineNumber += 1
                complete = bufferOffset + Int64(consumed)
            }
            var stop = false
            let outcome = buffer.withUnsafeBytes { raw in
                Result { () throws(StoreError) in
                    while consumed < filled {
                        guard let found = memchr(raw.baseAddress! + consumed, 0x0A, filled - consumed) else { break }
                        let newline = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                        let line = Line(
                            bytes: UnsafeRawBufferPointer(rebasing: raw[consumed..<newline]),
                            offset: bufferOffset + Int64(consumed), number: lineNumber)
                        let more = try body(line)
                        consumed = newline + 1
                        lineNumber += 1
                        complete = bufferOffset + Int64(consumed)
                        if !more {
                            stop = true
                            return
                        }
                    }
                }
            }
            try outcome.get()
            if stop { break }
            // Keep the partial line at the front of the buffer.
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + consumed, filled - consumed)
                }
                filled -= consumed
                bufferOffset += Int64(consumed)
            }
        }
        return End(complete: complete, nextLine: lineNumber, tailBytes: end - complete)
    }
}
