/// Times as people read them in the shell: `Wed 2 Dec 15:00`, `2d 23h`, `3h ago`.
public enum HumanTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue 1 Dec`, with the year when it is not `thisYear`.
    public static func day(_ date: CivilDate, thisYear: Int? = nil) -> String {
        var text = "\(weekdays[date.weekday]) \(date.day) \(months[date.month - 1])"
        if let thisYear, date.year != thisYear { text += " \(date.year)" }
        return text
    }

    /// `15:00`
    public static func clock(_ t: CivilDateTime) -> String { pad(t.hour, 2) + ":" + pad(t.minute, 2) }

    /// `Wed 2 Dec 15:00` in `zone`.
    public static func dateTime(_ instant: Instant, zone: ZoneRules, now: Instant? = nil) -> String {
        dateTime(instant, zone: zone, thisYear: now.map { zone.local($0).date.year })
    }

    /// `dateTime` with the year of now already worked out (a view of thousands of rows).
    /// Written byte by byte: views print thousands of these.
    public static func dateTime(_ instant: Instant, zone: ZoneRules, thisYear: Int?) -> String {
        let local = zone.local(instant)
        let date = local.date
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        bytes += weekdays[date.weekday].utf8
        bytes.append(0x20)
        appendDigits(date.day, minimum: 1, to: &bytes)
        bytes.append(0x20)
        bytes += months[date.month - 1].utf8
        if let thisYear, date.year != thisYear {
            bytes.append(0x20)
            appendDigits(date.year, minimum: 1, to: &bytes)
        }
        bytes.append(0x20)
        appendDigits(local.hour, minimum: 2, to: &bytes)
        bytes.append(0x3A)
        appendDigits(local.minute, minimum: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in decimal, zero-padded to `minimum` digits (a negative year keeps its sign).
    static func appendDigits(_ value: Int, minimum: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(0x30 + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < minimum { bytes += repeatElement(0x30, count: minimum - digits.count) }
        bytes += digits.reversed()
    }

    /// `Wed 2 Dec 15:00–15:45` (the end's day too when it differs).
    public static func range(_ start: Instant, _ end: Instant, zone: ZoneRules, now: Instant? = nil) -> String {
        let a = zone.local(start)
        let b = zone.local(end)
        let head = dateTime(start, zone: zone, now: now)
        return a.date == b.date ? head + "–" + clock(b) : head + " – " + dateTime(end, zone: zone, now: now)
    }

    /// A length of time in its two largest units: `2d 23h`, `4h 12m`, `35m`, `0m`.
    public static func span(seconds: Int64) -> String {
        let minutes = max(0, seconds) / 60
        let days = minutes / 1440
        let hours = minutes % 1440 / 60
        let rest = minutes % 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return rest > 0 ? "\(hours)h \(rest)m" : "\(hours)h" }
        return "\(rest)m"
    }

    /// `3h ago`, `in 2d`, `now`.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let delta = instant.seconds - now.seconds
        if abs(delta) < 60 { return "now" }
        return delta < 0 ? span(seconds: -delta) + " ago" : "in " + span(seconds: delta)
    }
}
