/// Text for roff with the man(7) macros: what a manual page's lines are made of. Text is escaped
/// so that roff prints it as written: a backslash is `\e`, every hyphen `\-` (options and
/// commands copy as typed, with ASCII hyphens), a line that would start with `.` or `'` (a
/// request) starts with `\&`, and anything beyond ASCII is `\[uXXXX]` (groff reads its input as
/// Latin-1 unless told otherwise; `man` would, a plain `groff -man` would not).
enum Roff {
    /// `text` escaped for one line of roff input (line breaks become blanks).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.isASCII {
                    // Other control characters print nothing useful.
                    if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            }
        }
        return guardLine(out)
    }

    /// A line of input that roff would read as a request (a leading `.` or `'`) made text.
    static func guardLine(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }

    /// `text` in bold, escaped.
    static func bold(_ text: String) -> String { "\\fB" + escape(text) + "\\fR" }

    /// `text` in italics, escaped.
    static func italic(_ text: String) -> String { "\\fI" + escape(text) + "\\fR" }

    /// A macro's argument in double quotes (a `"` inside is `\(dq`).
    static func argument(_ text: String) -> String {
        "\"" + escape(text).replacing("\"", with: "\\(dq") + "\""
    }

    /// Lines kept as they are (no filling), each escaped, indented as a block; blanks at a
    /// line's start are kept.
    static func verbatim(_ lines: [String]) -> [String] {
        [".RS 4", ".nf"] + lines.map { escape($0) } + [".fi", ".RE"]
    }
}
