import Foundation
import TestSupport
import Testing

/// Issue 5's scenario: 32 candidates across every status with messages both ways, asks, feedback
/// and meetings, built by a script in phases with fixed clocks. Every figure is worked out here,
/// from the scenario's own rules, and compared with what cande says.
@Suite("Listening scenario", .serialized)
struct ListeningScenarioTests {
    static let day: Int64 = 86_400
    /// Tuesday 2026-12-01 09:00 UTC.
    static let now: Int64 = 1_796_115_600
    static let count = 32

    enum Status: String { case active, hired, rejected, withdrawn }
    static let stages = [
        "applied", "acknowledged", "phone-screen", "assessment", "video-interview", "background-screen",
        "live-interview", "negotiation", "reference-check", "offer", "onboarding",
    ]

    /// One candidate of the scenario and everything the script does with them.
    struct Person {
        let i: Int
        var handle: String { String(format: "cand-%02d", i) }
        var status: Status {
            switch i % 8 {
            case 4: .hired
            case 5, 6: .rejected
            case 7: .withdrawn
            default: .active
            }
        }
        /// The stage reached before any outcome (hired ones end in onboarding).
        var stage: String { status == .hired ? "onboarding" : ListeningScenarioTests.stages[i % 10] }
        var owner: String { i % 2 == 0 ? "rita" : "maria" }
        var role: String { i % 3 == 0 ? "Backend Engineer" : "Product Designer" }
        var source: String {
            ["career-site", "partner-listing", "search-listing", "social-media", "referral", "other"][i % 6]
        }
        var senior: Bool { i % 4 == 0 }
        /// Their message, (i + 2) days ago at 09:00 …
        var inboundAt: Int64 { ListeningScenarioTests.now - Int64(i + 2) * ListeningScenarioTests.day }
        /// … answered after (i % 5 + 1) hours, except every third.
        var answered: Bool { i % 3 != 0 }
        var replyHours: Int { i % 5 + 1 }
        var lastMessage: Int64 { answered ? inboundAt + Int64(replyHours) * 3600 : inboundAt }
        var via: String { i % 2 == 0 ? "email" : "phone" }
        /// Rejected or withdrawn: asked for feedback ten days ago unless i % 3 == 1 …
        var asked: Bool { (status == .rejected || status == .withdrawn) && i % 3 != 1 }
        /// … and some answered.
        var gaveFeedback: Bool { asked && i % 2 == 1 }
        var askAt: Int64 { ListeningScenarioTests.now - 10 * ListeningScenarioTests.day }
        /// A feedback request is a message of ours: it answers a candidate who wrote before it.
        var askAnswers: Bool { !answered && asked && askAt >= inboundAt }
        var waiting: Bool { !answered && !askAnswers }
        var lastContact: Int64 { asked ? max(lastMessage, askAt) : lastMessage }
        /// Hours until our reply, by message or by ask.
        var reply: Double? {
            if answered { return Double(replyHours) }
            return askAnswers ? Double(askAt - inboundAt) / 3600 : nil
        }
        var rating: Int { i % 5 + 1 }
        var recommend: Bool { i % 4 != 3 }
        /// Talks (for active candidates with i % 4 == 1): done, cancelled or still ahead.
        var talk: String? { status == .active && i % 4 == 1 ? ["done", "cancelled", "scheduled"][i % 3] : nil }
    }

    static let people = (0..<count).map { Person(i: $0) }

