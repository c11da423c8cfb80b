/// What a program that takes over the terminal (`$PAGER`, `$EDITOR`) needs done before it
/// starts and after it ends.
struct TerminalHandOver {
    let before: () -> Void
    let after: () -> Void

    /// Nothing to do (no interactive reader).
    static var none: TerminalHandOver { TerminalHandOver(before: {}, after: {}) }
}
