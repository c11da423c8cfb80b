import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// `import mail FILE|-` end to end (README "Importing mail"): matching by address, the text
/// without quoted history and signature, Message-ID duplicates skipped, unknown senders listed
/// or added, an mbox all or nothing, standard input from a mail client's pipe.
@Suite struct MailImportTests {
    let directory = TemporaryDirectory("cande-mail")
    var env: [String: String] { Cande.environment(store: directory.file("store"), user: "rita") }

    static let reply = """
        Message-ID: <reply-1@mail.example.com>
        Date: Mon, 30 Nov 2026 16:02:00 +0100
        From: Ada Lovelace <Ada@Example.org>
        To: Rita Recruiter <rita@recruit.example.com>
        Subject: Re: Your application
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Hi Rita,

        I can start in M=C3=A4rz =E2=80=94 the 1st.
        Note that I prefer video calls.

        On Mon, 30 Nov 2026 at 10:00, Rita Recruiter <rita@recruit.example.com> wrote:
        > Can you start soon?
        > stage offer

        --\u{20}
        Ada

        """

    static let ours = """
        Message-ID: <ours-1@recruit.example.com>
        Date: Tue, 1 Dec 2026 08:30:00 +0000
        From: Rita Recruiter <rita@recruit.example.com>
        To: "Lovelace, Ada" <ada@example.org>
        Cc: Sam Lee <sam@recruit.example.com>
        Subject: Next steps
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: 8bit

        Dear Ada, please find the offer attached. Café at 10?
        --b1
        Content-Type: application/pdf; name="offer.pdf"
        Content-Disposition: attachment; filename="offer.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --b1--

        """

    static let stranger = """
        Message-ID: <hello@elsewhere.example>
        Date: Tue, 1 Dec 2026 07:00:00 +0000
        From: =?utf-8?q?Zo=C3=AB_M=C3=BCller?= <zoe@elsewhere.example>
        To: jobs@recruit.example.com
        Subject: Application

        Hello, I would like to apply.

        """

