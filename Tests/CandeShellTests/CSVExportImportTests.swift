import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("export csv and import csv")
struct CSVExportImportTests {
    /// Fields with commas, quotes, non-ASCII and spreadsheet formula triggers (every field value
    /// `add` accepts: fields are one line each, so line breaks are tested in `multiLineCells`).
    static let drafts: [CandidateDraft] = [
        CandidateDraft(
            handle: "zoe", name: "Zoë Müller, Jr.", email: "zoe@example.org", phone: "030 1234-567",
            role: "Backend \"Core\" Engineer, Platform", source: .referral, owner: "rita", stage: .phoneScreen,
            tags: ["senior", "berlin"], tz: "Europe/Berlin"),
        CandidateDraft(
            handle: "evil", name: "=HYPERLINK(\"http://evil.example/?q=1\",\"click\")", email: "+evil@example.org",
            phone: "+1 555 0100", role: "-x", source: .other, owner: "@SUM(A1:A9)", stage: .offer, tags: ["-dash"]),
        CandidateDraft(handle: "li", name: "李小龙 🎉 'quoted'", role: "'=already quoted", owner: "''@twice"),
        CandidateDraft(handle: "plain", name: "Plain Person"),
    ]

    /// The cells export writes for a value: formula triggers behind one `'`.
    static func neutralised(_ value: String) -> String {
        let body = value.drop { $0 == "'" }
        guard let first = body.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    static let columns = [
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "status", "tags", "tz", "created",
        "updated",
    ]

    static func fields(_ c: Candidate) -> [String] {
        [
            c.handle, c.name, c.email ?? "", c.phone ?? "", c.role ?? "", c.source?.name ?? "", c.owner ?? "",
            c.stage.name,
            c.tags.joined(separator: ","), c.tz ?? "",
        ]
    }

    static let pythonCSV = """
        import sys, csv, json
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """

    @Test("export → import into a fresh store gives the same candidates; formula cells are neutralised in the file")
    func roundTrip() throws {
        let dir = TemporaryDirectory("cande-csv")
        let source = dir.file("a")
        let store = try FileStore(path: source)
        _ = try store.commit(by: "rita", at: Instant(seconds: 1_790_000_000)) { _ in .add(Self.drafts) }
        let file = dir.file("people.csv")
        let exported = Cande.run(["-c", "export csv \(file)"], environment: Cande.environment(store: source))
        #expect(exported.status == 0, "\(exported.stderr)")

        // The file as an independent RFC 4180 reader sees it.
        let bytes = fileBytes(file)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        #expect(text.hasPrefix(Self.columns.joined(separator: ",") + "\r\n"))
        #expect(
            text.contains("\"'=HYPERLINK(\"\"http://evil.example/?q=1\"\",\"\"click\"\")\""),
            "quoted, quotes doubled, neutralised")
        guard let rows = PythonChecker.run(Self.pythonCSV, arguments: [file], module: "csv") as? [[String]] else {
            return
        }
        #expect(rows.first == Self.columns)
        #expect(rows.count == Self.drafts.count + 1)
        for (row, d) in zip(rows.dropFirst(), Self.drafts) {
            let expected = [
                d.handle, d.name, d.email ?? "", d.phone ?? "", d.role ?? "", d.source?.name ?? "", d.owner ?? "",
                d.stage.name, "active", d.tags.joined(separator: ","), d.tz ?? "",
            ].map(Self.neutralised)
            #expect(Array(row.prefix(11)) == expected)
        }
        let evil = rows.first { $0.first == "evil" } ?? []
        #expect(
            evil.count == 13 && evil[1].hasPrefix("'=") && evil[2] == "'+evil@example.org" && evil[3] == "'+1 555 0100"
                && evil[4] == "'-x" && evil[6] == "'@SUM(A1:A9)" && evil[9] == "'-dash")
        let li = rows.first { $0.first == "li" } ?? []
        #expect(li.count == 13 && li[1] == "李小龙 🎉 'quoted'" && li[4] == "''=already quoted" && li[6] == "'''@twice")

