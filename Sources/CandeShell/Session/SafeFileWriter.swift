#if canImport(Glibc)
    import Glibc
#endif

/// Writes an export to a file without ever harming another one:
/// - by default the file is created exclusively (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600): an
///   existing file is refused, and so is a symbolic link planted at the name (dangling or not);
/// - with `replace` (`force:yes`) the bytes go to a new temporary file in the same directory,
///   which is renamed over the target at the end, so the target is either the old file or the
///   complete new one; a symbolic link or anything but a regular file at the name is still refused.
/// The data is fsynced before the file is acknowledged, and the directory after the file
/// appeared in it. A writer that is not finished removes what it created.
final class SafeFileWriter {
    private let file: UserFile
    private let directory: Int32
    private let name: String
    /// The name actually written: `name`, or the temporary file renamed over it.
    private let writtenName: String
    private var fd: Int32
    private var done = false
    private(set) var byteCount = 0

    init(_ file: UserFile, replace: Bool) throws(ShellError) {
        self.file = file
        let (directoryPath, name) = file.parts
        guard !name.isEmpty, name != ".", name != ".." else { throw .notAFile(file.display) }
        self.name = name
        var directory: Int32
        repeat {
            directory = open(directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } while directory < 0 && errno == EINTR
        guard directory >= 0 else { throw .file(path: file.display, operation: "open the directory of", errno: errno) }
        self.directory = directory
        if replace {
            var info = stat()
            if fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
                let type = info.st_mode & S_IFMT
                if type == S_IFLNK {
                    close(directory)
                    throw .symlinkTarget(file.display)
                }
                if type != S_IFREG {
                    close(directory)
                    throw .notAFile(file.display)
                }
            }
            var attempt = 0
            while true {
                let temporary = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
                let fd = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                if fd >= 0 {
                    self.fd = fd
                    writtenName = temporary
                    break
                }
                let code = errno
                attempt += 1
                if (code == EEXIST || code == EINTR) && attempt < 100 { continue }
                close(directory)
                throw .file(path: file.display, operation: "create a temporary file next to", errno: code)
            }
        } else {
            var fd: Int32
            repeat {
                fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            } while fd < 0 && errno == EINTR
            guard fd >= 0 else {
                let code = errno
                var info = stat()
                let isLink =
                    fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK
                close(directory)
                if isLink || code == ELOOP { throw .symlinkTarget(file.display) }
                if code == EEXIST { throw .fileExists(file.display) }
                throw .file(path: file.display, operation: "create", errno: code)
            }
            self.fd = fd
            writtenName = name
        }
    }

    deinit {
        if !done { abandon() }
        close(directory)
    }

    func write(_ bytes: [UInt8]) throws(ShellError) {
        let failure = Output.writeAll(fd, bytes)
        guard failure == 0 else { throw .file(path: file.display, operation: "write", errno: failure) }
        byteCount += bytes.count
    }

    /// Makes the file durable and puts it in place.
    func finish() throws(ShellError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .file(path: file.display, operation: "write", errno: errno)
        }
        close(fd)
        fd = -1
        if writtenName != name {
            // A link planted while we wrote is refused too.
            var info = stat()
            if fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw .symlinkTarget(file.display)
            }
            guard renameat(directory, writtenName, directory, name) == 0 else {
                throw .file(path: file.display, operation: "replace", errno: errno)
            }
        }
        done = true
        while fsync(directory) != 0 {
            if errno == EINTR { continue }
            // The data is in place; only the directory entry's durability is in doubt.
            if errno == EINVAL || errno == EROFS { break }
            throw .file(path: file.display, operation: "sync the directory of", errno: errno)
        }
    }

    /// Removes what this writer created (the new file, or the temporary one).
    func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !done { unlinkat(directory, writtenName, 0) }
        done = true
    }
}
