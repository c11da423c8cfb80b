/// Candidate handles: short, unique, stable; by default the slug of the name
/// ("Zoë Müller" → `zoe-muller`, then `zoe-muller-2` when taken).
public enum Handle {
    public static let maxLength = 40

    /// Lowercase ASCII letters and digits with single dashes; accents folded (`ß` → `ss`);
    /// characters without a Latin spelling are dropped. Empty when nothing is left.
    public static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        for scalar in name.unicodeScalars {
            let folded = fold(scalar)
            if folded.isEmpty {
                if !out.isEmpty, !isMark(scalar) { dash = true }
                continue
            }
            for ch in folded {
                if dash, !out.isEmpty { out.append("-") }
                dash = false
                out.append(ch)
            }
        }
        if out.count > maxLength - 3 {
            out = String(out.prefix(maxLength - 3))
            while out.hasSuffix("-") { out.removeLast() }
        }
        return out
    }

    /// The first of `slug`, `slug-2`, `slug-3` … that `taken` does not hold.
    public static func unique(for name: String, taken: (String) -> Bool) -> String {
        var base = slug(name)
        if base.isEmpty || base.allSatisfy(\.isNumber) { base = "candidate" + (base.isEmpty ? "" : "-" + base) }
        if !taken(base) { return base }
        var n = 2
        while taken("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }

    /// 1–40 of `a-z 0-9 . -`, starting with a letter or digit, not all digits (ids are numbers).
    public static func isValid(_ handle: String) -> Bool {
        guard let first = handle.unicodeScalars.first, (1...maxLength).contains(handle.count) else { return false }
        guard isLowerAlnum(first) else { return false }
        guard handle.unicodeScalars.allSatisfy({ isLowerAlnum($0) || $0 == "-" || $0 == "." }) else { return false }
        return !handle.unicodeScalars.allSatisfy { $0.value >= 48 && $0.value <= 57 }
    }

    private static func isLowerAlnum(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 97 && s.value <= 122) || (s.value >= 48 && s.value <= 57)
    }

    private static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The ASCII spelling of one character: itself if a letter or digit, its base letter for
    /// Latin letters with diacritics, "" otherwise.
    static func fold(_ s: Unicode.Scalar) -> String {
        let v = s.value
        if v >= 65 && v <= 90 { return String(Character(Unicode.Scalar(v + 32)!)) }
        if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { return String(Character(s)) }
        if let mapped = latin[v] { return mapped }
        return ""
    }

    /// Latin-1 Supplement and Latin Extended-A letters and their base spellings.
    private static let latin: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđÐð", "d"),
            ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"),
            ("Ĵĵ", "j"), ("Ķķĸ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"), ("ÑñŃńŅņŇňŉŊŋ", "n"),
            ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"), ("ŚśŜŝŞşŠšſ", "s"), ("ŢţŤťŦŧ", "t"),
            ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"),
        ]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar.value] = base }
        }
        for (letter, spelling) in [
            ("ß", "ss"), ("Æ", "ae"), ("æ", "ae"), ("Œ", "oe"), ("œ", "oe"), ("Þ", "th"), ("þ", "th"), ("Ĳ", "ij"),
            ("ĳ", "ij"),
        ] {
            table[letter.unicodeScalars.first!.value] = spelling
        }
        return table
    }()
}
