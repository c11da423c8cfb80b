import Conversation

/// The dates and times `import csv` reads in `created` and `updated` cells (README "Moving from
/// another tracking system"): ISO 8601 (`2026-10-05`, `2026-10-05T14:30:00Z`, `…+02:00`,
/// `2026-10-05 14:30[:00][.123][ UTC]`), `2026/10/05`, day first with dots (`05.10.2026`, as
/// European spreadsheets write), and `M/D/YYYY` or `D/M/YYYY` when one part is over 12; each
/// optionally with a time (`14:30`, `2:30 PM`). Without a zone, the user's (`TZ`).
enum ImportDate {
    enum Problem: Error, Equatable {
        /// No form it knows, or a day that does not exist.
        case unreadable
        /// `03/04/2026`: April or March.
        case ambiguous
    }

    static func read(_ text: String, zone: ZoneRules, now: Instant) throws(Problem) -> Instant {
        let value = text.trimmingBlanks()
        let utf8 = Array(value.utf8)
        if utf8.count >= 10, utf8[4] == 0x2D, utf8[7] == 0x2D, utf8[0..<4].allSatisfy(isDigit) {
            return try iso(value, zone: zone, now: now)
        }
        let (datePart, timePart) = split(value)
        let separator: Character = datePart.contains(".") ? "." : "/"
        let fields = datePart.split(separator: separator, omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isImportDigit) }),
            let a = Int(fields[0]), let b = Int(fields[1]), let c = Int(fields[2])
        else { throw .unreadable }
        let date: CivilDate?
        if fields[0].count == 4 {
            date = CivilDate(year: a, month: b, day: c)
        } else {
            guard fields[2].count == 4 else { throw .unreadable }
            if separator == "." || (a > 12 && b <= 12) {
                date = CivilDate(year: c, month: b, day: a)
            } else if b > 12 && a <= 12 || a == b {
                date = CivilDate(year: c, month: a, day: b)
            } else if a <= 12 && b <= 12 {
                throw .ambiguous
            } else {
                date = nil
            }
        }
        guard let date else { throw .unreadable }
        let time = try timePart.map { (t) throws(Problem) in try clock(t) } ?? (0, 0, 0)
        return zone.instant(for: CivilDateTime(date: date, hour: time.0, minute: time.1, second: time.2))
    }

    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

    /// `YYYY-MM-DD…`: WHEN's own ISO forms, after a blank instead of `T`, fractions of a second
    /// and a trailing `UTC`/`GMT` are taken off.
    private static func iso(_ value: String, zone: ZoneRules, now: Instant) throws(Problem) -> Instant {
        var text = value
        for suffix in [" UTC", " GMT", "UTC", "GMT"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingBlanks() + "Z"
            break
        }
        var chars = Array(text)
        if chars.count > 10, chars[10] == " " { chars[10] = "T" }
        if let dot = chars.firstIndex(of: "."), dot > 10 {
            var end = dot + 1
            while end < chars.count, chars[end].isImportDigit { end += 1 }
            chars.removeSubrange(dot..<end)
        }
        text = String(chars)
        guard !text.contains(" ") else { throw .unreadable }
        do {
            return try WhenParser(now: now, zone: zone).parse(text, direction: .past).instant
        } catch {
            throw .unreadable
        }
    }

    /// The date and the time of day (`2:30 PM` keeps its blank).
    private static func split(_ value: String) -> (Substring, Substring?) {
        guard let blank = value.firstIndex(where: { $0 == " " || $0 == "T" }) else { return (value[...], nil) }
        let rest = value[value.index(after: blank)...].drop { $0 == " " }
        return (value[..<blank], rest.isEmpty ? nil : rest)
    }

    /// `HH:MM[:SS]`, with an optional `AM`/`PM`.
    private static func clock(_ text: Substring) throws(Problem) -> (Int, Int, Int) {
        var t = String(text.lowercased().filter { $0 != " " })
        var offset = 0
        if t.hasSuffix("am") || t.hasSuffix("pm") {
            offset = t.hasSuffix("pm") ? 12 : 0
            t.removeLast(2)
            let f = t.split(separator: ":")
            guard let h = f.first.flatMap({ Int($0) }), (1...12).contains(h) else { throw .unreadable }
            if h == 12 { offset -= 12 }
        }
        let f = t.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(f.count), f.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isImportDigit) }),
            let h = Int(f[0]), let m = Int(f[1]), let s = f.count == 3 ? Int(f[2]) : 0,
            h + offset < 24, m < 60, s < 60
        else { throw .unreadable }
        return (h + offset, m, s)
    }
}

extension Character {
    fileprivate var isImportDigit: Bool { ("0"..."9").contains(self) }
}
