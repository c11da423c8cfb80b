import Testing

@testable import Conversation

/// The decoders under the parser: transfer encodings, RFC 2047 words, charsets, dates,
/// address lists and MIME parameters, each checked against values reasoned out by hand.
@Suite("Mail decoding")
struct MailDecodingTests {
    // MARK: Transfer encodings

    @Test("quoted-printable: =XX in either case, soft breaks, a bad `=` kept")
    func quotedPrintable() {
        let decoded = TransferDecoding.quotedPrintable(
            Array("a=3Db=3db caf=C3=A9\nsoft=\nbreak pad=  \nnext\nbad = and =zz and =4".utf8)[...])
        #expect(String(decoding: decoded, as: UTF8.self) == "a=b=b café\nsoftbreak padnext\nbad = and =zz and =4")
        // A part ends with `=` when the line break before the boundary belongs to the boundary.
        #expect(TransferDecoding.quotedPrintable(Array("Hello=".utf8)[...]) == Array("Hello".utf8))
    }

    @Test("quoted-printable through the parser, CRLF soft breaks included")
    func quotedPrintableMessage() throws {
        let bytes = Array(
            "From: a@b\r\nContent-Transfer-Encoding: Quoted-Printable\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nlo=\r\nng =E2=82=ac\r\n"
                .utf8)
        #expect(try MailParser.parse(bytes).body == "long €\n")
    }

    @Test("base64: whitespace ignored, padding optional, junk is nil")
    func base64() {
        func decode(_ text: String) -> String? {
            TransferDecoding.base64(Array(text.utf8)[...]).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(decode("SGVsbG8=") == "Hello")
        #expect(decode("SGVsbG8") == "Hello")
        #expect(decode("SGVs\r\n bG8g\td29y bGQ") == "Hello world")
        #expect(decode("SGk=SGk=") == "HiHi")
        #expect(decode("SGVs*bG8=") == nil)
        #expect(decode("SGVs-bG8_") == nil)
        #expect(decode("") == "")
    }

    @Test("bad base64 in the text part is an error naming the part")
    func badBase64Part() throws {
        let bytes = mail(
            "From: a@b", "Content-Type: multipart/mixed; boundary=b", "", "--b",
            "Content-Type: application/pdf", "Content-Disposition: attachment; filename=x.pdf",
            "Content-Transfer-Encoding: base64", "", "JVBERi0=", "--b", "Content-Type: text/plain",
            "Content-Transfer-Encoding: base64", "", "SGVsbG8!!", "--b--", "")
        #expect(throws: MailError.badBase64(part: 2)) { try MailParser.parse(bytes) }
        #expect(MailError.badBase64(part: 2).description == "bad base64 in part 2")
    }

    // MARK: RFC 2047

    @Test(
        "encoded words",
        arguments: [
            ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),  // adjacent: the blank between goes
            ("=?UTF-8?B?w6k=?=  \t =?utf-8?Q?_x?=", "é x"),
            ("Hello =?utf-8?q?W=C3=B6rld?= !", "Hello Wörld !"),  // blanks next to text stay
            ("=?utf-8?q?=C3?= =?UTF-8?q?=A9?=", "é"),  // a character split over two words
            ("=?utf-8*en?q?hi_there?=", "hi there"),  // RFC 2231 language
            ("=?ISO-8859-1?Q?Andr=E9?= =?windows-1252?q?=80?=", "André€"),
            ("=?utf-8?x?abc?= =?utf-8?q?unclosed", "=?utf-8?x?abc?= =?utf-8?q?unclosed"),
            ("=?utf-8?b?!!!?=", "=?utf-8?b?!!!?="),  // bad base64 stays as written
            ("=?x-nobody?q?abc?=", "abc"),  // an unknown charset read as UTF-8
            ("no words at all", "no words at all"),
        ])
    func encodedWords(input: String, expected: String) {
        #expect(EncodedWords.decode(Array(input.utf8)[...]) == expected)
    }

