import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// `import csv` of the files a team brings from the tracking system it is leaving (issue 14,
/// point 2). The vendor files are shaped like their exports:
/// - Greenhouse: `First Name,Last Name,Email,Phone,Current Stage,Source,Recruiter,Job,Applied On,Tags`
///   (the columns of Greenhouse's candidate report as spreadsheet, as commonly seen; Greenhouse's
///   public support pages found do not list the columns; its application statuses are active,
///   rejected, hired).
/// - Lever: `Full name,Email,Phone,Stage,Origin,Owner,Posting,Created At,Tags`; Lever's help
///   article on importing candidates by CSV (help.lever.co, article 204498425) names `Full name`,
///   `Email`, `Stage` (e.g. "New Lead"), `Origin` (Applied, Sourced, Referred, University,
///   Internal, Agency), several emails in one cell "with a comma, no space", tags likewise.
/// - A European Excel file: `;`-separated, a UTF-8 BOM, `dd.mm.yyyy` dates.
/// Times without a zone are the user's (the tests run in Europe/Berlin, now 2026-12-01T09:00Z).
@Suite("import csv from other tracking systems")
struct ATSImportTests {
    let dir = TemporaryDirectory("cande-ats")
    var storePath: String { dir.file("store") }
    var env: [String: String] { Cande.environment(store: storePath) }

