import Foundation
import TestSupport
import Testing

/// `import json FILE [merge:yes]` (README "Backing up and restoring"), end to end with the built
/// binary: a backup made by `export json` comes back whole into an empty store, is refused by a
/// store that has candidates unless merged, and a file that is not a backup changes nothing.
@Suite("import json: restoring export json")
struct JSONRestoreTests {
    let dir = TemporaryDirectory("cande-restore")

    /// Runs one command with `--json` as `user` at `now`; its answer.
    @discardableResult
    func run(
        _ command: String, store: String, as user: String = "rita", at now: String = "2026-11-02T09:00:00Z",
        stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String: Any] {
        let result = Cande.run(
            ["--json", "--as", user] + (stdin == nil ? ["-c", command] : []), stdin: stdin,
            environment: Cande.environment(store: store, user: user, now: now))
        #expect(result.status == 0, "\(command): \(result.stderr)", sourceLocation: sourceLocation)
        return parseJSON(result.stdoutLines.last ?? "") as? [String: Any] ?? [:]
    }

    func id(_ answer: [String: Any]) -> Int { answer["id"] as? Int ?? -1 }

    /// A store with every kind of entry, meetings scheduled, moved, cancelled and held, three
    /// authors, corrections of text, time and channel, stages backwards, an undone note (a gap
    /// in the ids), multi-line and non-ASCII texts.
    func variedStore(_ store: String) {
        let day1 = "2026-11-02T09:00:00Z"
        run(
            "add \"Ada Lovelace\" email:ada@example.org phone:\"+49 30 1234567\" role:\"Backend Engineer\" "
                + "source:referral owner:rita tags:senior,berlin tz:Europe/London", store: store, at: day1)
        run("add \"Zoë Müller\" source:career-site stage:phone-screen", store: store, at: day1)
        run("add \"Cy Young\" email:cy@example.org", store: store, as: "maria", at: day1)
        let hello = id(
            run(
                #"log ada in via:email at:"2026-11-01 08:30" Hi! Any news? He said "maybe" \o/"#, store: store, at: day1
            ))
        run("", store: store, at: day1, stdin: "note ada <<END\nStrong systems design —\n  push for the offer ✎\nEND\n")
        run("stage ada live-interview", store: store, at: day1)
        let peer = id(
            run("talk ada with:\"Sam Lee\" as:peer at:\"2026-11-03 15:00\" for:45m where:video", store: store, at: day1)
        )
        let manager = id(run("talk ada with:\"Kim Boss\" as:manager at:\"2026-11-04 11:00\"", store: store, at: day1))
        let exec = id(run("talk zoe with:\"Lee Exec\" as:executive at:\"2026-11-04 16:00\"", store: store, at: day1))
        run("ask cy via:email", store: store, at: day1)
        run("feedback cy rating:4 recommend:no Too slow, but kind", store: store, at: day1)
        run("reject cy reason:\"no visa\"", store: store, at: day1)
        run("log zoe out via:phone We will call you", store: store, at: day1)
        run("note zoe to be undone", store: store, at: day1)
        run("undo", store: store, at: day1)

        let day2 = "2026-11-03T10:00:00Z"
        run("log ada out via:email Decision by Friday.", store: store, as: "maria", at: day2)
        run("edit #\(hello) text:\"Hi! Any news at all?\"", store: store, as: "maria", at: day2)
        run("edit #\(hello) at:\"2026-11-01 08:00\" via:chat", store: store, as: "maria", at: day2)
        run("edit ada role:\"Staff Engineer\" tags:+remote", store: store, as: "maria", at: day2)
        run("stage zoe applied", store: store, as: "maria", at: day2)
        run("move #\(manager) at:\"2026-11-05 11:00\"", store: store, as: "maria", at: day2)
        run("cancel #\(exec) reason:\"Lee is away\"", store: store, as: "maria", at: day2)
        run("withdraw zoe reason:\"took another offer\"", store: store, as: "maria", at: day2)

        let day3 = "2026-11-06T12:00:00Z"
        run("done #\(peer) mood:+ Went well; wants the offer", store: store, as: "sam", at: day3)
        let hired = run("hire ada start:2026-11-10 plan:1d,7d", store: store, at: day3)
        let checkins = (hired["checkins"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(checkins.count == 2)
        if let first = checkins.first { run("cancel #\(first) reason:\"buddy instead\"", store: store, at: day3) }
    }

    func export(_ store: String, to name: String, at now: String) -> Data {
        let file = dir.file(name)
        run("export json \(file)", store: store, at: now)
        return FileManager.default.contents(atPath: file) ?? Data()
    }

    /// The document without its `"exported"` value.
    static func withoutExported(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: #""exported":"[^"]*""#, with: #""exported":"-""#, options: .regularExpression)
    }

    @Test("a varied store exported, restored into a new store and exported again: the same bytes but exported")
    func roundTrip() throws {
        let source = dir.file("source")
        variedStore(source)
        let backup = export(source, to: "backup.json", at: "2026-11-07T08:00:00Z")

        // The backup holds what the test made (else the comparison below proves little).
        let document = try #require(try JSONSerialization.jsonObject(with: backup) as? [String: Any])
        let entries = try #require(document["entries"] as? [[String: Any]])
        let meetings = try #require(document["meetings"] as? [[String: Any]])
        #expect(
            Set(entries.compactMap { $0["kind"] as? String })
                == ["message", "note", "stage", "status", "ask", "feedback", "edit", "correction"])
        #expect(Set(entries.compactMap { $0["by"] as? String }) == ["rita", "maria"])
        #expect(Set(meetings.compactMap { $0["status"] as? String }) == ["scheduled", "done", "cancelled"])
        #expect(entries.contains { $0["edited"] as? Bool == true })

        let restored = dir.file("restored")
        let answer = run(
            "import json \(dir.file("backup.json"))", store: restored, as: "eve", at: "2026-11-20T10:00:00Z")
        let counts = answer["imported"] as? [String: Int]
        #expect(counts == ["candidates": 3, "entries": entries.count, "meetings": meetings.count])
        let again = export(restored, to: "again.json", at: "2026-11-21T10:00:00Z")
        #expect(Self.withoutExported(again) == Self.withoutExported(backup))
        #expect(again != backup, "the exported time is the new one")

        // And after compaction (the restored records folded into a snapshot) and reopening.
        run("compact", store: restored, as: "eve", at: "2026-11-21T10:00:00Z")
        let compacted = export(restored, to: "compacted.json", at: "2026-11-21T10:00:00Z")
        #expect(Self.withoutExported(compacted) == Self.withoutExported(backup))

        // The views worked out from the timeline (whose move, facts, the transcript) agree too.
        for view in [
            "list", "waiting", "today", "history ada", "history zoe", "show ada", "agenda 2026-11-01..2026-11-30",
        ] {
            let env = { (store: String) in Cande.environment(store: store, now: "2026-11-08T09:00:00Z") }
            let a = Cande.run(["--json", "-c", view], environment: env(source))
            let b = Cande.run(["--json", "-c", view], environment: env(restored))
            #expect(a.status == 0 && b.status == 0, "\(view): \(a.stderr) \(b.stderr)")
            #expect(a.stdout == b.stdout, "\(view)")
        }
    }
}

extension JSONRestoreTests {
    /// A small backup: two candidates, a corrected message, a note, a meeting.
    func smallBackup() -> (file: String, data: Data) {
        let source = dir.file("small")
        run("add \"Ada Lovelace\" email:ada@example.org", store: source)
        run("add \"Bob Byte\" email:bob@example.org", store: source, as: "maria")
        let message = id(run("log ada in via:email Hello", store: source))
        run("edit #\(message) text:\"Hello there\"", store: source, as: "maria")
        run("note bob Good chat", store: source, as: "maria")
        run("talk ada with:\"Sam Lee\" as:peer at:\"2026-11-03 15:00\"", store: source)
        let file = dir.file("small.json")
        let data = export(source, to: "small.json", at: "2026-11-02T10:00:00Z")
        return (file, data)
    }