    // MARK: Charsets

    @Test(
        "single-byte charsets by hand",
        arguments: [
            ("windows-1252", [0x80, 0x85, 0x93, 0x94, 0x96, 0x99, 0x9F], "€…“”–™Ÿ"),
            ("cp1252", [0x81, 0x8D, 0xE9], "\u{FFFD}\u{FFFD}é"),  // undefined bytes
            ("iso-8859-1", [0x80, 0xA4, 0xE9, 0xFF], "\u{80}¤éÿ"),
            ("latin1", [0xBD, 0xE4], "½ä"),
            ("ISO_8859-1", [0xDF], "ß"),
            ("iso-8859-15", [0xA4, 0xA6, 0xBD, 0xBE, 0xE9], "€ŠœŸé"),
            ("\"Latin9\"", [0xA8, 0xB8], "šž"),
            ("utf8", [0x41, 0xC3, 0x28, 0xFF, 0xE2, 0x82, 0xAC], "A\u{FFFD}(\u{FFFD}€"),
            ("us-ascii", [0x48, 0x69], "Hi"),
            ("iso-8859-2", [0xA9, 0xE8, 0xB9], "Ščš"),  // through iconv
            ("KOI8-R", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),  // through iconv
        ] as [(String, [UInt8], String)])
    func charsets(name: String, bytes: [UInt8], expected: String) throws {
        #expect(try Charset(name: name).decode(bytes[...]) == expected)
        // The same through a whole message.
        let message = try MailParser.parse(
            mail(
                headers: ["Content-Type: text/plain; charset=\(name)", "Content-Transfer-Encoding: 8bit"], body: bytes))
        #expect(message.body == expected)
    }

    @Test("charset aliases")
    func aliases() {
        #expect(Charset(name: "UTF-8") == .utf8)
        #expect(Charset(name: " \"utf8\" ") == .utf8)
        #expect(Charset(name: "Latin-1") == .latin1)
        #expect(Charset(name: "iso8859-1") == .latin1)
        #expect(Charset(name: "CP1252") == .windows1252)
        #expect(Charset(name: "win-1252") == .windows1252)
        #expect(Charset(name: "ISO-8859-15") == .latin9)
        #expect(Charset(name: "utf-8*de") == .utf8)
        #expect(Charset(name: "iso-8859-2") == .other("iso-8859-2"))
    }

    @Test("an unknown charset in the text part is an error")
    func unknownCharset() {
        let bytes = mail(headers: ["Content-Type: text/plain; charset=x-foo"], body: Array("hi".utf8))
        #expect(throws: MailError.unknownCharset("x-foo")) { try MailParser.parse(bytes) }
        #expect(MailError.unknownCharset("x-foo").description == "unknown charset x-foo")
    }

    // MARK: Dates

    @Test(
        "dates, the obsolete forms included",
        arguments: [
            ("Mon, 3 Feb 2025 10:00:00 +0100", "2025-02-03T09:00:00Z"),
            ("3 Feb 2025 10:00 +0000", "2025-02-03T10:00:00Z"),  // no weekday, no seconds
            ("Mon, 03 Feb 25 10:00:00 EDT", "2025-02-03T14:00:00Z"),
            ("Wed, 3 Feb 99 23:59:59 -0800", "1999-02-04T07:59:59Z"),
            ("Mon, 3 Feb 2025 10:00:00 GMT", "2025-02-03T10:00:00Z"),
            ("Mon, 3 Feb 2025 10:00:00 UT", "2025-02-03T10:00:00Z"),
            ("Mon, 3 Feb 2025 10:00:00 PST", "2025-02-03T18:00:00Z"),
            ("Mon, 3 Feb 2025 10:00:00 CST", "2025-02-03T16:00:00Z"),
            ("Mon (Monday), 3 (third) Feb 2025 10 : 00 : 30 +0530 (IST)", "2025-02-03T04:30:30Z"),
            ("Mon,3 Feb 2025 10:00:00 +0000", "2025-02-03T10:00:00Z"),
            ("3 Feb 125 10:00 +0000", "2025-02-03T10:00:00Z"),  // three-digit year
            ("Feb 3 2025 10:00:00 +0000", "2025-02-03T10:00:00Z"),
            ("Mon, 29 Feb 2024 00:00:00 -0000", "2024-02-29T00:00:00Z"),
            ("Tue, 3 Feb 2025 10:00:00", "2025-02-03T10:00:00Z"),  // no zone: UTC
        ])
    func dates(input: String, expected: String) {
        #expect(MailDate.parse(Array(input.utf8))?.iso8601 == expected)
    }

