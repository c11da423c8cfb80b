/// "importing 1200/5000" on standard error while a long job runs, rewritten in place with `\r`
/// every `every` steps and wiped at the end. Only in the interactive shell with standard error
/// on a terminal, and only for jobs of at least `minimum` steps.
struct ProgressLine {
    private let label: String
    private let total: Int
    private let every: Int
    private let errors: Output?
    private var shown = false

    init(_ label: String, total: Int, session: Session, every: Int = 250, minimum: Int = 1000) {
        self.label = label
        self.total = total
        self.every = every
        let enabled = session.settings.interactive && Terminal.isTerminal(2) && total >= minimum
        errors = enabled ? session.diagnostics.errors : nil
    }

    mutating func update(_ done: Int) {
        guard let errors, done % every == 0 else { return }
        errors.write("\r \(label) \(done)/\(total)")
        errors.drain()
        shown = true
    }

    mutating func clear() {
        guard let errors, shown else { return }
        errors.write("\r\u{1B}[K")
        errors.drain()
        shown = false
    }
}
