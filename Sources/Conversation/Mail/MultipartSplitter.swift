/// The body parts of a multipart body (RFC 2046 §5.1): what lies between its `--boundary`
/// lines. The preamble before the first and the epilogue after the closing `--boundary--` are
/// dropped; the line break before a delimiter belongs to it. A body never closed ends its last
/// part.
enum MultipartSplitter {
    /// The parts; nil when no delimiter line occurs at all.
    static func parts(of body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>]? {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int? = nil
        var position = body.startIndex
        let end = body.endIndex
        while position < end {
            let (lineEnd, next) = HeaderBlock.lineEnd(body, from: position)
            if lineEnd - position >= boundary.count + 2, body[position] == 0x2D, body[position + 1] == 0x2D,
                let closing = delimiter(body[(position + 2)..<lineEnd], boundary: boundary)
            {
                if let start = partStart { parts.append(body[start..<max(start, position - 1)]) }
                if closing { return parts }
                partStart = next
            }
            position = next
        }
        guard let start = partStart else { return nil }
        parts.append(body[start..<end])
        return parts
    }

    /// Whether `line` (after its `--`) is `boundary` alone (false) or `boundary--` (true), blanks
    /// allowed after; nil for any other line.
    private static func delimiter(_ line: ArraySlice<UInt8>, boundary: [UInt8]) -> Bool? {
        guard line.starts(with: boundary) else { return nil }
        var rest = line.dropFirst(boundary.count)
        var closing = false
        if rest.starts(with: [0x2D, 0x2D]) {
            closing = true
            rest = rest.dropFirst(2)
        }
        return closing || rest.allSatisfy(MailBytes.isSpace) ? closing : nil
    }
}
