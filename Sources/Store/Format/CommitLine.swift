/// The line that closes one write of the journal (schema 2):
/// `{"commit":SEQ,"records":N,"bytes":L,"sum":"…"}` — the write's last seq, how many record
/// lines it holds and how many bytes they take just before this line. A write's records count
/// only once its commit line is there and matches them, so a write that a crash tore (any of its
/// pages lost, a later one kept) is recognised as a whole and set aside, never half applied.
enum CommitLine {
    static let prefix: [UInt8] = Array(#"{"commit":"#.utf8)

    struct Frame: Equatable {
        var lastSeq: Int64
        var records: Int
        var bytes: Int64
    }

    /// The commit line (with its newline) for `records` record lines of `bytes` bytes.
    static func encode(_ frame: Frame, into writer: inout JSONWriter) {
        let start = writer.bytes.count
        writer.beginObject()
        writer.key("commit")
        writer.int(frame.lastSeq)
        writer.key("records")
        writer.int(frame.records)
        writer.key("bytes")
        writer.int(frame.bytes)
        Framing.seal(&writer, objectStart: start)
        writer.bytes.append(0x0A)
    }

    static func encoded(_ frame: Frame) -> [UInt8] {
        var writer = JSONWriter(capacity: 96)
        encode(frame, into: &writer)
        return writer.bytes
    }

    /// True when a (verified) line is a commit line rather than a record.
    static func isCommit(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count > prefix.count && memcmp(line.baseAddress!, prefix, prefix.count) == 0
    }

    private static let keys = KeyTable(["commit", "records", "bytes", "sum"])

    /// The frame of a verified commit line; nil if it is not one this cande wrote.
    static func decode(_ line: UnsafeRawBufferPointer) -> Frame? {
        var r = JSONReader(line)
        do throws(JSONSyntaxError) {
            try r.beginObject()
            var first = true
            var hint = 0
            var seen = SeenKeys()
            var frame = Frame(lastSeq: -1, records: -1, bytes: -1)
            while let k = try r.nextKey(&first, in: keys, hint: &hint) {
                try seen.insert(k, r, name: keys.names[k])
                switch k {
                case 0: frame.lastSeq = try r.int()
                case 1: frame.records = Int(try r.int())
                case 2: frame.bytes = try r.int()
                default: _ = try r.stringSpan()
                }
            }
            try r.expectEnd()
            guard frame.lastSeq >= 1, frame.records >= 1, frame.bytes >= Int64(frame.records) else { return nil }
            return frame
        } catch {
            return nil
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
