import Conversation

/// Terminal columns a text takes, by grapheme cluster (see `UnicodeText.width`, which asks
/// utf8proc): East Asian wide characters and emoji take two, combining marks none, a cluster
/// the width of its first code point that takes any, emoji sequences and flags two. Used to
/// align tables and wrap the transcript.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        if isPlainASCII(text) { return text.utf8.count }
        return UnicodeText.width(of: text)
    }

    /// Printable ASCII only: one column per byte (the common case, counted without grapheme
    /// breaking).
    static func isPlainASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for b in bytes where b < 0x20 || b >= 0x7F { return false }
            return true
        }
    }

    static func of(_ ch: Character) -> Int {
        if let ascii = ch.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        return UnicodeText.width(of: ch)
    }

    /// One code point on its own (controls 0: cande shows them escaped).
    static func of(_ s: Unicode.Scalar) -> Int { UnicodeText.width(of: s) }

    /// `text` cut to at most `width` columns, ending with "…" when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        if isPlainASCII(text) {
            guard text.utf8.count > width else { return text }
            guard width > 1 else { return width == 1 ? "…" : "" }
            return String(decoding: text.utf8.prefix(width - 1), as: UTF8.self) + "…"
        }
        // One pass: where the text would be cut for the "…", and whether it must be.
        var used = 0
        var cut: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let w = of(text[index])
            if cut == nil, used + w > width - 1 { cut = index }
            used += w
            if used > width { break }
            index = text.index(after: index)
        }
        guard used > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        return String(text[..<(cut ?? text.startIndex)]) + "…"
    }

    /// `text` padded with spaces to `width` columns (left-aligned).
    static func pad(_ text: String, to width: Int) -> String {
        let w = of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    static func padLeft(_ text: String, to width: Int) -> String {
        let w = of(text)
        return w >= width ? text : String(repeating: " ", count: width - w) + text
    }

    /// Word-wraps one line of text to `width` columns; words longer than a line are broken.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 8)
        return isPlainASCII(text) ? wrapASCII(text, width: width) : wrapCharacters(text, width: width)
    }

    /// `wrap` for one line of a multi-line text: its leading blanks (an indented list in a
    /// mail) are kept on every line it wraps to, up to half the width.
    static func wrapKeepingIndent(_ text: String, width: Int) -> [String] {
        let blanks = text.prefix { $0 == " " }.count
        guard blanks > 0, blanks < text.count else { return wrap(text, width: width) }
        let indent = String(repeating: " ", count: min(blanks, max(width, 8) / 2))
        return wrap(String(text.dropFirst(blanks)), width: width - indent.count).map { indent + $0 }
    }

    /// `wrap` for any text, character by character.
    static func wrapCharacters(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            var w = of(word)
            if used > 0 && used + 1 + w > width {
                lines.append(current)
                current = ""
                used = 0
            }
            while w > width {
                // Break an overlong word.
                var head = ""
                var headWidth = 0
                var rest = Substring(word)
                while let ch = rest.first, headWidth + of(ch) <= width - used - (used > 0 ? 1 : 0) {
                    head.append(ch)
                    headWidth += of(ch)
                    rest = rest.dropFirst()
                }
                if head.isEmpty {
                    lines.append(current)
                    current = ""
                    used = 0
                    continue
                }
                current += (used > 0 ? " " : "") + head
                lines.append(current)
                current = ""
                used = 0
                word = String(rest)
                w = of(word)
            }
            if used > 0 {
                current += " "
                used += 1
            }
            current += word
            used += w
        }
        lines.append(current)
        return lines
    }

    /// `wrap` for printable ASCII: the same rules, on bytes.
    static func wrapASCII(_ text: String, width: Int) -> [String] {
        let bytes = Array(text.utf8)
        var lines: [String] = []
        var line: [UInt8] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x20 { end += 1 }
            var word = bytes[start..<end]
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(String(decoding: line, as: UTF8.self))
                line = []
            }
            while word.count > width - line.count - (line.isEmpty ? 0 : 1) {
                let room = width - line.count - (line.isEmpty ? 0 : 1)
                if room <= 0 {
                    lines.append(String(decoding: line, as: UTF8.self))
                    line = []
                    continue
                }
                if !line.isEmpty { line.append(0x20) }
                line.append(contentsOf: word.prefix(room))
                lines.append(String(decoding: line, as: UTF8.self))
                line = []
                word = word.dropFirst(room)
            }
            if !line.isEmpty { line.append(0x20) }
            line.append(contentsOf: word)
            start = end + 1
        }
        lines.append(String(decoding: line, as: UTF8.self))
        return lines
    }
}
