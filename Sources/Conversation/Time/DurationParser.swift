/// Reads DURATION (`30m`, `1h`, `1h30m`, `90m`, `2d`) as minutes.
public enum DurationParser {
    /// The longest duration it reads (31 days); the store refuses longer meetings.
    public static let maxMinutes = 60 * 24 * 31

    public static func minutes(_ text: String) throws(WhenError) -> Int {
        let body = text.lowercased()
        var total = 0
        var number = 0
        var digits = 0
        var lastUnit = Int.max
        var sawUnit = false
        for ch in body {
            if let d = ch.wholeNumberValue, ch.isASCII {
                number = number * 10 + d
                digits += 1
                guard digits <= 6 else { throw .badDuration(text) }
                continue
            }
            let scale: Int
            switch ch {
            case "d": scale = 1440
            case "h": scale = 60
            case "m": scale = 1
            default: throw .badDuration(text)
            }
            guard digits > 0, scale < lastUnit else { throw .badDuration(text) }
            total += number * scale
            lastUnit = scale
            number = 0
            digits = 0
            sawUnit = true
        }
        guard sawUnit, digits == 0, total > 0, total <= maxMinutes else { throw .badDuration(text) }
        return total
    }

    /// `45m`, `1h30m`, `2d` — the inverse of `minutes(_:)`.
    public static func format(minutes: Int) -> String {
        var rest = minutes
        var out = ""
        if rest >= 1440 && rest % 1440 == 0 { return "\(rest / 1440)d" }
        if rest >= 60 {
            out += "\(rest / 60)h"
            rest %= 60
        }
        if rest > 0 || out.isEmpty { out += "\(rest)m" }
        return out
    }
}
