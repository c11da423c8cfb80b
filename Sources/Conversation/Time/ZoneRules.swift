/// The offsets of one time zone over time, read from a TZif file (RFC 8536) or a POSIX `TZ`
/// string. Foundation's `TimeZone` is not used: in a static build it silently falls back to
/// GMT unless the ICU-backed part of Foundation happens to be linked in.
public struct ZoneRules: Sendable, Equatable {
    public let name: String
    private let transitions: [Int64]
    private let offsets: [Int]  // offsets[i] is in effect from transitions[i]
    private let initialOffset: Int
    private let rule: PosixZoneRule?

    public static let utc = ZoneRules(name: "UTC", fixedOffset: 0)

    public init(name: String, fixedOffset: Int) {
        self.name = name
        transitions = []
        offsets = []
        initialOffset = fixedOffset
        rule = nil
    }

    /// A zone from a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`); nil if it is not one.
    public init?(name: String, posix: String) {
        guard let rule = PosixZoneRule(posix) else { return nil }
        self.name = name
        transitions = []
        offsets = []
        initialOffset = rule.standardOffset
        self.rule = rule
    }

    /// A zone from the bytes of a TZif file; nil if they are not one.
    public init?(name: String, tzif bytes: [UInt8]) {
        guard let parsed = TZifParser.parse(bytes) else { return nil }
        self.name = name
        transitions = parsed.transitions
        offsets = parsed.offsets
        initialOffset = parsed.initialOffset
        rule = parsed.footer.flatMap { PosixZoneRule($0) }
    }

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Instant) -> Int {
        let t = instant.seconds
        if let last = transitions.last, t >= last {
            return rule?.offset(at: t) ?? offsets[offsets.count - 1]
        }
        if transitions.isEmpty { return rule?.offset(at: t) ?? initialOffset }
        if t < transitions[0] { return initialOffset }
        var low = 0
        var high = transitions.count - 1  // transitions[low] <= t < transitions[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if transitions[mid] <= t { low = mid } else { high = mid }
        }
        return offsets[low]
    }

    /// The wall clock at `instant` in this zone.
    public func local(_ instant: Instant) -> CivilDateTime {
        CivilDateTime(utcSeconds: instant.seconds + Int64(offset(at: instant)))
    }

    /// The instant a wall-clock reading stands for. An ambiguous reading (the repeated hour when
    /// clocks go back) takes the first; one that does not exist (the hour skipped when clocks go
    /// forward) moves forward by the gap, as `mktime` and most calendars do.
    public func instant(for local: CivilDateTime) -> Instant {
        let wall = local.utcSeconds
        let before = offset(at: Instant(seconds: wall - 86_400))
        let after = offset(at: Instant(seconds: wall + 86_400))
        var best: Int64?
        for candidate in [before, after] {
            let t = wall - Int64(candidate)
            if offset(at: Instant(seconds: t)) == candidate {
                best = min(best ?? t, t)
            }
        }
        return Instant(seconds: best ?? (wall - Int64(before)))
    }

    public static func == (a: ZoneRules, b: ZoneRules) -> Bool { a.name == b.name }
}