    /// A JSON object as text with sorted keys, to compare two of them.
    static func canonical(_ object: [String: Any]) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(),
            as: UTF8.self)
    }

    /// Runs `command` expecting it to fail; its standard error.
    func failing(_ command: String, store: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = Cande.run(["-c", command], environment: Cande.environment(store: store))
        #expect(result.status == 1, "\(command): \(result.stdout)", sourceLocation: sourceLocation)
        return result.stderr
    }

    @Test("a store with candidates is refused without merge:yes, and nothing in it changes")
    func refusedOnNonEmptyStore() throws {
        let (file, _) = smallBackup()
        let store = dir.file("busy")
        run("add \"Zed Zulu\"", store: store)
        let before = StoreFiles.all(store)
        let error = failing("import json \(file)", store: store)
        #expect(error.contains("the store has 1 candidate"), "\(error)")
        #expect(error.contains("merge:yes"), "\(error)")
        #expect(StoreFiles.all(store) == before)
    }

    @Test("merge:yes adds the backup with new ids from the store's next one on; everything else as it was")
    func mergeRemapsIDs() throws {
        let (file, data) = smallBackup()
        let original = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let store = dir.file("merge")
        run("add \"Zed Zulu\"", store: store)
        run("note zed one", store: store)
        run("note zed two", store: store)
        let answer = run("import json \(file) merge:yes", store: store, as: "eve")
        #expect(answer["firstID"] as? Int == 3)
        let merged = try #require(
            try JSONSerialization.jsonObject(with: export(store, to: "merged.json", at: "2026-11-02T10:00:00Z"))
                as? [String: Any])
        let entries = merged["entries"] as? [[String: Any]] ?? []
        let meetings = merged["meetings"] as? [[String: Any]] ?? []
        let candidates = merged["candidates"] as? [[String: Any]] ?? []
        #expect(candidates.compactMap { $0["handle"] as? String } == ["zed-zulu", "ada-lovelace", "bob-byte"])
        // The backup's entries and meetings in the same order, renumbered 3, 4, … with the
        // references between them (a correction's "of") renumbered alike; nothing else differs.
        let old = (original["entries"] as? [[String: Any]] ?? []) + (original["meetings"] as? [[String: Any]] ?? [])
        let oldIDs = old.compactMap { $0["id"] as? Int }.sorted()
        let renumber = Dictionary(uniqueKeysWithValues: oldIDs.enumerated().map { ($1, $0 + 3) })
        let restored = (entries.filter { $0["handle"] as? String != "zed-zulu" } + meetings)
        #expect(restored.count == old.count)
        for item in old {
            var expected = item
            expected["id"] = renumber[item["id"] as! Int]!
            if let of = item["of"] as? Int { expected["of"] = renumber[of]! }
            let got = restored.first { $0["id"] as? Int == expected["id"] as? Int }
            #expect(got.map(Self.canonical) == Self.canonical(expected), "\(item)")
        }
        for c in original["candidates"] as? [[String: Any]] ?? [] {
            #expect(candidates.contains { Self.canonical($0) == Self.canonical(c) }, "\(c)")
        }
        // One undo takes the whole restore back; zed stays.
        run("undo", store: store, as: "eve")
        let listed = Cande.run(["-c", "list"], environment: Cande.environment(store: store))
        #expect(listed.stdout.contains("zed-zulu") && !listed.stdout.contains("ada-lovelace"), "\(listed.stdout)")
    }

    @Test("merge:yes with handles or emails the store has: every one listed, nothing imported")
    func collisionsListed() throws {
        let (file, _) = smallBackup()
        let store = dir.file("collide")
        run("add \"Ada Other\" handle:ada-lovelace", store: store)
        run("add \"Robert\" email:BOB@example.org", store: store)
        let before = StoreFiles.all(store)
        let error = failing("import json \(file) merge:yes", store: store)
        #expect(error.contains("ada-lovelace: the handle is taken"), "\(error)")
        #expect(error.contains("bob-byte: bob@example.org is already the email of robert"), "\(error)")
        #expect(StoreFiles.all(store) == before)
    }

    @Test("after a restore and compaction, one undo still takes it all back")
    func undoAfterCompaction() throws {
        let (file, _) = smallBackup()
        let store = dir.file("undo")
        run("import json \(file)", store: store, as: "eve")
        run("compact", store: store, as: "eve")
        let undone = run("undo", store: store, as: "eve")
        #expect((undone["what"] as? String)?.contains("import json") == true, "\(undone)")
        let after = try #require(
            try JSONSerialization.jsonObject(with: export(store, to: "after.json", at: "2026-11-02T10:00:00Z"))
                as? [String: Any])
        #expect((after["candidates"] as? [Any])?.isEmpty == true)
        #expect((after["entries"] as? [Any])?.isEmpty == true)
        #expect((after["meetings"] as? [Any])?.isEmpty == true)
    }

    @Test("a file that is not a backup: a clear error naming where, and the store unchanged")
    func badInput() throws {
        let (_, data) = smallBackup()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func with(_ change: (inout [String: Any]) -> Void) -> Data {
            var copy = document
            change(&copy)
            return try! JSONSerialization.data(withJSONObject: copy)
        }
        func entries(_ change: (inout [[String: Any]]) -> Void) -> Data {
            with { d in
                var list = d["entries"] as! [[String: Any]]
                change(&list)
                d["entries"] = list
            }
        }
        let cases: [(String, Data, String)] = [
            ("not JSON", Data("hello".utf8), "not an export json file"),
            ("cut short", data.prefix(data.count / 2), "byte"),
            ("an array", Data("[1,2]".utf8), "does not start with {"),
            ("invalid UTF-8", data.prefix(40) + Data([0xFF, 0xFE]) + data.dropFirst(40), "not UTF-8"),
            ("a newer schema", with { $0["schema"] = 2 }, "schema 2"),
            ("no entries", with { $0["entries"] = nil }, "no \"entries\""),
            ("an unknown key", with { $0["extra"] = 1 }, "unknown key \"extra\""),
            (
                "a bad stage",
                with { d in
                    var list = d["candidates"] as! [[String: Any]]
                    list[1]["stage"] = "moon"
                    d["candidates"] = list
                }, "candidates[1]"
            ),
            ("a duplicate id", entries { $0[1]["id"] = $0[0]["id"] }, "entries[1]"),
            ("an entry of a candidate it lacks", entries { $0[0]["handle"] = "nobody" }, "nobody is not among"),
            (
                "a correction of an entry it lacks",
                entries { list in
                    for i in list.indices where list[i]["kind"] as? String == "correction" { list[i]["of"] = 999 }
                }, "it corrects #999"
            ),
            (
                "a duplicate handle",
                with { d in
                    var list = d["candidates"] as! [[String: Any]]
                    list[1]["handle"] = list[0]["handle"]
                    d["candidates"] = list
                }, "candidates[1]"
            ),
            ("a message without text", entries { $0[0]["text"] = nil }, "entries[0] (#1): a message entry needs"),
        ]
        let store = dir.file("target")
        run("init \(store)", store: store)
        let before = StoreFiles.all(store)
        for (what, bytes, expected) in cases {
            let file = dir.file("bad.json")
            try bytes.write(to: URL(fileURLWithPath: file))
            let error = failing("import json \(file)", store: store)
            #expect(error.contains("nothing imported from \(file)"), "\(what): \(error)")
            #expect(error.contains(expected), "\(what): \(error)")
            #expect(StoreFiles.all(store) == before, "\(what)")
        }
    }
}
