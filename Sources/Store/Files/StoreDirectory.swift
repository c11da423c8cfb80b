#if canImport(Glibc)
    import Glibc
#endif

/// The store's directory, held open so that every file operation is relative to it (`openat`,
/// `renameat`, `unlinkat`) and the directory itself can be fsynced after creating or renaming.
public final class StoreDirectory {
    public let path: String
    let fd: Int32

    /// Opens (creating with 0700 if missing, parents included) the directory at `path`.
    public init(path: String, create: Bool) throws(StoreError) {
        self.path = path
        if create { try Self.makeDirectories(path) }
        var fd: Int32
        repeat { fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(path: path, operation: "open directory", errno: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

    public func display(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    func open(_ name: String, flags: Int32, mode: mode_t = 0o600) throws(StoreError) -> FileDescriptor {
        try FileDescriptor.open(name, in: fd, displayPath: display(name), flags: flags, mode: mode)
    }

    /// nil when the file does not exist.
    func openIfExists(_ name: String, flags: Int32) throws(StoreError) -> FileDescriptor? {
        do {
            return try open(name, flags: flags)
        } catch let error {
            if case .io(_, _, let code) = error, code == ENOENT { return nil }
            throw error
        }
    }

    func exists(_ name: String) -> Bool {
        var info = stat()
        return fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    func rename(_ from: String, to: String) throws(StoreError) {
        guard renameat(fd, from, fd, to) == 0 else {
            throw .io(path: display(to), operation: "rename", errno: errno)
        }
    }

    func remove(_ name: String) throws(StoreError) {
        guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else {
            throw .io(path: display(name), operation: "remove", errno: errno)
        }
    }

    /// Makes renames and new files in the directory durable.
    func sync() throws(StoreError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "fsync", errno: errno)
        }
    }

    /// Every name in the directory but `.` and `..`.
    func names() throws(StoreError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let stream = fdopendir(copy) else {
            throw .io(path: path, operation: "list", errno: errno)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Writes `bytes` to `name` durably and atomically: a temporary file, fsync, rename, fsync of
    /// the directory. The file is 0600 whatever the umask.
    func replace(_ name: String, with bytes: [UInt8]) throws(StoreError) {
        let temporary = name + ".tmp"
        try remove(temporary)
        let file = try open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL)
        try file.write(bytes)
        try file.sync()
        try rename(temporary, to: name)
        try sync()
    }

    /// Like `mkdir -p`, each new directory 0700 whatever the umask, and durable: the directory it
    /// was made in is fsynced after it.
    static func makeDirectories(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        var parent = prefix.isEmpty ? "." : prefix
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            var existing = stat()
            if stat(prefix, &existing) == 0, existing.st_mode & S_IFMT == S_IFDIR {
                // Already there (perhaps in a directory this user may not write: fine).
            } else if mkdir(prefix, 0o700) == 0 {
                guard chmod(prefix, 0o700) == 0 else { throw .io(path: prefix, operation: "chmod", errno: errno) }
                try syncDirectory(parent)
            } else if errno != EEXIST {
                throw .io(path: prefix, operation: "create directory", errno: errno)
            }
            parent = prefix
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .notAStore(path: path, reason: "it is not a directory")
        }
    }

    private static func syncDirectory(_ path: String) throws(StoreError) {
        var fd: Int32
        repeat { fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(path: path, operation: "open directory", errno: errno) }
        defer { close(fd) }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "fsync", errno: errno)
        }
    }

    /// Makes the directory 0700 if it is not (a store made in an existing 0755 directory).
    func makePrivate() throws(StoreError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        guard info.st_mode & 0o7777 != 0o700 else { return }
        guard fchmod(fd, 0o700) == 0 else { throw .io(path: path, operation: "chmod", errno: errno) }
    }

    /// Why files cannot be made in the directory (a read-only file system, no permission), if so.
    func writeProblem() -> String? {
        guard faccessat(fd, ".", W_OK, AT_EACCESS) != 0 else { return nil }
        return errno == EROFS
            ? "it is on a read-only file system" : "no permission to write in the store directory \(path)"
    }

    /// The file system type of the directory when it is a network one (`nfs4`, `cifs`, `fuse.sshfs` …),
    /// where `flock` and `fsync` do not keep their promises; nil otherwise. Read from
    /// /proc/self/mounts: the longest mount point containing the directory.
    func networkFileSystem() -> String? {
        guard let real = realpath(path, nil) else { return nil }
        let resolved = String(cString: real)
        free(real)
        guard let file = fopen("/proc/self/mounts", "r") else { return nil }
        defer { fclose(file) }
        var best: (point: String, type: String)? = nil
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let fields = String(cString: line).split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1]).replacing("\\040", with: " ")
            let inside = resolved == point || resolved.hasPrefix(point.hasSuffix("/") ? point : point + "/")
            if inside, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        guard let type = best?.type else { return nil }
        let network = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs"]
        return network.contains(type) || type.hasPrefix("fuse.sshfs") ? type : nil
    }
}
