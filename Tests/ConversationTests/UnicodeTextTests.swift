import Conversation
import Testing

/// utf8proc's part: slugs by mark stripping, case folding and normalisation for search.
@Suite("Unicode text")
struct UnicodeTextTests {
    @Test(
        "slugs: diacritics stripped by Unicode, letters without a decomposition spelled out",
        arguments: [
            ("Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"),
            ("Nguye\u{302}\u{303}n Thi\u{323}", "nguyen-thi"),  // typed decomposed
            ("Ștefan Țiriac", "stefan-tiriac"),  // comma below
            ("Şerban Ţepeş", "serban-tepes"),  // cedilla, the older spelling
            ("ĐẶNG", "dang"),
            ("Đặng Văn Lâm", "dang-van-lam"),
            ("Trần Hưng Đạo", "tran-hung-dao"),  // horn
            ("Łukasz Żółć", "lukasz-zolc"),
            ("Zoë", "zoe"),
            ("Søren Kierkegaard", "soren-kierkegaard"),
            ("Ærø", "aero"),
            ("Þórður Ólafsson", "thordur-olafsson"),
            ("Straße", "strasse"),
            ("ẞTRASSE", "sstrasse"),
            ("İlkay Gündoğan", "ilkay-gundogan"),  // dotted capital I: i and a dot above
            ("Yıldız", "yildiz"),  // dotless i
            ("Əliyev", "eliyev"),
            ("Ｓａｔｏ", "sato"),  // fullwidth
            ("ﬁona", "fiona"),  // ligature
            ("Mül\u{AD}ler", "muller"),  // soft hyphen: invisible, no dash
            ("Ana Ivanović 李", "ana-ivanovic"),
        ])
    func slug(name: String, handle: String) {
        #expect(Handle.slug(name) == handle)
    }

    @Test("case folding: full, not lowercasing (ß, final sigma, titlecase, ligatures)")
    func caseFold() {
        #expect(UnicodeText.caseFold("STRASSE") == UnicodeText.caseFold("straße"))
        #expect(UnicodeText.caseFold("straße") == "strasse")
        #expect(UnicodeText.caseFold("ΣΟΦΟΣ") == "σοφοσ")
        #expect(UnicodeText.caseFold("σοφος") == "σοφοσ")
        #expect(UnicodeText.caseFold("ﬁne") == "fine")
        #expect(UnicodeText.caseFold("ǅ") == UnicodeText.caseFold("ǆ"))
        #expect(UnicodeText.caseFold("Ada LOVELACE") == "ada lovelace")
        // Not compatibility folding: ² and ™ stay what they are.
        #expect(UnicodeText.caseFold("x²™") == "x²™")
    }

    @Test("case folding and NFC: composed and decomposed text fold to the same bytes")
    func normalisation() {
        let composed = "Nguyễn Thị 한국어"
        let decomposed =
            "Nguye\u{302}\u{303}n Thi\u{323} \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165}"
        #expect(Array(UnicodeText.nfc(decomposed).utf8) == Array(composed.utf8))
        #expect(Array(UnicodeText.caseFold(decomposed).utf8) == Array(UnicodeText.caseFold(composed).utf8))
        #expect(Array(UnicodeText.caseFold("E\u{301}").utf8) == Array("é".utf8))
        // Invisible characters are not part of what is searched.
        #expect(UnicodeText.caseFold("Mül\u{AD}ler\u{200B}") == "müller")
    }

    @Test("invalid UTF-8 is folded as its repaired text")
    func invalidBytes() {
        var out: [UInt8] = []
        UnicodeText.caseFold([0x41, 0xC3, 0x28, 0xC3, 0x9C], appendingTo: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a\u{FFFD}(ü")
    }

    @Test("mark stripping keeps letters that do not decompose, and other scripts")
    func stripMarks() {
        #expect(UnicodeText.stripMarks("Nguyễn Ștefan Zoë") == "Nguyen Stefan Zoe")
        #expect(UnicodeText.stripMarks("Đặng Łukasz Søren") == "Đang Łukasz Søren")
        #expect(UnicodeText.stripMarks("한국어") == "한국어")
        #expect(UnicodeText.stripMarks("ﬁ①") == "ﬁ①")
        #expect(UnicodeText.stripMarks("ﬁ①", compatibility: true) == "fi1")
    }

    @Test("widths by grapheme cluster")
    func widths() {
        #expect(UnicodeText.width(of: "abc") == 3)
        #expect(UnicodeText.width(of: "日本") == 4)
        #expect(UnicodeText.width(of: "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165}") == 6)
        #expect(UnicodeText.width(of: Character("1\u{FE0F}\u{20E3}")) == 2)
        #expect(UnicodeText.width(of: Character("\u{263A}")) == 1)
        #expect(UnicodeText.width(of: Character("\u{263A}\u{FE0F}")) == 2)
        #expect(UnicodeText.width(of: Unicode.Scalar(0x0A)) == 0)
        #expect(!UnicodeText.unicodeVersion.isEmpty)
    }

    @Test("a text's width is the sum of its clusters', on the fast path and off it")
    func fastWidths() {
        let texts = [
            "ada  3d 4h · since Mon 09:00 · “fine, thanks” → open ada, then >", "Zoë – “quoted” …", "→\u{20D7}x",
            "\u{2194}\u{FE0F} both", "‘a’ \u{2026}\u{0301}", "· 日本", "e\u{301}“", "\u{2028}", "\u{200D}→",
        ]
        for text in texts {
            let clusters = text.reduce(0) { $0 + UnicodeText.width(of: $1) }
            #expect(UnicodeText.width(of: text) == clusters, "\(text.debugDescription)")
        }
        #expect(UnicodeText.width(of: "“a” · … →") == 9)
        #expect(UnicodeText.width(of: "\u{2194}\u{FE0F}") == 2)
    }
}
