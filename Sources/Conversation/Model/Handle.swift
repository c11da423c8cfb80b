/// Candidate handles: short, unique, stable; by default the slug of the name
/// ("Zoë Müller" → `zoe-muller`, then `zoe-muller-2` when taken).
public enum Handle {
    public static let maxLength = 40

    /// Lowercase ASCII letters and digits with single dashes, everything else a separator;
    /// empty when nothing is left. Latin letters lose their diacritics by Unicode: the name is
    /// case-folded (`ß` → `ss`), decomposed with compatibility mappings (`ﬁ` → `fi`, fullwidth
    /// `Ａ` → `a`), its combining marks dropped (`Nguyễn` → `nguyen`, `Ștefan` → `stefan`, also
    /// when typed decomposed, without a dash) and invisible characters (soft hyphen, zero-width
    /// space) ignored. Letters whose spelling has no decomposition are mapped by `undecomposed`:
    /// `đ ð` → d, `ł` → l, `ø` → o, `ı` → i, `ħ` → h, `ŧ` → t, `ŋ` → n, `ĸ` → k, `ƀ` → b, `ƒ` → f,
    /// `ɨ` → i, `ʉ` → u, `ɛ ə ǝ` → e, `ɔ` → o, `ƴ` → y, `ȥ` → z and the ligatures `æ` → ae,
    /// `œ` → oe, `þ` → th; the pronunciation-dependent ones (`ʒ`, `ƣ`) and other scripts (no
    /// transliteration of Cyrillic, Greek or CJK) are dropped.
    public static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        let folded = UnicodeText.stripMarks(UnicodeText.caseFold(name), compatibility: true)
        for scalar in folded.unicodeScalars {
            let spelling = ascii(scalar)
            if spelling.isEmpty {
                if !out.isEmpty, !isMark(scalar) { dash = true }
                continue
            }
            if dash { out.append("-") }
            dash = false
            out += spelling
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

    /// The ASCII spelling of one case-folded, mark-stripped code point: itself if an ASCII
    /// letter or digit, its Latin base for the letters that do not decompose, "" otherwise.
    static func ascii(_ s: Unicode.Scalar) -> String {
        let v = s.value
        if v >= 65 && v <= 90 { return String(Character(Unicode.Scalar(v + 32)!)) }
        if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { return String(Character(s)) }
        return undecomposed[v] ?? ""
    }

    /// Lowercase Latin letters that are letters of their own in Unicode (no decomposition to a
    /// base and a mark) and their ASCII spellings; uppercase ones reach here case-folded.
    private static let undecomposed: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for (letters, spelling) in [
            ("đð", "d"), ("ł", "l"), ("ø", "o"), ("ıɨ", "i"), ("ħ", "h"), ("ŧ", "t"), ("ŋ", "n"), ("ĸ", "k"),
            ("ƀ", "b"), ("ƒ", "f"), ("ʉ", "u"), ("ɛəǝ", "e"), ("ɔ", "o"), ("ƴ", "y"), ("ȥ", "z"), ("æ", "ae"),
            ("œ", "oe"), ("þ", "th"),
        ] {
            for scalar in letters.unicodeScalars { table[scalar.value] = spelling }
        }
        return table
    }()
}
