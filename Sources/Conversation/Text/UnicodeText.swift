internal import CUTF8Proc

#if canImport(Glibc)
    import Glibc
#endif

/// Unicode done by utf8proc (the only file that imports it): terminal widths of code points and
/// grapheme clusters, normalisation, case folding and mark stripping. Grapheme clusters are the
/// standard library's (`Character`); utf8proc answers per code point and maps whole texts.
public enum UnicodeText {
    /// The Unicode version of utf8proc's tables ("15.0.0" for Debian 12's utf8proc 2.8).
    public static var unicodeVersion: String { String(cString: utf8proc_unicode_version()) }

    // MARK: Width

    /// Terminal columns of one code point, as `wcwidth` counts them but 0 instead of -1 for
    /// controls (cande shows those escaped, never raw): utf8proc's width (East Asian wide and
    /// emoji presentation 2, combining and spacing marks, format characters and controls 0),
    /// with conjoining jamo vowels and final consonants (U+1160–11FF, U+D7B0–D7FF) 0, so that
    /// decomposed Hangul (L V T) takes the columns of the composed syllable. Code points newer
    /// than utf8proc's tables but known to the standard library are judged by its properties.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if (v >= 0x1160 && v <= 0x11FF) || (v >= 0xD7B0 && v <= 0xD7FF) { return 0 }
        let code = Int32(bitPattern: v)
        if utf8proc_category(code) == UTF8PROC_CATEGORY_CN { return newerWidth(of: scalar) }
        return Int(utf8proc_charwidth(code))
    }

    /// A code point utf8proc does not know (unassigned in its Unicode version): zero for marks
    /// (spacing ones too, as utf8proc counts them), format characters and controls, two for
    /// emoji presentation and the blocks whose code points are all wide (CJK, Tangut, Kana
    /// supplements, planes 2 and 3), one otherwise.
    private static func newerWidth(of scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0x16FE0...0x18DFF, 0x1B000...0x1B2FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// Terminal columns of one grapheme cluster, the way terminals place it: the width of its
    /// first code point that takes any (so a base with marks, L V T jamo, or a letter with a
    /// Prepend mark count as the base), except that emoji sequences take two: an emoji with
    /// VS16 (U+FE0F, also keycaps such as 1️⃣), an emoji ZWJ sequence (👩‍💻), an emoji modifier
    /// sequence (☝🏽) and a flag (two regional indicators).
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let base = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return width(of: base) }
        var first = width(of: base)
        let emojiBase = base.properties.isEmoji
        let regionalBase = base.value >= 0x1F1E6 && base.value <= 0x1F1FF
        var afterJoiner = false
        var next: Unicode.Scalar? = second
        while let scalar = next {
            let v = scalar.value
            if emojiBase {
                if v == 0xFE0F { return 2 }
                if afterJoiner, v >= 0x80, scalar.properties.isEmoji { return 2 }
                if v >= 0x1F3FB && v <= 0x1F3FF, base.properties.isEmojiModifierBase { return 2 }
            }
            if regionalBase, v >= 0x1F1E6 && v <= 0x1F1FF { return 2 }
            afterJoiner = v == 0x200D
            if first == 0 { first = width(of: scalar) }
            next = iterator.next()
        }
        return first
    }

    /// Terminal columns of a text: the sum over its grapheme clusters. Printable text below
    /// U+0300 (ASCII, Latin-1, Latin Extended, IPA) is counted one per code point without
    /// grapheme breaking: none of it takes other than one column, nor joins the code point before.
    public static func width(of text: String) -> Int {
        // Without combining marks, joiners, selectors or wide blocks, each code point is its own
        // cluster: Latin-1 and Latin Extended, and the punctuation and arrows cande prints
        // itself (“ ” · … → ←).
        var simple = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v >= 0x20 && v < 0x7F) || (v >= 0xA0 && v < 0x300) {
                simple += 1
            } else if (v >= 0x2010 && v <= 0x2027) || (v >= 0x2190 && v <= 0x2199) {
                simple += width(of: scalar)
            } else {
                return clusterWidth(of: text)
            }
        }
        return simple
    }

    private static func clusterWidth(of text: String) -> Int {
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    // MARK: Normalisation and folding

    /// Canonical composition (NFC): "e\u{301}" → "é", decomposed Hangul → syllables.
    public static func nfc(_ text: String) -> String {
        if isASCII(text) { return text }
        return map(text, [UTF8PROC_STABLE, UTF8PROC_COMPOSE])
    }

    /// Full Unicode case folding of the NFC form, for comparing texts without regard to case or
    /// normalisation: "STRASSE" and "Straße" → "strasse", "ΣΟΦΟΣ", "σοφος" and "σοφοσ" →
    /// "σοφοσ", NFD and NFC → the same bytes. Default-ignorable code points (soft hyphen,
    /// zero-width space and joiners, variation selectors) are dropped, since nobody types them
    /// in a query. Compatibility mappings (NFKC) are *not* applied: they would make `2` find
    /// "²", `tm` find "™" and `1/2` find "½", changing what the text says; full case folding
    /// already unfolds the ligatures ﬁ, ﬀ, ﬆ and ß.
    public static func caseFold(_ text: String) -> String {
        var out: [UInt8] = []
        caseFold(text.utf8, appendingTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `caseFold` of UTF-8 `bytes`, appended to `out` (invalid UTF-8 is first repaired with
    /// U+FFFD, as `String(decoding:as:)` does). ASCII is lowercased by table.
    public static func caseFold(_ bytes: some Collection<UInt8>, appendingTo out: inout [UInt8]) {
        if !bytes.contains(where: { $0 >= 0x80 }) {
            for b in bytes { out.append(b >= 65 && b <= 90 ? b + 32 : b) }
            return
        }
        let options: [utf8proc_option_t] = [UTF8PROC_STABLE, UTF8PROC_COMPOSE, UTF8PROC_CASEFOLD, UTF8PROC_IGNORE]
        let mapped = bytes.withContiguousStorageIfAvailable { map($0, options, appendingTo: &out) }
        if mapped == true { return }
        var repaired = String(decoding: Array(bytes), as: UTF8.self)
        _ = repaired.withUTF8 { map($0, options, appendingTo: &out) }
    }

    /// The text without its combining marks (general category M), after canonical
    /// decomposition: "Nguyễn" → "Nguyen", "Ștefan" → "Stefan", "Zoë" → "Zoe"; letters that do
    /// not decompose stay ("Đ", "ł", "ø"). With `compatibility`, compatibility decompositions are
    /// applied as well (NFKD: "ﬁ" → "fi", "①" → "1", fullwidth "Ａ" → "A") and default-ignorable
    /// code points are dropped. The result is recomposed (NFC or NFKC).
    public static func stripMarks(_ text: String, compatibility: Bool = false) -> String {
        if isASCII(text) { return text }
        var options: [utf8proc_option_t] = [UTF8PROC_STABLE, UTF8PROC_COMPOSE, UTF8PROC_STRIPMARK]
        if compatibility { options += [UTF8PROC_COMPAT, UTF8PROC_IGNORE] }
        return map(text, options)
    }

    // MARK: utf8proc_map

    private static func isASCII(_ text: String) -> Bool { !text.utf8.contains { $0 >= 0x80 } }

    private static func map(_ text: String, _ options: [utf8proc_option_t]) -> String {
        var text = text
        var out: [UInt8] = []
        let ok = text.withUTF8 { map($0, options, appendingTo: &out) }
        return ok ? String(decoding: out, as: UTF8.self) : text
    }

    /// Appends utf8proc's mapping of `bytes` to `out`; false (nothing appended) when utf8proc
    /// refuses (invalid UTF-8, or out of memory).
    private static func map(
        _ bytes: UnsafeBufferPointer<UInt8>, _ options: [utf8proc_option_t], appendingTo out: inout [UInt8]
    ) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        let flags = utf8proc_option_t(rawValue: options.reduce(0) { $0 | $1.rawValue })
        var result: UnsafeMutablePointer<utf8proc_uint8_t>? = nil
        let count = utf8proc_map(base, bytes.count, &result, flags)
        defer { free(result) }
        guard count >= 0, let result else { return false }
        out.append(contentsOf: UnsafeBufferPointer(start: result, count: count))
        return true
    }
}
