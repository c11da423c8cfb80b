/// A here-document (SPEC §4, README "The command language"): a free-text command ending in
/// `<<WORD` takes the following lines, up to a line that is exactly `WORD`, as its text.
enum HereDocument {
    /// The command line without its `<<WORD`, and WORD, when `line` is a free-text command that
    /// ends in one (WORD: letters, digits, `_`, `-`; a blank before `<<`).
    static func marker(in line: String) -> (command: String, word: String)? {
        let trimmed = line.trimmingBlanks()
        let word = trimmed.reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard !word.isEmpty else { return nil }
        let head = trimmed.dropLast(word.count)
        guard head.hasSuffix("<<") else { return nil }
        let before = head.dropLast(2)
        guard let last = before.last, last == " " || last == "\t" else { return nil }
        guard takesText(String(before)) else { return nil }
        return (String(before).trimmingBlanks(), String(word.reversed()))
    }

    /// Whether the line's verb takes a free text (`<`, `>`, `note` …).
    private static func takesText(_ line: String) -> Bool {
        var text = Substring(line.trimmingBlanks())
        if text.hasPrefix("/") { text.removeFirst() }
        if text.hasPrefix("<") || text.hasPrefix(">") { return true }
        let verb = text.prefix { $0 != " " && $0 != "\t" }
        return CommandTable.lookup(String(verb))?.takesText == true
    }
}
