#if canImport(Glibc)
    import Glibc
#endif

/// The writers' lock: `flock` on a dedicated file that is never renamed or deleted. The kernel
/// drops it when the holder dies, so a writer killed with kill -9 never blocks the next one.
/// (`fcntl` locks would vanish on any `close` of the file; `O_EXCL` lock files outlive crashes.)
final class StoreLock {
    enum Mode { case none, shared, exclusive }

    private let file: FileDescriptor
    private(set) var mode = Mode.none

    init(directory: StoreDirectory) throws(StoreError) {
        file = try directory.open("lock", flags: O_RDWR | O_CREAT)
    }

    func lock(_ wanted: Mode) throws(StoreError) {
        guard wanted != mode else { return }
        let operation: Int32
        switch wanted {
        case .none: operation = LOCK_UN
        case .shared: operation = LOCK_SH
        case .exclusive: operation = LOCK_EX
        }
        while flock(file.fd, operation) != 0 {
            if errno == EINTR { continue }
            throw .io(path: file.path, operation: "lock", errno: errno)
        }
        mode = wanted
    }

    func unlock() {
        if mode != .none { _ = flock(file.fd, LOCK_UN) }
        mode = .none
    }
}
