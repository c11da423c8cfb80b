/// mbox files (mboxo and mboxrd): messages each opened by a `From ` line.
///
/// A `From ` line is a separator at the start of the file or after an empty line. The
/// separator is dropped, as is the empty line before the next separator (and a last empty line
/// at the end of the file); in lines matching `^>+From ` one `>` is removed. Text before the
/// first separator, unless blank, is a message of its own (line 1).
public enum Mbox {
    /// Whether `bytes` starts with a `From ` line.
    public static func looksLikeMbox(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x46, 0x72, 0x6F, 0x6D, 0x20])
    }

    public static func split(_ bytes: [UInt8]) -> [MboxMessage] {
        let all = bytes[...]
        var messages: [MboxMessage] = []
        // The separator line number and where the message after it starts.
        var current: (line: Int, start: Int)? = nil
        var lineNumber = 0
        var position = 0
        var previousBlank = true
        /// Where the last empty line started.
        var blankLineStart = 0
        func close(at end: Int, blankBefore: Bool) {
            guard let open = current else {
                // Text before the first separator: a message of its own only when not blank.
                let content = all[0..<end]
                if !MailBytes.trimmed(content).isEmpty {
                    messages.append(MboxMessage(position: messages.count + 1, line: 1, bytes: unescaped(content)))
                }
                return
            }
            let contentEnd = blankBefore ? max(open.start, blankLineStart) : end
            messages.append(
                MboxMessage(
                    position: messages.count + 1, line: open.line, bytes: unescaped(all[open.start..<contentEnd])))
        }
        while position < bytes.count {
            lineNumber += 1
            let (lineEnd, next) = HeaderBlock.lineEnd(all, from: position)
            let line = all[position..<lineEnd]
            if previousBlank, MailBytes.hasPrefix(line, "From ") {
                if current != nil || position > 0 { close(at: position, blankBefore: position > 0) }
                current = (lineNumber, next)
                previousBlank = false
                position = next
                continue
            }
            let blank = line.isEmpty || (line.count == 1 && line.first == 0x0D)
            if blank { blankLineStart = position }
            previousBlank = blank
            position = next
        }
        if current != nil || !bytes.isEmpty { close(at: bytes.count, blankBefore: previousBlank && bytes.last == 0x0A) }
        return messages
    }

    /// The message with `>From ` unescaped (a slice of the input when there is nothing to do).
    private static func unescaped(_ content: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var out: [UInt8]? = nil
        var position = content.startIndex
        var copied = content.startIndex
        while position < content.endIndex {
            let (lineEnd, next) = HeaderBlock.lineEnd(content, from: position)
            var k = position
            while k < lineEnd, content[k] == 0x3E { k += 1 }
            if k > position, MailBytes.hasPrefix(content[k..<lineEnd], "From ") {
                if out == nil { out = [] }
                out!.append(contentsOf: content[copied..<position])
                copied = position + 1
            }
            position = next
        }
        guard var result = out else { return content }
        result.append(contentsOf: content[copied...])
        return result[...]
    }
}
