#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor with the few operations the store needs, each retried on EINTR and
/// reported as a `StoreError` naming the file. Foundation's `FileHandle` has no append mode and
/// `Data.write(.atomic)` neither fsyncs the directory nor keeps permissions, hence POSIX.
public final class FileDescriptor {
    public let fd: Int32
    public let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { _ = Glibc.close(fd) }

    /// Opens `name` relative to the directory `directory`, never following a symlink at the end.
    static func open(
        _ name: String, in directory: Int32, displayPath: String, flags: Int32, mode: mode_t = 0o600
    ) throws(StoreError) -> FileDescriptor {
        var fd: Int32
        repeat {
            fd = openat(directory, name, flags | O_CLOEXEC | O_NOFOLLOW, mode)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(path: displayPath, operation: "open", errno: errno) }
        let handle = FileDescriptor(fd: fd, path: displayPath)
        if flags & O_CREAT != 0 {
            // Whatever the umask, the store's files are private (SPEC §8.6).
            guard fchmod(fd, mode) == 0 else { throw .io(path: displayPath, operation: "chmod", errno: errno) }
        }
        return handle
    }

    public func size() throws(StoreError) -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        return Int64(info.st_size)
    }

    /// Reads `count` bytes at `offset` (fewer at end of file).
    public func read(at offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        var failure: StoreError?
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            do throws(StoreError) {
                initialized = try read(into: UnsafeMutableRawBufferPointer(raw), at: offset)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return buffer
    }

    /// Fills `buffer` from `offset`; returns how many bytes were read (fewer only at end of file).
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StoreError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    public func readAll() throws(StoreError) -> [UInt8] {
        try read(at: 0, count: Int(try size()))
    }

    /// Writes every byte (a loop: `write` may write less). With `O_APPEND` the kernel puts them at
    /// the end of the file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
    }

    public func write(_ bytes: [UInt8]) throws(StoreError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(StoreError) in try write(raw) } }.get()
    }

    public func sync() throws(StoreError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "fsync", errno: errno)
        }
    }

    public func truncate(to length: Int64) throws(StoreError) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "truncate", errno: errno)
        }
    }
}
