import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// "Now": the wall clock, or `CANDE_NOW` when set.
struct Clock {
    var fixed: Instant?

    func now() -> Instant {
        if let fixed { return fixed }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(seconds: Int64(spec.tv_sec))
    }

    /// A clock that only goes forward, for how long things take (group age, idle time,
    /// progress lines): never `CANDE_NOW`, never the wall clock.
    static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