    static func iso(_ seconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// Builds the store: phase 1 thirty days ago (adds, hires, talks), phase 2 at the messages'
    /// times (logged with at:), phase 3 now (outcomes, asks, feedback, meeting results).
    static let store: TemporaryDirectory = {
        let dir = TemporaryDirectory("scenario")
        func run(_ lines: [String], at seconds: Int64) {
            let result = Cande.run(
                ["--bail"], stdin: lines.joined(separator: "\n") + "\n",
                environment: Cande.environment(store: dir.path, now: iso(seconds), tz: "UTC"))
            precondition(result.status == 0, "scenario failed: \(result.stderr)")
        }
        let start = now - 30 * day
        var phase1: [String] = []
        for p in people {
            var add =
                #"add "Person \#(p.i)" handle:\#(p.handle) email:\#(p.handle)@example.org role:"\#(p.role)" owner:\#(p.owner) source:\#(p.source)"#
            if p.senior { add += " tags:senior" }
            phase1.append(add)
            if p.stage != "applied", p.status != .hired { phase1.append("stage \(p.handle) \(p.stage)") }
            if p.status == .hired {
                // Started 29 days ago; the plan's first two check-ins are past, the third is tomorrow.
                // Every second hire only had one check-in planned: none ahead.
                phase1.append(
                    "hire \(p.handle) start:\(iso(start + day).prefix(10))" + (p.i % 16 == 12 ? " plan:1d" : ""))
            }
            if p.talk != nil {
                phase1.append(
                    #"talk \#(p.handle) with:"Colleague \#(p.i)" as:peer at:"\#(iso(now + Int64(p.i) * 3600 - 29 * day))""#
                )
            }
        }
        run(phase1, at: start)
        var phase2: [String] = []
        for p in people {
            phase2.append(
                "log \(p.handle) in via:\(p.via) at:\(iso(p.inboundAt)) Hello, any news about the \(p.role) role?")
            if p.answered {
                phase2.append(
                    "log \(p.handle) out via:\(p.via) at:\(iso(p.inboundAt + Int64(p.replyHours) * 3600)) Thanks, we will get back to you."
                )
            }
            if p.asked { phase2.append("ask \(p.handle) at:\(iso(now - 10 * day)) How did we do?") }
            if p.gaveFeedback {
                phase2.append(
                    "feedback \(p.handle) rating:\(p.rating) recommend:\(p.recommend ? "yes" : "no") at:\(iso(now - 9 * day)) Fine."
                )
            }
        }
        run(phase2, at: now - day)
        var phase3: [String] = []
        for p in people {
            if p.status == .rejected { phase3.append("reject \(p.handle)") }
            if p.status == .withdrawn { phase3.append("withdraw \(p.handle)") }
        }
        run(phase3, at: now)
        // Meeting results, by id (read back).
        let agenda = Cande.run(
            ["--json", "-c", "agenda 2026-10-01..2027-06-01"],
            environment: Cande.environment(store: dir.path, now: iso(now), tz: "UTC"))
        let meetings = (parseJSON(agenda.stdout) as? [[String: Any]]) ?? []
        var results: [String] = []
        for p in people {
            guard let talk = p.talk,
                let m = meetings.first(where: { $0["handle"] as? String == p.handle && $0["kind"] as? String == "talk" }
                )
            else { continue }
            let id = m["id"] as! Int
            if talk == "done" { results.append("done #\(id) mood:+ Good") }
            if talk == "cancelled" { results.append("cancel #\(id)") }
        }
        // The first past check-in of the first hire was held.
        if let first = meetings.first(where: { $0["kind"] as? String == "checkin" }) {
            results.append("done #\(first["id"] as! Int) mood:0")
        }
        run(results, at: now)
        return dir
    }()

    static var env: [String: String] { Cande.environment(store: store.path, now: iso(now), tz: "UTC") }

    static func json(_ command: String) throws -> Any {
        let result = Cande.run(["--json", "-c", command], environment: env)
        #expect(result.status == 0, "\(command): \(result.stderr)")
        return try #require(parseJSON(result.stdout))
    }

    static func handles(_ command: String) throws -> [String] {
        try #require(try json(command) as? [[String: Any]]).map { $0["handle"] as! String }
    }

    @Test("waiting: every third candidate, longest wait first, with waitingSince")
    func waiting() throws {
        let expected = Self.people.filter { $0.waiting }.sorted { $0.inboundAt < $1.inboundAt }
        let rows = try #require(try Self.json("waiting") as? [[String: Any]])
        #expect(rows.map { $0["handle"] as! String } == expected.map(\.handle))
        #expect(rows.map { $0["waitingSince"] as! String } == expected.map { Self.iso($0.inboundAt) })
        #expect(rows.allSatisfy { $0["waiting"] as? Bool == true })
        let list = try #require(try Self.json("list") as? [[String: Any]])
        for row in list {
            let p = Self.people.first { $0.handle == row["handle"] as? String }!
            #expect(row["waiting"] as? Bool == p.waiting)
            #expect(row["lastContact"] as? String == Self.iso(p.lastContact))
        }
    }

    static func handleSet(_ rows: Any?) -> Set<String> {
        Set(((rows as? [[String: Any]]) ?? []).compactMap { $0["handle"] as? String })
    }

    static func handleSet(_ people: [Person]) -> Set<String> { Set(people.map { $0.handle }) }

    @Test("today: its sections in order, each as the scenario predicts")
    func today() throws {
        let digest = try #require(try Self.json("today") as? [String: Any])
        let people: [Person] = Self.people
        let waitingRows = (digest["waiting"] as? [[String: Any]]) ?? []
        let waiting: [String] = waitingRows.compactMap { $0["handle"] as? String }
        let expectedWaiting: [String] = people.filter { $0.waiting }.sorted { $0.inboundAt < $1.inboundAt }.map {
            $0.handle
        }
        #expect(waiting == expectedWaiting)
        let closedNeverAsked: [Person] = people.filter {
            ($0.status == .rejected || $0.status == .withdrawn) && !$0.asked
        }
        #expect(Self.handleSet(digest["neverAsked"]) == Self.handleSet(closedNeverAsked))
        let unanswered: [Person] = people.filter { $0.asked && !$0.gaveFeedback }
        #expect(Self.handleSet(digest["unansweredAsks"]) == Self.handleSet(unanswered))
        let silent: [Person] = people.filter { $0.status == .active && Self.now - $0.lastMessage >= 14 * Self.day }
        #expect(Self.handleSet(digest["silent"]) == Self.handleSet(silent))
        let hiresWithout = Set((digest["hiresWithoutCheckin"] as? [String]) ?? [])
        let shortPlans: [Person] = people.filter { $0.status == .hired && $0.i % 16 == 12 }
        #expect(hiresWithout == Self.handleSet(shortPlans))
        // Overdue: every hire's check-ins 28 and 22 days ago (one was held), and talks still open.
        let overdue = (digest["overdue"] as? [[String: Any]]) ?? []
        let hires: [Person] = people.filter { $0.status == .hired }
        let pastCheckins: Int = hires.map { $0.i % 16 == 12 ? 1 : 2 }.reduce(0, +) - 1
        let pastTalks: Int = people.filter { $0.talk == "scheduled" }.count
        #expect(overdue.count == pastCheckins + pastTalks)
        let starts: [String] = overdue.compactMap { $0["start"] as? String }
        #expect(starts == starts.sorted())
    }

    @Test("report: every figure of SPEC §7, worked out by hand")
    func report() throws {
        let r = try #require(try Self.json("report") as? [String: Any])
        let people = Self.people
        #expect(r["candidates"] as? Int == people.count)
        let byStatus = r["byStatus"] as! [String: Int]
        for status in [Status.active, .hired, .rejected, .withdrawn] {
            #expect(byStatus[status.rawValue] == people.filter { $0.status == status }.count, "\(status)")
        }
        let byStage = r["byStage"] as! [String: Int]
        for stage in Self.stages { #expect(byStage[stage] == people.filter { $0.stage == stage }.count, "\(stage)") }
        let closed = people.filter { $0.status == .rejected || $0.status == .withdrawn }
        let asked = closed.filter(\.asked)
        let answered = asked.filter(\.gaveFeedback)
        #expect(r["rejectedOrWithdrawn"] as? Int == closed.count)
        #expect(r["asked"] as? Int == asked.count)
        #expect(abs((r["feedbackAskedShare"] as! Double) - Double(asked.count) / Double(closed.count)) < 1e-9)
        #expect(abs((r["feedbackAnsweredShare"] as! Double) - Double(answered.count) / Double(asked.count)) < 1e-9)
        #expect(r["candE2012AskedShare"] as? Double == 0.095)
        let ratings = answered.map(\.rating)
        #expect(abs((r["averageRating"] as! Double) - Double(ratings.reduce(0, +)) / Double(ratings.count)) < 1e-9)
        #expect(
            abs((r["recommendShare"] as! Double) - Double(answered.filter(\.recommend).count) / Double(answered.count))
                < 1e-9)
        let replies = people.compactMap(\.reply).sorted()
        let median =
            replies.count % 2 == 1
            ? replies[replies.count / 2] : (replies[replies.count / 2 - 1] + replies[replies.count / 2]) / 2
        #expect(r["medianReplyHours"] as? Double == median)
        #expect(r["waitingNow"] as? Int == people.filter(\.waiting).count)
        #expect(
            r["silentActive"] as? Int
                == people.filter { $0.status == .active && Self.now - $0.lastMessage >= 14 * Self.day }.count)
        let talks = r["talks"] as! [String: Int]
        #expect(talks["held"] == people.filter { $0.talk == "done" }.count)
        #expect(talks["cancelled"] == people.filter { $0.talk == "cancelled" }.count)
        #expect(talks["scheduled"] == people.filter { $0.talk == "scheduled" }.count)
        let checkins = r["checkins"] as! [String: Int]
        let hires = people.filter { $0.status == .hired }
        let planned = hires.map { $0.i % 16 == 12 ? 1 : 5 }.reduce(0, +)
        #expect(checkins["held"] == 1)
        #expect(checkins["scheduled"] == planned - 1)
        #expect(checkins["overdue"] == hires.map { $0.i % 16 == 12 ? 1 : 2 }.reduce(0, +) - 1)
        let stages = Dictionary(
            uniqueKeysWithValues: (r["stages"] as! [[String: Any]]).map { ($0["stage"] as! String, $0) })
        for (n, stage) in Self.stages.enumerated() {
            let figures = stages[stage]!
            // Everyone reached "applied"; others reached their stage, hires onboarding.
            let reached = people.filter { n == 0 || $0.stage == stage }.count
            #expect(figures["reached"] as? Int == reached, "\(stage) reached")
            #expect(
                figures["rejected"] as? Int == people.filter { $0.status == .rejected && $0.stage == stage }.count,
                "\(stage)")
            #expect(figures["asked"] as? Int == asked.filter { $0.stage == stage }.count, "\(stage) asked")
        }
        let text = Cande.run(["-c", "report"], environment: Self.env).stdout
        #expect(text.contains("CandE 2012 benchmark: 9.5%"))
    }

    @Test("filters: AND across keys, OR within a key, on candidates and on entries")
    func filters() throws {
        let people = Self.people
        func expect(_ filter: String, _ rule: (Person) -> Bool, sourceLocation: SourceLocation = #_sourceLocation)
            throws
        {
            #expect(
                try Self.handles("list \(filter)") == people.filter(rule).map(\.handle).sorted(), "\(filter)",
                sourceLocation: sourceLocation)
        }
        try expect("status:rejected", { $0.status == .rejected })
        try expect("status:rejected status:withdrawn", { $0.status == .rejected || $0.status == .withdrawn })
        try expect("stage:offer stage:negotiation", { $0.stage == "offer" || $0.stage == "negotiation" })
        try expect("owner:rita status:active", { $0.owner == "rita" && $0.status == .active })
        try expect("role:backend", { $0.role == "Backend Engineer" })
        try expect("source:referral", { $0.source == "referral" })
        try expect("tag:senior owner:maria", { $0.senior && $0.owner == "maria" })
        // Entry filters: candidates with a matching entry.
        try expect("via:phone", { $0.via == "phone" })
        try expect("kind:feedback", { $0.gaveFeedback })
        try expect("kind:ask dir:out", { $0.asked })
        try expect(
            "since:\(Self.iso(Self.now - 5 * Self.day).prefix(10)) dir:in", { $0.inboundAt >= Self.now - 5 * Self.day })
        try expect("since:5d dir:in", { $0.inboundAt >= Self.now - 5 * Self.day })
        let until = Self.now - 20 * Self.day
        try expect("until:\(Self.iso(until)) kind:message", { $0.inboundAt < until })
        // by: every entry of this scenario was written by the test user.
        #expect(try Self.handles("list by:nobody").isEmpty)
        // On history: one candidate's entries.
        let p = people[7]
        let all = try #require(try Self.json("history \(p.handle)") as? [[String: Any]])
        let inbound = try #require(try Self.json("history \(p.handle) dir:in kind:message") as? [[String: Any]])
        #expect(inbound.count == 1)
        #expect(all.count > inbound.count)
    }
}
