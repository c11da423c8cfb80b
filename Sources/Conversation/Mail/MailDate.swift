/// The Date field (RFC 5322 §3.3 and its obsolete forms, §4.3): `Mon, 3 Feb 2025 10:00:00 +0100`,
/// also without weekday or seconds, with comments, blanks around the colons, two- or
/// three-digit years (`25` is 2025, `99` is 1999, `125` is 2025), named zones (UT, GMT, Z,
/// EST, EDT, CST, CDT, MST, MDT, PST, PDT) and the month before the day (`Feb 3 2025`).
/// A zone that is missing or unknown (military letters included) counts as UTC.
enum MailDate {
    static func parse(_ value: [UInt8]?) -> Instant? {
        guard let value else { return nil }
        let tokens = tokens(MailBytes.withoutComments(value[...]))
        var index = 0
        func letters(_ token: String) -> Bool { token.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } }
        if index < tokens.count, letters(tokens[index]), month(tokens[index]) == nil { index += 1 }  // weekday
        guard tokens.count - index >= 3 else { return nil }
        var dayToken = tokens[index]
        var monthToken = tokens[index + 1]
        if month(dayToken) != nil { swap(&dayToken, &monthToken) }  // `Feb 3 2025`
        var yearToken = tokens[index + 2]
        var rest = Array(tokens[(index + 3)...])
        if yearToken.contains(":"), let first = rest.first, Int(first) != nil {  // `Feb 3 10:00:00 2025`
            rest[0] = yearToken
            yearToken = first
        }
        guard let day = number(dayToken, maxDigits: 2), let month = month(monthToken),
            var year = number(yearToken, maxDigits: 4), let time = rest.first
        else { return nil }
        switch yearToken.utf8.count {
        case 1, 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, let hour = number(clock[0], maxDigits: 2),
            let minute = number(clock[1], maxDigits: 2)
        else { return nil }
        let second = clock.count == 3 ? number(clock[2], maxDigits: 2) : 0
        guard let second, hour < 24, minute < 60, second <= 60,
            let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        let offset = rest.count > 1 ? zoneOffset(rest[1]) : 0
        let wall = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
        return Instant(seconds: wall.utcSeconds - Int64(offset))
    }

    /// Words split at blanks and commas, blanks around `:` dropped (`10 : 00` is `10:00`).
    private static func tokens(_ bytes: [UInt8]) -> [String] {
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if MailBytes.isSpace(b) || b == 0x2C {
                var j = i
                while j < bytes.count, MailBytes.isSpace(bytes[j]) { j += 1 }
                if b != 0x2C, joined.last == 0x3A || (j < bytes.count && bytes[j] == 0x3A) {
                    i = j
                    continue
                }
                joined.append(0x20)
                i += 1
                continue
            }
            joined.append(b)
            i += 1
        }
        return joined.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func number(_ token: some StringProtocol, maxDigits: Int) -> Int? {
        guard !token.isEmpty, token.utf8.count <= maxDigits, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return nil
        }
        return Int(token)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// 1–12 for a month name (its first three letters, any case).
    private static func month(_ token: String) -> Int? {
        guard token.utf8.count >= 3 else { return nil }
        let prefix = String(token.lowercased().prefix(3))
        return months.firstIndex(of: prefix).map { $0 + 1 }
    }

    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    /// Seconds east of UTC: `+0100`, `-0500`, or a named zone; 0 for anything else.
    private static func zoneOffset(_ token: String) -> Int {
        let bytes = Array(token.utf8)
        if bytes.count == 5, bytes[0] == 0x2B || bytes[0] == 0x2D, let digits = number(token.dropFirst(), maxDigits: 4)
        {
            let seconds = (digits / 100) * 3600 + (digits % 100) * 60
            return bytes[0] == 0x2D ? -seconds : seconds
        }
        return (namedZones[token.lowercased()] ?? 0) * 3600
    }
}
