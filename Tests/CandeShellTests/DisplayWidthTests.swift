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
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.wrap("日本語 テキスト です", width: 8).allSatisfy { DisplayWidth.of($0) <= 8 })
    }
}
