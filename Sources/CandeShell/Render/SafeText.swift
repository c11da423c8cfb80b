/// Makes untrusted text (what candidates wrote, anything from the store) safe to print: control
/// characters, terminal escape sequences, bidirectional overrides and line separators are shown
/// escaped (`\e`, `\r`, `\a`, `\x01`, `\u{202E}`) and never reach the terminal raw.
enum SafeText {
    /// One display line: newlines are escaped too.
    static func line(_ text: String) -> String { escape(text, keepNewlines: false) }

    /// Several lines: newlines are kept (callers split on them).
    static func lines(_ text: String) -> [String] {
        let safe = escape(text, keepNewlines: true)
        guard safe.utf8.contains(0x0A) else { return [safe] }
        return safe.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A file's text shown on a terminal (an export to standard output): escaped as `lines` does,
    /// with its line ends, LF and CR LF, kept.
    static func keepingLineEnds(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).map { escape(String($0), keepNewlines: true) }
            .joined(separator: "\r\n")
    }

    static func escape(_ text: String, keepNewlines: Bool) -> String {
        var copy = text
        let plain = copy.withUTF8 { bytes in
            for b in bytes where b < 0x20 || b >= 0x7F {
                if b == 0x0A && keepNewlines { continue }
                return false
            }
            return true
        }
        if plain { return text }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A: out += keepNewlines ? "\n" : "\\n"
            case 0x09: out += "  "
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x00..<0x20, 0x7F: out += "\\x" + hex(scalar.value, 2)
            default: out += "\\u{" + hex(scalar.value, 4) + "}"
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x200E, 0x200F, 0x061C: return true  // direction marks
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional embeddings, overrides, isolates
        case 0x2028, 0x2029: return true  // line and paragraph separators
        default: return false
        }
    }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
