#if canImport(Glibc)
    import Glibc
#endif

/// One line of input, or why it cannot be one.
enum InputLine {
    case line(String, number: Int)
    case bad(ShellError, number: Int)
}

/// Reads commands from a pipe, a file or `-c` strings: no prompt, numbered lines for error
/// messages, at most 1 MiB per line, UTF-8 only, no NUL bytes (SPEC §9). `readLine()` would
/// silently turn invalid UTF-8 into U+FFFD and has no length limit.
struct BatchReader {
    static let lineLimit = 1 << 20

    private enum Source {
        case fd(Int32)
        case strings([String])
    }

    private let source: Source
    /// Bytes read but not yet returned are `buffer[start..<end]`.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var eof = false
    private var number = 0
    private var stringIndex = 0

    init(fd: Int32) {
        source = .fd(fd)
        buffer = [UInt8](repeating: 0, count: 256 << 10)
    }

    /// `-c` commands: each is a line (a command with newlines in it counts as one line each).
    init(commands: [String]) {
        source = .strings(commands)
        eof = true
    }

    /// The next line; nil at the end.
    mutating func next() -> InputLine? {
        switch source {
        case .strings(let commands):
            guard stringIndex < commands.count else { return nil }
            stringIndex += 1
            number = stringIndex
            return Self.check(Array(commands[stringIndex - 1].utf8), number: number)
        case .fd(let fd):
            while true {
                if let newline = findNewline() {
                    let bytes = Array(buffer[start..<newline])
                    start = newline + 1
                    number += 1
                    return Self.check(bytes, number: number)
                }
                if end - start > Self.lineLimit + 1 {  // + 1: a CR before the newline
                    // Too long: drop it up to its newline without keeping it in memory.
                    number += 1
                    skipOverlongLine(fd)
                    return .bad(.lineTooLong(limit: Self.lineLimit), number: number)
                }
                if eof {
                    guard start < end else { return nil }
                    let bytes = Array(buffer[start..<end])
                    start = end
                    number += 1
                    return Self.check(bytes, number: number)
                }
                fill(fd)
            }
        }
    }

    /// True when `next()` can return without waiting: a whole line (or the end) is buffered, after
    /// reading what can be read right now. Bytes that are readable are not enough: half a line
    /// means `next()` waits for the rest of it.
    mutating func hasWholeLine() -> Bool {
        switch source {
        case .strings(let commands): return stringIndex < commands.count
        case .fd(let fd):
            while findNewline() == nil && !eof {
                // An overlong line is skipped up to its newline, which may mean waiting.
                if end - start > Self.lineLimit + 1 { return false }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 0) > 0 else { return false }
                fill(fd)
            }
            return true
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBytes { raw in
            guard let found = memchr(raw.baseAddress! + start, 0x0A, end - start) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }

    /// Reads more input after what is buffered (moving it to the front, growing the buffer only
    /// for a line longer than it).
    private mutating func fill(_ fd: Int32) {
        if start > 0 {
            let count = end - start
            buffer.withUnsafeMutableBytes { raw in _ = memmove(raw.baseAddress!, raw.baseAddress! + start, count) }
            start = 0
            end = count
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + end, $0.count - end) }
        } while n < 0 && errno == EINTR
        if n <= 0 { eof = true } else { end += n }
    }

    private mutating func skipOverlongLine(_ fd: Int32) {
        while true {
            if let newline = findNewline() {
                start = newline + 1
                return
            }
            start = 0
            end = 0
            if eof { return }
            fill(fd)
        }
    }

    /// A line's bytes as a string, or the reason they cannot be a command.
    static func check(_ raw: [UInt8], number: Int) -> InputLine {
        var bytes = raw
        if bytes.last == 0x0D { bytes.removeLast() }  // a script saved with CRLF
        if bytes.count > lineLimit { return .bad(.lineTooLong(limit: lineLimit), number: number) }
        if bytes.contains(0) { return .bad(.nulByte, number: number) }
        guard let line = String(validating: bytes, as: UTF8.self) else { return .bad(.invalidUTF8, number: number) }
        return .line(line, number: number)
    }
}
