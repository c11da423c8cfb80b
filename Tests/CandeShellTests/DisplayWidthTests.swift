import Testing

@testable import CandeShell

@Suite("Display width")
struct DisplayWidthTests {
    @Test("the ASCII fast path wraps exactly like the character-by-character one")
    func asciiWrapAgrees() {
        var generator = SystemRandomNumberGenerator()
        let words = ["a", "to", "the", "offer", "supercalifragilistic", "", "x", "interview-process", "call"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...25, using: &generator)).map { _ in
                words.randomElement(using: &generator)!
            }
            .joined(separator: " ")
            let width = Int.random(in: 8...40, using: &generator)
            #expect(
                DisplayWidth.wrapASCII(text, width: width) == DisplayWidth.wrapCharacters(text, width: width),
                "\(text) at \(width)")
        }
    }

    @Test("wide characters take two columns, combining marks none")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("🎉") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Zoë Müller, Łukasz") == 18)
        #expect(DisplayWidth.of("Zoe\u{308} Mu\u{308}ller") == 10)
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.wrap("日本語 テキスト です", width: 8).allSatisfy { DisplayWidth.of($0) <= 8 })
    }

    /// 한국어 in NFD: conjoining jamo, initial + vowel (+ final) per syllable.
    static let decomposedKorean = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165}"

    @Test("decomposed Hangul takes the columns of the composed syllables, in tables too")
    func decomposedHangul() {
        #expect(Self.decomposedKorean.unicodeScalars.count == 8)
        #expect(Self.decomposedKorean == "한국어")  // canonically equivalent
        #expect(DisplayWidth.of(Self.decomposedKorean) == 6)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.pad(Self.decomposedKorean, to: 8) == Self.decomposedKorean + "  ")
        #expect(DisplayWidth.truncate(Self.decomposedKorean + "님", to: 7) == Self.decomposedKorean + "…")
        #expect(DisplayWidth.of(Unicode.Scalar(UInt32(0x1161))!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(UInt32(0xD7CB))!) == 0)
    }

    @Test(
        "emoji sequences, flags and text-style pictographs, by grapheme cluster",
        arguments: [
            ("1\u{FE0F}\u{20E3}", 2),  // keycap 1️⃣
            ("#\u{FE0F}\u{20E3}", 2),
            ("\u{263A}", 1),  // ☺ text style
            ("\u{263A}\u{FE0F}", 2),  // ☺️ emoji style
            ("\u{2764}", 1),  // ❤
            ("\u{2764}\u{FE0F}", 2),  // ❤️
            ("\u{1F469}\u{200D}\u{1F4BB}", 2),  // 👩‍💻
            ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}", 2),  // family
            ("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", 2),  // rainbow flag
            ("\u{1F1E9}\u{1F1EA}", 2),  // 🇩🇪
            ("\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2),  // Scotland, a tag sequence
            ("\u{261D}\u{1F3FD}", 2),  // ☝🏽 text-default base with a skin tone
            ("\u{1F44D}\u{1F3FD}", 2),  // 👍🏽
            ("e\u{301}", 1),
            ("\u{915}\u{93F}", 1),  // कि: a consonant and a spacing vowel sign
            ("\r\n", 0),
        ])
    func cluster(text: String, width: Int) {
        #expect(text.count == 1, "one grapheme cluster")
        #expect(DisplayWidth.of(text) == width)
        #expect(DisplayWidth.of(Character(text)) == width)
    }

    @Test("a row of mixed text keeps its columns")
    func mixedRow() {
        let text = "1\u{FE0F}\u{20E3} \u{263A} \u{1F1E9}\u{1F1EA} " + Self.decomposedKorean + " ok"
        #expect(DisplayWidth.of(text) == 2 + 1 + 1 + 1 + 2 + 1 + 6 + 3)
        #expect(DisplayWidth.pad(text, to: 20) == text + "   ")
    }

    /// Where we knowingly differ from python's `wcwidth` (0.2.5 in Debian 12; entries marked
    /// "newer wcwidth" are for its Unicode 16+ releases), with the two widths that differ.
    struct Difference: Sendable {
        let reason: String
        /// What wcwidth says and what we say; nil: anything.
        let wcwidth: Int?
        let ours: Int?
        let covers: @Sendable (Unicode.Scalar) -> Bool

        static func ranges(_ ranges: [ClosedRange<UInt32>]) -> @Sendable (Unicode.Scalar) -> Bool {
            { scalar in ranges.contains { $0.contains(scalar.value) } }
        }

        static func category(_ category: Unicode.GeneralCategory) -> @Sendable (Unicode.Scalar) -> Bool {
            { $0.properties.generalCategory == category && !isNewerThanTables($0) }
        }

        static func isNewerThanTables(_ scalar: Unicode.Scalar) -> Bool {
            guard let age = scalar.properties.age else { return false }
            return (age.major, age.minor) > (15, 0)
        }
    }

    static let differences: [Difference] = [
        Difference(
            reason: "C0/C1 controls and DEL: wcwidth -1 (not printable); cande shows them escaped, so raw they take 0",
            wcwidth: -1, ours: 0, covers: Difference.category(.control)),
        Difference(
            reason: "spacing marks (Mc): wcwidth 0.2.5 counts 1, utf8proc (and newer wcwidth) 0; in text the base "
                + "decides",
            wcwidth: 1, ours: 0, covers: Difference.category(.spacingMark)),
        Difference(
            reason: "format characters (Cf) beyond wcwidth 0.2.5's short zero list (bidi isolates, U+FEFF, tags, "
                + "Egyptian and musical format controls, Arabic number signs U+0600–0605 drawn over the digits "
                + "after them): invisible, utf8proc 0",
            wcwidth: 1, ours: 0, covers: Difference.category(.format)),
        Difference(
            reason: "conjoining jamo vowels and finals: drawn in the initial's two columns (glibc and newer wcwidth: "
                + "0), so decomposed Hangul is as wide as composed; wcwidth 0.2.5 counts 1",
            wcwidth: 1, ours: 0, covers: Difference.ranges([0x1160...0x11FF, 0xD7B0...0xD7FF])),
        Difference(
            reason: "assigned after Unicode 15.0, the version of utf8proc 2.8's and wcwidth 0.2.5's tables: wcwidth "
                + "says 1 for what it does not know, we judge by the standard library (marks 0, emoji and "
                + "CJK/Tangut blocks 2)",
            wcwidth: 1, ours: nil, covers: Difference.isNewerThanTables),
        Difference(
            reason: "newer wcwidth: Unicode 16 made trigrams, digrams, Yijing hexagrams, Tai Xuan Jing and counting "
                + "rods wide; utf8proc 2.8 is Unicode 15.0 (N)",
            wcwidth: 2, ours: 1,
            covers: Difference.ranges([0x2630...0x2637, 0x268A...0x268F, 0x4DC0...0x4DFF, 0x1D300...0x1D376])),
        Difference(
            reason: "newer wcwidth: a lone regional indicator 2; utf8proc 1 (a pair, a flag, is one cluster of 2)",
            wcwidth: 2, ours: 1, covers: Difference.ranges([0x1F1E6...0x1F1FF])),
        Difference(
            reason: "newer wcwidth: Hangul fillers 0; utf8proc counts them by East_Asian_Width (2, halfwidth 1)",
            wcwidth: 0, ours: nil, covers: Difference.ranges([0x3164...0x3164, 0xFFA0...0xFFA0])),
        Difference(
            reason: "newer wcwidth: wide spacing marks (Hangul tone marks, Vietnamese reading marks) 0; utf8proc 2",
            wcwidth: 0, ours: 2, covers: Difference.ranges([0x302E...0x302F, 0x16FF0...0x16FF1])),
    ]

    static let wcwidthScript = """
        import json, wcwidth
        runs, previous = [], None
        for c in range(0x110000):
            if 0xD800 <= c < 0xE000:
                continue
            w = wcwidth.wcwidth(chr(c))
            if w != previous:
                runs.append([c, w])
                previous = w
        print(json.dumps({"version": wcwidth.__version__, "runs": runs}))
        """

    @Test("every assigned code point is as wide as python's wcwidth says, but for the listed differences")
    func agreesWithWcwidth() throws {
        let answer = PythonChecker.run(Self.wcwidthScript, arguments: [], module: "wcwidth") as? [String: Any]
        let object = try #require(answer)
        let runs = try #require(object["runs"] as? [[Int]])
        var reference = [Int8](repeating: 1, count: 0x110000)
        for (i, run) in runs.enumerated() {
            let end = i + 1 < runs.count ? runs[i + 1][0] : reference.count
            for c in run[0]..<end { reference[c] = Int8(run[1]) }
        }
        var allowed = [Int](repeating: 0, count: Self.differences.count)
        var unexplained: [String] = []
        var compared = 0
        for value in UInt32(0)...0x10FFFF {
            // Unassigned (Cn, with the noncharacters) have no width to agree on; surrogates are no scalars.
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else {
                continue
            }
            compared += 1
            let theirs = Int(reference[Int(value)])
            let ours = DisplayWidth.of(scalar)
            guard theirs != ours else { continue }
            if let k = Self.differences.firstIndex(where: { d in
                (d.wcwidth ?? theirs) == theirs && (d.ours ?? ours) == ours && d.covers(scalar)
            }) {
                allowed[k] += 1
            } else {
                let hex = String(value, radix: 16, uppercase: true)
                let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                unexplained.append("U+\(code) wcwidth \(theirs) ours \(ours)")
            }
        }
        let version = object["version"] as? String ?? "?"
        print("wcwidth \(version): \(compared) assigned code points, \(allowed.reduce(0, +)) listed differences")
        for (difference, count) in zip(Self.differences, allowed) where count > 0 {
            print("  \(count) \(difference.reason)")
        }
        let listed = unexplained.prefix(40).joined(separator: ", ")
        #expect(unexplained.isEmpty, "\(unexplained.count) unexplained: \(listed)")
    }
}
