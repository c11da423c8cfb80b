import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds time zones in the system's tz database (`/usr/share/zoneinfo`, or `TZDIR`), as
/// `TZ` and candidates' `tz:` name them.
enum ZoneLoader {
    static var directory: String { environment("TZDIR") ?? "/usr/share/zoneinfo" }

    /// A zone by IANA name (`Europe/Berlin`, `UTC`); nil if there is no such zone.
    static func load(named name: String) -> ZoneRules? {
        guard isSafeName(name), let bytes = readFile(directory + "/" + name) else { return nil }
        return ZoneRules(name: name, tzif: bytes)
    }

    /// IANA names are letters, digits, `_`, `+`, `-` and `/`-separated parts; never `..`.
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 64, !name.hasPrefix("/") else { return false }
        for part in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part != ".", part != ".." else { return false }
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-/".contains($0)) }
    }

    /// The user's zone from `TZ` (as glibc reads it), else `/etc/localtime`, else UTC.
    static func fromEnvironment() -> (zone: ZoneRules, warning: String?) {
        guard var tz = environment("TZ"), !tz.isEmpty else {
            if let bytes = readFile("/etc/localtime"), let zone = ZoneRules(name: localName(), tzif: bytes) {
                return (zone, nil)
            }
            return (.utc, nil)
        }
        if tz.hasPrefix(":") { tz.removeFirst() }
        if tz.hasPrefix("/"), let bytes = readFile(tz), let zone = ZoneRules(name: tz, tzif: bytes) {
            return (zone, nil)
        }
        if let zone = load(named: tz) { return (zone, nil) }
        if let zone = ZoneRules(name: tz, posix: tz) { return (zone, nil) }
        return (.utc, "unknown time zone \"\(tz)\" in TZ; using UTC")
    }

    /// The name `/etc/localtime` links to (`Europe/Berlin`), or "local".
    private static func localName() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let n = readlink("/etc/localtime", &buffer, buffer.count - 1)
        guard n > 0 else { return "local" }
        let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let range = target.firstRange(of: "zoneinfo/") { return String(target[range.upperBound...]) }
        return "local"
    }
}

func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

/// The bytes of a small file, or nil.
func readFile(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while bytes.count <= limit {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if n == 0 { return bytes }
        bytes.append(contentsOf: chunk[..<n])
    }
    return nil
}
