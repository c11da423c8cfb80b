import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// Command sequences run in-process on a temporary store: the exact output, worked out from the
/// inputs and the layout SPEC §5 shows, and what the store holds afterwards.
@Suite("Transcripts")
struct TranscriptTests {
    /// SPEC §5's morning: add, open, both sides of the conversation, a note, a stage; then history.
    @Test func aMorningWithAda() throws {
        let shell = ShellHarness()
        #expect(
            shell.ok(#"add "Ada Lovelace" email:ada@example.org role:"Backend Engineer" source:referral owner:rita"#)
                == ["ada-lovelace"])
        #expect(shell.ok("open ada") == ["ada-lovelace · Ada Lovelace · Backend Engineer · applied"])
        #expect(shell.session.focus == "ada-lovelace")
        #expect(
            shell.ok("< via:email at:09:12 Hi! Any news? I'm also weighing another offer.") == [
                "logged #1 · message from ada-lovelace"
            ])
        #expect(
            shell.ok(">at:09:15 Decision by Friday; happy to set up a chat with the team.") == [
                "logged #2 · message to ada-lovelace"
            ])
        #expect(
            shell.ok(#"note "Strong systems design — push for the offer.""#) == ["logged #3 · note on ada-lovelace"])
        #expect(shell.ok("stage live-interview") == ["ada-lovelace: applied → live-interview"])

        // 09:12 and 09:15 are Berlin times (08:12Z, 08:15Z); the note and the stage are now, 10:00.
        let T = Transcript.self
        #expect(
            shell.ok("history") == [
                " Ada Lovelace · Backend Engineer · live-interview",
                T.rule("Tue 1 Dec"),
                T.row("09:12", "Ada ▸ email", "Hi! Any news? I'm also weighing another offer."),
                T.ours("Decision by Friday; happy to set up a chat", by: "rita", at: "09:15"),
                T.continued("with the team."),
                T.row("10:00", "✎ rita", "Strong systems design — push for the offer."),
                T.row("10:00", "→ stage", "live-interview · rita"),
            ])
        #expect(
            shell.ok("history last:2") == [
                " Ada Lovelace · Backend Engineer · live-interview",
                T.rule("Tue 1 Dec"),
                T.row("10:00", "✎ rita", "Strong systems design — push for the offer."),
                T.row("10:00", "→ stage", "live-interview · rita"),
            ])

        let store = try shell.reopened()
        let now = utc("2026-12-01T09:00:00Z")
        #expect(
            StoredEntry.all(store).filter { $0.kind != .stage } == [
                StoredEntry(
                    id: 1, handle: "ada-lovelace", kind: .message, at: utc("2026-12-01T08:12:00Z"), by: "rita",
                    direction: .inbound, channel: .email, text: "Hi! Any news? I'm also weighing another offer."),
                StoredEntry(
                    id: 2, handle: "ada-lovelace", kind: .message, at: utc("2026-12-01T08:15:00Z"), by: "rita",
                    direction: .outbound, text: "Decision by Friday; happy to set up a chat with the team."),
                StoredEntry(
                    id: 3, handle: "ada-lovelace", kind: .note, at: now, by: "rita",
                    text: "Strong systems design — push for the offer."),
            ])
        let ada = try #require(store.state.candidate(handle: "ada-lovelace"))
        #expect(ada.name == "Ada Lovelace")
        #expect(ada.email == "ada@example.org")
        #expect(ada.role == "Backend Engineer")
        #expect(ada.source == .referral)
        #expect(ada.owner == "rita")
        #expect(ada.stage == .liveInterview)
        #expect(ada.stages.map(\.stage) == [.applied, .liveInterview])
    }

    /// Several days, a long message wrapped in the text column, a stage moved back, and filters.
    @Test func severalDaysWrappingAndFilters() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Zoë Müller" email:zoe@example.org"#)
        #expect(
            shell.ok(
                #"log zoe in via:phone at:"yesterday 16:30" Thanks for the call yesterday. I have two questions about the team and the on-call rotation."#
            )
                == ["logged #1 · message from zoe-muller"])
        #expect(
            shell.ok("log zoe@example.org out via:email at:-2h Here are the answers.") == [
                "logged #2 · message to zoe-muller"
            ])
        #expect(shell.ok("note zoe-muller Asked about on-call twice") == ["logged #3 · note on zoe-muller"])
        shell.ok("stage zoe phone-screen")
        #expect(shell.ok("stage zoe applied") == ["zoe-muller: phone-screen → applied (moved back)"])

        let T = Transcript.self
        let head = " Zoë Müller · applied"
        // at:-2h is 07:00Z, 08:00 in Berlin.
        #expect(
            shell.ok("history zoe") == [
                head,
                T.rule("Mon 30 Nov"),
                T.row("16:30", "Zoë ▸ phone", "Thanks for the call yesterday. I have two questions about"),
                T.continued("the team and the on-call rotation."),
                T.rule("Tue 1 Dec"),
                T.ours("Here are the answers.", by: "rita", at: "08:00"),
                T.row("10:00", "✎ rita", "Asked about on-call twice"),
                T.row("10:00", "→ stage", "phone-screen · rita"),
                T.row("10:00", "→ stage", "applied · rita"),
            ])
        #expect(
            shell.ok("history zoe kind:note") == [
                head, T.rule("Tue 1 Dec"), T.row("10:00", "✎ rita", "Asked about on-call twice"),
            ])
        #expect(
            shell.ok("history zoe dir:in") == [
                head, T.rule("Mon 30 Nov"),
                T.row("16:30", "Zoë ▸ phone", "Thanks for the call yesterday. I have two questions about"),
                T.continued("the team and the on-call rotation."),
            ])
        #expect(
            shell.ok("history zoe since:today kind:message") == [
                head, T.rule("Tue 1 Dec"), T.ours("Here are the answers.", by: "rita", at: "08:00"),
            ])
        #expect(shell.ok("history zoe until:yesterday via:email") == [head, " (nothing yet)"])

        let store = try shell.reopened()
        let zoe = try #require(store.state.candidate(handle: "zoe-muller"))
        #expect(zoe.stage == .applied)
        #expect(zoe.stages.map(\.stage) == [.applied, .phoneScreen, .applied])
        #expect(
            StoredEntry.all(store).filter { $0.kind == .message }.map(\.at)
                == [utc("2026-11-30T15:30:00Z"), utc("2026-12-01T07:00:00Z")])
    }

    /// Options before the text are options; after them, the text is exactly what was typed.
    @Test func freeTextIsStoredAsTyped() throws {
        let shell = ShellHarness()
        shell.ok("add Ada")
        shell.ok("open ada")
        let typed: [(line: String, text: String, channel: Channel?)] = [
            (#"> I'll call you, he said "maybe""#, #"I'll call you, he said "maybe""#, nil),
            (#"< via:sms "Thanks, talk soon""#, "Thanks, talk soon", .sms),
            (#"< via:chat Re: your mail \o/ "quoted" C:\temp"#, #"Re: your mail \o/ "quoted" C:\temp"#, .chat),
            ("<No blank after the verb", "No blank after the verb", nil),
            (#"/note "Strong systems design""#, "Strong systems design", nil),
            (#"note ada "a" and "b""#, #""a" and "b""#, nil),
            (#"note 'single quotes' stay"#, "'single quotes' stay", nil),
            ("note Zoë ✓ 👩🏽‍💻 مرحبا", "Zoë ✓ 👩🏽‍💻 مرحبا", nil),
            (#"< at:"yesterday 18:00" via:video Talked about the offer"#, "Talked about the offer", .video),
        ]
        for (k, item) in typed.enumerated() {
            let what = item.line.hasPrefix(">") ? "message to" : item.line.hasPrefix("<") ? "message from" : "note on"
            #expect(shell.ok(item.line) == ["logged #\(k + 1) · \(what) ada"], "\(item.line)")
        }
        let stored = StoredEntry.all(try shell.reopened())
        #expect(stored.map(\.text) == typed.map(\.text))
        #expect(stored.map(\.channel) == typed.map(\.channel))
        #expect(stored.map(\.kind) == [.message, .message, .message, .message, .note, .note, .note, .note, .message])
        #expect(stored.last?.at == utc("2026-11-30T17:00:00Z"))
    }

    /// The far ends of the calendar work (these crashed cande: year 10000 came up in the zone rules).
    @Test func farDatesThatFit() throws {
        let shell = ShellHarness()
        shell.ok("add Ada")
        shell.ok("note ada hi")
        let all = shell.ok("history ada")
        #expect(all.count == 3)
        #expect(shell.ok("history ada until:9999-12-31") == all)
        #expect(shell.ok("history ada since:0001-01-02") == all)
        #expect(shell.ok("history ada since:+9999d") == [" Ada · applied", " (nothing yet)"])
        #expect(shell.ok("log ada in at:1753-02-16 An old letter") == ["logged #2 · message from ada"])
        #expect(StoredEntry.all(try shell.reopened()).last?.at == utc("1753-02-15T23:06:32Z"))
    }

    @Test func referencesAndFocus() throws {
        let shell = ShellHarness()
        #expect(shell.ok(#"add "Ada Lovelace" email:ada@example.org"#) == ["ada-lovelace"])
        #expect(shell.ok(#"add "Ada Lovelace" email:ada2@example.org"#) == ["ada-lovelace-2"])
        #expect(shell.ok(#"add Bob"#) == ["bob"])
        #expect(shell.failure("open ada") == .ambiguous("ada", matches: ["ada-lovelace", "ada-lovelace-2"]))
        #expect(
            ShellError.ambiguous("ada", matches: ["ada-lovelace", "ada-lovelace-2"]).description
                == #""ada" could be ada-lovelace, ada-lovelace-2; type more of the handle"#)
        // A unique prefix of a handle is that candidate.
        #expect(shell.ok("history bo") == [" Bob · applied", " (nothing yet)"])
        #expect(shell.ok("open ADA2@EXAMPLE.ORG").first?.hasPrefix("ada-lovelace-2 · ") == true)
        #expect(shell.session.focus == "ada-lovelace-2")
        #expect(shell.ok("note first") == ["logged #1 · note on ada-lovelace-2"])
        // In focus, a first word that is exactly another handle names that candidate.
        #expect(shell.ok("note bob second") == ["logged #2 · note on bob"])
        #expect(shell.ok("note ada third") == ["logged #3 · note on ada-lovelace-2"])
        #expect(shell.ok("close") == [])
        #expect(shell.session.focus == nil)
        #expect(shell.failure("< hi") == .noFocus(verb: "<"))
        #expect(shell.failure("history") == .noFocus(verb: "history"))
        let notes = StoredEntry.all(try shell.reopened()).map { "\($0.handle): \($0.text)" }
        #expect(notes == ["ada-lovelace-2: first", "bob: second", "ada-lovelace-2: ada third"])
    }

    @Test func undoRevertsOnlyYourOwnLatestChange() throws {
        let shell = ShellHarness()
        shell.ok("add Ada")
        shell.ok("note ada keep me")
        shell.ok("stage ada assessment")
        #expect(shell.ok("undo") == ["undid stage #2 on ada"])
        #expect(shell.ok("undo") == ["undid note #1 on ada"])
        #expect(shell.ok("history ada") == [" Ada · applied", " (nothing yet)"])

        // Another user's session on the same store: maria has nothing to undo, rita's add stays.
        var settings = Settings(storePath: shell.storePath, user: "maria")
        settings.zone = Zones.berlin
        settings.fixedNow = utc("2026-12-01T09:00:00Z")
        let out = Output(fd: -1)
        out.holding = true
        let path = shell.storePath
        let maria = Session(
            settings: settings, out: out, diagnostics: Diagnostics(errors: Output(fd: -1), json: settings.json),
            openStore: { () throws(StoreError) -> ConversationStore in try FileStore(path: path) })
        #expect(throws: ShellError.refused("nothing of maria's left to undo")) {
            _ = try Dispatcher.execute("undo", session: maria)
        }

        let store = try shell.reopened()
        #expect(store.state.candidate(handle: "ada")?.stage == .applied)
        #expect(StoredEntry.all(store).isEmpty)
        // The journal keeps both the changes and their undoing: 3 changes + 2 undos.
        let journal = try String(contentsOfFile: shell.storePath + "/journal-0.jsonl", encoding: .utf8)
        #expect(journal.split(separator: "\n").filter { $0.hasPrefix(#"{"seq":"#) }.count == 5)
    }

    @Test func listAndShow() throws {
        let shell = ShellHarness(width: 120)
        shell.ok(#"add "Ada Lovelace" role:"Backend Engineer" owner:rita stage:live-interview"#)
        shell.ok(#"add "Zoë Müller""#)
        shell.ok("log ada in at:08:30 Any news?")
        shell.ok("log ada out at:09:15 Yes: Friday.")
        shell.ok(#"log zoe in at:"yesterday 16:30" Hallo"#)
        // Ada: last contact our 08:15Z, 45m before now; Zoë waits since 15:30Z yesterday, 17h 30m.
        #expect(
            shell.ok("list")
                == table([
                    ["HANDLE", "NAME", "ROLE", "STAGE", "STATUS", "OWNER", "LAST CONTACT", "WHOSE MOVE"],
                    [
                        "ada-lovelace", "Ada Lovelace", "Backend Engineer", "live-interview", "active", "rita",
                        "45m ago", "them",
                    ],
                    ["zoe-muller", "Zoë Müller", "", "applied", "active", "", "17h 30m ago", "us · 17h 30m"],
                ]))
        #expect(
            shell.ok("list stage:applied")
                == table([
                    ["HANDLE", "NAME", "ROLE", "STAGE", "STATUS", "OWNER", "LAST CONTACT", "WHOSE MOVE"],
                    ["zoe-muller", "Zoë Müller", "", "applied", "active", "", "17h 30m ago", "us · 17h 30m"],
                ]))
        #expect(shell.ok("list stage:offer") == ["no candidates match"])
        #expect(
            shell.ok("show zoe") == [
                "Zoë Müller (zoe-muller)",
                "  status    active",
                "  stages    applied Tue 1 Dec (now 0m)",
                "  move      ours: waiting since Mon 30 Nov 16:30 (17h 30m)",
                "  created   Tue 1 Dec 10:00",
            ])
    }

    /// `help` lists every verb (SPEC §4); `help VERB` shows its usage and examples.
    @Test func help() {
        let shell = ShellHarness()
        let listed = shell.ok("help")
        let verbs = [
            "add", "edit", "open", "close", "<", ">", "log", "note", "stage", "list", "show", "history", "undo",
            "forget", "compact", "help", "quit",
        ]
        for verb in verbs {
            #expect(listed.contains { $0.hasPrefix("  " + verb + " ") }, "help lists \(verb)")
        }
        let note = shell.ok("/help note")
        #expect(note.first?.hasPrefix("note ") == true)
        #expect(note.contains("  examples:"))
        #expect(shell.ok("help exit").first?.hasPrefix("quit") == true)
        // An unknown verb is an error (on standard error, exit 1), not help text.
        #expect(shell.failure("help lsit") == .unknownVerb("lsit", suggestion: "list"))
    }

    /// SPEC §6's JSON shapes, read back by Foundation's parser.
    @Test func jsonShapes() throws {
        let shell = ShellHarness(json: true)
        let added = try #require(
            parseJSON(shell.ok(#"add "Ada Lovelace" role:"Backend Engineer""#).joined()) as? [String: Any])
        #expect(added["handle"] as? String == "ada-lovelace")
        let logged = try #require(
            parseJSON(shell.ok("log ada in via:email at:09:12 Hi \"there\"").joined()) as? [String: Any])
        #expect(logged["ok"] as? Bool == true)
        #expect(logged["id"] as? Int == 1)
        #expect(logged["handle"] as? String == "ada-lovelace")
        shell.ok("note ada Ñice")
        let history = try #require(parseJSON(shell.ok("history ada").joined()) as? [[String: Any]])
        #expect(history.count == 2)
        #expect(history[0]["id"] as? Int == 1)
        #expect(history[0]["handle"] as? String == "ada-lovelace")
        #expect(history[0]["at"] as? String == "2026-12-01T08:12:00Z")
        #expect(history[0]["kind"] as? String == "message")
        #expect(history[0]["by"] as? String == "rita")
        #expect(history[0]["dir"] as? String == "in")
        #expect(history[0]["via"] as? String == "email")
        #expect(history[0]["text"] as? String == #"Hi "there""#)
        #expect(history[1]["kind"] as? String == "note")
        #expect(history[1]["text"] as? String == "Ñice")
        let list = try #require(parseJSON(shell.ok("list").joined()) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["handle"] as? String == "ada-lovelace")
        #expect(list[0]["role"] as? String == "Backend Engineer")
        #expect(list[0]["owner"] is NSNull)
        #expect(list[0]["waiting"] as? Bool == true)
        #expect(list[0]["waitingSince"] as? String == "2026-12-01T08:12:00Z")
        #expect(list[0]["lastContact"] as? String == "2026-12-01T08:12:00Z")
    }

    /// Batch mode in-process: errors labelled by line, output released after the group's fsync.
    @Test func runnerLabelsErrorsAndReleasesOutput() throws {
        let dir = TemporaryDirectory("cande-runner")
        let outFD = open(dir.file("out"), O_RDWR | O_CREAT | O_TRUNC, 0o600)
        let errFD = open(dir.file("err"), O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer {
            close(outFD)
            close(errFD)
        }
        var settings = Settings(storePath: dir.file("store"), user: "rita")
        settings.zone = Zones.berlin
        settings.fixedNow = utc("2026-12-01T09:00:00Z")
        let path = dir.file("store")
        let session = Session(
            settings: settings, out: Output(fd: outFD),
            diagnostics: Diagnostics(errors: Output(fd: errFD), json: settings.json),
            openStore: { () throws(StoreError) -> ConversationStore in try FileStore(path: path) })
        let runner = Runner(session: session)
        var reader = BatchReader(commands: [
            #"add "Ada Lovelace""#, "lst", "", "# a comment", "note ada hi", "note nobody x", "quit", "note ada never",
        ])
        #expect(runner.runBatch(&reader, label: "plan.cande") == false)  // quit stops it
        session.out.release()
        #expect(runner.failures == 2)
        let out = try String(contentsOfFile: dir.file("out"), encoding: .utf8)
        let err = try String(contentsOfFile: dir.file("err"), encoding: .utf8)
        #expect(out == "ada-lovelace\nlogged #1 · note on ada-lovelace\n")
        #expect(
            err == """
                note: created a new store at \(path)
                error: plan.cande:2: unknown command "lst" (did you mean "list"?); type help for the list
                error: plan.cande:6: no candidate "nobody"

                """)
        #expect(StoredEntry.all(try FileStore(path: path)).map(\.text) == ["hi"])
    }

    /// Aligned columns two blanks apart; the last column is not padded.
    func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max()! }
        return rows.map { row in
            row.indices.map { i in
                i == row.count - 1 ? row[i] : row[i] + String(repeating: " ", count: widths[i] - row[i].count)
            }
            .joined(separator: "  ")
        }
    }
}
