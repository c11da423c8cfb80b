import Conversation
import Testing

/// `Mbox.split`: separators, `>From ` unescaping, positions and line numbers.
@Suite("Mail mbox")
struct MailMboxTests {
    static let file = """
        From rita@x.com Mon Feb  3 10:00:00 2025
        From: Rita <rita@x.com>
        Subject: one

        First body.
        >From the start, an escaped line.
        >>From twice escaped.
        > From: a quote stays

        From tom@y.org Tue Feb  4 11:00:00 2025
        From: Tom <tom@y.org>
        Subject: two

        Second body.
        From here on this is no separator: no blank line before it.

        From ann@z.net Wed Feb  5 12:00:00 2025
        From: Ann <ann@z.net>
        Subject: three

        Third body.

        """

    @Test("three messages, positions and separator lines right, >From unescaped")
    func split() throws {
        let bytes = Array(Self.file.utf8)
        #expect(Mbox.looksLikeMbox(bytes))
        let messages = Mbox.split(bytes)
        #expect(messages.map(\.position) == [1, 2, 3])
        #expect(messages.map(\.line) == [1, 10, 17])
        let texts = messages.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(
            texts[0]
                == "From: Rita <rita@x.com>\nSubject: one\n\nFirst body.\nFrom the start, an escaped line.\n"
                + ">From twice escaped.\n> From: a quote stays\n")
        #expect(
            texts[1]
                == "From: Tom <tom@y.org>\nSubject: two\n\nSecond body.\n"
                + "From here on this is no separator: no blank line before it.\n")
        #expect(texts[2] == "From: Ann <ann@z.net>\nSubject: three\n\nThird body.\n")
        let parsed = try messages.map { try MailParser.parse(Array($0.bytes)) }
        #expect(parsed.map(\.subject) == ["one", "two", "three"])
        #expect(
            parsed[0].body
                == "First body.\nFrom the start, an escaped line.\n>From twice escaped.\n> From: a quote stays\n")
    }

    @Test("not an mbox")
    func notMbox() {
        #expect(!Mbox.looksLikeMbox(Array("From: a@b\n\nhi\n".utf8)))
        #expect(!Mbox.looksLikeMbox([]))
        #expect(Mbox.split([]).isEmpty)
    }

    @Test("CRLF mbox")
    func crlf() {
        let bytes = Array("From a Mon\r\nFrom: a@b\r\n\r\nx\r\n\r\nFrom b Tue\r\nFrom: b@c\r\n\r\ny\r\n".utf8)
        let messages = Mbox.split(bytes)
        #expect(messages.map(\.line) == [1, 6])
        #expect(
            messages.map { String(decoding: $0.bytes, as: UTF8.self) } == [
                "From: a@b\r\n\r\nx\r\n", "From: b@c\r\n\r\ny\r\n",
            ])
    }
}
