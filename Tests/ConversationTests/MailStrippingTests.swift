import Conversation
import Testing

/// `MailMessage.text`: the sender's own lines, without quoted history and signature.
@Suite("Mail stripping")
struct MailStrippingTests {
    func text(_ body: String, headers: [String] = []) throws -> String {
        try MailParser.parse(mail(headers: headers, body: Array(body.utf8))).text
    }

    @Test("`On … wrote:` on one line cuts the rest")
    func onWrote() throws {
        #expect(try text("Yes.\n\nOn Tue, Feb 4, 2025 at 9:00 AM Rita <r@x.com> wrote:\n> When?\n") == "Yes.")
    }

    @Test("`On …` folded onto two lines by the client")
    func onWroteFolded() throws {
        let body = "Fine.\n\nOn Mon, 3 Feb 2025 at 10:00, Rita Recruiter <rita@x.com>\nwrote:\n\n> Hi\n"
        #expect(try text(body) == "Fine.")
    }

    @Test("a line starting with On that is no attribution stays")
    func onNotAttribution() throws {
        #expect(try text("On Monday I can come.\nSee you.\n") == "On Monday I can come.\nSee you.")
    }

    @Test("German and French attributions")
    func otherLanguages() throws {
        #expect(try text("Gern.\n\nAm 03.02.2025 um 10:00 schrieb Rita <r@x.com>:\n> Passt?\n") == "Gern.")
        #expect(try text("Oui.\n\nLe lun. 3 févr. 2025 à 10:00, Rita <r@x.com> a écrit :\n> Ça va ?\n") == "Oui.")
        #expect(try text("Oui.\nLe 3 févr. 2025, Rita a écrit\u{A0}:\n> x\n") == "Oui.")
    }

    @Test("Outlook: -----Original Message----- and a From: line after underscores")
    func outlook() throws {
        #expect(try text("OK\n\n-----Original Message-----\nFrom: Rita\n") == "OK")
        let underscores =
            "OK, thanks\n\n________________________________\nFrom: Rita Recruiter <r@x.com>\nSent: Monday\n"
        #expect(try text(underscores) == "OK, thanks")
        #expect(try text("A\n____\nB\n") == "A\n____\nB")  // a short rule with no From: after it stays
    }

    @Test("quoted lines dropped anywhere, the rest kept exactly (indentation, blank lines)")
    func quotes() throws {
        let body = "Hi,\n> question one\nAnswer one.\n\n   indented line\n>> deeper\n\n\nAnswer two.  \n\n\n"
        #expect(try text(body) == "Hi,\nAnswer one.\n\n   indented line\n\n\nAnswer two.")
    }

    @Test("signature separators `-- ` and `--`; `---` and `-- x` are text")
    func signatures() throws {
        #expect(try text("Thanks\n-- \nNadia\n+44 20\n") == "Thanks")
        #expect(try text("Thanks\n\n--\nNadia\n") == "Thanks")
        #expect(try text("Thanks\n---\n-- x\n") == "Thanks\n---\n-- x")
    }

    @Test("attachments after a blank line, also when there is no text")
    func attachmentLines() throws {
        let bytes = mail(
            "From: a@b", "Content-Type: multipart/mixed; boundary=xyz", "", "--xyz",
            "Content-Type: image/png; name=photo.png", "", "iVBORw0KGgo=", "--xyz",
            "Content-Type: application/octet-stream", "Content-Disposition: attachment", "", "AAAA", "--xyz--", "")
        let message = try MailParser.parse(bytes)
        #expect(message.attachments == ["photo.png", "unnamed"])
        #expect(message.body == "")
        #expect(message.text == "[attachment: photo.png]\n[attachment: unnamed]")
    }
}