    func write(_ name: String, _ text: String, bom: Bool = false) throws -> String {
        let path = dir.file(name)
        var data = Data(bom ? [0xEF, 0xBB, 0xBF] : [])
        data.append(Data(text.utf8))
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func state() throws -> State { try FileStore(path: storePath).state }

    static func at(_ iso: String) -> Instant { Instant.parseStored(iso)! }

    @Test("a Greenhouse export: first and last name joined, stage and source names mapped, recruiter, job, applied on")
    func greenhouse() throws {
        let file = try write(
            "greenhouse.csv",
            """
            First Name,Last Name,Email,Phone,Current Stage,Source,Recruiter,Job,Applied On,Tags\r
            Ada,Lovelace,ada@example.org,+44 20 7946 0000,Phone Screen,LinkedIn,Rita Moreno,Backend Engineer,2026-10-05,"python,Top Talent"\r
            Grace,Hopper,grace@example.org,,Application Review,Referral,Sam Lee,Compiler Engineer,2026-11-20 14:30,\r
            Alan,Turing,alan@example.org,,Face to Face,Indeed,Rita Moreno,Research Scientist,2026-09-01,\r
            Katherine,Johnson,kj@example.org,,Hired,Careers Page,Sam Lee,Analyst,2026-06-15,\r

            """)
        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let s = try state()
        let ada = try #require(s.candidate(handle: "ada-lovelace"))
        #expect(ada.name == "Ada Lovelace")
        #expect(ada.email == "ada@example.org")
        #expect(ada.phone == "+44 20 7946 0000")
        #expect(ada.stage == .phoneScreen)
        #expect(ada.status == .active)
        #expect(ada.source == .other, "LinkedIn is no source of cande's")
        #expect(ada.tags.contains("from-linkedin"), "the original source is kept as a tag: \(ada.tags)")
        #expect(ada.tags.contains("python") && ada.tags.contains("top-talent"), "\(ada.tags)")
        #expect(ada.owner == "Rita Moreno")
        #expect(ada.role == "Backend Engineer")
        #expect(ada.created == Self.at("2026-10-04T22:00:00Z"), "2026-10-05 in Berlin (CEST)")
        let grace = try #require(s.candidate(handle: "grace-hopper"))
        #expect(grace.stage == .applied)
        #expect(grace.source == .referral)
        #expect(!grace.tags.contains { $0.hasPrefix("from-") }, "a known source needs no tag")
        #expect(grace.created == Self.at("2026-11-20T13:30:00Z"), "14:30 in Berlin (CET)")
        let alan = try #require(s.candidate(handle: "alan-turing"))
        #expect(alan.stage == .liveInterview)
        #expect(alan.source == .other)
        #expect(alan.tags == ["from-indeed"])
        let kj = try #require(s.candidate(handle: "katherine-johnson"))
        #expect(kj.stage == .onboarding, "Hired: cande's last stage")
        #expect(kj.status == .hired)
        #expect(kj.source == .careerSite)
    }

    @Test("a Lever export: full name, the first of several emails, origin as source, owner, posting, created at")
    func lever() throws {
        let file = try write(
            "lever.csv",
            """
            Full name,Email,Phone,Stage,Origin,Owner,Posting,Created At,Tags
            Linus Torvalds,"linus@example.org,lt@example.com",+1 555 0100,New Lead,sourced,Rita Moreno,Kernel Engineer,2026-11-02T14:30:00Z,"kernel,remote"
            Margaret Hamilton,mh@example.org,,Recruiter Screen,referred,Sam Lee,Flight Software Lead,2026-10-20 09:15:00,
            Barbara Liskov,bl@example.org,,On-site Interview,applied,Sam Lee,Architect,2026-08-01T10:00:00+02:00,
            Donald Knuth,dk@example.org,,Offer,agency,Rita Moreno,Typesetter,2026-07-07,

            """)
        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let s = try state()
        let linus = try #require(s.candidate(handle: "linus-torvalds"))
        #expect(linus.email == "linus@example.org", "the first email of the cell")
        #expect(linus.stage == .applied, "New Lead")
        #expect(linus.source == .other)
        #expect(linus.tags.contains("from-sourced") && linus.tags.contains("kernel"), "\(linus.tags)")
        #expect(linus.owner == "Rita Moreno")
        #expect(linus.role == "Kernel Engineer")
        #expect(linus.created == Self.at("2026-11-02T14:30:00Z"))
        let mh = try #require(s.candidate(handle: "margaret-hamilton"))
        #expect(mh.stage == .phoneScreen, "Recruiter Screen")
        #expect(mh.source == .referral, "Lever's origin referred")
        #expect(mh.created == Self.at("2026-10-20T07:15:00Z"), "09:15 in Berlin (CEST)")
        let bl = try #require(s.candidate(handle: "barbara-liskov"))
        #expect(bl.stage == .liveInterview)
        #expect(bl.source == .careerSite, "Lever's origin applied: through a posting")
        #expect(bl.created == Self.at("2026-08-01T08:00:00Z"))
        let dk = try #require(s.candidate(handle: "donald-knuth"))
        #expect(dk.stage == .offer)
        #expect(dk.source == .other && dk.tags == ["from-agency"])
    }

    @Test("a European Excel file: BOM, semicolons (commas inside cells are text), dd.mm.yyyy dates")
    func europeanExcel() throws {
        let file = try write(
            "excel.csv",
            "Name;E-Mail;Phone Number;Status;Stage;Source;Owner;Position;Created;Tags\r\n"
                + "\"Müller, Zoë\";zoe@example.org;030 1234567;Active;phone_screen;career site;rita;Backend, Platform;05.10.2026;berlin,senior\r\n"
                + "Jean Dupont;jd@example.org;;Rejected;ASSESSMENT;SEARCH-LISTING;rita;QA;24.11.2026 16:45;\r\n"
                + ";;;;;;;;;\r\n;;;\r\n",
            bom: true)
        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "every column is known: \(result.stderr)")
        let s = try state()
        let zoe = try #require(s.liveCandidates.map { s.candidates[Int($0)] }.first { $0.email == "zoe@example.org" })
        #expect(zoe.name == "Müller, Zoë")
        #expect(zoe.phone == "030 1234567")
        #expect(zoe.role == "Backend, Platform")
        #expect(zoe.stage == .phoneScreen)
        #expect(zoe.source == .careerSite)
        #expect(zoe.tags == ["berlin", "senior"])
        #expect(zoe.created == Self.at("2026-10-04T22:00:00Z"), "05.10.2026 is the 5th of October")
        let jean = try #require(s.candidate(handle: "jean-dupont"))
        #expect(jean.status == .rejected)
        #expect(jean.stage == .assessment)
        #expect(jean.source == .searchListing)
        #expect(jean.created == Self.at("2026-11-24T15:45:00Z"))
        #expect(s.liveCandidates.count == 2, "rows of empty cells are skipped")
    }

