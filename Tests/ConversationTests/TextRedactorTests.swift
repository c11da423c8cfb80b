import Conversation
import Testing

@Suite("Redacting a forgotten candidate in other texts")
struct TextRedactorTests {
    static let zoe = TextRedactor(
        words: ["zoe-muller", "Zoë Müller", "zoe.mueller@example.org"], phones: ["+49 170 1234567"])

    func redacted(_ text: String, _ redactor: TextRedactor = zoe) -> String { redactor.redact(text) ?? text }

    @Test("the name in any case and either normal form, the handle and the email, as whole words")
    func words() {
        #expect(redacted("Met Zoë Müller today") == "Met [forgotten] today")
        #expect(redacted("MET ZOË MÜLLER TODAY") == "MET [forgotten] TODAY")
        // NFD: e + U+0308, u + U+0308.
        #expect(redacted("met Zoe\u{0308} Mu\u{0308}ller.") == "met [forgotten].")
        #expect(redacted("Zoë  Müller\nsaid so") == "[forgotten]\nsaid so")
        #expect(redacted("Zoë\nMüller said so") == "[forgotten] said so")
        #expect(redacted("see zoe-muller's note") == "see [forgotten]'s note")
        #expect(redacted("mail ZOE.MUELLER@EXAMPLE.ORG, please") == "mail [forgotten], please")
        #expect(redacted("Zoë Müller's offer") == "[forgotten]'s offer")
    }

    @Test("other words that contain the secret are left alone")
    func otherWords() {
        for text in [
            "zoe-muller-2 is someone else", "Zoë Müllerova", "xZoë Müller", "mail zoe.mueller@example.org.uk",
            "Zoë Müller-Schmidt", "sub-zoe-muller", "Zoë", "Müller",
        ] {
            #expect(TextRedactorTests.zoe.redact(text) == nil, "\(text)")
        }
        let mark = TextRedactor(words: ["mark", "Mark"], phones: [])
        #expect(mark.redact("Remarkable work, remark noted, marked") == nil)
        #expect(redacted("Mark said: ask mark.", mark) == "[forgotten] said: ask [forgotten].")
        let love = TextRedactor(words: ["love", "Love"], phones: [])
        #expect(love.redact("ada-lovelace, lovely, beloved") == nil)
        #expect(redacted("I love it", love) == "I [forgotten] it")
    }

    @Test("full case folding: ß and SS, final sigma, the Kelvin sign")
    func caseFolding() {
        let strauss = TextRedactor(words: ["Anna Strauß"], phones: [])
        #expect(redacted("ANNA STRAUSS called", strauss) == "[forgotten] called")
        #expect(redacted("anna strauss called", strauss) == "[forgotten] called")
        #expect(redacted("ANNA STRAUẞ called", strauss) == "[forgotten] called")
        let greek = TextRedactor(words: ["Νίκος"], phones: [])
        #expect(redacted("ο ΝΊΚΟΣ είπε", greek) == "ο [forgotten] είπε")
        let kelvin = TextRedactor(words: ["Kim"], phones: [])
        #expect(redacted("\u{212A}im wrote", kelvin) == "[forgotten] wrote")
    }

    @Test("a phone as the same digits however grouped; other numbers untouched; short phones ignored")
    func phones() {
        #expect(redacted("call +49 170 1234567 now") == "call [forgotten] now")
        #expect(redacted("call 49-170-1234567.") == "call [forgotten].")
        #expect(redacted("call 491701234567") == "call [forgotten]")
        #expect(redacted("call (49) 170/123 4567") == "call ([forgotten]")
        #expect(TextRedactorTests.zoe.redact("ref 4917012345678 and 91701234567") == nil)
        #expect(TextRedactorTests.zoe.redact("2026-12-01T09:00:00Z 1234567") == nil)
        let short = TextRedactor(words: [], phones: ["2026"])
        #expect(short.isEmpty)
        #expect(short.redact("since 2026") == nil)
    }

    @Test("texts with other non-ASCII characters still match, and keep every other character")
    func mixed() {
        #expect(redacted("“Zoë Müller” — 👋🏽 café") == "“[forgotten]” — 👋🏽 café")
        #expect(redacted("naïve Zoe-muller text") == "naïve [forgotten] text")
        #expect(TextRedactorTests.zoe.redact("naïve café 👋🏽") == nil)
    }
}
