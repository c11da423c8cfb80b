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
}
