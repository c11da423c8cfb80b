#if canImport(Glibc)
    import Glibc
#endif

/// Buffered standard output. During a group commit it holds everything until the changes it
/// acknowledges are durable (`release`), or throws it away if they could not be saved.
final class Output {
    private let fd: Int32
    private(set) var pending: [UInt8] = []
    /// While true, nothing is written (group commit; pager decisions).
    var holding = false
    /// The errno of the write that failed (`EPIPE`: nobody reads any more); nothing is written
    /// after it.
    private(set) var failure: Int32?

    var isTerminal: Bool { Terminal.isTerminal(fd) }

    init(fd: Int32) {
        self.fd = fd
        pending.reserveCapacity(64 << 10)
    }

    func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if !holding, pending.count >= 64 << 10 { drain() }
    }

    func line(_ text: String = "") {
        write(text)
        pending.append(0x0A)
    }

    func bytes(_ bytes: [UInt8]) {
        pending.append(contentsOf: bytes)
        if !holding, pending.count >= 64 << 10 { drain() }
    }

    /// Writes what is pending (unless holding).
    func drain() {
        guard !holding, !pending.isEmpty else { return }
        if failure == nil {
            let code = Self.writeAll(fd, pending)
            if code != 0 { failure = code }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Stops holding and writes everything.
    func release() {
        holding = false
        drain()
    }

    /// Takes what is pending without writing it.
    func take() -> [UInt8] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    func discard() { pending.removeAll(keepingCapacity: true) }

    /// Writes every byte (retrying short writes and EINTR); returns 0, or the errno that stopped it.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return 0
        }
    }
}
