import Conversation

/// Writes iCalendar content lines (RFC 5545 §3.1): CRLF after each; lines longer than 75 octets
/// folded (CRLF and one space), never inside a UTF-8 sequence; TEXT values escaped (`\\`, `\;`,
/// `\,`, `\n` for any line break) with other control characters left out; date-times in UTC
/// (`20261202T140000Z`).
struct ICSWriter {
    var bytes: [UInt8] = []

    static let maxOctets = 75

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// `NAME:value` with a value already in iCalendar syntax.
    mutating func property(_ name: String, raw value: String) {
        contentLine(Array(name.utf8) + [0x3A] + Array(value.utf8))
    }

    /// `NAME:text`, escaped as TEXT.
    mutating func property(_ name: String, text value: String) {
        property(name, raw: Self.escape(value))
    }

    mutating func property(_ name: String, time value: Instant) {
        property(name, raw: Self.utc(value))
    }

    static func utc(_ instant: Instant) -> String {
        let civil = CivilDateTime(utcSeconds: instant.seconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(civil.date.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(civil.date.month)
            + two(civil.date.day) + "T" + two(civil.hour) + two(civil.minute) + two(civil.second) + "Z"
    }

    /// A DURATION value (RFC 5545 §3.3.6) of whole minutes: `PT15M`, `PT1H30M`, `P1D`, `P1DT2H`.
    static func duration(minutes: Int) -> String {
        let (days, rest) = minutes.quotientAndRemainder(dividingBy: 1440)
        let (hours, mins) = rest.quotientAndRemainder(dividingBy: 60)
        var out = "P"
        if days > 0 { out += "\(days)D" }
        if hours > 0 || mins > 0 || days == 0 { out += "T" }
        if hours > 0 { out += "\(hours)H" }
        if mins > 0 || (days == 0 && hours == 0) { out += "\(mins)M" }
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                // Other control characters have no place in TEXT (RFC 5545 §3.3.11).
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends one content line, folded.
    private mutating func contentLine(_ line: [UInt8]) {
        var start = 0
        var limit = Self.maxOctets
        while line.count - start > limit {
            var end = start + limit
            // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end > start, line[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.append(contentsOf: line[start..<end])
            bytes.append(contentsOf: [0x0D, 0x0A, 0x20])
            start = end
            limit = Self.maxOctets - 1  // the leading space counts
        }
        bytes.append(contentsOf: line[start...])
        bytes.append(contentsOf: [0x0D, 0x0A])
    }
}
