/// Fits one line of output to a width (README "Output"): measured in terminal columns with
/// colour codes (`ESC [ … m`) counting nothing, wrapped at blanks, continuation lines indented
/// two columns past the line's own indent; a word wider than the line is broken.
enum LineFitter {
    static func fit(_ line: String, width: Int?) -> [String] {
        guard let width, width > 0 else { return [line] }
        if DisplayWidth.isPlainASCII(line) {
            if line.utf8.count <= width { return [line] }
        } else if visibleWidth(line) <= width {
            return [line]
        }
        let indent = min(line.prefix { $0 == " " }.count, width / 3)
        let hanging = String(repeating: " ", count: min(indent + 2, width / 3))
        var lines: [String] = []
        var current = String(repeating: " ", count: indent)
        var used = indent
        var fresh = true
        for word in line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var w = visibleWidth(word)
            if !fresh, used + 1 + w > width {
                lines.append(current)
                current = hanging
                used = hanging.count
                fresh = true
            }
            while used + (fresh ? 0 : 1) + w > width {
                // A word wider than what is left of a fresh line: break it.
                let room = width - used - (fresh ? 0 : 1)
                guard room > 0 else {
                    lines.append(current)
                    current = hanging
                    used = hanging.count
                    fresh = true
                    continue
                }
                let (head, rest) = split(word, columns: room)
                current += (fresh ? "" : " ") + head
                lines.append(current)
                current = hanging
                used = hanging.count
                fresh = true
                word = rest
                w = visibleWidth(word)
            }
            if !fresh {
                current += " "
                used += 1
            }
            current += word
            used += w
            fresh = false
        }
        lines.append(current)
        return lines
    }

    /// Columns a line takes on a terminal: colour codes take none.
    static func visibleWidth(_ text: String) -> Int {
        guard text.utf8.contains(0x1B) else { return DisplayWidth.of(text) }
        return DisplayWidth.of(stripColour(text))
    }

    static func stripColour(_ text: String) -> String {
        var out = ""
        var inEscape = false
        var iterator = text.unicodeScalars.makeIterator()
        while let s = iterator.next() {
            if inEscape {
                if s == "m" { inEscape = false }
                continue
            }
            if s == "\u{1B}" {
                inEscape = true
                continue
            }
            out.unicodeScalars.append(s)
        }
        return out
    }

    /// The first `columns` columns of `word` (at least one character) and the rest; colour codes
    /// go with the characters they precede.
    private static func split(_ word: String, columns: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        var pendingEscape = ""
        while index < word.endIndex {
            let ch = word[index]
            if ch == "\u{1B}" || !pendingEscape.isEmpty {
                pendingEscape.append(ch)
                if ch == "m" {
                    head += pendingEscape
                    pendingEscape = ""
                }
                index = word.index(after: index)
                continue
            }
            let w = DisplayWidth.of(ch)
            if used + w > columns, !head.isEmpty || used > 0 { break }
            head.append(ch)
            used += w
            index = word.index(after: index)
            if used >= columns { break }
        }
        return (head, String(word[index...]))
    }
}
