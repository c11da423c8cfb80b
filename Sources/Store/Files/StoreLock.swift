#if canImport(Glibc)
    import Glibc
#endif

/// The writers' lock: `flock` on the store directory itself, opened once more for the purpose.
/// Nobody can delete or replace a directory's inode under a running writer the way a lock file
/// can be deleted (`rm lock` once let two writers each take "the" lock on a different file), a
/// read-only file system still takes it, and the kernel drops it when the holder dies, so a writer
/// killed with kill -9 never blocks the next one. (`fcntl` locks would vanish on any `close` of
/// the file; `O_EXCL` lock files outlive crashes.)
final class StoreLock {
    enum Mode { case none, shared, exclusive }

    private let fd: Int32
    private let path: String
    private(set) var mode = Mode.none

    init(directory: StoreDirectory) {
        var fd: Int32
        repeat { fd = openat(directory.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        // The directory is open already, so this cannot fail short of running out of descriptors;
        // then `lock` reports it.
        self.fd = fd
        path = directory.path
    }

    deinit { if fd >= 0 { close(fd) } }

    func lock(_ wanted: Mode) throws(StoreError) {
        guard wanted != mode else { return }
        guard fd >= 0 else { throw .io(path: path, operation: "lock", errno: EMFILE) }
        let operation: Int32
        switch wanted {
        case .none: operation = LOCK_UN
        case .shared: operation = LOCK_SH
        case .exclusive: operation = LOCK_EX
        }
        while flock(fd, operation) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "lock", errno: errno)
        }
        mode = wanted
    }

    func unlock() {
        if mode != .none { _ = flock(fd, LOCK_UN) }
        mode = .none
    }
}
