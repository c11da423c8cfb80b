import Foundation

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// Pipes for a test that reads keys with delayed writers: none is closed while a writer may
/// still write to it. A watchdog ends the keys' input after `lifetime` seconds (a reader that
/// still waits then gets ^D and the end, instead of hanging the test run), then closes them all.
final class TestPipes: @unchecked Sendable {
    static let lifetime = 3.0
    /// The keys a terminal would send (blocking, as a terminal is).
    let keys: (read: Int32, write: Int32)
    private var all: [Int32] = []

    init() {
        keys = Self.make(draining: false)
        all = [keys.read, keys.write]
        let (fds, keysWrite) = (all, keys.write)
        Thread {
            usleep(UInt32(Self.lifetime * 1_000_000))
            _ = Output.writeAll(keysWrite, [0x04])
            close(keysWrite)
            usleep(200_000)
            for fd in fds where fd != keysWrite { close(fd) }
        }.start()
    }

    /// Another pipe, closed with the rest; `draining`: its reading end does not block (a wake
    /// descriptor, drained).
    func another(draining: Bool = true) -> (read: Int32, write: Int32) {
        let ends = Self.make(draining: draining)
        let fds = [ends.read, ends.write]
        Thread {
            usleep(UInt32((Self.lifetime + 0.2) * 1_000_000))
            for fd in fds { close(fd) }
        }.start()
        return ends
    }

    private static func make(draining: Bool) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        if draining { _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    /// Writes `bytes` to `fd` after `delay` seconds (well within `lifetime`), from another thread.
    static func write(_ bytes: String, to fd: Int32, after delay: Double) {
        Thread {
            usleep(UInt32(delay * 1_000_000))
            _ = Output.writeAll(fd, Array(bytes.utf8))
        }.start()
    }

    static func drain(_ fd: Int32) {
        var byte: UInt8 = 0
        while read(fd, &byte, 1) > 0 {}
    }
}
