/// An HTML part reduced to plain text, small and forgiving: `<head>`, `<style>`, `<script>`
/// and comments dropped; other tags removed; `<br>` and the ends of `p`, `div`, `li`, `tr`,
/// `h1`–`h6` end lines; runs of blanks and source line breaks one space; the common entities
/// and numeric references decoded; lines trimmed, runs of blank lines one blank line.
enum HTMLText {
    static func reduce(_ html: String) -> String {
        let bytes = Array(html.utf8)
        let n = bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var pendingSpace = false
        func newline() {
            while out.last == 0x20 { out.removeLast() }
            out.append(0x0A)
            pendingSpace = false
        }
        func emit(_ text: some Sequence<UInt8>) {
            if pendingSpace, let last = out.last, last != 0x0A { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: text)
        }
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0x3C {
                if starts(bytes, at: i, with: "<!--") {
                    i = find(bytes, "-->", from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                var j = i + 1
                let closing = j < n && bytes[j] == 0x2F
                if closing { j += 1 }
                let nameStart = j
                while j < n, isNameByte(bytes[j]) { j += 1 }
                let name = String(decoding: bytes[nameStart..<j].map(MailBytes.lower), as: UTF8.self)
                guard !name.isEmpty || closing || (j < n && bytes[j] == 0x21) else {
                    emit([b])  // a lone `<`
                    i += 1
                    continue
                }
                let tagEnd = tagEnd(bytes, from: j)
                i = tagEnd
                if !closing, name == "head" || name == "style" || name == "script" || name == "title" {
                    let close = findCaseInsensitive(bytes, "</" + name, from: tagEnd)
                    i = close.flatMap { tagEndIndex in Self.tagEnd(bytes, from: tagEndIndex + 2) } ?? n
                } else if name == "br" || (closing && lineEnders.contains(name)) {
                    newline()
                }
                continue
            }
            if b == 0x26, let (text, next) = entity(bytes, at: i) {
                emit(text)
                i = next
                continue
            }
            if MailBytes.isSpace(b) {
                pendingSpace = true
                i += 1
                continue
            }
            emit([b])
            i += 1
        }
        return tidy(out)
    }

    private static let lineEnders: Set<String> = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"]

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    /// The index after the `>` that ends a tag whose attributes start at `from` (quotes honoured).
    private static func tagEnd(_ bytes: [UInt8], from: Int) -> Int {
        var quote: UInt8? = nil
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return i + 1
            }
            i += 1
        }
        return bytes.count
    }

    private static func starts(_ bytes: [UInt8], at i: Int, with prefix: String) -> Bool {
        bytes[i...].starts(with: prefix.utf8)
    }

    private static func find(_ bytes: [UInt8], _ needle: String, from: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == first, bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }

    private static func findCaseInsensitive(_ bytes: [UInt8], _ needle: String, from: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == 0x3C, bytes[i..<(i + pattern.count)].map(MailBytes.lower).elementsEqual(pattern) {
                return i
            }
            i += 1
        }
        return nil
    }

    private static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0x20, "copy": 0xA9,
        "reg": 0xAE, "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026, "euro": 0x20AC, "rsquo": 0x2019,
        "lsquo": 0x2018, "rdquo": 0x201D, "ldquo": 0x201C,
    ]

    /// The text of the entity or character reference at `i` and the index after its `;`.
    private static func entity(_ bytes: [UInt8], at i: Int) -> ([UInt8], Int)? {
        var j = i + 1
        while j < bytes.count, j - i <= 10, bytes[j] != 0x3B {
            if MailBytes.isSpace(bytes[j]) || bytes[j] == 0x26 || bytes[j] == 0x3C { return nil }
            j += 1
        }
        guard j < bytes.count, bytes[j] == 0x3B, j > i + 1 else { return nil }
        let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
        var value: UInt32?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = UInt32(name.dropFirst(), radix: 10)
        } else {
            value = named[name]
        }
        guard let value else { return nil }
        var out: [UInt8] = []
        MailBytes.appendUTF8(value, to: &out)
        return (out, j + 1)
    }

    /// Lines trimmed, blank-line runs collapsed, blank lines at both ends dropped.
    private static func tidy(_ bytes: [UInt8]) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var blank = false
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let trimmed = trimmedLine(line)
            if trimmed.isEmpty {
                blank = !lines.isEmpty
                continue
            }
            if blank { lines.append([]) }
            blank = false
            lines.append(trimmed)
        }
        var out: [UInt8] = []
        for (k, line) in lines.enumerated() {
            if k > 0 { out.append(0x0A) }
            out.append(contentsOf: line)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Without leading and trailing blanks, no-break spaces (U+00A0) included.
    private static func trimmedLine(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = MailBytes.trimmed(line)
        while line.count >= 2, line[line.startIndex] == 0xC2, line[line.startIndex + 1] == 0xA0 {
            line = MailBytes.trimmed(line.dropFirst(2))
        }
        while line.count >= 2, line[line.endIndex - 2] == 0xC2, line[line.endIndex - 1] == 0xA0 {
            line = MailBytes.trimmed(line.dropLast(2))
        }
        return line
    }
}