    func write(_ name: String, _ text: String, latin1: Bool = false) -> String {
        let path = directory.file(name)
        let data = latin1 ? text.data(using: .isoLatin1)! : Data(text.utf8)
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    func entries() throws -> [StoredEntry] {
        let store = try FileStore(path: directory.file("store"))
        try store.loadTimeline()
        return StoredEntry.all(store)
    }

    func cande(_ commands: String..., stdin: String? = nil) -> RunResult {
        Cande.run(commands.flatMap { ["-c", $0] }, stdin: stdin, environment: env)
    }

    func setUp() {
        #expect(cande("add \"Ada Lovelace\" email:ada@example.org").status == 0)
    }

    @Test func aReplyIsLoggedAsTheirWordsOnly() throws {
        setUp()
        let result = cande("import mail \(write("reply.eml", Self.reply))")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "imported 1 message (1 from candidates: ada-lovelace) as #1\n")
        let stored = try entries()
        #expect(stored.count == 1)
        let entry = try #require(stored.first)
        #expect(entry.kind == .message)
        #expect(entry.direction == .inbound)
        #expect(entry.channel == .email)
        #expect(entry.by == "rita")
        #expect(entry.at == utc("2026-11-30T15:02:00Z"))
        #expect(entry.text == "Hi Rita,\n\nI can start in März — the 1st.\nNote that I prefer video calls.")
        // The quoted "stage offer" is neither stored nor run.
        let show = try #require(parseJSON(cande("show ada --json").stdout) as? [String: Any])
        #expect(show["stage"] as? String == "applied")
        // Ada is waiting for a reply.
        #expect(cande("waiting").stdout.contains("ada-lovelace"))
        // The same message again adds nothing.
        let again = cande("import mail \(directory.file("reply.eml"))")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "imported 0 messages\nskipped: already logged as #1\n")
        #expect(try entries().count == 1)
    }

    /// Duplicates are found after compaction too (the Message-IDs are then in the entries file).
    @Test func reimportAfterCompaction() throws {
        setUp()
        let path = write("reply.eml", Self.reply)
        #expect(cande("import mail \(path)", "compact").status == 0)
        let again = cande("import mail \(path)")
        #expect(again.stdout == "imported 0 messages\nskipped: already logged as #1\n", "\(again.stdout)")
        #expect(try entries().count == 1)
    }

    @Test func oursIsOutboundWithAttachmentsNamed() throws {
        setUp()
        let result = cande("import mail \(write("ours.eml", Self.ours, latin1: true))")
        #expect(result.status == 0, "\(result.stderr)")
        let entry = try #require(try entries().first)
        #expect(entry.direction == .outbound)
        #expect(entry.text == "Dear Ada, please find the offer attached. Café at 10?\n\n[attachment: offer.pdf]")
        #expect(entry.at == utc("2026-12-01T08:30:00Z"))
    }

    @Test func unknownSendersAreListedOrAdded() throws {
        setUp()
        let path = write("stranger.eml", Self.stranger)
        let listed = cande("import mail \(path)")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("not stored: the message (zoe@elsewhere.example, jobs@recruit.example.com)"))
        #expect(try entries().isEmpty)
        let added = Cande.run(["--json", "-c", "import mail \(path) add:yes"], environment: env)
        let answer = try #require(parseJSON(added.stdout) as? [String: Any], "\(added.stderr)")
        #expect(answer["created"] as? [String] == ["zoe-muller"])
        let show = try #require(parseJSON(cande("show zoe-muller --json").stdout) as? [String: Any])
        #expect(show["name"] as? String == "Zoë Müller")
        #expect(show["email"] as? String == "zoe@elsewhere.example")
        #expect(try entries().map(\.text) == ["Hello, I would like to apply."])
    }

    func mbox(_ messages: [String]) -> String {
        messages.enumerated().map { i, m in "From sender\(i)@example.org Mon Nov 30 10:00:00 2026\n" + m + "\n" }
            .joined()
    }

    @Test func anMboxIsAllOrNothing() throws {
        setUp()
        let bad = "Message-ID: <bad@x>\nDate: Tue, 1 Dec 2026 07:00:00 +0000\nTo: ada@example.org\n\nno sender\n"
        let path = write("bad.mbox", mbox([Self.reply, bad, Self.ours]))
        let before = StoreFiles.all(directory.file("store"))
        let result = cande("import mail \(path)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing imported from \(path): 1 bad message of 3"), "\(result.stderr)")
        #expect(result.stderr.contains("message 2 (line "), "\(result.stderr)")
        #expect(result.stderr.contains("no From address"), "\(result.stderr)")
        #expect(StoreFiles.all(directory.file("store")) == before)

        let good = write("good.mbox", mbox([Self.reply, Self.ours, Self.stranger]))
        let imported = cande("import mail \(good)")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 2 messages (1 from, 1 to candidates: ada-lovelace)"))
        #expect(imported.stdout.contains("not stored: message 3"))
        #expect(try entries().map(\.direction) == [.inbound, .outbound])
        let again = cande("import mail \(good)")
        #expect(again.stdout.contains("skipped: message 1 already logged as #1"), "\(again.stdout)")
        #expect(again.stdout.contains("skipped: message 2 already logged as #2"), "\(again.stdout)")
        #expect(try entries().count == 2)
    }

    @Test func fromAPipe() throws {
        setUp()
        let result = cande("import mail -", stdin: Self.reply)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try entries().map(\.direction) == [.inbound])
        // When standard input holds the commands, it holds no message.
        let commands = Cande.run([], stdin: "import mail -\n", environment: env)
        #expect(commands.status == 1)
        #expect(commands.stderr.contains("standard input holds the commands"), "\(commands.stderr)")
    }
}
