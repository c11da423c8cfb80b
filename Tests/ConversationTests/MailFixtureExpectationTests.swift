import Conversation
import Testing

/// What the corpus messages must give, written out by hand (no Python): the stripped text,
/// the attachments, the HTML reduction, the obsolete date.
@Suite("Mail fixtures, expectations by hand")
struct MailFixtureExpectationTests {
    @Test("a reply: quotes, the signature and the folded `On … wrote:` history are cut")
    func replyText() throws {
        let message = try MailFixtures.parse("15-reply-on-wrote-signature.eml")
        #expect(
            message.text == """
                Hi Rita,

                Thursday at 10:00 is perfect.
                Yes, I will bring it.

                  - printed copy
                  - laptop
                """)
        #expect(message.body.hasSuffix("> Rita\n"))  // the body keeps it all
        #expect(message.attachments.isEmpty)
    }

    @Test("Outlook: cut at -----Original Message-----")
    func outlookText() throws {
        let message = try MailFixtures.parse("16-outlook-original-message.eml")
        #expect(
            message.text
                == "Hello Rita,\n\nI accept the offer. I will sign the contract tomorrow.\n\nBest regards\nHannah")
        #expect(message.cc == [MailAddress(name: "Weber, Paul", address: "paul.weber@example.de")])
    }

    @Test("German: cut at `Am … schrieb …:`")
    func germanText() throws {
        let message = try MailFixtures.parse("23-german-reply-am-schrieb.eml")
        #expect(message.text == "Hallo Rita,\n\nder Termin passt mir.")
    }

    @Test("nested mixed ⊃ alternative + PDF: the plain part, then the attachment line")
    func pdfAttachment() throws {
        let message = try MailFixtures.parse("12-mixed-alternative-pdf.eml")
        #expect(message.attachments == ["cv.pdf"])
        #expect(message.bodyIsHTML == false)
        #expect(message.text == "Dear Rita,\n\nplease find my CV attached.\n\nRegards,\nOliver\n\n[attachment: cv.pdf]")
    }

    @Test("RFC 2231 file names: an extended UTF-8 value and a continued one")
    func rfc2231Names() throws {
        let message = try MailFixtures.parse("13-rfc2231-filename.eml")
        #expect(message.attachments == ["Arbeitszeugnis Müller €.pdf", "Referenzen_Teil_eins_und_zwei.docx"])
        #expect(
            message.text
                == "Anbei meine Zeugnisse.\n\n[attachment: Arbeitszeugnis Müller €.pdf]\n"
                + "[attachment: Referenzen_Teil_eins_und_zwei.docx]")
    }

    @Test("a forwarded message/rfc822 part is an attachment named by its subject")
    func forwarded() throws {
        let message = try MailFixtures.parse("17-forwarded-rfc822.eml")
        #expect(message.attachments == ["Reference for Tom – 2025"])
        #expect(message.body == "Rita, here is the reference my manager sent.\n")
        #expect(message.from == [MailAddress(name: "Tom Baker", address: "tom.baker@example.org")])
    }

    @Test("multipart/related: the inline logo without a name is no attachment")
    func relatedInline() throws {
        let message = try MailFixtures.parse("22-related-alternative-inline-image.eml")
        #expect(message.attachments.isEmpty)
        #expect(message.text == "Hej Rita,\n\nI can do a call on Monday.\n\nSofia")
    }

    @Test("HTML only: head, style, script and comments dropped, entities decoded, lines ended")
    func htmlOnly() throws {
        let message = try MailFixtures.parse("10-html-only-alternative.eml")
        #expect(message.bodyIsHTML)
        #expect(
            message.body == """
                Lena Fischer
                Senior engineer & team lead — 8 years.
                Swift <3 and Rust
                "Kubernetes" 'expert'
                Café ☕ anyone?
                Next line
                Thanks, Lena
                """)
    }

    @Test("a single text/html part in ISO-8859-1 quoted-printable")
    func singleHTML() throws {
        let message = try MailFixtures.parse("11-single-html.eml")
        #expect(message.body == "Ciao Rita,\nis the position still open? I can start in März.\nGrazie\nMarco")
    }

    @Test("obsolete date: `3 Feb 25 10:00 EST (comment)` is 2025-02-03T15:00:00Z")
    func obsoleteDate() throws {
        let message = try MailFixtures.parse("18-obsolete-date.eml")
        #expect(message.date?.iso8601 == "2025-02-03T15:00:00Z")
        #expect(message.body == "No Content-Type here, so this is text/plain us-ascii.\n")
    }

    @Test("groups: an empty group gives nobody, a named group its members")
    func groups() throws {
        let message = try MailFixtures.parse("19-cc-and-groups.eml")
        #expect(message.to.isEmpty)
        #expect(
            message.cc == [
                MailAddress(name: nil, address: "anna@recruit.example.com"),
                MailAddress(name: "Bo, Björn", address: "bjorn@recruit.example.com"),
                MailAddress(name: "Carl Carlsen", address: "carl@recruit.example.com"),
                MailAddress(name: "Dörte", address: "doerte@example.com"),
            ])
        #expect(message.messageID == "group.syntax.1@example.com")
    }

    @Test("encoded From name and Subject, adjacent B and Q words joined")
    func encodedWords() throws {
        let message = try MailFixtures.parse("14-rfc2047-from-subject.eml")
        #expect(message.from == [MailAddress(name: "Łukasz Żółć", address: "lukasz.zolc@example.pl")])
        #expect(message.subject == "Pozdrowienia z Krakowa – życzę sukcesu")
    }

    @Test("iconv charsets: ISO-8859-2 and KOI8-R")
    func iconvCharsets() throws {
        let czech = try MailFixtures.parse("20-iso-8859-2-iconv.eml")
        #expect(czech.body.contains("Příliš žluťoučký kůň úpěl ďábelské ódy."))
        #expect(czech.subject == "Životopis")
        let russian = try MailFixtures.parse("21-koi8-r-base64.eml")
        #expect(russian.body == "Здравствуйте, Рита!\n\nСпасибо за приглашение. Буду рад встрече.\n\nИван\n")
        #expect(russian.from.first?.name == "Иван Петров")
    }

    @Test("CRLF input gives LF text and an unfolded subject")
    func crlf() throws {
        let message = try MailFixtures.parse("02-plain-crlf.eml")
        #expect(!message.body.contains("\r"))
        #expect(message.subject == "Availability next week")
        #expect(message.date?.iso8601 == "2025-02-04T16:01:59Z")
    }
}
