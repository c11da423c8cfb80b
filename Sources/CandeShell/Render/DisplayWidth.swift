/// Terminal columns a text takes: East Asian wide characters and emoji take two, combining marks
/// none. Used to align tables and wrap the transcript.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        if isPlainASCII(text) { return text.utf8.count }
        // Code point by code point, as wcswidth does, unless the text joins code points into
        // one glyph (emoji sequences, flags), which only grapheme clusters count right.
        var width = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x200D || v == 0xFE0F || (v >= 0x1F1E6 && v <= 0x1F1FF) || (v >= 0x1F3FB && v <= 0x1F3FF) {
                return text.reduce(0) { $0 + of($1) }
            }
            width += of(scalar)
        }
        return width
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
        if ch.isASCII { return 1 }
        var width = 0
        for scalar in ch.unicodeScalars {
            let w = of(scalar)
            if w > width { width = w }
        }
        return width
    }

    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        // Common ranges first: Latin and the symbols the transcript draws with (▸ ✎ → ◷ ─).
        if v < 0x300 { return 1 }
        if v < 0x370 { return 0 }
        if v >= 0x2010 && v < 0x2028 { return 1 }
        if v >= 0x2190 && v < 0x2300 { return 1 }
        if v >= 0x2500 && v < 0x2600 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if s.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// `text` cut to at most `width` columns, ending with "…" when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
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
