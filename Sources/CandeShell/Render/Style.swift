/// ANSI styling, a no-op unless colours are on (a terminal, no `NO_COLOR`, no `--no-color`).
struct Style {
    let enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func blue(_ text: String) -> String { wrap("34", text) }
    func magenta(_ text: String) -> String { wrap("35", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
    /// The match in `find` results.
    func highlight(_ text: String) -> String { enabled ? wrap("1;33", text) : "«" + text + "»" }
}
