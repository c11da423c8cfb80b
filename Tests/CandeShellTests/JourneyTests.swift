import Foundation
import TestSupport
import Testing

/// The candidate journey of issue 4, run through the built binary with a fixed clock and zone.
@Suite("Candidate journey")
struct JourneyTests {
    /// 2026-10-20 is a Tuesday; Europe/Berlin leaves daylight saving time on Sunday 2026-10-25.
    static let now = "2026-10-20T09:00:00Z"

    final class Shop {
        let dir = TemporaryDirectory("journey")
        var env: [String: String]
        init(now: String = JourneyTests.now) { env = Cande.environment(store: dir.path, now: now) }

        @discardableResult
        func run(_ commands: [String], json: Bool = false, bail: Bool = false) -> RunResult {
            Cande.run(
                (json ? ["--json"] : []) + (bail ? ["--bail"] : []) + commands.flatMap { ["-c", $0] }, environment: env)
        }

        func json(_ command: String) -> Any? {
            let result = run([command], json: true)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            return parseJSON(result.stdout)
        }

        var files: [String: Data] { StoreFiles.all(dir.path) }
    }

    static func iso(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> String {
        String(format: "%04d-%02d-%02dT%02d:%02d:00Z", y, m, d, h, min)
    }

    @Test("add → stages → talk → overlap refused → forced → move → done → reject → ask → feedback")
    func journey() throws {
        let shop = Shop()
        #expect(
            shop.run([
                #"add "Ada Lovelace" email:ada@example.org role:"Backend Engineer" source:referral"#,
                #"add "Grace Hopper" email:grace@example.org"#,
                "stage ada phone-screen", "stage ada live-interview",
            ]).status == 0)
        // Wednesday 15:00 Berlin (CEST, UTC+2) is 13:00Z.
        let talk = try #require(
            shop.json(#"talk ada with:"Sam Lee" as:peer at:"wed 15:00" for:45m where:video"#) as? [String: Any])
        let talkID = try #require(talk["id"] as? Int)
        // Sam Lee is busy then: a talk of Grace's at 15:30 overlaps, and the error names the other meeting.
        let refused = shop.run([#"talk grace with:"sam lee" as:peer at:"wed 15:30""#])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("#\(talkID)") && refused.stderr.contains("force:yes"), "\(refused.stderr)")
        let forced = try #require(
            shop.json(#"talk grace with:"Sam Lee" as:peer at:"wed 15:30" force:yes"#) as? [String: Any])
        let forcedID = try #require(forced["id"] as? Int)
        // Move Ada's talk to Thursday 11:00; then it no longer overlaps.
        #expect(shop.run([#"move #\#(talkID) at:"thu 11:00""#]).status == 0)
        // After the talk (Thursday 22 Oct, 11:00 CEST) it can be marked done.
        var after = shop.env
        after["CANDE_NOW"] = "2026-10-22T10:00:00Z"
        let done = Cande.run(["-c", "done #\(talkID) mood:+ Great chat, Sam is keen"], environment: after)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(shop.run(["reject grace reason:\"Went with a more senior profile\""]).status == 0)
        #expect(shop.run(["ask grace via:email"]).status == 0)
        #expect(shop.run(["feedback grace rating:4 recommend:yes Clear, kind process"]).status == 0)

        let agenda = try #require(shop.json("agenda 2026-10-20..2026-10-31") as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: agenda.map { ($0["id"] as! Int, $0) })
        let ada = try #require(byID[talkID])
        #expect(ada["start"] as? String == Self.iso(2026, 10, 22, 9))  // Thursday 11:00 CEST
        #expect(ada["end"] as? String == Self.iso(2026, 10, 22, 9, 45))
        #expect(ada["status"] as? String == "done")
        #expect(ada["with"] as? String == "Sam Lee")
        let grace = try #require(byID[forcedID])
        #expect(grace["start"] as? String == Self.iso(2026, 10, 21, 13, 30))
        #expect(grace["status"] as? String == "scheduled")
        #expect(agenda.map { $0["start"] as! String } == agenda.map { $0["start"] as! String }.sorted())

        let history = try #require(shop.json("history grace") as? [[String: Any]])
        let kinds = history.map { $0["kind"] as! String }
        #expect(kinds.contains("status") && kinds.contains("ask") && kinds.contains("feedback"))
        let feedback = try #require(history.first { $0["kind"] as? String == "feedback" })
        #expect(feedback["rating"] as? Int == 4)
        #expect(feedback["recommend"] as? Bool == true)
        let show = try #require(shop.json("show ada") as? [String: Any])
        #expect(
            (show["stages"] as? [[String: Any]])?.map { $0["stage"] as! String } == [
                "applied", "phone-screen", "live-interview",
            ])
        #expect((show["upcoming"] as? [Any])?.isEmpty == true)  // the talk is done
    }

    @Test("hire with the default plan across the end of daylight saving time stays at 10:00 local")
    func hireAcrossDST() throws {
        let shop = Shop()
        #expect(shop.run([#"add "Ada Lovelace""#]).status == 0)
        let hire = try #require(shop.json("hire ada start:2026-10-23") as? [String: Any])
        let checkins = try #require(hire["checkins"] as? [[String: Any]])
        // 10:00 in Berlin: UTC+2 until 25 October, UTC+1 after.
        let expected = [
            Self.iso(2026, 10, 24, 8), Self.iso(2026, 10, 30, 9), Self.iso(2026, 11, 22, 9), Self.iso(2026, 12, 22, 9),
            Self.iso(2027, 1, 21, 9),
        ]
        #expect(checkins.map { $0["start"] as! String } == expected)
        #expect(checkins.allSatisfy { $0["kind"] as? String == "checkin" && $0["minutes"] as? Int == 30 })
        let show = try #require(shop.json("show ada") as? [String: Any])
        #expect(show["status"] as? String == "hired")
        #expect(show["stage"] as? String == "onboarding")
        let text = shop.run(["agenda 2026-10-20..2026-10-31"]).stdout
        #expect(text.contains("Sat 24 Oct 10:00–10:30") && text.contains("Fri 30 Oct 10:00–10:30"), "\(text)")
        // A candidate in New York gets 10:00 on their clock.
        #expect(shop.run([#"add "Bob Ny" tz:America/New_York"#]).status == 0)
        let bob = try #require(shop.json("hire bob start:2026-11-02 plan:1d,2w") as? [String: Any])
        #expect(
            (bob["checkins"] as? [[String: Any]])?.map { $0["start"] as! String } == [
                Self.iso(2026, 11, 3, 15), Self.iso(2026, 11, 16, 15),
            ])
    }

    @Test(
        "clear errors that change nothing",
        arguments: [
            ("done on a cancelled meeting", "done #MEETING", "cancelled"),
            ("move without at:", "move #MEETING", "needs at:"),
            ("a rating of 6", "feedback ada rating:6 Too good", "1 to 5"),
            ("recommend:maybe", "feedback ada recommend:maybe Hmm", "yes, no"),
            ("hire without start:", "hire ada", "needs start:"),
            ("a meeting in the past", #"talk ada with:Sam as:peer at:"yesterday 10:00""#, "past"),
            ("a talk without as:", "talk ada with:Sam at:\"tomorrow 10:00\"", "needs as:"),
            ("an unknown meeting", "done #999", "no meeting #999"),
        ])
    func errors(_ label: String, _ command: String, _ message: String) throws {
        let shop = Shop()
        #expect(shop.run([#"add "Ada Lovelace""#]).status == 0)
        let talk = try #require(shop.json(#"talk ada with:Sam as:peer at:"tomorrow 10:00""#) as? [String: Any])
        let id = try #require(talk["id"] as? Int)
        #expect(shop.run(["cancel #\(id) reason:\"Sam is ill\""]).status == 0)
        let before = shop.files
        let result = shop.run([command.replacing("MEETING", with: "\(id)")])
        #expect(result.status == 1, "\(label)")
        #expect(result.stderr.hasPrefix("error: -c:1: "), "\(label): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(label): \(result.stderr)")
        #expect(shop.files == before, "\(label) changed the store")
    }

    @Test("batch reject asks nothing and records no ask; with --yes the offer is taken")
    func rejectInBatch() throws {
        let shop = Shop()
        #expect(shop.run([#"add "Ada Lovelace""#, #"add "Bob Bobson""#]).status == 0)
        let plain = shop.run(["reject ada"])
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("?"), "a question was printed: \(plain.stdout)")
        #expect((shop.json("history ada") as? [[String: Any]])?.contains { $0["kind"] as? String == "ask" } == false)
        let yes = Cande.run(["--yes", "-c", "reject bob"], environment: shop.env)
        #expect(yes.status == 0)
        #expect((shop.json("history bob") as? [[String: Any]])?.filter { $0["kind"] as? String == "ask" }.count == 1)
    }
}
