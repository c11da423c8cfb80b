import Store

#if canImport(Glibc)
    import Glibc
#endif

/// One line on standard error that says how far a long job is (`importing 1200/5000`,
/// `reading commands: 12000`, `compacting 312 MB: writing`), rewritten in place with `\r` at
/// most ten times a second, first after a quarter of a second (a quick job shows nothing), and
/// wiped at the end (README "Progress"). Only when standard error is a terminal and the run
/// is not `--json`: never in a file, a pipe or JSON. A diagnostic printed meanwhile wipes it
/// first (`Diagnostics`), and the next update draws it again.
final class ProgressLine {
    private let label: String
    private let total: Int?
    private let diagnostics: Diagnostics?
    private let started = ProgressLine.seconds()
    private let delay: Double
    private var drawn = 0.0

    /// `total` nil: a count without an end. Jobs of fewer than `minimum` steps show nothing;
    /// nothing is drawn before `delay` seconds.
    init(_ label: String, total: Int?, session: Session, minimum: Int = 1000, delay: Double = 0.25) {
        self.label = label
        self.total = total
        self.delay = delay
        let diagnostics = session.diagnostics
        let wanted = Self.wanted(errorsOnTerminal: diagnostics.errors.isTerminal, json: diagnostics.json)
        self.diagnostics = wanted && (total ?? minimum) >= minimum ? diagnostics : nil
    }

    static func wanted(errorsOnTerminal: Bool, json: Bool) -> Bool { errorsOnTerminal && !json }

    func update(_ done: Int) {
        guard diagnostics != nil else { return }
        show(total.map { "\(done)/\($0)" } ?? String(done))
    }

    /// Shows `status` after the label (a phase: `writing`).
    func show(_ status: String) {
        guard let diagnostics else { return }
        let now = Self.seconds()
        guard now - started >= delay, now - drawn >= 0.1 else { return }
        drawn = now
        diagnostics.errors.write("\r\u{1B}[K \(label) \(status)")
        diagnostics.errors.drain()
        diagnostics.progressShown = true
    }

    func clear() { diagnostics?.clearProgress() }

    /// The rewrite of a store over 50 MB (`compact`, `forget`), phase by phase, while `work`
    /// runs: `compacting 312 MB: writing`.
    static func phases<T>(
        of store: ConversationStore, _ label: String, session: Session, minimumBytes: Int64 = 50 << 20,
        delay: Double = 0.25, _ work: () throws(StoreError) -> T
    ) throws(StoreError) -> T {
        guard let reporting = store as? PhaseReporting, reporting.byteSize >= minimumBytes else { return try work() }
        let line = ProgressLine(
            "\(label) \(reporting.byteSize >> 20) MB:", total: nil, session: session, minimum: 0, delay: delay)
        reporting.onPhase = { line.show($0) }
        defer {
            reporting.onPhase = nil
            line.clear()
        }
        return try work()
    }

    private static func seconds() -> Double { Double(Clock.monotonicMilliseconds()) / 1000 }
}
