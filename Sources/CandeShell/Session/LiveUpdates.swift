import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Live lines in the interactive shell (SPEC §8 "Team store": an open shell shows others'
/// changes live). Once the session's store is open (it is never opened for this) and is a
/// `LiveStore`, the prompt waits on its `wakeDescriptor` too and shows what others committed
/// (`news()`), one `LiveLine` each. A failure is said once, `cande: live updates paused: …`;
/// `news()` is tried again every `retryInterval` until it works, and the next failure is said
/// again. A store without a descriptor (not connected) is asked every `retryInterval` as well.
final class LiveUpdates {
    private let session: Session
    private let milliseconds: () -> Int64
    /// The last `news()` failed: said once, tried again at `retryAt`.
    private(set) var paused = false
    private var retryAt: Int64 = 0

    static let retryInterval: Int64 = 10_000

    init(session: Session, milliseconds: @escaping () -> Int64 = Clock.monotonicMilliseconds) {
        self.session = session
        self.milliseconds = milliseconds
    }

    /// What the reader watches (it keeps this object alive).
    var watch: LiveWatch {
        LiveWatch(descriptor: { self.descriptor() }, retryIn: { self.retryIn() }, lines: { self.lines() })
    }

    /// The open store, if it is a live one.
    private var store: LiveStore? {
        guard session.isStoreOpen else { return nil }
        return (try? session.store()) as? LiveStore
    }

    func descriptor() -> Int32? {
        guard !paused, let store else { return nil }
        return store.wakeDescriptor
    }

    func retryIn() -> Int32? {
        guard let store else { return nil }
        if paused { return Int32(clamping: max(0, retryAt - milliseconds())) }
        return store.wakeDescriptor == nil ? Int32(clamping: Self.retryInterval) : nil
    }

    /// Others' changes since the last call, one line each, fitted to the terminal.
    func lines() -> [String] {
        guard let store else { return [] }
        if paused && milliseconds() < retryAt { return [] }
        let width = Terminal.width()
        let records: [Record]
        do {
            records = try store.news()
        } catch {
            retryAt = milliseconds() + Self.retryInterval
            if paused { return [] }
            paused = true
            let line = SafeText.line(LiveLine.fold("cande: live updates paused: \(error)"))
            return [session.style.dim(DisplayWidth.truncate(line, to: width))]
        }
        paused = false
        let state = store.state
        let now = session.now()
        // A restore is one line, however many records it took.
        let shown = records.filter { record in
            guard case .restore(let r) = record.change else { return true }
            return r.importSeq == record.seq
        }
        return shown.map { record in
            let line = LiveLine.render(
                record, state: state, texts: store.texts, zone: session.zone, now: now, width: width)
            return session.style.dim(line)
        }
    }

}
