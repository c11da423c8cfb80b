/// The header fields of a message or MIME part, unfolded, and where its body starts.
///
/// Input has LF line ends (see `MailBytes.normalisedLineEnds`). The header ends at the first
/// empty line, or at the first line that is neither a field nor a continuation (a message
/// without the empty line); a leading mbox `From ` line is skipped.
struct HeaderBlock {
    struct Field {
        /// Lowercased.
        var name: String
        /// Unfolded (the line breaks of folding removed, the blanks kept), leading blanks
        /// dropped; raw bytes, possibly 8-bit UTF-8.
        var value: [UInt8]
    }

    var fields: [Field] = []
    /// The index in the parsed bytes where the body starts (their end when there is none).
    var bodyStart: Int

    init(parsing bytes: ArraySlice<UInt8>) {
        var position = bytes.startIndex
        let end = bytes.endIndex
        bodyStart = end
        if MailBytes.hasPrefix(bytes, "From ") { position = Self.lineEnd(bytes, from: position).next }
        while position < end {
            let (lineEnd, next) = Self.lineEnd(bytes, from: position)
            let line = bytes[position..<lineEnd]
            if line.isEmpty {
                bodyStart = next
                return
            }
            if MailBytes.isBlank(line.first!) {
                guard !fields.isEmpty else {
                    bodyStart = position
                    return
                }
                fields[fields.count - 1].value.append(contentsOf: line)
            } else if let field = Self.field(line) {
                fields.append(field)
            } else {
                bodyStart = position
                return
            }
            position = next
        }
    }

    /// The value of the first field called `name` (lowercase).
    func first(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }

    /// A `Name: value` line; nil when the name is empty or holds a byte outside `!`…`~`.
    private static func field(_ line: ArraySlice<UInt8>) -> Field? {
        guard let colon = line.firstIndex(of: 0x3A) else { return nil }
        var nameEnd = colon
        while nameEnd > line.startIndex, MailBytes.isBlank(line[nameEnd - 1]) { nameEnd -= 1 }  // `Subject :`
        let name = line[line.startIndex..<nameEnd]
        guard !name.isEmpty, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var valueStart = colon + 1
        while valueStart < line.endIndex, MailBytes.isBlank(line[valueStart]) { valueStart += 1 }
        return Field(name: MailBytes.lowercasedString(name), value: Array(line[valueStart...]))
    }

    /// The end of the line starting at `start` (its LF or the end) and where the next one starts.
    static func lineEnd(_ bytes: ArraySlice<UInt8>, from start: Int) -> (end: Int, next: Int) {
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == 0x0A { return (i, i + 1) }
            i += 1
        }
        return (bytes.endIndex, bytes.endIndex)
    }
}
