/// What characters text output may use beyond ASCII (README "Output"): the locale's character
/// set, from the first of `LC_ALL`, `LC_CTYPE` and `LANG` that is set and not empty. UTF-8 (or
/// none of them set: cande writes UTF-8 everywhere else) draws the report's charts with block
/// characters; `C`, `POSIX` or any other character set draws them, and writes the whole report,
/// in plain ASCII.
enum Charset: Sendable, Equatable {
    case unicode, ascii

    static func fromEnvironment(_ lookup: (String) -> String? = environment) -> Charset {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = lookup(name), !value.isEmpty else { continue }
            return from(locale: value)
        }
        return .unicode
    }

    /// `en_US.UTF-8`, `C.utf8` → unicode; `C`, `POSIX`, `de_DE.ISO-8859-1`, `en_US` → ascii.
    static func from(locale: String) -> Charset {
        var codeset = Substring(locale)
        if let dot = codeset.firstIndex(of: ".") {
            codeset = codeset[codeset.index(after: dot)...]
        } else {
            return .ascii
        }
        if let at = codeset.firstIndex(of: "@") { codeset = codeset[..<at] }
        let folded = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
        return folded == "utf8" ? .unicode : .ascii
    }

    /// The text in ASCII: the report's few non-ASCII signs spelled out ("·" between items
    /// becomes ",", "—" for "nothing to divide" becomes "-"); other characters become "?".
    static func ascii(_ text: String) -> String {
        if DisplayWidth.isPlainASCII(text) { return text }
        var out = ""
        var characters = text.replacing(" · ", with: ", ")[...]
        while let c = characters.popFirst() {
            if c.isASCII {
                out.append(c)
                continue
            }
            switch c {
            case "·", "—", "–", "−": out.append("-")
            case "…": out.append("...")
            case "“", "”", "«", "»": out.append("\"")
            case "‘", "’": out.append("'")
            case "→": out.append("->")
            case "≤": out.append("<=")
            case "≥": out.append(">=")
            default: out.append("?")
            }
        }
        return out
    }
}