    @Test("stage and status names in any case, spacing and punctuation; usual ATS names mapped")
    func insensitiveNames() throws {
        let stages: [(String, Stage)] = [
            ("Phone Screen", .phoneScreen), ("phone-screen", .phoneScreen), ("PHONE_SCREEN", .phoneScreen),
            (" phone  screen ", .phoneScreen), ("Video Interview", .videoInterview),
            ("Technical Interview", .liveInterview), ("Onsite", .liveInterview), ("Reference Check", .referenceCheck),
            ("Background Check", .backgroundScreen), ("Offer", .offer), ("LIVE.INTERVIEW", .liveInterview),
            ("Negotiation", .negotiation), ("Take Home Test", .assessment), ("Acknowledged", .acknowledged),
        ]
        let statuses: [(String, Status)] = [
            ("ACTIVE", .active), ("Rejected", .rejected), ("hired", .hired), ("Archived", .rejected),
            ("With-drawn", .withdrawn), ("Withdrew", .withdrawn),
        ]
        var csv = "name,stage,status\n"
        for (i, (stage, _)) in stages.enumerated() { csv += "S\(i),\(stage),\n" }
        for (i, (status, _)) in statuses.enumerated() { csv += "T\(i),,\(status)\n" }
        let file = try write("names.csv", csv)
        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let s = try state()
        for (i, (text, stage)) in stages.enumerated() {
            #expect(s.candidate(handle: "s\(i)")?.stage == stage, "\(text)")
        }
        for (i, (text, status)) in statuses.enumerated() {
            #expect(s.candidate(handle: "t\(i)")?.status == status, "\(text)")
            #expect(s.candidate(handle: "t\(i)")?.stage == .applied)
        }
    }