        // Into a fresh store.
        let target = dir.file("b")
        let imported = Cande.run(["-c", "import csv \(file)"], environment: Cande.environment(store: target))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported \(Self.drafts.count) candidates: "))
        #expect(imported.stderr.isEmpty, "every column export writes is read back: \(imported.stderr)")
        let original = try FileStore(path: source).state
        let copy = try FileStore(path: target).state
        #expect(copy.liveCandidates.count == Self.drafts.count)
        for d in Self.drafts {
            let a = try #require(original.candidate(handle: d.handle))
            let b = try #require(copy.candidate(handle: d.handle), "\(d.handle) imported")
            #expect(Self.fields(a) == Self.fields(b))
        }
        // And the formulas are back as they were typed.
        #expect(copy.candidate(handle: "evil")?.name == Self.drafts[1].name)
        #expect(copy.candidate(handle: "li")?.role == "'=already quoted")
    }

    @Test("two bad rows: nothing is imported and exactly those rows are named by the line they start on")
    func badRowsNamed() throws {
        let dir = TemporaryDirectory("cande-csv")
        let storePath = dir.file("store")
        let env = Cande.environment(store: storePath)
        #expect(
            Cande.run(["-c", "add \"Taken Person\" handle:taken email:taken@example.org"], environment: env).status == 0
        )
        // Rows as written; a quoted cell spans lines (LF, CRLF and a lone CR) before the bad rows.
        let rows = [
            "Name,Email,Handle,Notes,Tags\r\n",
            "Ann Example,ann@example.org,,\"first line\nsecond, line\r\nthird \"\"line\"\"\rfourth\",a\r\n",
            "Bad Email,not-an-email,,,\r\n",
            "Bo Example,bo@example.org,bo,\"x\ny\",\"b,c\"\r\n",
            "Dup Handle,dup@example.org,bo,,\r\n",
            "Cy Example,cy@example.org,,,\r\n",
        ]
        let bad: Set<Int> = [2, 4]
        var lines: [Int] = []
        var line = 1
        for row in rows {
            lines.append(line)
            // Line breaks: CRLF counts once, a lone CR or LF once each.
            let bytes = Array(row.utf8)
            for (i, b) in bytes.enumerated()
            where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1
            }
        }
        let expected = Set(bad.map { lines[$0] })
        #expect(lines[2] > 3, "the multi-line cell shifts the line numbers")
        let file = dir.file("in.csv")
        try Data(rows.joined().utf8).write(to: URL(fileURLWithPath: file))

        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 1)
        let named = Set(result.stderr.matches(of: /line (\d+):/).compactMap { Int($0.output.1) })
        #expect(named == expected, "\(result.stderr)")
        #expect(result.stderr.contains("nothing imported"))
        #expect(result.stderr.contains("ignoring column Notes"), "the unknown column is warned about")
        #expect(try FileStore(path: storePath).state.liveCandidates.count == 1, "nothing imported")

        // A row taking a handle or an email of the store is bad too; so is one repeating an email of the file.
        let clash = "name,handle,email\nA,taken,\nB,,TAKEN@example.org\nC,,c@example.org\nD,,c@example.org\n"
        try Data(clash.utf8).write(to: URL(fileURLWithPath: file))
        let second = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(second.status == 1)
        #expect(
            Set(second.stderr.matches(of: /line (\d+):/).compactMap { Int($0.output.1) }) == [2, 3, 5],
            "\(second.stderr)")

        // Fixed, the same file imports, with handles generated around the ones taken.
        var fixed = rows
        fixed[2] = "Bad Email,fixed@example.org,,,\r\n"
        fixed[4] = "Ann Example,dup@example.org,,,\r\n"
        try Data(fixed.joined().utf8).write(to: URL(fileURLWithPath: file))
        let third = Cande.run(["--json", "-c", "import csv \(file)"], environment: env)
        #expect(third.status == 0, "\(third.stderr)")
        let json = parseJSON(third.stdout) as? [String: Any]
        #expect(json?["imported"] as? Int == 5)
        #expect(json?["handles"] as? [String] == ["ann-example", "bad-email", "bo", "ann-example-2", "cy-example"])
        let state = try FileStore(path: storePath).state
        #expect(state.candidate(handle: "bo")?.tags == ["b", "c"])
        #expect(state.candidate(handle: "ann-example")?.email == "ann@example.org")
    }

    @Test("a BOM, CR line ends and doubled quotes are read; invalid UTF-8 and NUL are clear errors")
    func readerEdges() throws {
        let dir = TemporaryDirectory("cande-csv")
        let storePath = dir.file("store")
        let env = Cande.environment(store: storePath)
        let file = dir.file("in.csv")
        var good = Data([0xEF, 0xBB, 0xBF])
        good.append(Data("name,role\r\"Ann \"\"Nan\"\" Lee\",\"Chief, \"\"Data\"\"\"\rBo,\r".utf8))
        try good.write(to: URL(fileURLWithPath: file))
        let result = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no unknown columns: the BOM is not part of the first one")
        var state = try FileStore(path: storePath).state
        #expect(state.candidate(handle: "ann-nan-lee")?.name == "Ann \"Nan\" Lee")
        #expect(state.candidate(handle: "ann-nan-lee")?.role == "Chief, \"Data\"")
        #expect(state.candidate(handle: "bo")?.role == nil)

        var broken = Data("name\nOk One\nOk Two\nBad ".utf8)
        broken.append(contentsOf: [0xC3, 0x28])
        broken.append(Data("\n".utf8))
        try broken.write(to: URL(fileURLWithPath: file))
        let invalid = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("UTF-8") && invalid.stderr.contains("line 4"), "\(invalid.stderr)")

        try Data("name\nOk\u{0}\n".utf8).write(to: URL(fileURLWithPath: file))
        let nul = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(nul.status == 1)
        #expect(nul.stderr.contains("NUL") && nul.stderr.contains("line 2"), "\(nul.stderr)")

        try Data("name,email\n\"Open quote,x\nmore\n".utf8).write(to: URL(fileURLWithPath: file))
        let open = Cande.run(["-c", "import csv \(file)"], environment: env)
        #expect(open.status == 1)
        #expect(open.stderr.contains("line 2") && open.stderr.contains("never closed"), "\(open.stderr)")

        state = try FileStore(path: storePath).state
        #expect(state.liveCandidates.count == 2, "failed imports added nothing")
    }
}
