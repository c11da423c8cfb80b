import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// A file store that says it is live: a pipe is its wake descriptor (`wake()` writes to it), and
/// `news()` drains the pipe and hands out what the test queued (records, or an error).
final class FakeLiveStore: LiveStore {
    let inner: FileStore
    private var pipeEnds: [Int32] = [-1, -1]
    /// What the next `news()` calls give, in order; empty: no records.
    var queued: [Result<[Record], StoreError>] = []
    private(set) var newsCalls = 0
    /// Stands for a lost connection: no descriptor.
    var connected = true

    init(path: String) throws(StoreError) {
        inner = try FileStore(path: path)
        _ = pipe(&pipeEnds)
        _ = fcntl(pipeEnds[0], F_SETFL, fcntl(pipeEnds[0], F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(pipeEnds[0])
        close(pipeEnds[1])
    }

    /// Another client committed: the descriptor becomes readable.
    func wake() { _ = write(pipeEnds[1], "!", 1) }

    /// The pipe's write end, for a thread that stands for the server.
    var wakeWriteEnd: Int32 { pipeEnds[1] }

    var wakeDescriptor: Int32? { connected ? pipeEnds[0] : nil }

    func news() throws(StoreError) -> [Record] {
        newsCalls += 1
        var byte: UInt8 = 0
        while read(pipeEnds[0], &byte, 1) > 0 {}
        guard !queued.isEmpty else { return [] }
        return try queued.removeFirst().get()
    }

    var state: State { inner.state }
    var texts: TextSource { inner.texts }
    var stateToken: Int { inner.stateToken }
    var readOnlyReason: String? { inner.readOnlyReason }
    var created: Bool { inner.created }
    func takeWarnings() -> [String] { inner.takeWarnings() }
    func identity() throws(StoreError) -> String { try inner.identity() }
    func refresh() throws(StoreError) { try inner.refresh() }
    func checkReads() throws(StoreError) { try inner.checkReads() }
    func load(_ scope: TimelineScope) throws(StoreError) { try inner.load(scope) }
    func entries(atPlaces places: [Int64]) throws(StoreError) -> [Entry] { try inner.entries(atPlaces: places) }
    func search(_ folded: [UInt8]) throws(StoreError) -> [Entry]? { try inner.search(folded) }
    func commit(by user: String, at now: Instant, _ build: (State) throws -> Change) throws -> Record {
        try inner.commit(by: user, at: now, build)
    }
    func beginGroup() { inner.beginGroup() }
    func flush() throws(StoreError) { try inner.flush() }
    func forget(handle: String) throws(StoreError) { try inner.forget(handle: handle) }
    func forget(entry id: Int32) throws(StoreError) { try inner.forget(entry: id) }
    func maintain() throws(StoreError) { try inner.maintain() }
}
