#if canImport(Glibc)
    import Glibc
#endif

/// A file the user names on a command line (`export csv people.csv`, `import csv people.csv`):
/// its path as given (for messages), the path to open (`~/` expanded), and reading it whole.
struct UserFile {
    /// As typed; shown in messages (made safe to print).
    let display: String
    /// What the system calls get.
    let path: String

    init(_ typed: String) {
        display = SafeText.line(typed)
        if typed == "~" || typed.hasPrefix("~/"), let home = environment("HOME"), !home.isEmpty {
            path = home + typed.dropFirst()
        } else {
            path = typed
        }
    }

    /// The directory the file is in, and its name in it.
    var parts: (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// The whole file (following links: reading through one is harmless). Directories, devices
    /// and pipes are refused, so that `import csv /dev/zero` does not read forever.
    func read() throws(ShellError) -> [UInt8] {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .file(path: display, operation: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .file(path: display, operation: "read", errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notAFile(display) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .file(path: display, operation: "read", errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}