    @Test("the separator is found in the header line, quotes respected; sep: overrides it")
    func separators() throws {
        // More commas inside the quoted header cells than semicolons outside them.
        let semi = try write("semi.csv", "\"Name\";\"Email\";\"Tags\"\n\"Ann, Lee\";ann@example.org;\"a,b,c\"\n")
        let tab = try write("tab.csv", "Full Name\tEmail Address\tJob Title\nBo Chen\tbo@example.org\tData, Science\n")
        #expect(Cande.run(["-c", "import csv \(semi)"], environment: env).status == 0)
        #expect(Cande.run(["-c", "import csv \(tab)"], environment: env).status == 0)
        var s = try state()
        #expect(s.candidate(handle: "ann-lee")?.tags == ["a", "b", "c"])
        #expect(s.candidate(handle: "bo-chen")?.role == "Data, Science")

        // sep: overrides what the header line suggests.
        let semicolons = try write("semicolons.csv", "name;email\nCy Diaz;cy@example.org\n")
        let forced = Cande.run(["-c", "import csv \(semicolons) sep:,"], environment: env)
        #expect(forced.status == 1, "read with commas, the one column is name;email")
        #expect(forced.stderr.contains("no name column"), "\(forced.stderr)")
        #expect(Cande.run(["-c", "import csv \(semicolons) sep:';'"], environment: env).status == 0)
        s = try state()
        #expect(s.candidate(handle: "cy-diaz")?.email == "cy@example.org")

        let tabbed = try write("tabbed.csv", "name\temail\nDee Ek\tdee@example.org\n")
        #expect(Cande.run(["-c", "import csv \(tabbed) sep:tab"], environment: env).status == 0)
        let comma = try write("comma.csv", "name,email\nEd Fu,ed@example.org\n")
        #expect(Cande.run(["-c", "import csv \(comma) sep:,"], environment: env).status == 0)
        s = try state()
        #expect(s.candidate(handle: "dee-ek")?.email == "dee@example.org")
        #expect(s.candidate(handle: "ed-fu")?.email == "ed@example.org")

        let bad = Cande.run(["-c", "import csv \(comma) sep:pipe"], environment: env)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("sep:"), "\(bad.stderr)")
    }

    @Test("every bad field of every row is listed; the text shows 20 rows, --json all; nothing imported")
    func everyBadField() throws {
        var csv = "Name,Email,Stage,Created\n"
        csv += "Ok Person,ok@example.org,offer,2026-01-02\n"
        csv += "Three Bad,not-an-email,Culture Fit,31.02.2026\n"
        for i in 0..<24 { csv += "Bad \(i),bad\(i)@,applied,\n" }
        let file = try write("bad.csv", csv)

        let text = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(text.status == 1)
        #expect(text.stderr.contains("nothing imported"))
        let row3 = text.stderr.split(separator: "\n").first { $0.contains("line 3:") }.map(String.init) ?? ""
        #expect(row3.contains("not-an-email") && row3.contains("Culture Fit") && row3.contains("31.02.2026"), "\(row3)")
        let named = Set(text.stderr.matches(of: /line (\d+):/).compactMap { Int($0.output.1) })
        #expect(named == Set(3...22), "the first 20 bad rows: \(named)")
        #expect(text.stderr.contains("and 5 more rows"), "\(text.stderr)")
        #expect(try state().liveCandidates.isEmpty)

        let json = Cande.run(["--json", "-c", "import csv \(file)"], environment: env)
        #expect(json.status == 1)
        let error = try #require(parseJSON(json.stderr) as? [String: Any], "\(json.stderr)")
        let problems = try #require(error["problems"] as? [[String: Any]])
        #expect(problems.count == 27, "3 on line 3, one on each of 24 rows")
        #expect(Set(problems.compactMap { $0["row"] as? Int }) == Set(3...27))
        let onThree = problems.filter { $0["row"] as? Int == 3 }
        #expect(Set(onThree.compactMap { $0["column"] as? String }) == ["Email", "Stage", "Created"])
        #expect(Set(onThree.compactMap { $0["value"] as? String }) == ["not-an-email", "Culture Fit", "31.02.2026"])
        #expect(onThree.allSatisfy { ($0["problem"] as? String)?.isEmpty == false })
        #expect(problems.contains { $0["row"] as? Int == 27 && $0["value"] as? String == "bad23@" })
        #expect(try state().liveCandidates.isEmpty)
    }

    @Test("export csv → import csv keeps status, created and updated")
    func roundTrip() throws {
        let source = dir.file("source")
        func run(_ command: String, at now: String) {
            let r = Cande.run(["-c", command], environment: Cande.environment(store: source, now: now))
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        run("add \"Ann Active\" email:ann@example.org", at: "2026-09-01T08:00:00Z")
        run("add \"Rob Rejected\" stage:assessment", at: "2026-09-02T08:00:00Z")
        run("add \"Wes Withdrawn\"", at: "2026-09-03T08:00:00Z")
        run("add \"Hal Hired\" tz:Europe/Berlin", at: "2026-09-04T08:00:00Z")
        run("edit ann-active role:Engineer", at: "2026-10-01T12:00:00Z")
        run("reject rob-rejected reason:\"not now\"", at: "2026-10-02T12:00:00Z")
        run("withdraw wes-withdrawn", at: "2026-10-03T12:00:00Z")
        run("hire hal-hired start:2026-10-10 plan:none", at: "2026-10-04T12:00:00Z")
        let file = dir.file("export.csv")
        run("export csv \(file)", at: "2026-11-01T00:00:00Z")

        let imported = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stderr.contains("ignoring"), "status, created and updated are read: \(imported.stderr)")
        let original = try FileStore(path: source).state
        let copy = try state()
        #expect(copy.liveCandidates.count == 4)
        for a in original.liveCandidates.map({ original.candidates[Int($0)] }) {
            let b = try #require(copy.candidate(handle: a.handle))
            #expect(b.status == a.status, "\(a.handle)")
            #expect(b.stage == a.stage, "\(a.handle)")
            #expect(b.created == a.created, "\(a.handle)")
            #expect(b.updated == a.updated, "\(a.handle)")
        }
        #expect(copy.candidate(handle: "rob-rejected")?.status == .rejected)
        #expect(copy.candidate(handle: "hal-hired")?.status == .hired)
        #expect(copy.candidate(handle: "ann-active")?.updated == Self.at("2026-10-01T12:00:00Z"))

        // A created after updated, or in the future, is a bad field.
        let wrong = try write(
            "wrong.csv",
            "name,created,updated\nX One,2026-10-02T00:00:00Z,2026-10-01T00:00:00Z\nX Two,2027-01-01,\n")
        let refused = Cande.run(["--json", "-c", "import csv \(wrong)"], environment: env)
        #expect(refused.status == 1)
        let problems = (parseJSON(refused.stderr) as? [String: Any])?["problems"] as? [[String: Any]] ?? []
        #expect(Set(problems.compactMap { $0["row"] as? Int }) == [2, 3], "\(refused.stderr)")
    }

    @Test("map:FILE names other columns (and values); a bad map file is refused and nothing changes")
    func mapFile() throws {
        let csv = try write(
            "de.csv",
            "Vorname;Nachname;E-Mail-Adresse;Phase;Quelle;Verantwortlich;Notizen\n"
                + "Zoë;Müller;zoe@example.org;Erstgespräch;Jobmesse;rita;x\n"
                + "Jan;Kowalski;jan@example.org;Offer;Referral;sam;y\n")
        let map = try write(
            "de.map",
            """
            # columns of our old tool
            Vorname = first name
            Nachname = last-name
            Phase = stage
            Quelle = source
            Verantwortlich = owner
            E-Mail-Adresse = email
            Notizen = -

            [stages]
            Erstgespräch = phone-screen
            [sources]
            Jobmesse = referral

            """)
        let result = Cande.run(["-c", "import csv \(csv) map:\(map)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "every column mapped, Notizen ignored on purpose: \(result.stderr)")
        var s = try state()
        let zoe = try #require(s.candidate(handle: "zoe-muller"))
        #expect(zoe.name == "Zoë Müller")
        #expect(zoe.email == "zoe@example.org")
        #expect(zoe.stage == .phoneScreen)
        #expect(zoe.source == .referral)
        #expect(zoe.owner == "rita")
        #expect(s.candidate(handle: "jan-kowalski")?.stage == .offer)

        let other = try write("more.csv", "Vorname;Nachname\nNeu;Person\n")
        let bad: [(String, String)] = [
            ("Vorname = first name\nNachname = surname\n", "surname"),
            ("Vorname first name\n", "="),
            ("Vorname = first name\nNachname = last name\nGeburtstag = created\n", "Geburtstag"),
            ("Vorname = name\nNachname = name\n", "Nachname"),
            ("Vorname = first name\n[colours]\n", "colours"),
            ("Vorname = first name\nNachname = last name\n[stages]\nNeu = nowhere\n", "nowhere"),
        ]
        for (i, (text, named)) in bad.enumerated() {
            let badMap = try write("bad\(i).map", text)
            let refused = Cande.run(["-c", "import csv \(other) map:\(badMap)"], environment: env)
            #expect(refused.status == 1, "\(text)")
            #expect(refused.stderr.contains("bad\(i).map") && refused.stderr.contains(named), "\(refused.stderr)")
        }
        let missing = Cande.run(["-c", "import csv \(other) map:\(dir.file("none.map"))"], environment: env)
        #expect(missing.status == 1)
        s = try state()
        #expect(s.liveCandidates.count == 2, "nothing imported by a refused map")
    }
}
