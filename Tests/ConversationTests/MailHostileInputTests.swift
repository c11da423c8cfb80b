import Conversation
import Testing

/// Input no mail client would send: a clear `MailError` or a sensible reading, never a crash
/// or a hang.
@Suite("Mail hostile input")
struct MailHostileInputTests {
    @Test("no header at all")
    func noHeader() {
        #expect(throws: MailError.noHeader) { try MailParser.parse([]) }
        #expect(throws: MailError.noHeader) { try MailParser.parse(Array("just some text\nand more\n".utf8)) }
        #expect(throws: MailError.noHeader) { try MailParser.parse(Array("\nFrom: a@b\n".utf8)) }
        #expect(MailError.noHeader.description == "no header")
    }

    @Test("no From address")
    func noFrom() {
        #expect(throws: MailError.noFromAddress) { try MailParser.parse(mail("Subject: hi", "", "body")) }
        #expect(throws: MailError.noFromAddress) { try MailParser.parse(mail("From: undisclosed:;", "", "body")) }
        #expect(MailError.noFromAddress.description == "no From address")
    }

    @Test("no empty line between header and body")
    func noSeparator() throws {
        let headersOnly = try MailParser.parse(mail("From: a@b", "Subject: only a header"))
        #expect(headersOnly.subject == "only a header")
        #expect(headersOnly.body == "")
        let bodyRightAfter = try MailParser.parse(mail("From: a@b", "Subject: s", "This line is no header", "second"))
        #expect(bodyRightAfter.body == "This line is no header\nsecond")
    }

    @Test("first occurrence wins, names in any case, folded and 8-bit values")
    func headerRules() throws {
        let message = try MailParser.parse(
            mail(
                "FROM: First <first@x.com>", "from: Second <second@x.com>", "SUBJECT: Grüße,", "\tfolded",
                "Subject: second subject", "message-id:   <id@x>  ", "", "b"))
        #expect(message.from == [MailAddress(name: "First", address: "first@x.com")])
        #expect(message.subject == "Grüße,\tfolded")
        #expect(message.messageID == "id@x")
    }

    @Test("an unterminated multipart ends its last part at the end of the input")
    func unterminated() throws {
        let message = try MailParser.parse(
            mail(
                "From: a@b", "Content-Type: multipart/alternative; boundary=\"zz\"", "", "preamble", "--zz",
                "Content-Type: text/plain", "", "the text", "still the text"))
        #expect(message.body == "the text\nstill the text")
    }

    @Test("a multipart without boundary, or whose boundary never occurs, is read as plain text")
    func missingBoundary() throws {
        let noParameter = try MailParser.parse(mail("From: a@b", "Content-Type: multipart/mixed", "", "raw body"))
        #expect(noParameter.body == "raw body")
        let neverOccurs = try MailParser.parse(
            mail("From: a@b", "Content-Type: multipart/mixed; boundary=abc", "", "--abcd", "raw"))
        #expect(neverOccurs.body == "--abcd\nraw")
    }

    /// A message of multiparts nested `depth` deep around one text part.
    func nested(_ depth: Int) -> [UInt8] {
        var lines = ["From: a@b", "Content-Type: multipart/mixed; boundary=\"b0\"", ""]
        for level in 0..<depth {
            lines.append("--b\(level)")
            if level + 1 < depth {
                lines += ["Content-Type: multipart/mixed; boundary=\"b\(level + 1)\"", ""]
            } else {
                lines += ["Content-Type: text/plain", "", "deep text"]
            }
        }
        for level in (0..<depth).reversed() { lines.append("--b\(level)--") }
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test("nesting: 20 levels are read, 25 are an error")
    func deepNesting() throws {
        #expect(try MailParser.parse(nested(20)).body == "deep text")
        #expect(throws: MailError.tooDeep(limit: 20)) { try MailParser.parse(nested(25)) }
        #expect(MailError.tooDeep(limit: 20).description == "parts nested more than 20 deep")
    }

    @Test("a 10 MB line")
    func hugeLine() throws {
        let line = [UInt8](repeating: 0x61, count: 10_000_000)
        let message = try MailParser.parse(mail(headers: ["Subject: big"], body: line + [0x0A]))
        #expect(message.body.utf8.count == 10_000_001)
        let header = try MailParser.parse(Array("From: a@b\nX-Long: ".utf8) + line + Array("\n\nbody".utf8))
        #expect(header.body == "body")
    }

    @Test(
        "malformed pieces do not crash",
        arguments: [
            "From: <\n\nx", "From: \"unclosed <a@b>\n\nx", "From: a@b (unclosed comment\n\nx",
            "From: a@b\nContent-Type: multipart/mixed; boundary=\"\n\n--\n",
            "From: a@b\nContent-Type: text/plain; charset*=''\n\nx",
            "From: a@b\nContent-Type: ;;;==;\n\nx", "From: a@b\nSubject: =?=?=??==?utf-8?q?\n\nx",
            "From: a@b\nContent-Transfer-Encoding: quoted-printable\n\n=\n=A\n==\n=",
            "From: a@b\nContent-Type: text/html\n\n<<<!--<script><a href='>",
            "From: a@b\nContent-Type: text/html\n\n&#xFFFFFFFF; &#55296; &#; &",
            "From: a@b\nDate: 99 Jan 99999 99:99\n\nx",
        ])
    func malformed(input: String) {
        // Reached without a crash; an error, if any, says what is wrong.
        do {
            _ = try MailParser.parse(Array(input.utf8))
        } catch {
            #expect(!error.description.isEmpty)
        }
    }
}