    @Test(
        "unreadable dates are nil",
        arguments: [
            "", "yesterday", "30 Feb 2025 10:00 +0000", "3 Foo 2025 10:00", "3 Feb 2025 25:00 +0000", "3 Feb 2025",
        ])
    func badDates(input: String) {
        #expect(MailDate.parse(Array(input.utf8)) == nil)
    }

    // MARK: Addresses

    @Test("address lists")
    func addressList() {
        let list = AddressListParser.parse(
            Array(
                #"Rita  Recruiter <rita@x.com>, "Quoted, Name" <q@x.com>, bare@x.com, c@x.com (Comment Name), "#
                    .utf8)
                + Array(
                    #"empty:;, team: a@x.com, "Esc \"Q\"" <b@x.com>;, =?utf-8?q?J=C3=BCrgen?= <j@x.com>, <@relay:r@x.com>"#
                        .utf8))
        #expect(
            list == [
                MailAddress(name: "Rita Recruiter", address: "rita@x.com"),
                MailAddress(name: "Quoted, Name", address: "q@x.com"),
                MailAddress(name: nil, address: "bare@x.com"),
                MailAddress(name: "Comment Name", address: "c@x.com"),
                MailAddress(name: nil, address: "a@x.com"),
                MailAddress(name: "Esc \"Q\"", address: "b@x.com"),
                MailAddress(name: "Jürgen", address: "j@x.com"),
                MailAddress(name: nil, address: "r@x.com"),
            ])
        #expect(AddressListParser.parse(Array("undisclosed-recipients:;".utf8)).isEmpty)
        #expect(
            AddressListParser.parse(Array("Zoë Ünal <zoe@x.com>".utf8)) == [
                MailAddress(name: "Zoë Ünal", address: "zoe@x.com")
            ])
    }

    // MARK: MIME parameters

    @Test("parameters: quoted, case-insensitive names, RFC 2231 values and continuations")
    func parameters() {
        let type = MIMEHeaderValue(
            Array(#"Text/Plain (a comment); CHARSET="UTF-8"; format=flowed ; Name="a \"b\".txt""#.utf8))
        #expect(type.value == "text/plain")
        #expect(type.parameters["charset"] == "UTF-8")
        #expect(type.parameters["format"] == "flowed")
        #expect(type.parameters["name"] == "a \"b\".txt")
        let disposition = MIMEHeaderValue(
            Array(
                "attachment; filename=\"fallback.pdf\"; filename*0*=utf-8''%E2%82%AC; filename*1=\" und \"; filename*2*=%C3%BC.pdf"
                    .utf8))
        #expect(disposition.value == "attachment")
        #expect(disposition.fileName() == "€ und ü.pdf")
        let latin = MIMEHeaderValue(Array("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt".utf8))
        #expect(latin.fileName() == "Grüße.txt")
        let encoded = MIMEHeaderValue(Array(#"application/pdf; name="=?UTF-8?B?TGViZW5zbGF1Zi5wZGY=?=""#.utf8))
        #expect(encoded.fileName() == "Lebenslauf.pdf")
    }
}
